import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer as createNodeServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

import type { Logger } from './log.js';
import { createServer, type ServerOptions } from './server.js';
import { shutdownOnSignals } from './shutdown.js';
import { ShotHubClient } from './shothub/client.js';
import { isLoopbackHost, loadTuning, type ShotHubConfig } from './shothub/config.js';
import { loadLimits } from './tools/context.js';
import { loadToolSelection } from './tools/index.js';
import { PACKAGE } from './version.js';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8740;
export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/healthz';

const MAX_BODY_BYTES = 1024 * 1024;
const MIN_TOKEN_LENGTH = 16;
const MAX_SESSIONS = 100;
const SESSION_IDLE_MS = 30 * 60_000;
const IDLE_SWEEP_MS = 60_000;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface HttpSettings {
  /** The address to listen on, without brackets for IPv6. */
  host: string;
  /** 0 asks the system for any free port. */
  port: number;
  /** SHA-256 of the bearer token; undefined only when --no-auth was accepted. */
  tokenDigest: Buffer | undefined;
}

export interface HttpGateway {
  /** Where assistants connect, e.g. `http://127.0.0.1:8740/mcp`. */
  url: string;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  openRequests: number;
  lastSeenAt: number;
}

/**
 * Checks the HTTP options and SHOTHUB_HTTP_TOKEN before anything listens, so that a refused
 * combination never opens a port.
 */
export function loadHttpSettings(
  options: { host?: string; port: number; noAuth?: boolean },
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): HttpSettings {
  const host = parseListenHost(options.host ?? DEFAULT_HTTP_HOST);
  const token = env.SHOTHUB_HTTP_TOKEN?.trim();

  if (options.noAuth) {
    if (!isLoopbackHost(host)) {
      throw new Error(
        `--no-auth is refused with --host ${host}: without a token, only a loopback host ` +
          '(127.0.0.1, localhost, ::1) may be served. Set SHOTHUB_HTTP_TOKEN instead.',
      );
    }
    if (token) logger.warn('--no-auth given: SHOTHUB_HTTP_TOKEN is ignored');
    return { host, port: options.port, tokenDigest: undefined };
  }

  if (!token) {
    throw new Error(
      'SHOTHUB_HTTP_TOKEN is not set: --http needs a secret that every client sends as ' +
        '"Authorization: Bearer <token>" (e.g. from `openssl rand -hex 32`), ' +
        'or --no-auth on a loopback host.',
    );
  }
  if (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new Error(
      `SHOTHUB_HTTP_TOKEN must be at least ${MIN_TOKEN_LENGTH} printable ASCII characters ` +
        'without spaces, e.g. from `openssl rand -hex 32`.',
    );
  }
  logger.addSecret(token);
  return { host, port: options.port, tokenDigest: sha256(token) };
}

function parseListenHost(text: string): string {
  const host = text.trim().replace(/^\[(.*)\]$/, '$1');
  const isName = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host);
  const isIpv6 = host.includes(':') && /^[0-9A-Fa-f:.]+$/.test(host);
  if (!isName && !isIpv6) {
    throw new Error(
      `--host takes a host name or IP address without scheme or port (got "${text}").`,
    );
  }
  return host.toLowerCase();
}

/**
 * Serves MCP over Streamable HTTP until SIGINT or SIGTERM. Unlike stdio mode, a closed stdin
 * does not end the server: a service manager may start it with no stdin at all.
 */
