import { describe, expect, it } from 'vitest';

import { ShotHubError } from '../src/shothub/errors.js';
import { collectPages, type Page } from '../src/shothub/paging.js';

const rows = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => ({ id: `asset-${from + index}` }));

/** A listing of `total` rows served `served` at a time, optionally without x-total-count. */
function listing(total: number, served: number, withTotal = true) {
  const asked: { page: number; pageSize: number }[] = [];
  const fetchPage = async (page: number, pageSize: number): Promise<Page<{ id: string }>> => {
    asked.push({ page, pageSize });
    const size = Math.min(pageSize, served);
    return {
      items: rows(page * size, Math.min(total, (page + 1) * size)),
      totalCount: withTotal ? total : undefined,
    };
  };
  return { asked, fetchPage };
}

describe('walking the pages of a listing', () => {
  it('stops at the reported total without asking for an empty page', async () => {
    const { asked, fetchPage } = listing(100, 50);
    const result = await collectPages(fetchPage, { pageSize: 50, endpoint: '/v1.0/assets' });
    expect(result.items).toHaveLength(100);
    expect(asked.map((request) => request.page)).toEqual([0, 1]);
  });

  it('ends on a short page when ShotHub sends no total', async () => {
    const { asked, fetchPage } = listing(120, 50, false);
    const result = await collectPages(fetchPage, { pageSize: 50, endpoint: '/v1.0/projects' });
    expect(result.items.map((item) => item.id)).toEqual(rows(0, 120).map((row) => row.id));
    expect(result.reportedTotal).toBeUndefined();
    expect(asked).toHaveLength(3);
  });

  it('ends on an empty page when the last full page had no total to say it was last', async () => {
    const { asked, fetchPage } = listing(100, 50, false);
    const result = await collectPages(fetchPage, { pageSize: 50, endpoint: '/v1.0/projects' });
    expect(result.items).toHaveLength(100);
    expect(asked).toHaveLength(3);
  });

  it('follows a server that caps the page size, asking for pages of the served size', async () => {
    const { asked, fetchPage } = listing(75, 20);
    const result = await collectPages(fetchPage, { pageSize: 50, endpoint: '/v1.0/assets' });
    expect(result.items.map((item) => item.id)).toEqual(rows(0, 75).map((row) => row.id));
    expect(asked).toEqual([
      { page: 0, pageSize: 50 },
      { page: 1, pageSize: 20 },
      { page: 2, pageSize: 20 },
      { page: 3, pageSize: 20 },
    ]);
  });

  it('refuses to loop when ShotHub ignores the page number', async () => {
    const sameEveryTime = async () => ({ items: rows(0, 50), totalCount: undefined });
    await expect(
      collectPages(sameEveryTime, { pageSize: 50, endpoint: '/v1.0/projects' }),
    ).rejects.toThrow(/same rows for page 1 as for page 0 of \/v1.0\/projects/);
  });

  it('reports a listing that never ends instead of walking it forever', async () => {
    let next = 0;
    const endless = async () => ({ items: rows(next, (next += 10)), totalCount: undefined });
    const error = await collectPages(endless, {
      pageSize: 10,
      endpoint: '/v1.0/assets',
      maxPages: 5,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShotHubError);
    expect((error as ShotHubError).message).toContain('still had more rows after 5 pages');
  });
});
