import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Pool } from 'undici';

import { createProductionDataset } from '../emulator/sample-data.js';
import { startEmulator, type ShotHubEmulator } from '../emulator/server.js';

// The benchmark behind `npm run bench`: the built server, spawned and driven over stdio as an
// assistant would, against the emulator with a fixed latency on every answer. It prints what
// each question costs in time, round trips, bytes, memory and context. A terminal program,
// not server mode, so it writes to stdout.

const CONCURRENCY = 4;
const SAMPLE_PAGE_SIZE = 50;

interface Settings {
  sizes: number[];
  runs: number;
  latencyMs: number;
  pageCap: number;
}

interface Measure {
  size: number;
  scenario: string;
  medianMs: number;
  maxMs: number;
  requests: number;
  bytes: number;
  resultChars: number;
}

interface Scenario {
  name: string;
  tool: string;
  args: Record<string, unknown>;
  /** Runs on a server whose cache is on and already holds the answer. */
  warm?: boolean;
}

async function main(): Promise<void> {
  const settings = readSettings();
  print(
    `shothub-mcp benchmark: sizes ${settings.sizes.join(', ')} assets, ${settings.runs} runs ` +
      `each, ${settings.latencyMs} ms latency per answer, page size cap ${settings.pageCap}, ` +
      `${CONCURRENCY} requests in flight\n`,
  );

  const measures: Measure[] = [];
  const memory = new Map<number, number>();
  const baselines = new Map<number, { ms: number; requests: number }>();
  const floors = new Map<number, number>();
  const compactness = new Map<number, Compactness>();
  for (const size of settings.sizes) {
    const dataset = createProductionDataset(size);
    const production = dataset.projects[0]!;
    const emulator = await startEmulator({
      dataset,
      latencyMs: settings.latencyMs,
      maxPageSize: settings.pageCap,
    });
    try {
      const lastShotId = String(production.assets.at(-1)!.fields.shotId);
      const scenarios: Scenario[] = [
        { name: 'list projects', tool: 'list_projects', args: {} },
        {
          name: 'folder tree',
          tool: 'get_folder_tree',
          args: { project: production.name, maxDepth: 2 },
        },
        {
          name: 'cold search',
          tool: 'search',
          args: { project: production.name, scene: '12', flagged: true },
        },
        {
          name: 'warm search',
          tool: 'search',
          args: { project: production.name, scene: '12', flagged: true },
          warm: true,
        },
        {
          name: 'cold summarize',
          tool: 'summarize',
          args: { project: production.name, groupBy: 'camera' },
        },
        { name: 'ShotID lookup, all projects', tool: 'search', args: { query: lastShotId } },
      ];

      const cold = await Session.start(emulator, 0);
      const warm = await Session.start(emulator, 300);
      for (const scenario of scenarios) {
        const session = scenario.warm ? warm : cold;
        if (scenario.warm) await session.call(scenario.tool, scenario.args);
        measures.push(await measure(size, scenario, session, emulator, settings.runs));
      }
      compactness.set(size, await compareWithRaw(warm, production));
      memory.set(size, Math.max(cold.peakRssBytes(), warm.peakRssBytes()));
      print(
        `${size} assets: peak RSS ${(cold.peakRssBytes() / 2 ** 20).toFixed(0)} MB with the ` +
          `cache off, ${(warm.peakRssBytes() / 2 ** 20).toFixed(0)} MB with it on`,
      );
      await cold.close();
      await warm.close();

      baselines.set(size, await sequentialBaseline(emulator, production.rootFolderId));
      const pages = Math.ceil(size / Math.min(settings.pageCap, 1000));
      // Login, the project list, the first page, then the rest CONCURRENCY at a time.
      floors.set(size, (3 + Math.ceil((pages - 1) / CONCURRENCY)) * settings.latencyMs);
    } finally {
      await emulator.close();
    }
  }

  printTable(measures, memory);
  printComparisons(measures, baselines, floors, memory, settings);
  for (const [size, sizes] of compactness) {
    print(
      `Search of ${sizes.rows} rows (${size} assets): raw API JSON ${sizes.rawChars} chars; ` +
        `text ${sizes.textChars} (${(sizes.textChars / sizes.rawChars).toFixed(3)} of raw), ` +
        `structuredContent ${sizes.structuredChars} ` +
        `(${(sizes.structuredChars / sizes.rawChars).toFixed(3)} of raw)`,
    );
  }
  await printToolListSize();
}

