import { ShotHubError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** The `x-total-count` header, when ShotHub sent one. */
  totalCount: number | undefined;
}

export interface Listing<T> {
  items: T[];
  /** What ShotHub said the total is; may differ from `items.length` if data changed meanwhile. */
  reportedTotal: number | undefined;
  pagesFetched: number;
}

export interface PagingOptions {
  pageSize: number;
  endpoint: string;
  /** A safety net far above any real project; reaching it is reported, never silent. */
  maxPages?: number;
}

/**
 * Walks `page = 0, 1, 2, ...` until the listing is exhausted, and always ends: a short or
 * empty page ends it, the reported total ends it, and a page that repeats an earlier one (an
 * API that ignores `page`) is an error rather than an endless loop. When ShotHub returns fewer
 * rows than asked while the total says there are more, it has capped the page size; the walk
 * continues with the size it was given, so page offsets stay right whichever size the server
 * multiplies by.
 */
export async function collectPages<T extends { id: string }>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  options: PagingOptions,
): Promise<Listing<T>> {
  const maxPages = options.maxPages ?? 100_000;
  const items: T[] = [];
  const seenIds = new Set<string>();
  const pageSignatures = new Map<string, number>();
  let pageSize = options.pageSize;
  let reportedTotal: number | undefined;
  let pagesFetched = 0;

  for (let page = 0; page < maxPages; page++) {
    const { items: pageItems, totalCount } = await fetchPage(page, pageSize);
    pagesFetched++;
    reportedTotal = totalCount ?? reportedTotal;
    if (pageItems.length === 0) break;

    const signature = `${pageItems.length}:${pageItems[0]?.id}:${pageItems.at(-1)?.id}`;
    const earlier = pageSignatures.get(signature);
    if (earlier !== undefined) {
      throw new ShotHubError(
        'invalid_response',
        `ShotHub returned the same rows for page ${page} as for page ${earlier} of ` +
          `${options.endpoint}; stopped instead of looping.`,
        { endpoint: options.endpoint },
      );
    }
    pageSignatures.set(signature, page);

    for (const item of pageItems) {
      if (seenIds.has(item.id)) continue;
      seenIds.add(item.id);
      items.push(item);
    }

    const moreReported = reportedTotal !== undefined && items.length < reportedTotal;
    if (page === 0 && pageItems.length < pageSize && moreReported) {
      pageSize = pageItems.length;
      continue;
    }
    if (pageItems.length < pageSize) break;
    if (reportedTotal !== undefined && !moreReported) break;
    if (page === maxPages - 1) {
      throw new ShotHubError(
        'invalid_response',
        `${options.endpoint} still had more rows after ${maxPages} pages; stopped.`,
        { endpoint: options.endpoint },
      );
    }
  }
  return { items, reportedTotal, pagesFetched };
}
