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
  /** Pages asked for at once once the first page has told the total; 1 walks them in turn. */
  concurrency?: number;
  /** A safety net far above any real project; reaching it is reported, never silent. */
  maxPages?: number;
}

export interface Walk {
  /** What ShotHub said the total is; may differ from the rows read if data changed meanwhile. */
  reportedTotal: number | undefined;
  pagesFetched: number;
  /** Rows delivered, each id once. */
  rows: number;
}

type FetchPage<T> = (page: number, pageSize: number) => Promise<Page<T>>;

/**
 * Reads every page of a listing, hands each page's rows to `deliver` in page order, and
 * always ends. The first page tells the total; when it does, the remaining pages are asked
 * for `concurrency` at a time and handed on in order as they complete, so a caller that
 * keeps only what it needs holds a few pages at most. Without a total, pages are walked in
 * turn until a short or empty page. A page that repeats an earlier one (an API that ignores
 * `page`) is an error rather than an endless loop. When ShotHub returns fewer rows than asked
 * while the total says there are more, it has capped the page size; the walk goes on with the
 * size it was given, so page offsets stay right whichever size the server uses. Rows that
 * moved between pages while they were read are delivered once.
 */
export async function walkPages<T extends { id: string }>(
  fetchPage: FetchPage<T>,
  options: PagingOptions,
  deliver: (rows: T[]) => void,
): Promise<Walk> {
  const signatures = new PageSignatures(options.endpoint);
  const seenIds = new Set<string>();
  let pagesFetched = 0;
  const take = (page: Page<T>) => {
    signatures.check(page, pagesFetched++);
    const fresh = page.items.filter((row) => !seenIds.has(row.id));
    for (const row of fresh) seenIds.add(row.id);
    deliver(fresh);
  };

  const first = await fetchPage(0, options.pageSize);
  take(first);
  const total = first.totalCount;
  const served = first.items.length;
  const pageSize =
    served < options.pageSize && total !== undefined && total > served ? served : options.pageSize;
  const maxPages = options.maxPages ?? 100_000;

  if (served > 0 && total !== undefined) {
    const pageCount = Math.ceil(total / pageSize);
    if (pageCount > maxPages) throw tooManyPages(options.endpoint, maxPages);
    await fetchInOrder(fetchPage, pageCount, pageSize, options.concurrency ?? 1, take);
    return { reportedTotal: total, pagesFetched, rows: seenIds.size };
  }

  let last = first;
  while (last.items.length >= pageSize && last.items.length > 0) {
    if (pagesFetched >= maxPages) throw tooManyPages(options.endpoint, maxPages);
    last = await fetchPage(pagesFetched, pageSize);
    take(last);
    if (last.totalCount !== undefined && seenIds.size >= last.totalCount) break;
  }
  return { reportedTotal: last.totalCount ?? total, pagesFetched, rows: seenIds.size };
}

/**
 * Pages 1 to `pageCount - 1`, `concurrency` in flight, handed to `take` in page order. A page
 * that arrives early waits for the ones before it; no worker runs more than two rounds ahead
 * of the next page to hand on, so at most that many pages are held at once. The first
 * failure stops every worker and fails the walk: a listing is never handed on as whole when
 * it is not.
 */
async function fetchInOrder<T>(
  fetchPage: FetchPage<T>,
  pageCount: number,
  pageSize: number,
  concurrency: number,
  take: (page: Page<T>) => void,
): Promise<void> {
  const workers = Math.max(1, Math.min(concurrency, pageCount - 1));
  const window = workers * 2;
  const arrived = new Map<number, Page<T>>();
  let waiting: (() => void)[] = [];
  let next = 1;
  let handOn = 1;
  let failure: { error: unknown } | undefined;
  const wakeAll = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };

  const work = async () => {
    while (!failure && next < pageCount) {
      if (next >= handOn + window) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      const index = next++;
      try {
        arrived.set(index, await fetchPage(index, pageSize));
        for (let page = arrived.get(handOn); page; page = arrived.get(handOn)) {
          arrived.delete(handOn++);
          take(page);
        }
      } catch (error) {
        failure ??= { error };
      }
      wakeAll();
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  if (failure) throw failure.error;
}

/** Tells a page that repeats an earlier one by its size and its first and last ids. */
class PageSignatures {
  private readonly seen = new Map<string, number>();

  constructor(private readonly endpoint: string) {}

  check<T extends { id: string }>(page: Page<T>, index: number): void {
    if (page.items.length === 0) return;
    const signature = `${page.items.length}:${page.items[0]?.id}:${page.items.at(-1)?.id}`;
    const earlier = this.seen.get(signature);
    if (earlier !== undefined && earlier !== index) {
      throw new ShotHubError(
        'invalid_response',
        `ShotHub returned the same rows for page ${index} as for page ${earlier} of ` +
          `${this.endpoint}; stopped instead of looping.`,
        { endpoint: this.endpoint },
      );
    }
    this.seen.set(signature, index);
  }
}

function tooManyPages(endpoint: string, maxPages: number): ShotHubError {
  return new ShotHubError(
    'invalid_response',
    `${endpoint} still had more rows after ${maxPages} pages; stopped.`,
    { endpoint },
  );
}
