import { describe, expect, it } from 'vitest';

import { ShotHubError } from '../src/shothub/errors.js';
import { walkPages, type Page, type PagingOptions } from '../src/shothub/paging.js';

/** Every row a walk hands on, in order, with what it said of the listing. */
async function collectPages<T extends { id: string }>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  options: PagingOptions,
) {
  const items: T[] = [];
  const walk = await walkPages(fetchPage, options, (rows) => items.push(...rows));
  return { items, ...walk };
}

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

  it('hands pages on in order even when later pages arrive first, four in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const slowEarlyPages = async (page: number, pageSize: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Page 1 is the slowest, so pages 2-4 arrive before it.
      await new Promise((resolve) => setTimeout(resolve, page === 1 ? 40 : 5));
      inFlight--;
      return {
        items: rows(page * pageSize, Math.min(230, (page + 1) * pageSize)),
        totalCount: 230,
      };
    };
    const result = await collectPages(slowEarlyPages, {
      pageSize: 20,
      endpoint: '/v1.0/assets',
      concurrency: 4,
    });
    expect(result.items.map((item) => item.id)).toEqual(rows(0, 230).map((row) => row.id));
    expect(result.pagesFetched).toBe(12);
    expect(most).toBe(4);
  });

  it('fails the walk when one page fails, handing on nothing after it', async () => {
    const handed: string[] = [];
    const failing = async (page: number, pageSize: number) => {
      if (page === 3) throw new Error('page 3 failed');
      return { items: rows(page * pageSize, (page + 1) * pageSize), totalCount: 200 };
    };
    await expect(
      walkPages(failing, { pageSize: 20, endpoint: '/v1.0/assets', concurrency: 2 }, (items) =>
        handed.push(...items.map((item) => item.id)),
      ),
    ).rejects.toThrow('page 3 failed');
    expect(handed).toEqual(rows(0, 60).map((row) => row.id));
  });
});