/** A spawned server over stdio; cache lifetime in seconds, 0 for none. */
class Session {
  private constructor(
    private readonly client: Client,
    private readonly pid: number,
  ) {}

  static async start(emulator: ShotHubEmulator, cacheSeconds: number): Promise<Session> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(new URL('../cli.js', import.meta.url))],
      env: {
        PATH: process.env.PATH ?? '',
        SH_API_BASE_URL: emulator.baseUrl,
        SH_API_SCRIPT_ID: emulator.credentials.scriptId,
        SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
        SHOTHUB_CACHE_SECONDS: String(cacheSeconds),
        SHOTHUB_LOG_LEVEL: 'error',
      },
      stderr: 'inherit',
    });
    const client = new Client({ name: 'shothub-mcp-bench', version: '1' });
    await client.connect(transport);
    await client.listTools();
    return new Session(client, transport.pid ?? 0);
  }

  async call(tool: string, args: Record<string, unknown>): Promise<string> {
    return JSON.stringify(await this.result(tool, args));
  }

  async result(tool: string, args: Record<string, unknown>) {
    const result = await this.client.callTool({ name: tool, arguments: args }, undefined, {
      timeout: 600_000,
    });
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
    return result;
  }

  /** The most resident memory the server process has used (Linux: VmHWM). */
  peakRssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kilobytes = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes ? Number(kilobytes) * 1024 : 0;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

interface Compactness {
  rows: number;
  rawChars: number;
  textChars: number;
  structuredChars: number;
}

/** A 200-row search answer beside the raw API JSON of the same 200 assets. */
async function compareWithRaw(
  session: Session,
  production: ReturnType<typeof createProductionDataset>['projects'][number],
): Promise<Compactness> {
  const result = await session.result('search', { project: production.name, limit: 200 });
  const structured = result.structuredContent as { rows: { id: string }[] };
  const byId = new Map(production.assets.map((asset) => [asset.fields.id, asset.fields]));
  const raw = structured.rows.map((row) => byId.get(row.id));
  const text = (result.content as { type: string; text?: string }[])
    .map((item) => item.text ?? '')
    .join('');
  return {
    rows: structured.rows.length,
    rawChars: JSON.stringify(raw).length,
    textChars: text.length,
    structuredChars: JSON.stringify(structured).length,
  };
}

async function measure(
  size: number,
  scenario: Scenario,
  session: Session,
  emulator: ShotHubEmulator,
  runs: number,
): Promise<Measure> {
  const times: number[] = [];
  const before = emulator.requests.length;
  let resultChars = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    resultChars = (await session.call(scenario.tool, scenario.args)).length;
    times.push(performance.now() - started);
  }
  const made = emulator.requests.slice(before);
  times.sort((a, b) => a - b);
  return {
    size,
    scenario: scenario.name,
    medianMs: times[Math.floor(times.length / 2)]!,
    maxMs: times.at(-1)!,
    requests: made.length / runs,
    bytes: made.reduce((sum, request) => sum + request.bytes, 0) / runs,
    resultChars,
  };
}

/**
 * The same listing walked the way Pomfort's public samples page: log in, then page 0, 1, 2…
 * of 50 rows, one after the other.
 */
async function sequentialBaseline(emulator: ShotHubEmulator, folderId: string) {
  const url = new URL(emulator.baseUrl);
  const pool = new Pool(url.origin, { connections: 1 });
  const started = performance.now();
  let requests = 1;
  try {
    const login = await pool.request({
      method: 'POST',
      path: `${url.pathname}/authenticate`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(emulator.credentials),
    });
    const { id_token: token } = (await login.body.json()) as { id_token: string };
    const headers = { authorization: `Bearer ${token}` };
    for (let page = 0; ; page++) {
      const query = `folderId=${folderId}&page=${page}&pageSize=${SAMPLE_PAGE_SIZE}`;
      const response = await pool.request({
        method: 'GET',
        path: `${url.pathname}/v1.0/assets?${query}`,
        headers,
      });
      requests++;
      const rows = (await response.body.json()) as unknown[];
      const total = Number(response.headers['x-total-count']);
      if ((page + 1) * SAMPLE_PAGE_SIZE >= total || rows.length === 0) break;
    }
    return { ms: performance.now() - started, requests };
  } finally {
    await pool.close();
  }
}

