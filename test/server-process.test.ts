import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type ShotHubEmulator } from '../src/emulator/server.js';
import { CLI, startSession, textOf } from './support/mcp-session.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from closing stdin to the process exiting. */
  exitMs: number;
}

/** Runs the built CLI, writes `input` to its stdin, closes stdin and waits for the exit. */
function runCli(
  args: string[],
  env: Record<string, string>,
  input: string[] = [],
  settleMs = 0,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let closedAt = Date.now();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, exitMs: Date.now() - closedAt }));
    for (const line of input) child.stdin.write(`${line}\n`);
    setTimeout(() => {
      closedAt = Date.now();
      child.stdin.end();
    }, settleMs);
  });
}

const rpc = (id: number, method: string, params: object = {}) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });

describe('starting the server', () => {
  it('without SH_API_SCRIPT_KEY stops at once, names the variable, and writes nothing to stdout', async () => {
    const run = await runCli([], { SH_API_SCRIPT_ID: '0123456789abcdef01234567/Script' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('SH_API_SCRIPT_KEY is not set');
    expect(run.stderr).toContain('Team Settings, scripts tab');
  });

  it('refuses a plain-http base URL on another host before sending anything', async () => {
    const run = await runCli([], {
      SH_API_SCRIPT_ID: '0123456789abcdef01234567/Script',
      SH_API_SCRIPT_KEY: 'SecretSecretSecretSecretSecret12',
      SH_API_BASE_URL: 'http://shothub.invalid/sh',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('SH_API_BASE_URL must use https');
    expect(run.stderr).not.toContain('SecretSecretSecretSecretSecret12');
  });

  it('answers --help and --version, and rejects unknown flags with the usage', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('shothub-mcp --demo');

    const version = await runCli(['--version'], {});
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

    const unknown = await runCli(['--colour'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    expect(unknown.stderr).toContain('Usage:');
  });
});

describe('a session in demo mode', () => {
  it('writes only JSON-RPC to stdout, even around a failing call, and exits when stdin closes', async () => {
    const run = await runCli(
      ['--demo'],
      { SHOTHUB_LOG_LEVEL: 'debug' },
      [
        rpc(1, 'initialize', {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw-test', version: '1' },
        }),
        JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
        rpc(2, 'tools/list'),
        rpc(3, 'tools/call', { name: 'search', arguments: { project: 'No Such Project' } }),
        rpc(4, 'tools/call', { name: 'search', arguments: { limit: -1 } }),
        rpc(5, 'tools/call', { name: 'no_such_tool', arguments: {} }),
        rpc(6, 'tools/call', { name: 'list_projects', arguments: {} }),
      ],
      1_500,
    );

    const lines = run.stdout.split('\n').filter((line) => line !== '');
    const messages = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(messages.every((message) => message.jsonrpc === '2.0')).toBe(true);
    // Calls run concurrently, so answers may come in any order; each comes exactly once.
    const ids = messages.map((message) => message.id as number);
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);

    const byId = new Map(messages.map((message) => [message.id, message]));
    const failed = byId.get(3)!.result as { isError: boolean; content: { text: string }[] };
    expect(failed.isError).toBe(true);
    expect(failed.content[0]!.text).toContain('No project named "No Such Project"');
    const listed = byId.get(6)!.result as { structuredContent: { count: number } };
    expect(listed.structuredContent.count).toBe(3);

    // Debug logging went to stderr, and the process ended promptly once stdin closed.
    expect(run.stderr).toContain('ShotHub request');
    expect(run.code).toBe(0);
    expect(run.exitMs).toBeLessThan(1_500);
  });
});

describe('a server started with a wrong script key', () => {
  let emulator: ShotHubEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('says the credentials were rejected, and the key appears nowhere', async () => {
    const scriptKey = 'NotTheRightKeyNotTheRightKey1234';
    const session = await startSession([], {
      SH_API_SCRIPT_ID: emulator.credentials.scriptId,
      SH_API_SCRIPT_KEY: scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
      SHOTHUB_LOG_LEVEL: 'debug',
    });
    try {
      const result = await session.call('list_projects');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('ShotHub rejected the script credentials (HTTP 401)');
      expect(textOf(result)).toContain('retrying will not help');
      expect(JSON.stringify(result)).not.toContain(scriptKey);
      expect(session.stderr()).not.toContain(scriptKey);
    } finally {
      await session.close();
    }
  });

  it('with the right key, logs at debug level without printing the key or the token', async () => {
    const session = await startSession([], {
      SH_API_SCRIPT_ID: emulator.credentials.scriptId,
      SH_API_SCRIPT_KEY: emulator.credentials.scriptKey,
      SH_API_BASE_URL: emulator.baseUrl,
      SHOTHUB_LOG_LEVEL: 'debug',
    });
    try {
      const result = await session.call('search', { project: 'Hotel', scene: '9' });
      expect(result.isError).toBeFalsy();
      const stderr = session.stderr();
      expect(stderr).toContain('logged in to ShotHub');
      expect(stderr).not.toContain(emulator.credentials.scriptKey);
      expect(stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      expect(stderr).not.toMatch(/Bearer/i);
    } finally {
      await session.close();
    }
  });
});

describe('the emulator command', () => {
  it('takes faults, latency and a page cap, and refuses a fault it does not know', async () => {
    const bad = await runCli(['emulator', '--faults', 'bogus'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('shothub-mcp: Emulator faults: unknown fault "bogus"');

    const misplaced = await runCli(['--demo', '--faults', '503'], {});
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--faults to `emulator`');
  });
});
