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

type FetchPage<T> = (page: number, pageSize: number) => Promise<Page<T>>;

/**
 * Reads every page of a listing and always ends. The first page tells the total, and when it
 * does, the remaining pages are asked for `concurrency` at a time; without a total they are
 * walked in turn until a short or empty page. A page that repeats an earlier one (an API that
 * ignores `page`) is an error rather than an endless loop. When ShotHub returns fewer rows
 * than asked while the total says there are more, it has capped the page size; the walk goes
 * on with the size it was given, so page offsets stay right whichever size the server uses.
 */
export async function collectPages<T extends { id: string }>(
  fetchPage: FetchPage<T>,
  options: PagingOptions,
): Promise<Listing<T>> {
  const first = await fetchPage(0, options.pageSize);
  const total = first.totalCount;
  const served = first.items.length;
  const pageSize =
    served < options.pageSize && total !== undefined && total > served ? served : options.pageSize;

  if (served === 0 || total === undefined) {
    return walkInTurn(fetchPage, first, pageSize, options);
  }
  const pageCount = Math.ceil(total / pageSize);
  const maxPages = options.maxPages ?? 100_000;
  if (pageCount > maxPages) throw tooManyPages(options.endpoint, maxPages);

  const pages = await fetchConcurrently(fetchPage, pageCount, pageSize, options.concurrency ?? 1);
  return assemble([first, ...pages], options.endpoint, total);
}

async function walkInTurn<T extends { id: string }>(
  fetchPage: FetchPage<T>,
  first: Page<T>,
  pageSize: number,
  options: PagingOptions,
): Promise<Listing<T>> {
  const maxPages = options.maxPages ?? 100_000;
  const pages = [first];
  const signatures = new PageSignatures(options.endpoint);
  signatures.check(first, 0);
  let rows = first.items.length;
  let last = first;
  while (last.items.length >= pageSize && last.items.length > 0) {
    if (pages.length >= maxPages) throw tooManyPages(options.endpoint, maxPages);
    last = await fetchPage(pages.length, pageSize);
    signatures.check(last, pages.length);
    pages.push(last);
    rows += last.items.length;
    if (last.totalCount !== undefined && rows >= last.totalCount) break;
  }
  return assemble(pages, options.endpoint, last.totalCount ?? first.totalCount);
}

/** Pages 1 to `pageCount - 1`, at most `concurrency` in flight, in page order. */
async function fetchConcurrently<T>(
  fetchPage: FetchPage<T>,
  pageCount: number,
  pageSize: number,
  concurrency: number,
): Promise<Page<T>[]> {
  const results: Page<T>[] = new Array(Math.max(0, pageCount - 1));
  let next = 1;
  let failed = false;
  const worker = async () => {
    while (!failed && next < pageCount) {
      const page = next++;
      try {
        results[page - 1] = await fetchPage(page, pageSize);
      } catch (error) {
        // The other workers stop taking pages; a failed listing is never returned as whole.
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, pageCount - 1) }, worker);
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return results;
}

function assemble<T extends { id: string }>(
  pages: Page<T>[],
  endpoint: string,
  reportedTotal: number | undefined,
): Listing<T> {
  const items: T[] = [];
  const seenIds = new Set<string>();
  const signatures = new PageSignatures(endpoint);
  pages.forEach((page, index) => {
    signatures.check(page, index);
    for (const item of page.items) {
      // Rows that moved between pages while they were read appear once.
      if (seenIds.has(item.id)) continue;
      seenIds.add(item.id);
      items.push(item);
    }
  });
  return { items, reportedTotal, pagesFetched: pages.length };
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
