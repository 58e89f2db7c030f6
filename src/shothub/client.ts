import { Pool } from 'undici';

import { silentLogger, type Logger } from '../log.js';
import { PACKAGE } from '../version.js';
import { TokenStore } from './auth.js';
import { AnswerCache } from './cache.js';
import { isLoopbackHost, type ShotHubConfig } from './config.js';
import { errorForStatus, isShotHubError, ShotHubError } from './errors.js';
import { RequestGate } from './gate.js';
import { walkPages, type Listing, type Page, type Walk } from './paging.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry.js';
import {
  AssetDetailSchema,
  AuthResponseSchema,
  FolderNodeSchema,
  ProjectSchema,
  parseAssetRows,
  parseBody,
  type Asset,
  type AssetDetail,
  type FolderNode,
  type Project,
} from './schemas.js';

export interface ShotHubClientOptions {
  logger?: Logger;
  /** Time allowed for one HTTP exchange, headers and body, in milliseconds. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Rows asked for per page. ShotHub's maximum is not public: a larger size than it serves is
   * met by walking at the size it does serve, and one it refuses falls back to 50, the size
   * Pomfort's samples use.
   */
  pageSize?: number;
  /** Requests in flight at once, paging included. */
  concurrency?: number;
  /** How long project lists, folder trees and asset listings are reused; 0 turns it off. */
  cacheLifetimeMs?: number;
}

export interface CallOptions {
  /** Aborts in-flight requests and stops paging when the caller gives up. */
  signal?: AbortSignal | undefined;
}

export interface AssetQuery extends CallOptions {
  folderId: string;
  /** `VideoClip` (Silverstack) or `Shot` (Livegrade); any other value is passed on as is. */
  assetType?: string | undefined;
  /** Told after each page how many rows have arrived, and the total once ShotHub said it. */
  onProgress?: ((rowsRead: number, total: number | undefined) => void) | undefined;
}

type Query = Record<string, string | number | undefined>;
type BodyKind = 'json' | 'text' | 'binary';

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_PAGE_SIZE = 1000;
const SAMPLE_PAGE_SIZE = 50;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_CACHE_LIFETIME_MS = 60_000;
const ACCEPT: Record<BodyKind, string> = {
  json: 'application/json',
  text: 'text/csv, text/plain;q=0.9, */*;q=0.1',
  binary: 'application/zip, application/octet-stream;q=0.9, */*;q=0.1',
};

/**
 * A read-only client for the ShotHub REST API v1.0. It logs in with a script's credentials,
 * keeps one keep-alive connection pool, retries what is safe to retry, and returns values
 * parsed at the boundary. It knows nothing of MCP.
 */
