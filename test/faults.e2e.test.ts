import { describe, expect, it } from 'vitest';

import { parseFaultSpec } from '../src/emulator/faults.js';
import {
  DEEP_PROJECT_ID,
  UNUSUAL_NAMES,
  WIDE_PROJECT_ID,
  createDeepFolderDataset,
  createLargeProjectDataset,
  createUnusualNamesDataset,
  createWideFolderDataset,
} from '../src/emulator/large-data.js';
import {
  startEmulator,
  type EmulatorOptions,
  type ShotHubEmulator,
} from '../src/emulator/server.js';
import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// Each fault ShotHub might show, injected by the emulator, and the exact answer a tool gives:
// the right data after a retry, or an error that says what happened. Every session reads
// fresh (no cache), with a 1 s request timeout so that held answers are quick to test.

async function withFaults(
  faults: string,
  run: (session: McpSession, emulator: ShotHubEmulator) => Promise<void>,
  options: EmulatorOptions = {},
) {
  const emulator = await startEmulator({ ...options, faults: parseFaultSpec(faults) });
  const session = await startSession([], {
    SH_API_SCRIPT_ID: emulator.credentials.scriptId,
    SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
    SH_API_BASE_URL: emulator.baseUrl,
    SHOTHUB_CACHE_SECONDS: '0',
    SHOTHUB_REQUEST_TIMEOUT_SECONDS: '1',
  });
  try {
    await run(session, emulator);
  } finally {
    await session.close();
    await emulator.close();
  }
}

/** The circled takes of scene 12 in Birthday Cake: seven, on two cameras. */
async function circledScene12(session: McpSession) {
  const result = await session.call('search', {
    project: 'Birthday Cake',
    scene: '12',
    flagged: true,
  });
  return {
    result,
    text: textOf(result),
    total: (result.structuredContent as { total?: number })?.total,
  };
}

const faulted = (emulator: ShotHubEmulator) =>
  emulator.requests
    .filter((request) => request.fault !== undefined)
    .map((request) => request.fault);

describe('ShotHub rate-limiting the script', () => {
  it('a 429 with Retry-After in seconds is waited out, and the answer is whole', async () => {
    await withFaults('429@2,retry-after=1', async (session, emulator) => {
      expect((await circledScene12(session)).total).toBe(7);
      expect(faulted(emulator)).toEqual(['429,retry-after=1']);
    });
  });

  it('a 429 with Retry-After as an HTTP date is waited out too', async () => {
    await withFaults('429@2,retry-after=date+1', async (session) => {
      expect((await circledScene12(session)).total).toBe(7);
    });
  });

  it('a 429 without Retry-After is retried after a back-off', async () => {
    await withFaults('429@2', async (session) => {
      expect((await circledScene12(session)).total).toBe(7);
    });
  });

  it('a wait longer than the budget is said, with when to retry', async () => {
    await withFaults('429,retry-after=3600', async (session) => {
      const { result, text } = await circledScene12(session);
      expect(result.isError).toBe(true);
      expect(text).toBe('ShotHub is rate-limiting this script; retry after 3600 s.');
    });
  });
});

describe('ShotHub failing for a moment', () => {
  it('500, 502 and 503 bursts are retried, and the answer is whole', async () => {
    await withFaults('500@2; 502@3; 503@4,retry-after=1', async (session, emulator) => {
      expect((await circledScene12(session)).total).toBe(7);
      expect(faulted(emulator)).toEqual(['500', '502', '503,retry-after=1']);
    });
  });

  it('a 503 that does not end becomes an error naming the endpoint', async () => {
    await withFaults('503', async (session) => {
      const { result, text } = await circledScene12(session);
      expect(result.isError).toBe(true);
      expect(text).toBe(
        'ShotHub answered /v1.0/projects with HTTP 503. ShotHub may be down or unreachable; ' +
          'try again shortly.',
      );
    });
  });

  it('an answer held past the request timeout is asked for again', async () => {
    await withFaults('delay=3000@1,path=/v1.0/assets?', async (session) => {
      expect((await circledScene12(session)).total).toBe(7);
    });
  });

  it('an answer that never comes in time becomes an error saying so', async () => {
    await withFaults('delay=3000,path=/v1.0/projects', async (session) => {
      const { result, text } = await circledScene12(session);
      expect(result.isError).toBe(true);
      expect(text).toBe(
        'ShotHub did not answer /v1.0/projects within 1 s. ShotHub may be down or unreachable; ' +
          'try again shortly.',
      );
    });
  });

  it('a connection reset mid-body is retried', async () => {
    await withFaults('reset@1,path=/v1.0/assets?', async (session, emulator) => {
      expect((await circledScene12(session)).total).toBe(7);
      expect(faulted(emulator)).toEqual(['reset']);
    });
  });
});

