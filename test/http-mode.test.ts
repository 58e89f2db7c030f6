import { spawn } from 'node:child_process';
import { request } from 'node:http';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHttpInstance, type HttpInstance } from './support/http-instance.js';
import { CLI } from './support/mcp-session.js';

const TOKEN = 'test-token-0123456789abcdef0123456789';
const TOOLS = [
  'get_asset',
  'get_dynamic_metadata',
  'get_folder_tree',
  'get_looks',
  'list_projects',
  'search',
  'summarize',
];

/** Runs the built CLI to its end, for options refused at start; killed after 5 s. */
function runToExit(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function connect(url: URL, token = TOKEN) {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'shothub-mcp-http-tests', version: '1.0.0' });
  await client.connect(transport);
  // Listing the tools first lets the client check every structuredContent against its schema.
  const { tools } = await client.listTools();
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, transport, tools, call };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to 127.0.0.1 with headers set by hand, Host included. */
function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/mcp',
        headers: options.headers,
        timeout: 5_000,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 5 s')));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '1' },
  },
});

const mcpHeaders = (port: number, extra: Record<string, string> = {}) => ({
  Host: `127.0.0.1:${port}`,
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  ...extra,
});

describe('a shared instance over Streamable HTTP', () => {
  let instance: HttpInstance;
  let port: number;
  beforeAll(async () => {
    instance = await startHttpInstance(['--demo'], { SHOTHUB_HTTP_TOKEN: TOKEN });
    port = Number(instance.url.port);
  });
  afterAll(async () => {
    await instance?.stop();
  });

  it('listens on loopback and serves a client with the token all seven tools', async () => {
    expect(instance.url.hostname).toBe('127.0.0.1');
    expect(instance.url.pathname).toBe('/mcp');

    const session = await connect(instance.url);
    try {
      expect(session.tools.map((tool) => tool.name).sort()).toEqual(TOOLS);

      const projects = await session.call('list_projects');
      expect(projects.isError).toBeFalsy();
      const listed = projects.structuredContent as { projects: { name: string }[] };
      expect(listed.projects.map((project) => project.name).sort()).toEqual([
        'Birthday Cake',
        'Hotel',
        'Überfahrt',
      ]);

      const found = await session.call('search', { query: 'A1C-D2F-G3H' });
      expect(found.isError).toBeFalsy();
      expect((found.structuredContent as { total: number }).total).toBe(1);
    } finally {
      await session.client.close();
    }
    expect(instance.stderr()).not.toContain(TOKEN);
  });

  it('gives two assistants at once two sessions, and answers both', async () => {
    const [first, second] = await Promise.all([connect(instance.url), connect(instance.url)]);
    try {
      expect(first.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.transport.sessionId).not.toBe(second.transport.sessionId);

      const answers = await Promise.all([
        first.call('list_projects'),
        second.call('get_folder_tree', { project: 'Hotel', maxDepth: 1 }),
      ]);
      expect((answers[0].structuredContent as { count: number }).count).toBe(3);
      expect(answers[1].isError).toBeFalsy();
    } finally {
      await Promise.all([first.client.close(), second.client.close()]);
    }
  });

  it('ends a session on DELETE, and answers its id with 404 from then on', async () => {
    const session = await connect(instance.url);
    const sessionId = session.transport.sessionId!;
    await session.transport.terminateSession();
    await session.client.close();

    const after = await rawRequest(port, {
      headers: mcpHeaders(port, {
        Authorization: `Bearer ${TOKEN}`,
        'Mcp-Session-Id': sessionId,
      }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
    expect(after.body).toContain('Session not found');
  });

  it('answers a request without the right token with 401 and nothing more', async () => {
    const missing = await rawRequest(port, { headers: mcpHeaders(port), body: INITIALIZE });
    const wrong = await rawRequest(port, {
      headers: mcpHeaders(port, { Authorization: `Bearer ${TOKEN}x` }),
      body: INITIALIZE,
    });
    const otherScheme = await rawRequest(port, {
      headers: mcpHeaders(port, { Authorization: `Basic ${TOKEN}` }),
      body: INITIALIZE,
    });

    for (const answer of [missing, wrong, otherScheme]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.headers['mcp-session-id']).toBeUndefined();
      expect(answer.body).not.toContain('list_projects');
      expect(answer.body).not.toContain('0.1.0');
      expect(answer.body).not.toContain('shothub');
    }
    // The health check needs no token and says nothing but that.
    const health = await rawRequest(port, {
      method: 'GET',
      path: '/healthz',
      headers: { Host: `localhost:${port}` },
    });
    expect(health).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('refuses a Host or Origin naming another site, as a rebinding page sends', async () => {
    const withToken = { Authorization: `Bearer ${TOKEN}` };
    const foreignHost = await rawRequest(port, {
      headers: mcpHeaders(port, { ...withToken, Host: 'evil.example' }),
      body: INITIALIZE,
    });
    const foreignHostWithPort = await rawRequest(port, {
      method: 'GET',
      path: '/healthz',
      headers: { Host: `evil.example:${port}` },
    });
    const foreignOrigin = await rawRequest(port, {
      headers: mcpHeaders(port, { ...withToken, Origin: 'http://evil.example' }),
      body: INITIALIZE,
    });

    for (const answer of [foreignHost, foreignHostWithPort, foreignOrigin]) {
      expect(answer.status).toBe(403);
      expect(answer.headers['mcp-session-id']).toBeUndefined();
    }
    // The same request from the server's own origin opens a session.
    const ownOrigin = await rawRequest(port, {
      headers: mcpHeaders(port, { ...withToken, Origin: `http://localhost:${port}` }),
      body: INITIALIZE,
    });
    expect(ownOrigin.status).toBe(200);
    expect(ownOrigin.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a body over 1 MB with 413, and does not read it', async () => {
    const answer = await rawRequest(port, {
      headers: mcpHeaders(port, { Authorization: `Bearer ${TOKEN}` }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: 'x'.repeat(2 ** 21) }),
    });
    expect(answer.status).toBe(413);
  });
});

describe('starting in HTTP mode', () => {
  it('without SHOTHUB_HTTP_TOKEN stops at once with one line that names it', async () => {
    const run = await runToExit(['--http', '--demo', '--port', '0'], {});
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('SHOTHUB_HTTP_TOKEN is not set');
  });

  it('refuses --no-auth on a non-loopback host before anything listens', async () => {
    const run = await runToExit(['--http', '--demo', '--no-auth', '--host', '0.0.0.0'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--no-auth is refused with --host 0.0.0.0');
    expect(run.stderr).not.toContain('listening on');
    expect(run.stderr).not.toContain('demo mode');
  });

  it('with --no-auth on loopback serves a client without a token', async () => {
    const instance = await startHttpInstance(['--demo', '--no-auth'], {});
    try {
      expect(instance.stderr()).toContain('(no authentication)');
      const session = await connect(instance.url, 'not-checked');
      expect(session.tools).toHaveLength(7);
      await session.client.close();
    } finally {
      await instance.stop();
    }
  });

  it('exits within 1.5 s of SIGTERM, with a session still open', async () => {
    const instance = await startHttpInstance(['--demo'], { SHOTHUB_HTTP_TOKEN: TOKEN });
    const session = await connect(instance.url);
    await session.call('list_projects');

    const { code, ms } = await instance.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(1_500);
    expect(instance.stderr()).toContain('shutting down reason="SIGTERM"');
    await session.client.close().catch(() => undefined);
  });
});