export class ShotHubClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly tokens: TokenStore;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private pageSize: number;
  private readonly concurrency: number;
  private readonly gate: RequestGate;
  private readonly cache: AnswerCache;
  private readonly cacheLifetimeMs: number;
  private readonly userAgent = `${PACKAGE.name}/${PACKAGE.version} node/${process.version}`;

  constructor(
    private readonly config: ShotHubConfig,
    options: ShotHubClientOptions = {},
  ) {
    const url = new URL(config.baseUrl);
    this.baseUrl = config.baseUrl;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.logger = options.logger ?? silentLogger;
    this.logger.addSecret(config.scriptKey);
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.gate = new RequestGate(this.concurrency);
    this.cacheLifetimeMs = options.cacheLifetimeMs ?? DEFAULT_CACHE_LIFETIME_MS;
    this.cache = new AnswerCache(this.cacheLifetimeMs);
    // One connection more than requests in flight, for the login.
    this.pool = new Pool(url.origin, {
      connections: this.concurrency + 1,
      keepAliveTimeout: 30_000,
    });
    this.tokens = new TokenStore(() => this.login());
  }

  /** The script id this client logs in as; used to keep per-credential state apart. */
  get scriptId(): string {
    return this.config.scriptId;
  }

  /** Every project this script was added to, across all pages. */
  async listProjects(options: CallOptions = {}): Promise<Listing<Project>> {
    const endpoint = '/v1.0/projects';
    return this.cached(
      'projects',
      (signal) =>
        this.list(endpoint, async (page, pageSize) => {
          // Pomfort's samples page projects with `take` in one script, `pageSize` in another.
          const query = { page, take: pageSize, pageSize };
          const exchange = await this.get(endpoint, [], query, 'json', signal);
          return {
            items: parseBody(ProjectSchema.array(), exchange.body, endpoint),
            totalCount: readTotalCount(exchange.headers),
          };
        }),
      options.signal,
    );
  }

  /** The folders and bins of a project, as the list of its top-level nodes. */
  async getFolderTree(projectId: string, options: CallOptions = {}): Promise<FolderNode[]> {
    const endpoint = '/v1.0/folders-tree/{projectId}';
    return this.cached(
      `folders-tree/${projectId}`,
      async (signal) => {
        const exchange = await this.get('/v1.0/folders-tree', [projectId], {}, 'json', signal);
        return parseBody(FolderNodeSchema.array(), exchange.body, endpoint);
      },
      options.signal,
    );
  }

  /** Every asset in a folder and all folders and bins below it, across all pages. */
  async listAssets(query: AssetQuery): Promise<Listing<Asset>> {
    return this.cached(
      `assets/${query.folderId}/${query.assetType ?? ''}`,
      (signal) => this.list('/v1.0/assets', this.assetPages(query, signal)),
      query.signal,
    );
  }

  /**
   * Hands every asset of a listing to `visit` in order. With the cache on, the listing is
   * read (or reused) whole; with it off, each page is handed on as it arrives and then let
   * go, so memory holds what `visit` keeps, not the project.
   */
  async forEachAsset(query: AssetQuery, visit: (asset: Asset) => void): Promise<Walk> {
    if (this.cacheLifetimeMs > 0) {
      const listing = await this.listAssets(query);
      for (const asset of listing.items) visit(asset);
      const { reportedTotal, pagesFetched } = listing;
      return { reportedTotal, pagesFetched, rows: listing.items.length };
    }
    const signal = query.signal ?? new AbortController().signal;
    return this.walk('/v1.0/assets', this.assetPages(query, signal), (rows) => {
      for (const row of rows) visit(row);
    });
  }

  private assetPages(query: AssetQuery, signal: AbortSignal) {
    const endpoint = '/v1.0/assets';
    const { folderId, assetType } = query;
    let rowsRead = 0;
    return async (page: number, pageSize: number): Promise<Page<Asset>> => {
      const params = { folderId, assetType, page, pageSize };
      const exchange = await this.get(endpoint, [], params, 'json', signal);
      const items = parseAssetRows(exchange.body, endpoint);
      const totalCount = readTotalCount(exchange.headers);
      rowsRead += items.length;
      // Progress goes to the caller that started the listing; sharers wait quietly.
      query.onProgress?.(rowsRead, totalCount);
      return { items, totalCount };
    };
  }

  /** A cached answer; a caller that gives up gets a cancellation, whoever else still waits. */
  private async cached<T>(
    key: string,
    produce: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    try {
      return await this.cache.remember(key, produce, signal);
    } catch (error) {
      if (signal?.aborted && !isShotHubError(error)) throw cancelled(key);
      throw error;
    }
  }

  /** Every row of a listing, kept together. */
  private async list<T extends { id: string }>(
    endpoint: string,
    fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  ): Promise<Listing<T>> {
    const items: T[] = [];
    const walk = await this.walk(endpoint, fetchPage, (rows) => {
      for (const row of rows) items.push(row);
    });
    return { items, reportedTotal: walk.reportedTotal, pagesFetched: walk.pagesFetched };
  }

  /**
   * Every page of a listing, `concurrency` at a time once the total is known. A page size
   * ShotHub refuses (400) before any row arrived is given up for the one its samples use.
   */
  private async walk<T extends { id: string }>(
    endpoint: string,
    fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
    deliver: (rows: T[]) => void,
  ): Promise<Walk> {
    const options = { pageSize: this.pageSize, endpoint, concurrency: this.concurrency };
    let delivered = false;
    const onRows = (rows: T[]) => {
      delivered = true;
      deliver(rows);
    };
    try {
      return await walkPages(fetchPage, options, onRows);
    } catch (error) {
      const refused = isShotHubError(error) && error.status === 400;
      if (!refused || delivered || this.pageSize <= SAMPLE_PAGE_SIZE) throw error;
      this.logger.warn('ShotHub refused the page size; using 50', { pageSize: this.pageSize });
      this.pageSize = SAMPLE_PAGE_SIZE;
      return walkPages(fetchPage, { ...options, pageSize: SAMPLE_PAGE_SIZE }, onRows);
    }
  }

  /** One asset; `parts: ['gradeInfo']` adds its grade (look name and grading mode). */
  async getAsset(
    assetId: string,
    options: CallOptions & { parts?: string[] } = {},
  ): Promise<AssetDetail> {
    const query = { parts: options.parts?.length ? options.parts.join(',') : undefined };
    const exchange = await this.get('/v1.0/assets', [assetId], query, 'json', options.signal);
    return parseBody(AssetDetailSchema, exchange.body, '/v1.0/assets/{assetId}');
  }

  /** The per-frame metadata of a clip, as the CSV text ShotHub sends. */
  async getDynamicMetadata(assetId: string, options: CallOptions = {}): Promise<string> {
    const segments = [assetId, 'dynamic-metadata'];
    const exchange = await this.get('/v1.0/assets', segments, {}, 'text', options.signal);
    return exchange.body as string;
  }

  /** A ZIP archive with one ASC CDL file per graded shot below a folder, named by clip name. */
  async getCdlZip(folderId: string, options: CallOptions = {}): Promise<Buffer> {
    const query = { namingScheme: 'clipName' };
    const exchange = await this.get('/v1.0/cdl-zip', [folderId], query, 'binary', options.signal);
    return exchange.body as Buffer;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async login(): Promise<string> {
    const body = JSON.stringify({
      scriptId: this.config.scriptId,
      scriptKey: this.config.scriptKey,
    });
    const exchange = await this.withRetries('/authenticate', undefined, () =>
      this.send('POST', this.basePath + '/authenticate', '/authenticate', 'json', {
        body,
        contentType: 'application/json',
      }),
    ).catch((error: unknown) => {
      // A web page where the login should be: the base URL points somewhere else.
      if (isShotHubError(error) && error.kind === 'invalid_response') throw this.noLoginHere(200);
      throw error;
    });
    if (exchange.status === 400 || exchange.status === 401 || exchange.status === 403) {
      throw new ShotHubError(
        'auth',
        `ShotHub rejected the script credentials (HTTP ${exchange.status}). Check that ` +
          'SH_API_SCRIPT_ID and SH_API_SCRIPT_KEY are the Script ID and Script Key shown when ' +
          'the script was created in Team Settings, scripts tab.',
        { status: exchange.status, endpoint: '/authenticate' },
      );
    }
    if (exchange.status === 404 || exchange.status === 405) throw this.noLoginHere(exchange.status);
    if (exchange.status !== 200) {
      throw errorForStatus(exchange.status, '/authenticate', readRetryAfter(exchange.headers));
    }

    const token = parseBody(AuthResponseSchema, exchange.body, '/authenticate').id_token;
    this.logger.addSecret(token);
    this.logger.debug('logged in to ShotHub', { scriptId: this.config.scriptId });
    return token;
  }

  /** A base URL that has no login is almost always missing its `/sh`. */
  private noLoginHere(status: number): ShotHubError {
    return new ShotHubError(
      'config',
      `There is no ShotHub login at ${this.baseUrl}/authenticate (HTTP ${status}). Check ` +
        'SH_API_BASE_URL: it is the API base ending in /sh, e.g. https://api.pomfort.com/sh ' +
        'or the URL the emulator prints.',
      { status, endpoint: '/authenticate' },
    );
  }

  /**
   * A GET with the script's token. A 401 means the token expired or was revoked: log in once
   * more and repeat the request once; a second 401 is an error.
   */
  private async get(
    endpoint: string,
    segments: string[],
    query: Query,
    kind: BodyKind,
    signal: AbortSignal | undefined,
  ): Promise<Exchange> {
    const path = this.basePath + endpoint + encodeSegments(segments) + encodeQuery(query);
    const label = segments.length > 0 ? `${endpoint}/${segments.join('/')}` : endpoint;

    for (let authAttempt = 0; ; authAttempt++) {
      let token = '';
      // The token is taken only once the request may go, so that time spent waiting for a
      // free slot cannot let it expire on the way.
      const exchange = await this.withRetries(label, signal, () =>
        this.gate
          .run(async () => {
            token = await abortable(this.tokens.get(), signal);
            return this.send('GET', path, label, kind, { token, signal });
          }, signal)
          .catch((error: unknown) => {
            if (signal?.aborted && !isShotHubError(error)) throw cancelled(label);
            throw error;
          }),
      );
      if (exchange.status === 401 && authAttempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      if (exchange.status < 200 || exchange.status > 299) {
        throw errorForStatus(exchange.status, label, readRetryAfter(exchange.headers));
      }
      return exchange;
    }
  }

  /** Repeats an exchange that failed with "not now" (429, 502-504) or a network error. */
  private async withRetries(
    label: string,
    signal: AbortSignal | undefined,
    exchange: () => Promise<Exchange>,
  ): Promise<Exchange> {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let result: Exchange | undefined;
      let failure: ShotHubError | undefined;
      try {
        result = await exchange();
      } catch (error) {
        // A dropped connection or an answer that never came may go through another time.
        if (!isShotHubError(error) || (error.kind !== 'network' && error.kind !== 'timeout')) {
          throw error;
        }
        failure = error;
      }

      const retryable = failure !== undefined || (result && isRetryableStatus(result.status));
      if (!retryable) return result as Exchange;

      const retryAfter = result ? readRetryAfter(result.headers) : undefined;
      if (result?.status === 429) this.gate.rateLimited(retryAfter);
      const delayMs =
        retryAfter !== undefined ? retryAfter * 1000 : backoffDelayMs(this.retry, attempt);
      const outOfBudget =
        attempt >= this.retry.maxAttempts || waitedMs + delayMs > this.retry.maxTotalWaitMs;
      if (outOfBudget) {
        if (failure) throw failure;
        return result as Exchange;
      }

      this.logger.debug('retrying ShotHub request', {
        endpoint: label,
        status: result?.status,
        attempt,
        delayMs,
      });
      await sleep(delayMs, signal).catch(() => {
        throw cancelled(label);
      });
      waitedMs += delayMs;
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    label: string,
    kind: BodyKind,
    options: { token?: string; body?: string; contentType?: string; signal?: AbortSignal },
  ): Promise<Exchange> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: ACCEPT[kind],
      'user-agent': this.userAgent,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.contentType) headers['content-type'] = options.contentType;

    const started = performance.now();
    try {
      const response = await this.pool.request({
        method,
        path,
        headers,
        body: options.body,
        signal,
      });
      const ok = response.statusCode >= 200 && response.statusCode <= 299;
      const body = ok ? await readBody(response.body, kind, label) : await drainError(response);
      this.logger.debug('ShotHub request', {
        method,
        endpoint: label,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      });
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (isShotHubError(error)) throw error;
      if (options.signal?.aborted) throw cancelled(label);
      if (timeout.aborted) {
        throw new ShotHubError(
          'timeout',
          `ShotHub did not answer ${label} within ${seconds(this.timeoutMs)}.`,
          { endpoint: label },
        );
      }
      const { host, hostname } = new URL(this.baseUrl);
      const hint = isLoopbackHost(hostname)
        ? ' Is the ShotHub emulator running there? Check SH_API_BASE_URL.'
        : '';
      throw new ShotHubError(
        'network',
        `Could not reach ShotHub at ${host} (${describeNetworkError(error)}).${hint}`,
        { endpoint: label, cause: error },
      );
    }
  }
}

