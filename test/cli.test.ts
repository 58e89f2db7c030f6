import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_SCRIPT, createSampleDataset } from '../src/emulator/sample-data.js';
import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { CLI } from './support/mcp-session.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const WRONG_KEY = 'WrongKeyWrongKeyWrongKeyWrongKey';
const LONELY_SCRIPT = {
  scriptId: '6435300a9e6b1c2d3f4a5b6c/Lonely',
  scriptKey: 'LonelyKeyLonelyKeyLonelyKeyLone',
};

// Reports every outgoing connection and name lookup on stderr, so that a test can tell
// whether the CLI tried to reach anything at all.
const WATCH_NETWORK = `
import dns from 'node:dns';
import net from 'node:net';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  process.stderr.write('[network] connect\\n');
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (...args) {
  process.stderr.write('[network] lookup\\n');
  return lookup.apply(this, args);
};
`;

let workDir: string;
let networkWatch: string;

/** Runs the built CLI with only the given environment and no stdin. */
function runCli(args: string[], env: Record<string, string> = {}, watch = false): Promise<Run> {
  const nodeArgs = watch ? ['--import', networkWatch, CLI, ...args] : [CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A loopback port that nothing listens on: taken from the system, then let go. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const reasonLines = (run: Run) => run.stderr.trim().split('\n');

describe('shothub-mcp check', () => {
  let emulator: ShotHubEmulator;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'shothub-cli-test-'));
    networkWatch = join(workDir, 'watch-network.mjs');
    writeFileSync(networkWatch, WATCH_NETWORK);

    const dataset = createSampleDataset();
    dataset.scripts.push(LONELY_SCRIPT);
    emulator = await startEmulator({ dataset });
  });

  afterAll(async () => {
    await emulator?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('--help lists the check command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('shothub-mcp check [--demo]');
  });

  it('with --demo counts the clips of every sample project in the built-in emulator', async () => {
    const run = await runCli(['check', '--demo']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('3 projects visible to this script');
    expect(run.stdout).toContain('  Birthday Cake (Silverstack): 68 clips\n');
    expect(run.stdout).toContain('  Hotel (Livegrade): 61 shots\n');
    expect(run.stdout).toContain('  Überfahrt (Silverstack): 53 clips\n');
    // The demo script was not added to it, so the check must not see it either.
    expect(run.stdout).not.toContain('Nightingale');
  });

  it('with real credentials lists what the script sees, as the server would', async () => {
    const run = await runCli(['check'], {
      SH_API_SCRIPT_ID: DEMO_SCRIPT.scriptId,
      SH_API_SCRIPT_KEY: DEMO_SCRIPT.scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Checking ShotHub at ${emulator.baseUrl} as script`);
    expect(run.stdout).toContain('  Hotel (Livegrade): 61 shots\n');
    expect(run.stdout).not.toContain(DEMO_SCRIPT.scriptKey);
  });

  it('says a wrong Script Key was rejected, without printing the key', async () => {
    const run = await runCli(['check'], {
      SH_API_SCRIPT_ID: DEMO_SCRIPT.scriptId,
      SH_API_SCRIPT_KEY: WRONG_KEY,
      SH_API_BASE_URL: emulator.baseUrl,
      SHOTHUB_LOG_LEVEL: 'debug',
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Wrong Script ID or Script Key');
    expect(run.stderr).toContain('ShotHub rejected the script credentials (HTTP 401)');
    expect(run.stdout + run.stderr).not.toContain(WRONG_KEY);
    const logins = emulator.requests.filter((request) => request.path === '/sh/authenticate');
    expect(logins.at(-1)?.status).toBe(401);
  });

  it('for a script that was added to no project says to add it', async () => {
    const run = await runCli(['check'], {
      SH_API_SCRIPT_ID: LONELY_SCRIPT.scriptId,
      SH_API_SCRIPT_KEY: LONELY_SCRIPT.scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
    });

    expect(run.code).toBe(1);
    expect(reasonLines(run)).toHaveLength(2);
    expect(run.stderr).toContain('not added to any ShotHub project');
    expect(run.stderr).toContain('"Add Script"');
  });

  it('with nothing listening at the base URL gives a network reason', async () => {
    const port = await closedLoopbackPort();
    const run = await runCli(
      ['check'],
      {
        SH_API_SCRIPT_ID: DEMO_SCRIPT.scriptId,
        SH_API_SCRIPT_KEY: WRONG_KEY,
        SH_API_BASE_URL: `http://127.0.0.1:${port}/sh`,
      },
      true,
    );

    expect(run.code).toBe(1);
    // The watch sees the attempts, which is what lets the next test trust its silence.
    expect(run.stderr).toContain('[network] connect');
    const reason = reasonLines(run).filter((line) => !line.startsWith('[network]'));
    expect(reason).toEqual([
      `Network problem: Could not reach ShotHub at 127.0.0.1:${port} (ECONNREFUSED). ` +
        'Is the ShotHub emulator running there? Check SH_API_BASE_URL.',
    ]);
    expect(run.stdout + run.stderr).not.toContain(WRONG_KEY);
  });

  it('refuses a plain-http base URL on another host before any connection', async () => {
    const run = await runCli(
      ['check'],
      {
        SH_API_SCRIPT_ID: DEMO_SCRIPT.scriptId,
        SH_API_SCRIPT_KEY: WRONG_KEY,
        SH_API_BASE_URL: 'http://example.invalid/sh',
      },
      true,
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('[network]');
    expect(reasonLines(run)).toHaveLength(1);
    expect(run.stderr).toContain('The configuration is not usable: SH_API_BASE_URL must use https');
    expect(run.stderr).not.toContain(WRONG_KEY);
  });

  it('without credentials names the missing variables', async () => {
    const run = await runCli(['check'], { SH_API_SCRIPT_ID: DEMO_SCRIPT.scriptId });

    expect(run.code).toBe(1);
    expect(reasonLines(run)).toHaveLength(1);
    expect(run.stderr).toContain('SH_API_SCRIPT_KEY is not set');
  });
});
