import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EmulatedProject } from '../src/emulator/dataset.js';
import { parseFaultSpec } from '../src/emulator/faults.js';
import { DEMO_SCRIPT, createSampleDataset } from '../src/emulator/sample-data.js';
import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { durationFrames } from '../src/timecode.js';
import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// A few hundred mixed tool calls, six at a time, against an emulator that injects random
// faults with a fixed seed and issues tokens that live five seconds. Every answer is checked
// against the emulator's own data, worked out here without the server's code: each call must
// end with the right answer or an error that says what went wrong. None may be wrong, partial
// as if complete, hang, or end the server. The whole session runs at debug level, and no byte
// the server wrote may hold the script key or a token.

const CALLS = 240;
const AT_ONCE = 6;
const FAULTS =
  'random=0.12,seed=20261203,retry-after=1,' +
  'kinds=503|500|502|429|reset|delay=1500|malformed-json|html|wrong-shape|missing-id';

const HONEST_ERRORS = [
  /^ShotHub is rate-limiting this script; retry after \d+ s\.$/,
  /^ShotHub answered \S+ with HTTP 5\d\d\. ShotHub may be down or unreachable/,
  /^Unexpected response from ShotHub for \S+: .+\. This looks like a change in the ShotHub API/,
  /^ShotHub answered \S+ with an HTML page instead of JSON/,
  /^Unexpected response from ShotHub for \S+: row \d+ of the CSV has \d+ of its \d+ columns/,
  /^ShotHub did not answer \S+ within [\d.]+ s\. ShotHub may be down or unreachable/,
  /^Could not reach ShotHub at \S+ \(\w+\)\./,
  /^\w+ ran out of time: ShotHub did not finish answering within \d+ s\./,
];

interface Check {
  tool: string;
  args: Record<string, unknown>;
  /** Whether the answer is right, from the emulator's data. */
  right(structured: Record<string, unknown>): boolean;
}

const dataset = createSampleDataset();
const visible = dataset.projects.filter((project) =>
  project.members.includes(DEMO_SCRIPT.scriptId),
);
const byName = (name: string) => visible.find((project) => project.name === name)!;

function checks(): Check[] {
  const list: Check[] = [
    {
      tool: 'list_projects',
      args: {},
      right: (answer) =>
        JSON.stringify((answer.projects as { name: string }[]).map((p) => p.name)) ===
        JSON.stringify(visible.map((project) => project.name)),
    },
  ];
  for (const project of visible) {
    list.push({
      tool: 'get_folder_tree',
      args: { project: project.name, maxDepth: 1 },
      right: (answer) =>
        JSON.stringify((answer.nodes as { name: string }[]).map((node) => node.name)) ===
        JSON.stringify(project.folders.map((folder) => folder.name)),
    });
    list.push({
      tool: 'summarize',
      args: { project: project.name, groupBy: 'camera' },
      right: (answer) =>
        (answer.total as { clips: number }).clips === project.assets.length &&
        (answer.groups as unknown[]).length === cameras(project),
    });
    for (const scene of new Set(project.assets.map(({ fields }) => fields.scene))) {
      if (typeof scene !== 'string') continue;
      const circled = project.assets.filter(
        ({ fields }) => fields.scene === scene && fields.flag === true,
      ).length;
      list.push({
        tool: 'search',
        args: { project: project.name, scene, flagged: true },
        right: (answer) => answer.total === circled,
      });
    }
  }
  for (const { fields } of byName('Birthday Cake').assets.slice(0, 12)) {
    list.push({
      tool: 'get_asset',
      args: { asset: fields.shotId },
      right: (answer) => (answer.asset as { name: string }).name === fields.name,
    });
  }
  const zoom = byName('Birthday Cake').assets.find(({ fields }) =>
    fields.name.startsWith('A001C010'),
  )!;
  list.push({
    tool: 'get_dynamic_metadata',
    args: { asset: zoom.fields.id },
    // Right when every frame is there, or when the answer says frames are missing.
    right: (answer) =>
      answer.frames ===
        durationFrames(String(zoom.fields.tcStart), String(zoom.fields.tcEnd), 23.976) ||
      JSON.stringify(answer.warnings ?? []).includes("ShotHub's per-frame metadata holds"),
  });
  const graded = byName('Hotel').assets.filter(
    ({ fields, grade }) => grade && fields.shootingDay === '3',
  ).length;
  list.push({
    tool: 'get_looks',
    args: { project: 'Hotel', shootingDay: '3', limit: 200 },
    right: (answer) => answer.total === graded,
  });
  return list;
}

function cameras(project: EmulatedProject): number {
  return new Set(project.assets.map(({ fields }) => `${fields.manufacturer}/${fields.model}`)).size;
}

describe('a long session against a ShotHub that fails at random', () => {
  let emulator: ShotHubEmulator;
  let session: McpSession;
  const outputs: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ faults: parseFaultSpec(FAULTS), tokenLifetimeSeconds: 5 });
    session = await startSession([], {
      SH_API_SCRIPT_ID: emulator.credentials.scriptId,
      SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
      SHOTHUB_CACHE_SECONDS: '0',
      SHOTHUB_REQUEST_TIMEOUT_SECONDS: '1',
      SHOTHUB_CALL_TIMEOUT_SECONDS: '30',
      SHOTHUB_LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await session?.close();
    await emulator?.close();
  });

  it('answers every call rightly or honestly, and never prints a secret', async () => {
    const plan = checks();
    const tally = { correct: 0, honest: 0, wrong: [] as string[] };

    for (let start = 0; start < CALLS; start += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, CALLS - start) }, (_, index) => {
        const check = plan[(start + index) % plan.length]!;
        return session.client
          .callTool({ name: check.tool, arguments: check.args }, undefined, { timeout: 60_000 })
          .then((result) => {
            outputs.push(JSON.stringify(result));
            const text = textOf(result as Parameters<typeof textOf>[0]);
            if (result.isError) {
              if (HONEST_ERRORS.some((pattern) => pattern.test(text))) tally.honest++;
              else tally.wrong.push(`${check.tool} ${JSON.stringify(check.args)}: ${text}`);
            } else if (check.right(result.structuredContent as Record<string, unknown>)) {
              tally.correct++;
            } else {
              tally.wrong.push(`${check.tool} ${JSON.stringify(check.args)} answered wrongly`);
            }
          })
          .catch((error: unknown) => {
            tally.wrong.push(`${check.tool}: no answer (${(error as Error).message})`);
          });
      });
      await Promise.all(batch);
    }

    const injected = emulator.requests.filter((request) => request.fault !== undefined).length;
    console.log(
      `soak: ${CALLS} calls, ${tally.correct} correct, ${tally.honest} honest errors, ` +
        `${tally.wrong.length} wrong (${injected} faults injected)`,
    );
    expect(tally.wrong).toEqual([]);
    expect(injected).toBeGreaterThan(10);
    expect(tally.correct).toBeGreaterThan(CALLS / 2);

    // The server is still there, and still answering.
    await expect(session.client.ping()).resolves.toEqual({});

    const everything = [...outputs, session.stderr()].join('\n');
    expect(session.stderr()).toContain('ShotHub request');
    expect(emulator.issuedTokens.length).toBeGreaterThan(1);
    expect(everything).not.toContain(emulator.credentials.scriptKey);
    for (const token of emulator.issuedTokens) expect(everything).not.toContain(token);
  }, 300_000);
});