export async function serveHttp(
  config: ShotHubConfig,
  logger: Logger,
  settings: HttpSettings,
  onClose?: () => Promise<void>,
): Promise<void> {
  // The ShotHub credentials are this instance's, not the caller's: every session reads as the
  // same script, through one login, one cache and one connection pool.
  const limits = loadLimits();
  const tools = loadToolSelection();
  const client = new ShotHubClient(config, { logger, ...loadTuning() });
  const gateway = await startHttpServer(client, logger, settings, { limits, tools }).catch(
    async (error) => {
      await client.close().catch(() => undefined);
      await onClose?.().catch(() => undefined);
      throw error;
    },
  );
  shutdownOnSignals(logger, [() => gateway.close(), () => client.close(), () => onClose?.()]);

  // Written whatever the log level: with --port 0 this line is the only way to learn the port.
  const auth = settings.tokenDigest ? 'bearer token required' : 'no authentication';
  process.stderr.write(`shothub-mcp: listening on ${gateway.url} (${auth})\n`);
  logger.info('serving MCP over Streamable HTTP', {
    version: PACKAGE.version,
    shothub: config.baseUrl,
  });
  if (!isLoopbackHost(settings.host)) {
    logger.warn(
      'plain HTTP on a non-loopback address: the token and every answer cross the network ' +
        'unencrypted; put a TLS proxy in front of it',
    );
  }
  if (settings.host === '0.0.0.0' || settings.host === '::') {
    logger.warn(
      'a wildcard address serves only clients that name a loopback host: Host headers ' +
        "must match --host; give this machine's name or address as --host instead",
    );
  }
}

/**
 * Listens for MCP clients, one MCP server per session, all reading through `shothub`. The
 * caller owns `shothub` and closes it after `close`.
 */