function printTable(measures: Measure[], memory: Map<number, number>): void {
  const header = [
    'assets',
    'scenario',
    'median ms',
    'max ms',
    'requests',
    'KB down',
    'peak RSS MB',
    'result chars',
    '~tokens',
  ];
  const rows = measures.map((m) => [
    String(m.size),
    m.scenario,
    m.medianMs.toFixed(0),
    m.maxMs.toFixed(0),
    m.requests.toFixed(1).replace(/\.0$/, ''),
    (m.bytes / 1024).toFixed(0),
    (memory.get(m.size)! / 1024 / 1024).toFixed(0),
    String(m.resultChars),
    String(Math.ceil(m.resultChars / 4)),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  print(line(header));
  for (const row of rows) print(line(row));
  print('');
}

function printComparisons(
  measures: Measure[],
  baselines: Map<number, { ms: number; requests: number }>,
  floors: Map<number, number>,
  memory: Map<number, number>,
  settings: Settings,
): void {
  print("Cold search against the sequential 50-row walk of Pomfort's samples, and the floor");
  print('(login, project list, first page, then the other pages 4 at a time, at the latency):');
  for (const size of settings.sizes) {
    const ours = measures.find((m) => m.size === size && m.scenario === 'cold search')!;
    const baseline = baselines.get(size)!;
    const floor = floors.get(size)!;
    print(
      `  ${size} assets: ours ${ours.medianMs.toFixed(0)} ms, baseline ` +
        `${baseline.ms.toFixed(0)} ms (${baseline.requests} requests), floor ${floor} ms; ` +
        `ours/baseline ${(ours.medianMs / baseline.ms).toFixed(3)}, ` +
        `ours/floor ${(ours.medianMs / floor).toFixed(2)}`,
    );
  }
  const smallest = settings.sizes[0]!;
  const largest = settings.sizes.at(-1)!;
  if (largest !== smallest) {
    const time = (size: number) =>
      measures.find((m) => m.size === size && m.scenario === 'cold search')!.medianMs;
    print(
      `Growth from ${smallest} to ${largest} assets (${largest / smallest}x): cold search time ` +
        `${(time(largest) / time(smallest)).toFixed(1)}x, peak RSS ` +
        `${(memory.get(largest)! / memory.get(smallest)!).toFixed(1)}x`,
    );
  }
  const warm = measures.filter((m) => m.scenario === 'warm search');
  print(`Warm search requests per call: ${warm.map((m) => `${m.size}: ${m.requests}`).join(', ')}`);
}

async function printToolListSize(): Promise<void> {
  const emulator = await startEmulator();
  const session = await Session.start(emulator, 0);
  try {
    const listed = await (session as unknown as { client: Client }).client.listTools();
    const chars = JSON.stringify(listed).length;
    print(
      `tools/list: ${listed.tools.length} tools, ${chars} chars (~${Math.ceil(chars / 4)} tokens)`,
    );
  } finally {
    await session.close();
    await emulator.close();
  }
}

function readSettings(): Settings {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,50000' },
      runs: { type: 'string', default: '5' },
      latency: { type: 'string', default: '40' },
      'page-cap': { type: 'string', default: '500' },
    },
  });
  const whole = (name: string, text: string) => {
    if (!/^\d+$/.test(text)) throw new Error(`--${name} takes a whole number, got "${text}"`);
    return Number(text);
  };
  return {
    sizes: values.sizes.split(',').map((size) => whole('sizes', size.trim())),
    runs: Math.max(1, whole('runs', values.runs)),
    latencyMs: whole('latency', values.latency),
    pageCap: Math.max(1, whole('page-cap', values['page-cap'])),
  };
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
