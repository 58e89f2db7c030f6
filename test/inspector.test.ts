import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLI } from './support/mcp-session.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSPECTOR_PACKAGE = createRequire(import.meta.url).resolve(
  '@modelcontextprotocol/inspector/package.json',
);
// The file `npx @modelcontextprotocol/inspector` runs; started with node directly, so that no
// npm process checks the registry for updates on every call.
const INSPECTOR = join(
  dirname(INSPECTOR_PACKAGE),
  (JSON.parse(readFileSync(INSPECTOR_PACKAGE, 'utf8')) as { bin: Record<string, string> }).bin[
    'mcp-inspector'
  ]!,
);
const RECORDER = pathToFileURL(
  fileURLToPath(new URL('./fixtures/record-process-activity.mjs', import.meta.url)),
).href;

const TOOLS = [
  'get_asset',
  'get_dynamic_metadata',
  'get_folder_tree',
  'get_looks',
  'list_projects',
  'search',
  'summarize',
];

interface Activity {
  event: 'listen' | 'connect' | 'start';
  script: string;
  command?: string;
  args?: string[];
  host?: string | null;
  port?: number | string | null;
}

interface Inspection {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the Inspector's own process did besides its output, from the recorder. */
  activity: Activity[];
}

interface InspectOptions {
  /** Given to the server with `-e`. */
  serverEnv?: Record<string, string>;
  home?: string;
}

let workDir: string;
let sharedHome: string;

/**
 * Runs the Inspector in CLI mode against the built server in demo mode. Its environment is
 * made from nothing, with a HOME of its own, so no credentials of the test's own environment
 * can reach the server and nothing it stores lands in a real home folder.
 */
function inspect(inspectorArgs: string[], options: InspectOptions = {}): Promise<Inspection> {
  const { serverEnv = { SHOTHUB_LOG_LEVEL: 'warn' }, home = sharedHome } = options;
  const activityLog = join(mkdtempSync(join(workDir, 'activity-')), 'activity.jsonl');
  const envFlags = Object.entries(serverEnv).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const args = [INSPECTOR, '--cli', ...envFlags, process.execPath, CLI, '--demo'];
  const child = spawn(process.execPath, [...args, '--format', 'json', ...inspectorArgs], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      // Opening a browser is off unless this is "true"; it is said here in case the default
      // changes.
      MCP_AUTO_OPEN_ENABLED: 'false',
      NODE_OPTIONS: `--import=${RECORDER}`,
      RECORD_PROCESS_ACTIVITY: activityLog,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // On two busy cores one call has taken 5 s; a hung one is stopped well before the test's end.
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // 'a+' makes an empty log of a run in which the recorder had nothing to write.
      const activity = readFileSync(activityLog, { encoding: 'utf8', flag: 'a+' })
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Activity);
      resolve({ code, stdout, stderr, activity });
    });
  });
}