export async function startHttpServer(
  shothub: ShotHubClient,
  logger: Logger,
  settings: HttpSettings,
  serverOptions: ServerOptions = {},
): Promise<HttpGateway> {
  const sessions = new Map<string, Session>();
  let allowedHosts = new Set<string>();
  let closing = false;

  const openSession = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    if (sessions.size >= MAX_SESSIONS) {
      return sendJsonError(res, 503, 'Too many open sessions: close one, or retry later.', {
        'Retry-After': '60',
      });
    }
    // Not createServer's own close: that would also close the ShotHub client all share.
    const { server } = createServer(shothub, logger, serverOptions);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        logger.info('MCP session opened', { session: id.slice(0, 8), sessions: sessions.size });
      },
    });
    const session: Session = { server, transport, openRequests: 0, lastSeenAt: Date.now() };
    transport.onerror = (error) => logger.debug('MCP transport', { error: error.message });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id === undefined || !sessions.delete(id)) return;
      logger.info('MCP session closed', { session: id.slice(0, 8), sessions: sessions.size });
    };
    await server.connect(transport);

    await serveInSession(session, req, res, body);
    // An initialize the transport refused (a wrong Accept header, say) opened no session.
    if (transport.sessionId === undefined) await server.close();
  };

  const routeMcp = async (req: IncomingMessage, res: ServerResponse) => {
    const sessionId = req.headers['mcp-session-id'];
    if (Array.isArray(sessionId)) {
      return sendJsonError(res, 400, 'Bad Request: one Mcp-Session-Id header at most.');
    }
    const method = req.method ?? '';
    if (!['GET', 'POST', 'DELETE'].includes(method)) {
      return sendJsonError(res, 405, 'Method not allowed.', { Allow: 'GET, POST, DELETE' });
    }

    let body: unknown;
    if (method === 'POST') {
      const text = await readBody(req, MAX_BODY_BYTES);
      if (text === undefined) {
        return sendJsonError(res, 413, `Request body larger than ${MAX_BODY_BYTES} bytes.`, {
          Connection: 'close',
        });
      }
      try {
        body = JSON.parse(text);
      } catch {
        return sendJsonError(res, 400, 'Parse error: Invalid JSON', {}, -32700);
      }
      if (sessionId === undefined && startsSession(body)) return openSession(req, res, body);
    }

    if (sessionId === undefined) {
      return sendJsonError(res, 400, 'Bad Request: Mcp-Session-Id header is required');
    }
    const session = sessions.get(sessionId);
    // The spec's answer to an ended or unknown session: the client starts a new one.
    if (!session) return sendJsonError(res, 404, 'Session not found', {}, -32001);
    return serveInSession(session, req, res, body);
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    if (closing) return sendJsonError(res, 503, 'Shutting down.', { Connection: 'close' });
    if (!namesThisServer(req, allowedHosts)) {
      logger.debug('refused a request for a foreign host', {
        host: req.headers.host,
        origin: req.headers.origin,
      });
      return sendJsonError(res, 403, 'Forbidden: Host or Origin header not allowed.');
    }

    const path = (req.url ?? '').split('?')[0];
    // Unauthenticated on purpose, for load balancers and service checks; it says only "ok".
    if (path === HEALTH_PATH && req.method === 'GET') return sendText(res, 200, 'ok\n');
    if (settings.tokenDigest && !hasToken(req, settings.tokenDigest)) {
      logger.debug('refused a request without the right bearer token');
      return sendJsonError(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
    }
    if (path !== MCP_PATH) return sendJsonError(res, 404, 'Not found');
    return routeMcp(req, res);
  };

  const httpServer = createNodeServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error('HTTP request failed', { error: (error as Error)?.message ?? String(error) });
      if (!res.headersSent) sendJsonError(res, 500, 'Internal error', {}, -32603);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(settings.port, settings.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(listenFailure(error, settings));
  });
  const { port } = httpServer.address() as AddressInfo;
  allowedHosts = allowedHostHeaders(settings.host, port);

  // A client that vanished without DELETE would otherwise keep its MCP server forever.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const session of sessions.values()) {
      if (session.openRequests === 0 && now - session.lastSeenAt > SESSION_IDLE_MS) {
        logger.info('closing an idle MCP session');
        void session.server.close().catch(() => undefined);
      }
    }
  }, IDLE_SWEEP_MS);
  sweep.unref();

  return {
    url: `http://${hostHeaderName(settings.host)}:${port}${MCP_PATH}`,
    close: async () => {
      closing = true;
      clearInterval(sweep);
      const open = [...sessions.values()];
      await Promise.all(open.map((session) => session.server.close().catch(() => undefined)));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

async function serveInSession(
  session: Session,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
) {
  // A standalone GET stream stays open for as long as the client listens: that is not idle.
  session.openRequests += 1;
  res.on('close', () => {
    session.openRequests -= 1;
    session.lastSeenAt = Date.now();
  });
  await session.transport.handleRequest(req, res, body);
}

function startsSession(body: unknown): boolean {
  return Array.isArray(body) ? body.some(isInitializeRequest) : isInitializeRequest(body);
}

/** The body as text, or undefined once it grows past `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares digests, which are always of equal length, so the time taken says nothing. */
function hasToken(req: IncomingMessage, expected: Buffer): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  const given = sha256(match?.[1] ?? '');
  return timingSafeEqual(given, expected) && match !== null;
}

/**
 * Against DNS rebinding: a web page on another site can reach this port through the browser,
 * but its requests name that site in Host and Origin.
 */
function namesThisServer(req: IncomingMessage, allowedHosts: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts.has(host)) return false;

  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowedHosts.has(url.host);
  } catch {
    // Includes the opaque origin "null" of sandboxed pages and local files.
    return false;
  }
}

function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, hostHeaderName(host)]);
  const headers = [...names].map((name) => `${name}:${port}`);
  // Clients leave out the default port, in Host and in Origin alike.
  return new Set(port === 80 ? [...headers, ...names] : headers);
}

function hostHeaderName(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listenFailure(error: NodeJS.ErrnoException, settings: HttpSettings): string {
  const where = `${hostHeaderName(settings.host)}:${settings.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is in use: choose another port with --port, or 0 for any free port.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Cannot listen on ${settings.host}: it is not an address of this machine.`;
    case 'EACCES':
      return `Not allowed to listen on ${where}: choose a port above 1023.`;
    default:
      return `Cannot listen on ${where}: ${error.message}`;
  }
}

function sendJsonError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: OutgoingHttpHeaders = {},
  code = -32000,
): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
