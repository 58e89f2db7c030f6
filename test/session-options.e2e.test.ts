import { spawnSync } from 'node:child_process';

import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

import { CLI, startSession, textOf } from './support/mcp-session.js';

describe('fitting into an assistant session', () => {
  it('SHOTHUB_TOOLS offers only the chosen tools, and the prompts those tools can serve', async () => {
    const session = await startSession(['--demo'], { SHOTHUB_TOOLS: 'search, summarize' });
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['search', 'summarize']);
      const { prompts } = await session.client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toEqual([
        'shooting_day_report',
        'camera_report',
      ]);
    } finally {
      await session.close();
    }
  });

  it('SHOTHUB_TOOLS naming no tool stops the server with the names there are', () => {
    const run = spawnSync(process.execPath, [CLI, '--demo'], {
      env: { PATH: process.env.PATH ?? '', SHOTHUB_TOOLS: 'serch' },
      input: '',
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'SHOTHUB_TOOLS names no such tool: serch. The tools are list_projects, get_folder_tree,',
    );
  });

  it('sends log notifications at the level the client asks for, without secrets', async () => {
    const session = await startSession(['--demo']);
    try {
      const messages: { level: string; data: unknown }[] = [];
      session.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
        messages.push(notification.params);
      });

      await session.call('list_projects');
      expect(messages.filter((message) => message.level === 'debug')).toEqual([]);

      await session.client.setLoggingLevel('debug');
      const result = await session.call('search', { project: 'Hotel', scene: '9' });
      expect(result.isError).toBeFalsy();
      await new Promise((resolve) => setTimeout(resolve, 100));

      const debug = messages.filter((message) => message.level === 'debug').map((m) => m.data);
      expect(debug.some((line) => String(line).startsWith('ShotHub request'))).toBe(true);
      const all = JSON.stringify(messages);
      expect(all).not.toContain('DemoKeyForTheLocalShotHubEmulatr');
      expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      expect(textOf(result)).toContain('matches in Hotel');
    } finally {
      await session.close();
    }
  });

  it('SHOTHUB_EMULATOR_FAULTS makes the demo emulator fail as told', async () => {
    const session = await startSession(['--demo'], {
      SHOTHUB_EMULATOR_FAULTS: '429,retry-after=3600,path=/v1.0/projects',
    });
    try {
      const result = await session.call('list_projects');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('ShotHub is rate-limiting this script; retry after 3600 s.');
    } finally {
      await session.close();
    }
  });
});
