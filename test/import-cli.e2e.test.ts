import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// A user's own clip export, served in demo mode: every tool works on it as on ShotHub.
const ALE = [
  'Heading',
  'FIELD_DELIM\tTABS',
  'VIDEO_FORMAT\t1080',
  'FPS\t25',
  '',
  'Column',
  'Name\tTape\tStart\tEnd\tScene\tTake\tCamera\tShoot Date\tCircled\tLens',
  '',
  'Data',
  'K001C001_240502_R7QT\tK001\t11:00:00:00\t11:00:40:00\t5\t1\tA\t2024-05-02\t\tSummilux-C 35mm',
  'K001C002_240502_R7QT\tK001\t11:02:00:00\t11:02:30:12\t5\t2\tA\t2024-05-02\tY\tSummilux-C 35mm',
  'L001C001_240502_R8PL\tL001\t11:02:01:00\t11:02:31:00\t5\t2\tB\t2024-05-02\tY\tSummilux-C 75mm',
  'K002C001_240503_R7QT\tK002\t09:30:00:00\t09:31:00:00\t6\t1\tA\t2024-05-03\t*\tSummilux-C 50mm',
  '',
].join('\r\n');

let folder: string;
let session: McpSession;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'shothub-import-'));
  const file = join(folder, 'Harbour Lights.ale');
  await writeFile(file, ALE);
  session = await startSession(['--demo', '--import', file]);
});
afterAll(async () => {
  await session?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('a production trying the tools on its own ALE export', () => {
  it('sees the imported project next to the samples', async () => {
    const result = await session.call('list_projects');
    const { projects } = result.structuredContent as { projects: { name: string }[] };
    expect(projects.map((project) => project.name)).toEqual([
      'Birthday Cake',
      'Hotel',
      'Überfahrt',
      'Harbour Lights',
    ]);
  });

  it('gets one folder per shoot date and one bin per reel', async () => {
    const result = await session.call('get_folder_tree', { project: 'Harbour Lights' });
    const { nodes } = result.structuredContent as { nodes: { name: string; depth: number }[] };
    expect(nodes.map((node) => `${'  '.repeat(node.depth - 1)}${node.name}`)).toEqual([
      'Shooting Day 1 (2024-05-02)',
      '  K001',
      '  L001',
      'Shooting Day 2 (2024-05-03)',
      '  K002',
    ]);
  });

  it('adds up its cards to the frame at the header frame rate', async () => {
    const result = await session.call('summarize', { project: 'Harbour Lights', groupBy: 'reel' });
    const summary = result.structuredContent as {
      groups: { key: string; clips: number; timecode?: string }[];
    };
    // K001: 40 s + 30 s 12 fr; L001: 30 s; K002: 60 s, all at 25 fps.
    expect(summary.groups.map((group) => [group.key, group.clips, group.timecode])).toEqual([
      ['K001', 2, '00:01:10:12'],
      ['K002', 1, '00:01:00:00'],
      ['L001', 1, '00:00:30:00'],
    ]);
  });

  it('finds the circled takes of scene 5 on both cameras', async () => {
    const result = await session.call('search', {
      project: 'Harbour Lights',
      scene: '5',
      flagged: true,
    });
    expect(textOf(result)).toContain('2 matches in Harbour Lights');
    const { rows } = result.structuredContent as { rows: { name: string; lens: string }[] };
    expect(rows.map((row) => [row.name, row.lens])).toEqual([
      ['K001C002_240502_R7QT', 'Summilux-C 35mm'],
      ['L001C001_240502_R8PL', 'Summilux-C 75mm'],
    ]);
  });
});

describe('several exports at once', () => {
  it('names the project after the first file given, not the first in name order', async () => {
    const csv = join(folder, 'aaa extra day.csv');
    await writeFile(
      csv,
      'Name,Tape,Start,End,Shoot Date\nZ001C001,Z001,12:00:00:00,12:00:10:00,2024-05-04\n',
    );
    const session = await startSession([
      '--demo',
      '--import',
      join(folder, 'Harbour Lights.ale'),
      csv,
    ]);
    try {
      const result = await session.call('list_projects');
      const { projects } = result.structuredContent as { projects: { name: string }[] };
      expect(projects.at(-1)?.name).toBe('Harbour Lights');
      const summary = await session.call('summarize', { project: 'Harbour Lights' });
      expect((summary.structuredContent as { total: { clips: number } }).total.clips).toBe(5);
    } finally {
      await session.close();
    }
  });
});