describe('ShotHub answering something unexpected', () => {
  const unexpected = async (fault: string, detail: string) => {
    await withFaults(`${fault},path=/v1.0/assets?`, async (session) => {
      const { result, text } = await circledScene12(session);
      expect(result.isError).toBe(true);
      expect(text).toBe(
        `Unexpected response from ShotHub for /v1.0/assets: ${detail}. This looks like a ` +
          'change in the ShotHub API; please report it.',
      );
    });
  };

  it('malformed JSON names the endpoint', () =>
    unexpected('malformed-json', 'expected JSON, got text that is not JSON'));

  it('an HTML page with status 200 is said to be a web page, not the API', async () => {
    await withFaults('html,path=/v1.0/assets?', async (session) => {
      const { result, text } = await circledScene12(session);
      expect(result.isError).toBe(true);
      expect(text).toBe(
        'ShotHub answered /v1.0/assets with an HTML page instead of JSON (a maintenance or ' +
          'proxy page?). ShotHub may be down or unreachable; try again shortly.',
      );
    });
  });

  it('a body of the wrong shape names the endpoint', () =>
    unexpected('wrong-shape', 'the body: Invalid input: expected array, received object'));

  it('a per-frame CSV cut off in transit is refused, not summarised as the whole clip', async () => {
    const csvPath = '/v1.0/assets/643533041b92c40aa318d8e7/dynamic-metadata';
    await withFaults(`malformed-json,path=${csvPath}`, async (session) => {
      const result = await session.call('get_dynamic_metadata', {
        asset: '643533041b92c40aa318d8e7',
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /^Unexpected response from ShotHub for \/v1\.0\/assets\/643533041b92c40aa318d8e7\/dynamic-metadata: row \d+ of the CSV has [1-5] of its 6 columns \(cut short\?\)\./,
      );
    });
  });

  it('rows without ids name the field', () =>
    unexpected('missing-id', 'item 0.id: Invalid input: expected string, received undefined'));
});

describe('tokens and paging', () => {
  it('a token revoked before its exp mid-listing costs one login, not the answer', async () => {
    await withFaults('revoke@3; page-cap=10,path=/v1.0/assets?', async (session, emulator) => {
      expect((await circledScene12(session)).total).toBe(7);
      expect(emulator.requests.filter((r) => r.path === '/sh/authenticate')).toHaveLength(2);
    });
  });

  it('tokens that live two seconds are renewed as they run out', async () => {
    await withFaults(
      '',
      async (session, emulator) => {
        for (let round = 0; round < 3; round++) {
          expect((await circledScene12(session)).total).toBe(7);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        // Renewed before expiry each time: at least one renewal, never a refused request,
        // and never more than one login a round.
        const logins = emulator.requests.filter((r) => r.path === '/sh/authenticate').length;
        expect(logins).toBeGreaterThanOrEqual(2);
        expect(logins).toBeLessThanOrEqual(3);
        expect(emulator.requests.filter((r) => r.status === 401)).toEqual([]);
      },
      { tokenLifetimeSeconds: 2 },
    );
  });

  it('a page cap below the size asked for and no x-total-count still read every row', async () => {
    await withFaults('page-cap=7,path=/v1.0/assets?; no-total-count', async (session) => {
      const result = await session.call('summarize', { project: 'Birthday Cake' });
      expect((result.structuredContent as { total: { clips: number } }).total.clips).toBe(68);
    });
  });
});

describe('very large and awkward data', () => {
  const serve = async (
    dataset: EmulatorOptions['dataset'],
    run: (session: McpSession) => Promise<void>,
  ) => {
    const emulator = await startEmulator({ dataset });
    const session = await startSession([], {
      SH_API_SCRIPT_ID: emulator.credentials.scriptId,
      SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
    });
    try {
      await run(session);
    } finally {
      await session.close();
      await emulator.close();
    }
  };

  it('a folder 10,000 bins wide is listed a page at a time within the budget', async () => {
    await serve(createWideFolderDataset(), async (session) => {
      const result = await session.call('get_folder_tree', {
        project: WIDE_PROJECT_ID,
        limit: 2000,
      });
      const tree = result.structuredContent as {
        total: number;
        hasMore: boolean;
        nextOffset: number;
      };
      expect(tree.total).toBe(10_001);
      expect(tree.hasMore).toBe(true);
      expect(JSON.stringify(result).length).toBeLessThanOrEqual(80_000);
      expect(textOf(result)).toContain(`call get_folder_tree again with offset ${tree.nextOffset}`);
    });
  });

  it('a tree 200 levels deep is counted below maxDepth', async () => {
    await serve(createDeepFolderDataset(), async (session) => {
      const result = await session.call('get_folder_tree', {
        project: DEEP_PROJECT_ID,
        maxDepth: 50,
      });
      const tree = result.structuredContent as { shown: number; hidden: number };
      expect(tree.shown).toBe(50);
      expect(tree.hidden).toBe(150);
    });
  });

  it('a project of 50,000 clips is counted whole', async () => {
    const dataset = createLargeProjectDataset();
    await serve(dataset, async (session) => {
      const result = await session.call('summarize', { project: dataset.projects[0]!.id });
      expect((result.structuredContent as { total: { clips: number } }).total.clips).toBe(50_000);
    });
  }, 60_000);

  it('names with emoji, right-to-left text and URL characters are found and read intact', async () => {
    await serve(createUnusualNamesDataset(), async (session) => {
      for (const names of Object.values(UNUSUAL_NAMES)) {
        const tree = await session.call('get_folder_tree', { project: names.project });
        expect(textOf(tree)).toContain(names.bin);
        const found = await session.call('get_asset', {
          asset: names.clip,
          project: names.project,
        });
        expect(found.isError, textOf(found)).toBeFalsy();
        expect((found.structuredContent as { asset: { name: string } }).asset.name).toBe(
          names.clip,
        );
      }
    });
  });
});