/** The `result` of the Inspector's `--format json` output; fails with its stderr if absent. */
function resultOf<T>(run: Inspection): T {
  let parsed: { result?: T };
  try {
    parsed = JSON.parse(run.stdout) as { result?: T };
  } catch {
    throw new Error(`no JSON on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  if (parsed.result === undefined) throw new Error(`no result:\n${run.stdout}\n${run.stderr}`);
  return parsed.result;
}

/** Calls one tool and expects a successful answer; returns its structuredContent. */
async function callTool<T>(name: string, toolArgs: string[]): Promise<T> {
  const argFlags = toolArgs.length > 0 ? ['--tool-arg', ...toolArgs] : [];
  const run = await inspect(['--method', 'tools/call', '--tool-name', name, ...argFlags]);
  const result = resultOf<CallToolResult>(run);
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  expect(run.code, run.stderr).toBe(0);
  expectOnlyTheServerStarted(run);
  return result.structuredContent as T;
}

/** The Inspector opened no browser, listened nowhere and connected nowhere. */
function expectOnlyTheServerStarted(run: Inspection): void {
  expect(run.activity).toEqual([
    expect.objectContaining({ event: 'start', command: process.execPath, args: [CLI, '--demo'] }),
  ]);
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'shothub-inspector-'));
  sharedHome = join(workDir, 'home');
  mkdirSync(sharedHome);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// Each call starts two processes, the Inspector and the server; run side by side, the calls
// take seconds instead of most of a minute.
describe.concurrent(
  'the MCP Inspector in CLI mode against the demo server',
  { timeout: 60_000 },
  () => {
    it('lists the seven read-only tools, with no schema a client could not port', async () => {
      const run = await inspect(['--method', 'tools/list', '--strict']);
      const { tools } = resultOf<{ tools: Tool[] }>(run);

      expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
      for (const tool of tools) {
        expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: true });
        expect(tool.outputSchema, tool.name).toMatchObject({ type: 'object' });
      }
      // --strict exits 6 on a portability error; warnings alone are counted on stderr.
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/\b0 errors\b/);
      expectOnlyTheServerStarted(run);
    });

    it('list_projects: the three projects the demo script was added to', async () => {
      const listed = await callTool<{ count: number; projects: { name: string }[] }>(
        'list_projects',
        [],
      );
      expect(listed.count).toBe(3);
      expect(listed.projects.map((project) => project.name)).toEqual([
        'Birthday Cake',
        'Hotel',
        'Überfahrt',
      ]);
    });

    it('get_folder_tree: Birthday Cake has three shooting days of card bins', async () => {
      const tree = await callTool<{ total: number; nodes: { name: string; kind: string }[] }>(
        'get_folder_tree',
        ['project=Birthday Cake'],
      );
      expect(tree.total).toBe(11);
      expect(tree.nodes.filter((node) => node.kind === 'folder').map((node) => node.name)).toEqual([
        'Shooting Day 1',
        'Shooting Day 2',
        'Shooting Day 3',
      ]);
      expect(tree.nodes.filter((node) => node.kind === 'bin')).toHaveLength(8);
    });

    it('search: seven circled takes of scene 12 in Birthday Cake', async () => {
      const found = await callTool<{
        total: number;
        rows: { name: string; scene: string; flagged: boolean }[];
      }>('search', ['project=Birthday Cake', 'scene=12', 'flagged=true']);
      expect(found.total).toBe(7);
      expect(found.rows).toHaveLength(7);
      expect(found.rows.every((row) => row.scene === '12' && row.flagged === true)).toBe(true);
      expect(found.rows[0]?.name).toBe('A001C003_230411_R2XK');
    });

    it('summarize: Birthday Cake by camera, 68 clips of which 23 circled', async () => {
      const summary = await callTool<{
        total: { clips: number; circled: number };
        groups: { key: string; clips: number }[];
      }>('summarize', ['project=Birthday Cake', 'groupBy=camera']);
      expect(summary.total).toMatchObject({ clips: 68, circled: 23 });
      expect(summary.groups.map(({ key, clips }) => [key, clips])).toEqual([
        ['ARRI ALEXA 35', 36],
        ['Sony VENICE 2', 27],
        ['unknown camera', 5],
      ]);
    });

    it('get_asset: ShotID A1C-D2F-G3H is clip A001C003_230411_R2XK', async () => {
      const found = await callTool<{ asset: { name: string; shotId: string; lens: string } }>(
        'get_asset',
        ['asset=A1C-D2F-G3H'],
      );
      expect(found.asset).toMatchObject({
        name: 'A001C003_230411_R2XK',
        shotId: 'A1C-D2F-G3H',
        lens: 'Cooke S7/i 32mm',
      });
    });

    it('get_dynamic_metadata: A001C010 zoomed from 45 to 135 mm over 852 frames', async () => {
      const metadata = await callTool<{
        frames: number;
        columns: { name: string; min?: number; max?: number }[];
      }>('get_dynamic_metadata', ['asset=A001C010']);
      expect(metadata.frames).toBe(852);
      expect(metadata.columns.find((column) => column.name === 'Focal Length (mm)')).toMatchObject({
        min: 45,
        max: 135,
      });
    });

    it('get_looks: day 3 of Hotel has 13 graded clips, all Rooftop_Night', async () => {
      const looks = await callTool<{ total: number; byLook: { look: string; clips: number }[] }>(
        'get_looks',
        ['project=Hotel', 'shootingDay=3'],
      );
      expect(looks.total).toBe(13);
      expect(looks.byLook).toEqual([{ look: 'Rooftop_Night', clips: 13 }]);
    });

    it('exits 5 when a tool answers isError, as for search with limit=0', async () => {
      const run = await inspect([
        '--method',
        'tools/call',
        '--tool-name',
        'search',
        '--tool-arg',
        'project=Birthday Cake',
        'limit=0',
      ]);
      const result = resultOf<CallToolResult>(run);

      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('limit must be an integer from 1 to 200');
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('"code":"tool_is_error"');
      expectOnlyTheServerStarted(run);
    });

    it('passes -e settings to the server: SHOTHUB_TOOLS limits the tools offered', async () => {
      const run = await inspect(['--method', 'tools/list'], {
        serverEnv: { SHOTHUB_LOG_LEVEL: 'info', SHOTHUB_TOOLS: 'list_projects,search' },
      });
      const { tools } = resultOf<{ tools: Tool[] }>(run);

      expect(tools.map((tool) => tool.name)).toEqual(['list_projects', 'search']);
      expect(run.code, run.stderr).toBe(0);
      // The server's own log lines reach the Inspector's stderr, and say it served the demo.
      expect(run.stderr).toContain('demo mode: serving the built-in ShotHub emulator');
    });

    it('leaves no catalog, token or secret behind in its HOME', async () => {
      // A HOME of its own, so that what the concurrent runs might write is not missed.
      const home = mkdtempSync(join(workDir, 'home-'));
      const run = await inspect(['--method', 'tools/call', '--tool-name', 'list_projects'], {
        home,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(readdirSync(home, { recursive: true })).toEqual([]);
    });
  },
);
