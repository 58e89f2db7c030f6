import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ascCdlXml, zipArchive } from './cdl-files.js';
import {
  FaultInjector,
  alteredAnswer,
  describeFault,
  replacementAnswer,
  type Fault,
  type FaultPlan,
} from './faults.js';
import {
  indexFolders,
  type Dataset,
  type EmulatedAsset,
  type EmulatedProject,
  type FolderIndexEntry,
  type ScriptAccount,
} from './dataset.js';
import { TokenIssuer, type TokenClaims } from './jwt.js';
import { DEMO_SCRIPT, createSampleDataset } from './sample-data.js';

export interface EmulatorOptions {
  /** Loopback only: the emulator holds demo credentials and is not meant for a network. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  dataset?: Dataset;
  tokenLifetimeSeconds?: number;
  /** At most `requests` data calls per script in each window; more get 429 + Retry-After. */
  rateLimit?: { requests: number; windowSeconds: number } | undefined;
  /** How another script's project answers: hidden (404, the default) or refused (403). */
  foreignProjectStatus?: 403 | 404;
  defaultPageSize?: number;
  /** Larger page sizes are served this many rows, as an API with a cap would. */
  maxPageSize?: number;
  /** Added before every answer, to stand in for the round trip to a cloud API. */
  latencyMs?: number;
  /** Called after each answer is sent; tests use it to change state at an exact point. */
  onRequest?: (record: RequestRecord, emulator: { revokeTokens(): void }) => void;
  /** Failures to inject, by request number, path or seeded chance; see faults.ts. */
  faults?: FaultPlan | undefined;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  scriptId: string | undefined;
  userAgent: string | undefined;
  /** When the request arrived, and when its answer was sent. */
  receivedAtMs: number;
  /** Size of the answer's body. */
  bytes: number;
  atMs: number;
  /** The injected fault, in the text form of faults.ts; absent for answers nothing spoiled. */
  fault?: string;
}

