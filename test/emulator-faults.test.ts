import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

import { describe, it, expect, beforeAll, afterAll } from 'vitest';

import { parseFaultSpec, type FaultPlan } from '../src/emulator/faults.js';
import {
  DEEP_PROJECT_ID,
  UNUSUAL_NAMES,
  WIDE_PROJECT_ID,
  createDeepFolderDataset,
  createLargeProjectDataset,
  createUnusualNamesDataset,
  createWideFolderDataset,
} from '../src/emulator/large-data.js';
import { DEMO_SCRIPT, SAMPLE_FOLDER_ID, SAMPLE_PROJECT_ID } from '../src/emulator/sample-data.js';
import {
  startEmulator,
  type EmulatorOptions,
  type RequestRecord,
  type ShotHubEmulator,
} from '../src/emulator/server.js';

type Row = Record<string, unknown>;
interface FolderNode {
  id: string;
  name: string;
  type: string;
  children: FolderNode[];
}

const ASSETS_PAGE = `assets?folderId=${SAMPLE_FOLDER_ID}&pageSize=10`;

/** Starts an emulator for the enclosing describe block and closes it when the block ends. */
function emulatorFor(options: EmulatorOptions | (() => EmulatorOptions)): () => ShotHubEmulator {
  let emulator: ShotHubEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('The emulator has not started yet');
    return emulator;
  };
}

function faulty(spec: string): EmulatorOptions {
  return { faults: parseFaultSpec(spec) };
}

