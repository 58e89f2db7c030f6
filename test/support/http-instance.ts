import { spawn, type ChildProcess } from 'node:child_process';

import { CLI } from './mcp-session.js';

export interface HttpInstance {
  url: URL;
  child: ChildProcess;
  stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code and the milliseconds it took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** Starts the built CLI in HTTP mode on a free port and waits for the line that tells its URL. */
export function startHttpInstance(
  args: string[],
  env: Record<string, string>,
): Promise<HttpInstance> {
  const child = spawn(process.execPath, [CLI, '--http', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL within 10 s:\n${stderr}`));
    }, 10_000);
    child.on('exit', () => reject(new Error(`exited before listening:\n${stderr}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: new URL(match[1]!),
        child,
        stderr: () => stderr,
        stop: async () => {
          const startedAt = Date.now();
          child.kill('SIGTERM');
          const code = await exited;
          return { code, ms: Date.now() - startedAt };
        },
      });
    });
  });
}
