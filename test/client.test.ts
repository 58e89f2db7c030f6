import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { OTHER_SCRIPT, SAMPLE_PROJECT_ID } from '../src/emulator/sample-data.js';
import { ShotHubClient, type ShotHubClientOptions } from '../src/shothub/client.js';
import { ShotHubError } from '../src/shothub/errors.js';

const BIRTHDAY_CAKE_CLIPS = 68;

/** A client that asks ShotHub every time: these tests count the requests it makes. */
function clientFor(
  emulator: ShotHubEmulator,
  options: ShotHubClientOptions = {},
  credentials = emulator.credentials,
): ShotHubClient {
  return new ShotHubClient(
    { ...credentials, baseUrl: emulator.baseUrl },
    { cacheLifetimeMs: 0, ...options },
  );
}

function logins(emulator: ShotHubEmulator): number {
  return emulator.requests.filter((request) => request.path === '/sh/authenticate').length;
}

async function caught(promise: Promise<unknown>): Promise<ShotHubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShotHubError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('a script logging in to ShotHub', () => {
  let emulator: ShotHubEmulator;
  const clients: ShotHubClient[] = [];
  const fresh = (options?: ShotHubClientOptions, credentials?: typeof OTHER_SCRIPT) => {
    const client = clientFor(emulator, options, credentials);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('sees exactly the projects it was added to', async () => {
    const { items } = await fresh().listProjects();
    expect(items.map((project) => project.name)).toEqual(['Birthday Cake', 'Hotel', 'Überfahrt']);
    expect(items[0]).toMatchObject({ id: SAMPLE_PROJECT_ID, type: 'Silverstack' });
  });

  it('another script sees only its own project', async () => {
    const { items } = await fresh({}, OTHER_SCRIPT).listProjects();
    expect(items.map((project) => project.name)).toEqual(['Nightingale (Closed Set)']);
  });

  it('logs in once and reuses the token for later calls', async () => {
    const before = logins(emulator);
    const client = fresh();
    await client.listProjects();
    await client.getFolderTree(SAMPLE_PROJECT_ID);
    expect(logins(emulator) - before).toBe(1);
  });

  it('shares one login between calls that arrive together', async () => {
    const before = logins(emulator);
    const client = fresh();
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.listProjects()));
    expect(answers.every((answer) => answer.items.length === 3)).toBe(true);
    expect(logins(emulator) - before).toBe(1);
  });

  it('names itself in the User-Agent header', async () => {
    await fresh().listProjects();
    expect(emulator.requests.at(-1)?.userAgent).toMatch(/^shothub-mcp\/\d+\.\d+\.\d+ node\/v/);
  });

  it('logs in again once when ShotHub revokes its token, and the call still succeeds', async () => {
    const client = fresh();
    await client.listProjects();
    emulator.revokeTokens();
    const before = emulator.requests.length;

    const { items } = await client.listProjects();

    expect(items).toHaveLength(3);
    const after = emulator.requests.slice(before).map((request) => request.status);
    expect(after).toEqual([401, 200, 200]);
    expect(emulator.requests.at(-2)?.path).toBe('/sh/authenticate');
  });

  it('tells wrong credentials plainly and never repeats the key', async () => {
    const scriptKey = 'WrongKeyWrongKeyWrongKeyWrongKey';
    const client = fresh({}, { scriptId: emulator.credentials.scriptId, scriptKey });

    const error = await caught(client.listProjects());

    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toContain('SH_API_SCRIPT_KEY');
    expect(error.message).not.toContain(scriptKey);
    expect(JSON.stringify(error)).not.toContain(scriptKey);
  });

  it('answers an unknown project with a not-found error', async () => {
    const error = await caught(fresh().getFolderTree('ffffffffffffffffffffffff'));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('cannot read the folders of a project it was not added to', async () => {
    const nightingale = emulator.dataset.projects.find((project) =>
      project.name.startsWith('Night'),
    );
    const error = await caught(fresh().getFolderTree(nightingale!.id));
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('keeps an id inside its own path segment', async () => {
    const client = fresh();
    expect((await caught(client.getAsset('..'))).kind).toBe('invalid_argument');
    expect((await caught(client.getAsset('.'))).kind).toBe('invalid_argument');

    const error = await caught(client.getFolderTree(`${SAMPLE_PROJECT_ID}/../../projects`));
    expect(error.kind).toBe('not_found');
    expect(emulator.requests.at(-1)?.path).toBe(
      `/sh/v1.0/folders-tree/${SAMPLE_PROJECT_ID}%2F..%2F..%2Fprojects`,
    );
  });
});

describe('listing the clips of a project', () => {
  let emulator: ShotHubEmulator;
  let client: ShotHubClient;

  beforeAll(async () => {
    emulator = await startEmulator({ maxPageSize: 20 });
    client = clientFor(emulator);
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  const rootOf = async (name: string) =>
    (await client.listProjects()).items.find((project) => project.name === name)!.rootFolderId;

  it('reads every page, even when ShotHub serves fewer rows per page than asked for', async () => {
    const before = emulator.requests.length;
    const listing = await client.listAssets({ folderId: await rootOf('Birthday Cake') });

    expect(listing.items).toHaveLength(BIRTHDAY_CAKE_CLIPS);
    expect(listing.reportedTotal).toBe(BIRTHDAY_CAKE_CLIPS);
    expect(new Set(listing.items.map((asset) => asset.id)).size).toBe(BIRTHDAY_CAKE_CLIPS);
    const project = emulator.dataset.projects.find(
      (candidate) => candidate.name === 'Birthday Cake',
    );
    expect(listing.items.map((asset) => asset.id)).toEqual(
      project!.assets.map((asset) => asset.fields.id),
    );
    // Asked for 1000 and got 20: the walk went on in pages of 20 (1..3) after the first.
    const pages = emulator.requests
      .slice(before)
      .filter((request) => request.path.includes('/assets'));
    const asked = pages.map((request) => new URL(request.path, 'http://x').searchParams);
    expect(asked.map((query) => query.get('pageSize'))).toEqual(['1000', '20', '20', '20']);
    expect(asked.map((query) => query.get('page')).sort()).toEqual(['0', '1', '2', '3']);
  });

  it('passes the asset type on, so a Silverstack project has no Livegrade shots', async () => {
    const listing = await client.listAssets({
      folderId: await rootOf('Birthday Cake'),
      assetType: 'Shot',
    });
    expect(listing.items).toEqual([]);
    expect(listing.reportedTotal).toBe(0);
  });

  it('keeps fields it does not know, and null where ShotHub sends null', async () => {
    const listing = await client.listAssets({ folderId: await rootOf('Birthday Cake') });
    const crashCam = listing.items.find((asset) => asset.name === 'C001_0001');
    expect(crashCam).toMatchObject({ manufacturer: null, model: null, reel: 'C001' });
  });
});

describe('a busy script hitting the rate limit', () => {
  it('waits as long as Retry-After says, then carries on', async () => {
    const emulator = await startEmulator({ rateLimit: { requests: 2, windowSeconds: 1 } });
    const client = clientFor(emulator);
    try {
      await client.listProjects();
      await client.getFolderTree(SAMPLE_PROJECT_ID);
      const tree = await client.getFolderTree(SAMPLE_PROJECT_ID);

      expect(tree.map((node) => node.name)).toEqual([
        'Shooting Day 1',
        'Shooting Day 2',
        'Shooting Day 3',
      ]);
      const data = emulator.requests.filter((request) => request.path.startsWith('/sh/v1.0'));
      expect(data.map((request) => request.status)).toEqual([200, 200, 429, 200]);
      // Retry-After was 1 s: the retry came no sooner than the window allowed.
      expect(data[3]!.atMs - data[2]!.atMs).toBeGreaterThanOrEqual(900);
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('gives up at once with a rate-limit error when told to wait longer than it may', async () => {
    const emulator = await startEmulator({ rateLimit: { requests: 1, windowSeconds: 120 } });
    const client = clientFor(emulator, { retry: { maxTotalWaitMs: 5_000 } });
    try {
      await client.listProjects();
      const error = await caught(client.listProjects());

      expect(error.kind).toBe('rate_limited');
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBeGreaterThan(100);
      expect(error.message).toMatch(/^ShotHub is rate-limiting this script; retry after \d+ s\.$/);
      expect(emulator.requests.filter((request) => request.status === 429)).toHaveLength(1);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});

describe('a token that expires', () => {
  it('is renewed shortly before its exp, without a refused request', async () => {
    const emulator = await startEmulator({ tokenLifetimeSeconds: 2 });
    const client = clientFor(emulator);
    try {
      await client.listProjects();
      await new Promise((resolve) => setTimeout(resolve, 1_900));
      await client.listProjects();

      expect(logins(emulator)).toBe(2);
      expect(emulator.requests.some((request) => request.status === 401)).toBe(false);
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('is replaced by one fresh login when ShotHub refuses it mid-listing', async () => {
    let assetPages = 0;
    const emulator = await startEmulator({
      maxPageSize: 10,
      onRequest: (record, control) => {
        if (record.path.includes('/v1.0/assets?') && ++assetPages === 2) control.revokeTokens();
      },
    });
    const client = clientFor(emulator);
    try {
      const { items } = await client.listProjects();
      const root = items.find((project) => project.name === 'Hotel')!.rootFolderId;

      const listing = await client.listAssets({ folderId: root });

      const hotel = emulator.dataset.projects.find((project) => project.name === 'Hotel')!;
      expect(listing.items.map((asset) => asset.id)).toEqual(
        hotel.assets.map((asset) => asset.fields.id),
      );
      // Pages in flight when the token was revoked are each refused once; they share one login.
      const refused = emulator.requests.filter((request) => request.status === 401);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeLessThanOrEqual(4);
      expect(logins(emulator)).toBe(2);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});

describe('a base URL that points at the wrong place', () => {
  it('says to check SH_API_BASE_URL when the login is not there', async () => {
    const emulator = await startEmulator();
    const client = new ShotHubClient({
      ...emulator.credentials,
      baseUrl: emulator.baseUrl.replace(/\/sh$/, ''),
    });
    try {
      const error = await caught(client.listProjects());
      expect(error.kind).toBe('config');
      expect(error.message).toContain('There is no ShotHub login at');
      expect(error.message).toContain('it is the API base ending in /sh');
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('asks whether the emulator runs when nothing listens on a loopback port', async () => {
    const emulator = await startEmulator();
    const baseUrl = emulator.baseUrl;
    await emulator.close();
    const client = new ShotHubClient(
      { ...emulator.credentials, baseUrl },
      { retry: { maxAttempts: 1 } },
    );
    try {
      const error = await caught(client.listProjects());
      expect(error.kind).toBe('network');
      expect(error.message).toMatch(/ECONNREFUSED\)\. Is the ShotHub emulator running there\?/);
    } finally {
      await client.close();
    }
  });
});

/** The most requests the emulator was answering at one moment. */
function mostAtOnce(emulator: ShotHubEmulator, pathPart: string): number {
  const spans = emulator.requests.filter((request) => request.path.includes(pathPart));
  return Math.max(
    ...spans.map(
      (span) =>
        spans.filter(
          (other) => other.receivedAtMs <= span.receivedAtMs && other.atMs > span.receivedAtMs,
        ).length,
    ),
  );
}

describe('reading a large project quickly', () => {
  it('asks for the remaining pages at once after the first tells the total', async () => {
    const emulator = await startEmulator({ maxPageSize: 10, latencyMs: 60 });
    const client = clientFor(emulator, { concurrency: 4 });
    try {
      const { items } = await client.listProjects();
      const root = items.find((project) => project.name === 'Birthday Cake')!.rootFolderId;
      const listing = await client.listAssets({ folderId: root });

      expect(listing.items).toHaveLength(BIRTHDAY_CAKE_CLIPS);
      expect(listing.pagesFetched).toBe(7);
      expect(mostAtOnce(emulator, '/v1.0/assets?')).toBe(4);
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('reuses a listing within the cache lifetime, and makes identical requests in flight once', async () => {
    const emulator = await startEmulator({ latencyMs: 30 });
    const client = clientFor(emulator, { cacheLifetimeMs: 60_000 });
    try {
      const root = (await client.listProjects()).items[0]!.rootFolderId;
      const [first, second] = await Promise.all([
        client.listAssets({ folderId: root }),
        client.listAssets({ folderId: root }),
      ]);
      const listed = () => emulator.requests.filter((r) => r.path.includes('/v1.0/assets?')).length;
      expect(listed()).toBe(1);
      expect(second.items).toBe(first.items);

      await client.listAssets({ folderId: root });
      await client.listProjects();
      expect(listed()).toBe(1);
      expect(emulator.requests.filter((r) => r.path.includes('/v1.0/projects'))).toHaveLength(1);
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('gives up a shared request only when every caller has given up', async () => {
    const emulator = await startEmulator({ latencyMs: 200 });
    const client = clientFor(emulator, { cacheLifetimeMs: 60_000 });
    try {
      const root = (await client.listProjects()).items[0]!.rootFolderId;
      const impatient = new AbortController();
      const leaving = client.listAssets({ folderId: root, signal: impatient.signal });
      const staying = client.listAssets({ folderId: root });
      setTimeout(() => impatient.abort(), 50);

      await expect(leaving).rejects.toMatchObject({ kind: 'cancelled' });
      expect((await staying).items).toHaveLength(BIRTHDAY_CAKE_CLIPS);
    } finally {
      await client.close();
      await emulator.close();
    }
  });

  it('slows down to one request at a time once ShotHub rate-limits it', async () => {
    const emulator = await startEmulator({
      maxPageSize: 10,
      rateLimit: { requests: 3, windowSeconds: 1 },
    });
    const client = clientFor(emulator, { concurrency: 4 });
    try {
      const root = (await client.listProjects()).items[0]!.rootFolderId;
      const listing = await client.listAssets({ folderId: root });

      expect(listing.items).toHaveLength(BIRTHDAY_CAKE_CLIPS);
      const limited = emulator.requests.filter((request) => request.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      // After the first 429, requests went one at a time.
      const after = emulator.requests.filter((request) => request.receivedAtMs > limited[0]!.atMs);
      const overlapping = after.filter((request, index) =>
        after.some(
          (other, j) =>
            j !== index && other.receivedAtMs < request.atMs && other.atMs > request.receivedAtMs,
        ),
      );
      expect(overlapping).toEqual([]);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