async function login(emulator: ShotHubEmulator): Promise<string> {
  const response = await fetch(`${emulator.baseUrl}/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_SCRIPT),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id_token: string }).id_token;
}

function get(
  emulator: ShotHubEmulator,
  path: string,
  token: string,
  signal?: AbortSignal,
): Promise<Response> {
  const headers = { authorization: `Bearer ${token}` };
  return fetch(`${emulator.baseUrl}/v1.0/${path}`, { headers, ...(signal ? { signal } : {}) });
}

async function statusOf(emulator: ShotHubEmulator, path: string, token: string) {
  const response = await get(emulator, path, token);
  await response.arrayBuffer();
  return response.status;
}

function dataCalls(emulator: ShotHubEmulator): RequestRecord[] {
  return emulator.requests.filter((record) => record.path.startsWith('/sh/v1.0/'));
}

/** Waits, a bounded number of times, for the emulator to record `count` requests. */
async function recorded(emulator: ShotHubEmulator, count: number): Promise<RequestRecord[]> {
  for (let attempt = 0; attempt < 100 && emulator.requests.length < count; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return emulator.requests;
}

interface RawExchange {
  status: number;
  headers: IncomingHttpHeaders;
  received: Buffer;
  error: (Error & { code?: string }) | undefined;
}

/** A GET on its own connection that keeps whatever body arrived, and how the exchange ended. */
function rawGet(emulator: ShotHubEmulator, path: string, token: string): Promise<RawExchange> {
  const url = `${emulator.baseUrl}/v1.0/${path}`;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const outgoing = httpRequest(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        const finish = (error?: Error) =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            received: Buffer.concat(chunks),
            error,
          });
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => finish());
        response.on('error', finish);
      },
    );
    outgoing.on('error', (error) =>
      resolve({ status: 0, headers: {}, received: Buffer.alloc(0), error }),
    );
    outgoing.end();
  });
}

function depthOf(nodes: FolderNode[]): { depth: number; deepest: FolderNode | undefined } {
  let depth = 0;
  let deepest: FolderNode | undefined;
  const stack = nodes.map((node) => ({ node, level: 1 }));
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.level > depth) ({ depth, deepest } = { depth: next.level, deepest: next.node });
    for (const child of next.node.children) stack.push({ node: child, level: next.level + 1 });
  }
  return { depth, deepest };
}

describe('the fault text form', () => {
  it('reads statuses with ranges, both Retry-After forms, and targets', () => {
    const plan = parseFaultSpec(
      '503@2-4; 429@5,retry-after=3; 429@1+3,retry-after=date+2;' +
        ' reset@1,path=/v1.0/assets?,query=page=2&pageSize=10; delay=5000@7-; revoke,method=get',
    );
    expect(plan.rules).toEqual([
      { kind: 'status', status: 503, from: 2, to: 4 },
      { kind: 'status', status: 429, retryAfter: 3, from: 5, to: 5 },
      {
        kind: 'status',
        status: 429,
        retryAfter: 2,
        retryAfterFormat: 'http-date',
        from: 1,
        to: 3,
      },
      {
        kind: 'reset',
        path: '/v1.0/assets?',
        query: { page: '2', pageSize: '10' },
        from: 1,
        to: 1,
      },
      { kind: 'delay', ms: 5000, from: 7 },
      { kind: 'revoke', method: 'GET' },
    ]);
  });

  it('reads the random mode, and JSON that says the same', () => {
    const text = parseFaultSpec('random=0.25,seed=7,kinds=503|reset|page-cap=5,retry-after=1');
    const json = parseFaultSpec(
      JSON.stringify({
        random: {
          seed: 7,
          rate: 0.25,
          kinds: [{ kind: 'status', status: 503, retryAfter: 1 }, 'reset', 'page-cap=5'],
        },
      }),
    );
    expect(text).toEqual(json);
    expect(text.random).toEqual({
      seed: 7,
      rate: 0.25,
      kinds: [
        { kind: 'status', status: 503, retryAfter: 1 },
        { kind: 'reset' },
        { kind: 'page-cap', rows: 5 },
      ],
    });
    expect(parseFaultSpec('[{"kind":"html","from":2}]')).toEqual({
      rules: [{ kind: 'html', from: 2 }],
    });
  });

  it('is empty for blank text and names the mistake in text it cannot read', () => {
    expect(parseFaultSpec('  ')).toEqual({});
    expect(() => parseFaultSpec('teapot')).toThrow(/unknown fault "teapot"/);
    expect(() => parseFaultSpec('503@0')).toThrow(/from must be a whole number from 1/);
    expect(() => parseFaultSpec('503@4-2')).toThrow(/ends \(to\) before it starts/);
    expect(() => parseFaultSpec('503@x')).toThrow(/"@x" is not a range/);
    expect(() => parseFaultSpec('200')).toThrow(/status must be a whole number from 400/);
    expect(() => parseFaultSpec('html,retry-after=3')).toThrow(/retry-after= needs a status/);
    expect(() => parseFaultSpec('503,colour=red')).toThrow(/unknown option "colour"/);
    expect(() => parseFaultSpec('random=0.1,kinds=503')).toThrow(/needs seed=INTEGER/);
    expect(() => parseFaultSpec('random=2,seed=1,kinds=503')).toThrow(/rate must be a number/);
    expect(() => parseFaultSpec('{"rules":[{"kind":"delay"}]}')).toThrow(/ms must be/);
  });
});

describe('an emulator with no faults configured', () => {
  const plain = emulatorFor({});
  const empty = emulatorFor(faulty(''));
  const plainAnswers: unknown[] = [];
  const emptyAnswers: unknown[] = [];

  it('answers exactly as one without the option, and records no fault', async () => {
    for (const emulator of [plain(), empty()]) {
      const token = await login(emulator);
      const answers = [];
      for (const path of ['projects', ASSETS_PAGE, `folders-tree/${SAMPLE_PROJECT_ID}`]) {
        const response = await get(emulator, path, token);
        answers.push({
          status: response.status,
          total: response.headers.get('x-total-count'),
          type: response.headers.get('content-type'),
          body: await response.text(),
        });
      }
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(answers[1]?.total).toBe('13');
      expect(emulator.requests.every((record) => !('fault' in record))).toBe(true);
      (emulator === plain() ? plainAnswers : emptyAnswers).push(...answers);
    }
    expect(emptyAnswers).toEqual(plainAnswers);
  });
});

describe('an injected 429', () => {
  const emulator = emulatorFor(faulty('429@2,retry-after=3; 429@4+2,retry-after=date+5; 429@6'));

  it('answers the Nth data call, not counting logins, with Retry-After in seconds', async () => {
    const token = await login(emulator());
    expect(await statusOf(emulator(), 'projects', token)).toBe(200);

    const limited = await get(emulator(), 'projects', token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ statusCode: 429, message: 'Too Many Requests' });
    await login(emulator());
    expect(await statusOf(emulator(), 'projects', token)).toBe(200);
    expect(dataCalls(emulator()).map((record) => record.fault)).toEqual([
      undefined,
      '429,retry-after=3',
      undefined,
    ]);
  });

  it('comes in a burst with an HTTP-date Retry-After, and then without the header', async () => {
    const token = await login(emulator());
    const burst = [
      await get(emulator(), 'projects', token),
      await get(emulator(), 'projects', token),
    ];
    const bare = await get(emulator(), 'projects', token);

    for (const response of burst) {
      expect(response.status).toBe(429);
      const value = response.headers.get('retry-after') ?? '';
      expect(value).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const sentAt = dataCalls(emulator()).at(-1)!.receivedAtMs;
      const ahead = Date.parse(value) / 1000 - Math.floor(sentAt / 1000);
      expect([4, 5, 6]).toContain(ahead);
    }
    expect(bare.status).toBe(429);
    expect(bare.headers.has('retry-after')).toBe(false);
    expect(
      dataCalls(emulator())
        .slice(3)
        .map((record) => record.fault),
    ).toEqual(['429,retry-after=date+5', '429,retry-after=date+5', '429']);
    expect(await statusOf(emulator(), 'projects', token)).toBe(200);
  });
});

describe('injected server errors', () => {
  const emulator = emulatorFor(faulty('500@1; 502@2-3; 503@4,retry-after=2'));

  it('are 500, a 502 burst and a 503 with Retry-After, each with a JSON error body', async () => {
    const token = await login(emulator());
    const answers = [];
    for (let call = 1; call <= 5; call++) {
      const response = await get(emulator(), 'projects', token);
      answers.push({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Row | Row[],
      });
    }

    expect(answers.map((answer) => [answer.status, answer.retryAfter])).toEqual([
      [500, null],
      [502, null],
      [502, null],
      [503, '2'],
      [200, null],
    ]);
    expect(answers[1]?.body).toEqual({ statusCode: 502, message: 'Bad Gateway' });
    expect(answers[3]?.body).toEqual({ statusCode: 503, message: 'Service Unavailable' });
    expect(dataCalls(emulator()).map((record) => record.status)).toEqual([500, 502, 502, 503, 200]);
  });
});

describe('a delayed answer', () => {
  const emulator = emulatorFor(faulty('delay=5000@1,path=/v1.0/projects'));

  it('has not arrived when a shorter timeout fires, and the next request is served', async () => {
    const token = await login(emulator());
    const late = get(emulator(), 'projects', token, AbortSignal.timeout(250));
    await expect(late).rejects.toMatchObject({ name: 'TimeoutError' });

    expect(await statusOf(emulator(), 'projects', token)).toBe(200);
    const records = await recorded(emulator(), 3);
    expect(records.find((record) => record.fault)).toMatchObject({
      path: '/sh/v1.0/projects',
      fault: 'delay=5000',
    });
  });
});

describe('a connection reset mid-body', () => {
  const emulator = emulatorFor(faulty('reset@1,path=/v1.0/assets?; reset=0@2,path=/v1.0/assets?'));

  it('sends the headers and half the body, then closes the connection', async () => {
    const token = await login(emulator());
    const cut = await rawGet(emulator(), ASSETS_PAGE, token);
    const headersOnly = await rawGet(emulator(), ASSETS_PAGE, token);
    const whole = await rawGet(emulator(), ASSETS_PAGE, token);

    expect(whole.error).toBeUndefined();
    expect(cut.status).toBe(200);
    expect(cut.headers['content-length']).toBe(String(whole.received.length));
    expect(cut.error?.code).toBe('ECONNRESET');
    expect(cut.received.length).toBe(Math.floor(whole.received.length / 2));
    expect(whole.received.subarray(0, cut.received.length).equals(cut.received)).toBe(true);

    expect(headersOnly.status).toBe(200);
    expect(headersOnly.received.length).toBe(0);
    expect(headersOnly.error?.code).toBe('ECONNRESET');
    expect(dataCalls(emulator()).map((record) => [record.fault, record.bytes])).toEqual([
      ['reset', cut.received.length],
      ['reset=0', 0],
      [undefined, whole.received.length],
    ]);
  });

  it('makes fetch fail while reading the body', async () => {
    const other = await startEmulator(faulty('reset'));
    try {
      const response = await get(other, 'projects', await login(other));
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow(TypeError);
    } finally {
      await other.close();
    }
  });
});

describe('spoiled bodies with status 200', () => {
  const emulator = emulatorFor(
    faulty('malformed-json@1; wrong-shape@2; wrong-shape@3; missing-id@4; html@5; missing-id@6'),
  );
  let token = '';
  let truth = '';
  beforeAll(async () => {
    const clean = await startEmulator();
    token = await login(clean);
    truth = await (await get(clean, ASSETS_PAGE, token)).text();
    await clean.close();
    token = await login(emulator());
  });

  it('include JSON cut off in the middle', async () => {
    const response = await get(emulator(), ASSETS_PAGE, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(text).toBe(truth.slice(0, Math.floor(truth.length / 2)));
  });

  it('include a listing wrapped in an object, and a single asset in an array', async () => {
    const listing = (await (await get(emulator(), ASSETS_PAGE, token)).json()) as Row;
    expect(Array.isArray(listing)).toBe(false);
    expect(listing).toEqual({ data: JSON.parse(truth), total: 10 });

    const firstId = (JSON.parse(truth) as Row[])[0]!.id as string;
    const single = (await (await get(emulator(), `assets/${firstId}`, token)).json()) as Row[];
    expect(single).toHaveLength(1);
    expect(single[0]?.id).toBe(firstId);
  });

  it('include rows without id, in a listing and in a single asset', async () => {
    const rows = (await (await get(emulator(), ASSETS_PAGE, token)).json()) as Row[];
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => !('id' in row) && typeof row.name === 'string')).toBe(true);
    expect(rows[0]?.name).toBe((JSON.parse(truth) as Row[])[0]?.name);

    const html = await get(emulator(), 'projects', token);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toMatch(/^<!DOCTYPE html>\n<html>/);

    const firstId = (JSON.parse(truth) as Row[])[0]!.id as string;
    const single = (await (await get(emulator(), `assets/${firstId}`, token)).json()) as Row;
    expect(single).not.toHaveProperty('id');
    expect(single.name).toBe((JSON.parse(truth) as Row[])[0]?.name);
    expect(dataCalls(emulator()).map((record) => record.fault)).toEqual([
      'malformed-json',
      'wrong-shape',
      'wrong-shape',
      'missing-id',
      'html',
      'missing-id',
    ]);
  });
});

describe('a token revoked before its expiry', () => {
  const emulator = emulatorFor({ ...faulty('revoke@3'), tokenLifetimeSeconds: 3600 });

  it('works for two data calls, gets 401 on the third, and a new login works', async () => {
    const token = await login(emulator());
    expect(await statusOf(emulator(), 'projects', token)).toBe(200);
    expect(await statusOf(emulator(), ASSETS_PAGE, token)).toBe(200);
    expect(await statusOf(emulator(), 'projects', token)).toBe(401);
    expect(await statusOf(emulator(), 'projects', token)).toBe(401);

    expect(await statusOf(emulator(), 'projects', await login(emulator()))).toBe(200);
    expect(dataCalls(emulator()).map((record) => [record.status, record.fault])).toEqual([
      [200, undefined],
      [200, undefined],
      [401, 'revoke'],
      [401, undefined],
      [200, undefined],
    ]);
  });
});

describe('paging faults', () => {
  const emulator = emulatorFor(
    faulty('no-total-count@1,path=/v1.0/assets?; page-cap=4@2,path=/v1.0/assets?'),
  );

  it('leave out x-total-count, and cap one page below the size asked for', async () => {
    const token = await login(emulator());
    const uncounted = await get(emulator(), ASSETS_PAGE, token);
    const uncountedRows = (await uncounted.json()) as Row[];
    expect(uncounted.headers.has('x-total-count')).toBe(false);
    expect(uncountedRows).toHaveLength(10);

    const capped = await get(emulator(), `${ASSETS_PAGE}&page=1`, token);
    const cappedRows = (await capped.json()) as Row[];
    expect(capped.headers.get('x-total-count')).toBe('13');
    // Page 1 of pages of four: the server's size sets the offset, not the one asked for.
    expect(cappedRows.map((row) => row.id)).toEqual(uncountedRows.slice(4, 8).map((row) => row.id));

    const normal = (await (await get(emulator(), `${ASSETS_PAGE}&page=1`, token)).json()) as Row[];
    expect(normal).toHaveLength(3);
    expect(dataCalls(emulator()).map((record) => record.fault)).toEqual([
      'no-total-count',
      'page-cap=4',
      undefined,
    ]);
  });
});

describe('which requests a fault targets', () => {
  it('is chosen by path prefix: only the asset endpoints fail', async () => {
    const emulator = await startEmulator(faulty('503,path=/v1.0/assets'));
    try {
      const token = await login(emulator);
      expect(await statusOf(emulator, 'projects', token)).toBe(200);
      expect(await statusOf(emulator, `folders-tree/${SAMPLE_PROJECT_ID}`, token)).toBe(200);
      expect(await statusOf(emulator, ASSETS_PAGE, token)).toBe(503);
      const assetId = emulator.dataset.projects[0]!.assets[0]!.fields.id;
      expect(await statusOf(emulator, `assets/${assetId}`, token)).toBe(503);
    } finally {
      await emulator.close();
    }
  });

  it('counts data calls only by default, and every request with path=/', async () => {
    const emulator = await startEmulator(faulty('503@2-3; 500@2-3,path=/'));
    try {
      const token = await login(emulator);
      const statuses = [];
      for (let call = 1; call <= 4; call++) {
        statuses.push(await statusOf(emulator, 'projects', token));
      }
      // Requests 2 and 3 of all are the first two data calls, after the login. The second is
      // also data call 2, where the 503 rule, listed first, wins.
      expect(statuses).toEqual([500, 503, 503, 200]);
      expect(emulator.requests.map((record) => record.fault)).toEqual([
        undefined,
        '500',
        '503',
        '503',
        undefined,
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('is chosen by method, and by query parameter', async () => {
    const emulator = await startEmulator(
      faulty('503@1,method=POST,path=/; reset@1,path=/v1.0/assets?,query=page=1'),
    );
    try {
      const refused = await fetch(`${emulator.baseUrl}/authenticate`, {
        method: 'POST',
        body: JSON.stringify(DEMO_SCRIPT),
      });
      expect(refused.status).toBe(503);
      const token = await login(emulator);

      expect((await rawGet(emulator, ASSETS_PAGE, token)).error).toBeUndefined();
      expect((await rawGet(emulator, `${ASSETS_PAGE}&page=1`, token)).error?.code).toBe(
        'ECONNRESET',
      );
      expect((await rawGet(emulator, `${ASSETS_PAGE}&page=1`, token)).error).toBeUndefined();
      expect(emulator.requests.map((record) => record.fault)).toEqual([
        '503',
        undefined,
        undefined,
        'reset',
        undefined,
      ]);
    } finally {
      await emulator.close();
    }
  });
});

describe('the seeded random mode', () => {
  const random = (seed: number): FaultPlan => ({
    random: {
      seed,
      rate: 0.3,
      kinds: ['503', '429', 'reset', 'malformed-json', 'missing-id', 'html', 'no-total-count'],
    },
  });

  /** The fault of each of 100 data calls to a fresh emulator. */
  async function faultsOver100Calls(plan: FaultPlan): Promise<(string | undefined)[]> {
    const emulator = await startEmulator({ faults: plan });
    try {
      const token = await login(emulator);
      for (let call = 0; call < 100; call++) {
        const path = call % 2 === 0 ? 'projects' : ASSETS_PAGE;
        await get(emulator, path, token)
          .then((response) => response.arrayBuffer())
          .catch(() => undefined);
      }
      const calls = dataCalls(emulator);
      expect(calls).toHaveLength(100);
      return calls.map((record) => record.fault);
    } finally {
      await emulator.close();
    }
  }

  it('injects the same faults into the same requests for the same seed', async () => {
    const first = await faultsOver100Calls(random(42));
    const again = await faultsOver100Calls(random(42));
    const otherSeed = await faultsOver100Calls(random(43));

    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    const injected = first.filter((fault) => fault !== undefined);
    expect(injected.length).toBeGreaterThan(10);
    expect(injected.length).toBeLessThan(60);
    expect(new Set(injected).size).toBeGreaterThan(3);
  });
});

describe('a folder 10,000 bins wide', () => {
  const emulator = emulatorFor(() => ({ dataset: createWideFolderDataset() }));

  it('is served whole in the folder tree, and its assets are listed with their total', async () => {
    const token = await login(emulator());
    const tree = (await (
      await get(emulator(), `folders-tree/${WIDE_PROJECT_ID}`, token)
    ).json()) as FolderNode[];
    expect(tree).toHaveLength(1);
    const bins = tree[0]!.children;
    expect(bins).toHaveLength(10_000);
    expect(new Set(bins.map((bin) => bin.id)).size).toBe(10_000);
    expect(bins.every((bin) => bin.type === 'bin')).toBe(true);
    expect(bins.at(-1)?.name).toBe('A10000');

    const listing = await get(emulator(), `assets?folderId=${tree[0]!.id}&pageSize=1`, token);
    expect(listing.headers.get('x-total-count')).toBe('10000');
    const inLastBin = await get(emulator(), `assets?folderId=${bins.at(-1)!.id}`, token);
    expect(((await inLastBin.json()) as Row[]).map((row) => row.name)).toEqual(['A10000C001']);
  });
});

describe('a folder tree 200 levels deep', () => {
  const emulator = emulatorFor(() => ({ dataset: createDeepFolderDataset() }));

  it('is served to its bottom bin, whose clips its top folder lists', async () => {
    const token = await login(emulator());
    const response = await get(emulator(), `folders-tree/${DEEP_PROJECT_ID}`, token);
    const { depth, deepest } = depthOf((await response.json()) as FolderNode[]);
    expect(depth).toBe(200);
    expect(deepest).toMatchObject({ name: 'Level 200', type: 'bin', children: [] });

    const top = emulator().dataset.projects[0]!.folders[0]!.id;
    const rows = (await (await get(emulator(), `assets?folderId=${top}`, token)).json()) as Row[];
    expect(rows.map((row) => row.name)).toEqual(['Z999C001', 'Z999C002', 'Z999C003']);
    const inBin = await get(emulator(), `assets?folderId=${deepest!.id}`, token);
    expect(inBin.headers.get('x-total-count')).toBe('3');
  });
});

describe('a project of 50,000 assets', () => {
  const emulator = emulatorFor(() => ({ dataset: createLargeProjectDataset() }));

  it('counts all of them in x-total-count and serves its last page', async () => {
    const token = await login(emulator());
    const project = emulator().dataset.projects[0]!;
    const root = `assets?folderId=${project.rootFolderId}`;

    const first = await get(emulator(), `${root}&pageSize=1`, token);
    expect(first.headers.get('x-total-count')).toBe('50000');
    await first.arrayBuffer();
    const last = (await (
      await get(emulator(), `${root}&pageSize=1000&page=49`, token)
    ).json()) as Row[];
    expect(last).toHaveLength(1000);
    expect(last.at(-1)?.id).toBe(project.assets.at(-1)?.fields.id);
  });
});

describe('names with emoji, right-to-left text and URL characters', () => {
  const emulator = emulatorFor(() => ({ dataset: createUnusualNamesDataset() }));
  let token = '';
  beforeAll(async () => {
    token = await login(emulator());
  });

  it('are listed intact as project, folder, bin and clip names', async () => {
    const projects = (await (await get(emulator(), 'projects', token)).json()) as Row[];
    expect(projects.map((project) => project.name)).toEqual(
      Object.values(UNUSUAL_NAMES).map((names) => names.project),
    );

    for (const [index, names] of Object.values(UNUSUAL_NAMES).entries()) {
      const project = projects[index]!;
      const tree = await get(emulator(), `folders-tree/${String(project.id)}`, token);
      const [folder] = (await tree.json()) as FolderNode[];
      expect(folder?.name).toBe(names.folder);
      expect(folder?.children[0]?.name).toBe(names.bin);

      const binId = encodeURIComponent(folder!.children[0]!.id);
      const rows = (await (
        await get(emulator(), `assets?folderId=${binId}`, token)
      ).json()) as Row[];
      expect(rows[0]?.name).toBe(names.clip);
    }
  });

  it('leave the id-addressed endpoints of a clip named with / ? # % working', async () => {
    const project = emulator().dataset.projects.at(-1)!;
    const clip = project.assets[0]!;
    expect(clip.fields.name).toBe('A001/C001?take=1#2 50% & more+');

    const single = (await (await get(emulator(), `assets/${clip.fields.id}`, token)).json()) as Row;
    expect(single.name).toBe(clip.fields.name);
    const metadata = await get(emulator(), `assets/${clip.fields.id}/dynamic-metadata`, token);
    expect(metadata.status).toBe(200);
    expect((await metadata.text()).split('\n')[0]).toBe('Frame,Timecode,Focal Length (mm)');

    const archive = await get(emulator(), `cdl-zip/${project.folders[0]!.id}`, token);
    expect(archive.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await archive.arrayBuffer());
    expect(bytes.includes(Buffer.from(`${clip.fields.name}.cdl`))).toBe(true);
  });
});