type ResponseBody = Awaited<ReturnType<Pool['request']>>['body'];

async function readBody(body: ResponseBody, kind: BodyKind, label: string): Promise<unknown> {
  if (kind === 'binary') return Buffer.from(await body.arrayBuffer());
  const text = await body.text();
  if (kind === 'text') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (text.trimStart().startsWith('<')) {
      // A web page where JSON belongs is a proxy's or a maintenance page, seldom the API.
      throw new ShotHubError(
        'upstream',
        `ShotHub answered ${label} with an HTML page instead of JSON (a maintenance or ` +
          'proxy page?).',
        { endpoint: label },
      );
    }
    throw new ShotHubError(
      'invalid_response',
      `Unexpected response from ShotHub for ${label}: expected JSON, got text that is not JSON.`,
      { endpoint: label },
    );
  }
}

/** Error bodies are never shown (they could echo a request); the connection is freed. */
async function drainError(response: Awaited<ReturnType<Pool['request']>>): Promise<undefined> {
  await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
  return undefined;
}

function seconds(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`
    : `${Math.round(ms / 1000)} s`;
}

function cancelled(label: string): ShotHubError {
  return new ShotHubError('cancelled', `The request to ${label} was cancelled.`, {
    endpoint: label,
  });
}

async function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) throw cancelled('/authenticate');
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled('/authenticate'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Encodes each id as exactly one path segment, so that no id can change the request's path. */
export function encodeSegments(segments: string[]): string {
  return segments
    .map((segment) => {
      // Servers resolve `..` even percent-encoded, so such an id is refused, not encoded.
      if (/^\.{0,2}$/.test(segment)) {
        throw new ShotHubError('invalid_argument', `"${segment}" is not a ShotHub id.`);
      }
      return '/' + encodeURIComponent(segment);
    })
    .join('');
}

function encodeQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function headerValue(headers: Exchange['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `x-total-count`, read case-insensitively; anything but a non-negative integer is ignored. */
export function readTotalCount(headers: Exchange['headers']): number | undefined {
  const text = headerValue(headers, 'x-total-count')?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

function readRetryAfter(headers: Exchange['headers']): number | undefined {
  return parseRetryAfter(headerValue(headers, 'retry-after'));
}

function describeNetworkError(error: unknown): string {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : 'unknown error';
}