export interface ShotHubEmulator {
  /** Use as SH_API_BASE_URL, e.g. `http://127.0.0.1:53211/sh`. */
  baseUrl: string;
  /** The demo script's credentials. */
  credentials: ScriptAccount;
  dataset: Dataset;
  /** Every request answered so far, oldest first. */
  requests: RequestRecord[];
  /** Every token issued so far, so that a test can prove none of them was ever printed. */
  issuedTokens: string[];
  /** Makes every token issued so far invalid before its expiry, as a revoked session would. */
  revokeTokens(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const BASE_PATH = '/sh';

/** Starts a ShotHub API emulator on loopback with the sample projects, or a given dataset. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<ShotHubEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) {
    throw new Error(`The emulator listens on loopback only (127.0.0.1, ::1); got "${host}".`);
  }
  const api = new EmulatedApi(options.dataset ?? createSampleDataset(), options);
  const server = createServer((request, response) => {
    void api.serve(request, response);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    baseUrl: `http://${hostInUrl}:${port}${BASE_PATH}`,
    credentials: api.dataset.scripts[0] ?? DEMO_SCRIPT,
    dataset: api.dataset,
    requests: api.requests,
    issuedTokens: api.issuedTokens,
    revokeTokens: () => api.revokeTokens(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class EmulatedApi {
  readonly requests: RequestRecord[] = [];
  readonly issuedTokens: string[] = [];
  private readonly tokens = new TokenIssuer();
  private readonly issuedTokenIds = new Set<string>();
  private readonly revokedTokenIds = new Set<string>();
  private readonly folders: Map<string, FolderIndexEntry>;
  private readonly assets = new Map<string, { project: EmulatedProject; asset: EmulatedAsset }>();
  private readonly windows = new Map<string, { startMs: number; count: number }>();
  private readonly faults: FaultInjector | undefined;
  /** A page-cap fault's row limit, set only while its request is routed. */
  private pageCap: number | undefined;

  constructor(
    readonly dataset: Dataset,
    private readonly options: EmulatorOptions,
  ) {
    this.folders = indexFolders(dataset);
    this.faults = options.faults ? new FaultInjector(options.faults) : undefined;
    for (const project of dataset.projects) {
      for (const asset of project.assets) this.assets.set(asset.fields.id, { project, asset });
    }
  }

  revokeTokens(): void {
    for (const id of this.issuedTokenIds) this.revokedTokenIds.add(id);
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAtMs = Date.now();
    // The raw path, not `new URL(...)`, which would resolve `..` and `%2e%2e` segments.
    const [pathname = '/', search = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const url = {
      pathname,
      search: search ? `?${search}` : '',
      query: new URLSearchParams(search),
    };
    let body: string;
    try {
      body = await readRequestBody(request);
    } catch {
      // The client went away mid-request: nobody is left to answer.
      response.destroy();
      return;
    }
    const method = request.method ?? 'GET';
    const fault = this.faults?.next(method, pathBelowBase(url.pathname) + url.search);
    let scriptId: string | undefined;
    let reply: Reply;
    try {
      const outcome = fault
        ? this.routeWithFault(method, url, body, request.headers.authorization, fault)
        : this.route(method, url, body, request.headers.authorization);
      scriptId = outcome.scriptId;
      reply = outcome.reply;
    } catch (error) {
      reply = json(500, { statusCode: 500, message: 'Internal emulator error' });
      process.stderr.write(`shothub emulator: ${String(error)}\n`);
    }

    if (this.options.latencyMs) await delay(this.options.latencyMs);
    if (fault?.kind === 'delay') await delayUnlessClosed(fault.ms, response);
    const record: RequestRecord = {
      method: request.method ?? 'GET',
      path: url.pathname + url.search,
      status: reply.status,
      scriptId,
      userAgent: request.headers['user-agent'],
      receivedAtMs,
      bytes: Buffer.byteLength(reply.body),
      atMs: Date.now(),
      ...(fault ? { fault: describeFault(fault) } : {}),
    };
    const headers = {
      'content-length': String(Buffer.byteLength(reply.body)),
      'access-control-expose-headers': 'x-total-count, retry-after',
      ...reply.headers,
    };
    if (fault?.kind === 'reset') {
      record.bytes = Math.min(record.bytes, fault.afterBytes ?? Math.floor(record.bytes / 2));
      this.requests.push(record);
      cutOffMidBody(response, reply, headers, record.bytes);
    } else {
      this.requests.push(record);
      // A delayed answer may find its client gone: nobody is left to write to.
      if (fault?.kind !== 'delay' || !request.socket.destroyed) {
        response.writeHead(reply.status, headers);
        response.end(reply.body);
      }
    }
    this.options.onRequest?.(record, this);
  }

  /**
   * Answers a request the fault plan picked. Faults that stand in for the whole answer skip
   * ShotHub's own handling, as a gateway's would, so they use up no rate limit.
   */
  private routeWithFault(
    method: string,
    url: { pathname: string; query: URLSearchParams },
    body: string,
    authorization: string | undefined,
    fault: Fault,
  ): { reply: Reply; scriptId?: string | undefined } {
    if (fault.kind === 'revoke') this.revokeTokens();
    const replacement = replacementAnswer(fault);
    if (replacement) return { reply: replacement, scriptId: this.authorize(authorization)?.sub };

    // Routing is synchronous, so the cap applies to this request and to no other.
    this.pageCap = fault.kind === 'page-cap' ? fault.rows : undefined;
    try {
      const outcome = this.route(method, url, body, authorization);
      return { ...outcome, reply: alteredAnswer(fault, outcome.reply) };
    } finally {
      this.pageCap = undefined;
    }
  }

  private route(
    method: string,
    url: { pathname: string; query: URLSearchParams },
    body: string,
    authorization: string | undefined,
  ): { reply: Reply; scriptId?: string } {
    if (!url.pathname.startsWith(BASE_PATH + '/')) return { reply: notFound('No such path') };
    const path = url.pathname.slice(BASE_PATH.length);

    if (path === '/authenticate') {
      if (method !== 'POST') return { reply: methodNotAllowed('POST') };
      return this.authenticate(body);
    }
    if (!path.startsWith('/v1.0/')) return { reply: notFound('No such path') };
    if (method !== 'GET') return { reply: methodNotAllowed('GET') };

    const claims = this.authorize(authorization);
    if (!claims) {
      return { reply: json(401, { statusCode: 401, message: 'Unauthorized' }) };
    }
    const scriptId = claims.sub;
    const limited = this.rateLimit(scriptId);
    if (limited) return { reply: limited, scriptId };

    const segments = path.slice('/v1.0/'.length).split('/').map(decodeSegment);
    return { reply: this.dataCall(segments, url.query, scriptId), scriptId };
  }

  private dataCall(segments: (string | undefined)[], query: URLSearchParams, scriptId: string) {
    const [resource, id, sub, ...rest] = segments;
    if (segments.includes(undefined) || rest.length > 0) return notFound('No such path');

    if (resource === 'projects' && id === undefined) return this.listProjects(query, scriptId);
    if (resource === 'folders-tree' && id && !sub) return this.folderTree(id, scriptId);
    if (resource === 'assets' && id === undefined) return this.listAssets(query, scriptId);
    if (resource === 'assets' && id && !sub) return this.getAsset(id, query, scriptId);
    if (resource === 'assets' && id && sub === 'dynamic-metadata') {
      return this.dynamicMetadata(id, scriptId);
    }
    if (resource === 'cdl-zip' && id && !sub) return this.cdlZip(id, query, scriptId);
    return notFound('No such path');
  }

  private authenticate(body: string): { reply: Reply; scriptId?: string } {
    let credentials: unknown;
    try {
      credentials = JSON.parse(body);
    } catch {
      return { reply: badRequest('Body must be JSON: {"scriptId": "...", "scriptKey": "..."}') };
    }
    const { scriptId, scriptKey } = (credentials ?? {}) as Record<string, unknown>;
    if (typeof scriptId !== 'string' || typeof scriptKey !== 'string') {
      return { reply: badRequest('Body must have string fields scriptId and scriptKey') };
    }

    const account = this.dataset.scripts.find((script) => script.scriptId === scriptId);
    if (!account || !constantTimeEqual(account.scriptKey, scriptKey)) {
      return { reply: json(401, { statusCode: 401, message: 'Invalid script credentials' }) };
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const token = this.tokens.issue(scriptId, lifetime);
    this.issuedTokens.push(token);
    const claims = this.tokens.verify(token);
    if (claims) this.issuedTokenIds.add(claims.jti);
    return { reply: json(200, { id_token: token }), scriptId };
  }

  private authorize(header: string | undefined): TokenClaims | undefined {
    const token = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1];
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!claims || this.revokedTokenIds.has(claims.jti)) return undefined;
    return claims;
  }

  private rateLimit(scriptId: string): Reply | undefined {
    const limit = this.options.rateLimit;
    if (!limit) return undefined;

    const now = Date.now();
    const windowMs = limit.windowSeconds * 1000;
    let window = this.windows.get(scriptId);
    if (!window || now - window.startMs >= windowMs) {
      window = { startMs: now, count: 0 };
      this.windows.set(scriptId, window);
    }
    window.count++;
    if (window.count <= limit.requests) return undefined;

    const retryAfter = Math.max(1, Math.ceil((window.startMs + windowMs - now) / 1000));
    return json(
      429,
      { statusCode: 429, message: 'Too Many Requests' },
      { 'retry-after': String(retryAfter) },
    );
  }

  private listProjects(query: URLSearchParams, scriptId: string): Reply {
    const paging = this.readPaging(query, ['pageSize', 'take']);
    if ('status' in paging) return paging;

    const visible = this.dataset.projects.filter((project) => project.members.includes(scriptId));
    const rows = visible.map((project) => ({
      id: project.id,
      name: project.name,
      rootFolderId: project.rootFolderId,
      type: project.type,
    }));
    return page(rows, paging);
  }

  private folderTree(projectId: string, scriptId: string): Reply {
    const project = this.dataset.projects.find((candidate) => candidate.id === projectId);
    if (!project) return notFound(`No project ${projectId}`);
    if (!project.members.includes(scriptId)) return this.foreign(`project ${projectId}`);
    // The folders already have the node shape {id, name, type, children}.
    return json(200, project.folders);
  }

  private listAssets(query: URLSearchParams, scriptId: string): Reply {
    const folderId = query.get('folderId');
    if (!folderId) return badRequest('folderId is required');
    const paging = this.readPaging(query, ['pageSize']);
    if ('status' in paging) return paging;

    const entry = this.folders.get(folderId);
    if (!entry) return notFound(`No folder ${folderId}`);
    if (!entry.project.members.includes(scriptId)) return this.foreign(`folder ${folderId}`);

    const assetType = query.get('assetType');
    const rows = entry.project.assets
      .filter((asset) => entry.contains(asset.folderId))
      .filter((asset) => !assetType || asset.fields.assetType === assetType)
      .map((asset) => asset.fields);
    return page(rows, paging);
  }

  private getAsset(assetId: string, query: URLSearchParams, scriptId: string): Reply {
    const found = this.findAsset(assetId, scriptId);
    if ('status' in found) return found;

    const parts = (query.get('parts') ?? '').split(',').map((part) => part.trim());
    if (!parts.includes('gradeInfo')) return json(200, found.fields);
    const grade = found.grade
      ? { name: found.grade.name, mode: found.grade.mode, cdl: found.grade.cdl }
      : null;
    return json(200, { ...found.fields, parts: { gradeInfo: { grade } } });
  }

  private dynamicMetadata(assetId: string, scriptId: string): Reply {
    const found = this.findAsset(assetId, scriptId);
    if ('status' in found) return found;
    if (!found.dynamicMetadata) return notFound(`Asset ${assetId} has no dynamic metadata`);
    return {
      status: 200,
      body: found.dynamicMetadata(),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    };
  }

  private cdlZip(folderId: string, query: URLSearchParams, scriptId: string): Reply {
    const scheme = query.get('namingScheme') ?? 'clipName';
    if (scheme !== 'clipName') return badRequest(`Unsupported namingScheme "${scheme}"`);

    const entry = this.folders.get(folderId);
    if (!entry) return notFound(`No folder ${folderId}`);
    if (!entry.project.members.includes(scriptId)) return this.foreign(`folder ${folderId}`);

    const files = entry.project.assets
      .filter((asset) => entry.contains(asset.folderId) && asset.grade)
      .map((asset) => ({
        name: `${asset.fields.name}.cdl`,
        content: ascCdlXml(asset.fields.name, asset.grade!.name, asset.grade!.cdl),
      }));
    return {
      status: 200,
      body: zipArchive(files),
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="cdl-${folderId}.zip"`,
      },
    };
  }

  private findAsset(assetId: string, scriptId: string): EmulatedAsset | Reply {
    const found = this.assets.get(assetId);
    if (!found) return notFound(`No asset ${assetId}`);
    if (!found.project.members.includes(scriptId)) return this.foreign(`asset ${assetId}`);
    return found.asset;
  }

  private foreign(what: string): Reply {
    const status = this.options.foreignProjectStatus ?? 404;
    return status === 403
      ? json(403, { statusCode: 403, message: `Forbidden: ${what}` })
      : notFound(`No ${what}`);
  }

  private readPaging(query: URLSearchParams, sizeNames: string[]): Paging | Reply {
    const pageText = query.get('page') ?? '0';
    const sizeText = sizeNames.map((name) => query.get(name)).find((value) => value !== null);
    // Digits only: Number() would also take "", "0x1" and "1e1".
    const pageNumber = /^\d+$/.test(pageText) ? Number(pageText) : NaN;
    const size =
      sizeText === undefined
        ? (this.options.defaultPageSize ?? 50)
        : /^\d+$/.test(sizeText)
          ? Number(sizeText)
          : NaN;
    if (!Number.isInteger(pageNumber)) {
      return badRequest('page must be an integer of 0 or more');
    }
    if (!Number.isInteger(size) || size < 1) {
      return badRequest(`${sizeNames.join(' or ')} must be an integer of 1 or more`);
    }
    const cap = Math.min(this.options.maxPageSize ?? 1000, this.pageCap ?? Infinity);
    return { page: pageNumber, size: Math.min(size, cap) };
  }
}

interface Paging {
  page: number;
  size: number;
}

function page(rows: unknown[], paging: Paging): Reply {
  const start = paging.page * paging.size;
  return json(200, rows.slice(start, start + paging.size), {
    'x-total-count': String(rows.length),
  });
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  };
}

function notFound(message: string): Reply {
  return json(404, { statusCode: 404, message });
}

function badRequest(message: string): Reply {
  return json(400, { statusCode: 400, message });
}

function methodNotAllowed(allowed: string): Reply {
  return json(405, { statusCode: 405, message: 'Method Not Allowed' }, { allow: allowed });
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}

async function readRequestBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits `ms`, or less when the client gives up first, so no timer outlives its connection. */
function delayUnlessClosed(ms: number, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      response.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    response.once('close', done);
  });
}

/** Sends the headers and the first `bytes` of the body, then closes the connection. */
function cutOffMidBody(
  response: ServerResponse,
  reply: Reply,
  headers: Record<string, string>,
  bytes: number,
): void {
  response.writeHead(reply.status, headers);
  response.flushHeaders();
  const part = Buffer.from(reply.body).subarray(0, bytes);
  const socket = response.socket;
  // Closed only once the part has been written, so the client reads it before the end.
  if (part.length > 0) response.write(part, () => socket?.destroy());
  else socket?.write(Buffer.alloc(0), () => socket.destroy());
}

/** The path below the base URL, as fault rules name it: `/v1.0/assets`, `/authenticate`. */
function pathBelowBase(pathname: string): string {
  return pathname.startsWith(BASE_PATH + '/') ? pathname.slice(BASE_PATH.length) : pathname;
}
