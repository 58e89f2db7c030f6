import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// What keeps a call within bounds: the response budget, the call's deadline, the client's
// cancellation, and progress while pages arrive.

interface Rows {
  total: number;
  returned: number;
  hasMore: boolean;
  nextOffset?: number;
  rows: { id: string }[];
  warnings?: string[];
}

function envFor(emulator: ShotHubEmulator, extra: Record<string, string> = {}) {
  return {
    SH_API_SCRIPT_ID: emulator.credentials.scriptId,
    SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
    SH_API_BASE_URL: emulator.baseUrl,
    ...extra,
  };
}

describe('a small response budget', () => {
  let session: McpSession;
  beforeAll(async () => {
    session = await startSession(['--demo'], { SHOTHUB_RESPONSE_BUDGET: '6000' });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('cuts a search at a row boundary, says so, and the offset it names gets the rest', async () => {
    const first = await session.call('search', { project: 'Birthday Cake', limit: 200 });
    const answer = first.structuredContent as unknown as Rows;
    expect(JSON.stringify(first).length).toBeLessThanOrEqual(6000);
    expect(answer.total).toBe(68);
    expect(answer.returned).toBeGreaterThan(0);
    expect(answer.returned).toBeLessThan(68);
    expect(answer).toMatchObject({ hasMore: true, nextOffset: answer.returned });
    expect(answer.warnings?.at(-1)).toBe(
      `Cut to ${answer.returned} of 68 rows to stay within the response budget of 6000 ` +
        `characters; call search again with offset ${answer.returned}.`,
    );
    expect(textOf(first)).toContain(`Warning: Cut to ${answer.returned} of 68 rows`);

    const seen = new Set(answer.rows.map((row) => row.id));
    let offset = answer.nextOffset;
    for (let calls = 0; offset !== undefined && calls < 20; calls++) {
      const next = await session.call('search', { project: 'Birthday Cake', limit: 200, offset });
      const page = next.structuredContent as unknown as Rows;
      expect(JSON.stringify(next).length).toBeLessThanOrEqual(6000);
      for (const row of page.rows) seen.add(row.id);
      offset = page.nextOffset;
    }
    expect(seen.size).toBe(68);
  });

  it('cuts a folder tree and a frame range the same way', async () => {
    const tree = await session.call('get_folder_tree', { project: 'Hotel', limit: 2000 });
    expect(JSON.stringify(tree).length).toBeLessThanOrEqual(6000);
    const frames = await session.call('get_dynamic_metadata', {
      asset: 'A001C010',
      fromFrame: 0,
      toFrame: 240,
    });
    expect(JSON.stringify(frames).length).toBeLessThanOrEqual(6000);
    const range = (
      frames.structuredContent as { range: { rows: string[][]; nextFromFrame: number } }
    ).range;
    expect(range.nextFromFrame).toBe(range.rows.length);
    expect(textOf(frames)).toContain(`continue with fromFrame ${range.rows.length}`);
  });
});

describe('a slow ShotHub', () => {
  let emulator: ShotHubEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ latencyMs: 400, maxPageSize: 10 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('a call past its deadline ends with an error that says so', async () => {
    const session = await startSession([], envFor(emulator, { SHOTHUB_CALL_TIMEOUT_SECONDS: '1' }));
    try {
      const result = await session.call('search', { project: 'Birthday Cake', scene: '12' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        'search ran out of time: ShotHub did not finish answering within 1 s. Narrow the call ' +
          '(a project, a folderId) or try again later.',
      );
    } finally {
      await session.close();
    }
  });

  it('a cancelled call stops fetching pages', async () => {
    const session = await startSession([], envFor(emulator, { SHOTHUB_CONCURRENCY: '1' }));
    try {
      const controller = new AbortController();
      const call = session.client.callTool(
        { name: 'search', arguments: { project: 'Hotel', scene: '9' } },
        undefined,
        { signal: controller.signal },
      );
      // Login, project list, then the first pages of 10 rows: about a second in.
      setTimeout(() => controller.abort(), 1_500);
      await expect(call).rejects.toThrow();

      const countAssets = () => emulator.requests.filter((r) => r.path.includes('/assets?')).length;
      const atCancel = countAssets();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // At most the page in flight when the call was cancelled arrives after it.
      expect(countAssets() - atCancel).toBeLessThanOrEqual(1);
      expect(countAssets()).toBeLessThan(7);
    } finally {
      await session.close();
    }
  });

  it('reports progress while pages arrive, when the client asks for it', async () => {
    const session = await startSession([], envFor(emulator));
    try {
      const updates: { progress: number; total?: number; message?: string }[] = [];
      const result = await session.client.callTool(
        { name: 'summarize', arguments: { project: 'Birthday Cake' } },
        undefined,
        { onprogress: (update) => updates.push(update), timeout: 30_000 },
      );
      expect(result.isError).toBeFalsy();
      expect(updates.length).toBeGreaterThan(0);
      expect(updates.at(-1)).toMatchObject({ progress: 68, total: 68 });
      expect(updates.at(-1)?.message).toBe('Birthday Cake: 68 of 68 assets read');
      const steps = updates.map((update) => update.progress);
      expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    } finally {
      await session.close();
    }
  });
});
