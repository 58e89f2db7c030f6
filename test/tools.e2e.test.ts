import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// The built server in demo mode, driven over stdio by the SDK's MCP client: what an assistant
// in Claude Desktop would see. Expected values come from the sample plan in
// src/emulator/sample-data.ts, worked out by hand.

let session: McpSession;

beforeAll(async () => {
  session = await startSession(['--demo']);
});
afterAll(async () => {
  await session?.close();
});

interface SearchRow {
  id: string;
  name: string;
  project?: string;
  scene?: string;
  shot?: string;
  take?: string;
  camera: string;
  cameraLetter?: string;
  reel?: string;
  lens?: string;
  tcIn?: string;
  tcOut?: string;
  duration?: string;
  flagged: boolean;
  shotId?: string;
}
interface SearchAnswer {
  total: number;
  returned: number;
  hasMore: boolean;
  nextOffset?: number;
  rows: SearchRow[];
  warnings?: string[];
  scope: { project?: { name: string }; folderId: string; assetsScanned: number }[];
}

async function search(args: Record<string, unknown>): Promise<SearchAnswer> {
  const result = await session.call('search', args);
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as unknown as SearchAnswer;
}

async function failure(tool: string, args: Record<string, unknown>): Promise<string> {
  const result = await session.call(tool, args);
  expect(result.isError, `expected ${tool} to fail`).toBe(true);
  return textOf(result);
}

describe('what the assistant is offered', () => {
  it('lists the tools, each read-only, with a title and an output schema', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'list_projects',
      'get_folder_tree',
      'search',
      'summarize',
      'get_asset',
      'get_dynamic_metadata',
      'get_looks',
    ]);
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.description!.length).toBeGreaterThan(100);
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
    }
  });

  it('explains itself in the server instructions', () => {
    const instructions = session.client.getInstructions() ?? '';
    for (const tool of ['list_projects', 'get_folder_tree', 'search', 'summarize', 'get_looks']) {
      expect(instructions).toContain(tool);
    }
  });
});

describe('list_projects', () => {
  it('shows the projects the demo script was added to, and not the closed set', async () => {
    const result = await session.call('list_projects');
    const { projects, count } = result.structuredContent as {
      count: number;
      projects: { name: string; application: string; id: string; rootFolderId: string }[];
    };
    expect(count).toBe(3);
    expect(projects.map((project) => [project.name, project.application])).toEqual([
      ['Birthday Cake', 'Silverstack'],
      ['Hotel', 'Livegrade'],
      ['Überfahrt', 'Silverstack'],
    ]);
    expect(projects[0]!.id).toBe('643533041b92c40aa318d8db');
    expect(projects.every((project) => /^[0-9a-f]{24}$/.test(project.rootFolderId))).toBe(true);
    expect(textOf(result)).toContain('3 projects visible to this script');
    expect(textOf(result)).not.toContain('Nightingale');
  });
});

describe('get_folder_tree', () => {
  interface TreeAnswer {
    project: { name: string };
    start: { name: string; path: string[] };
    shown: number;
    total: number;
    hasMore: boolean;
    nextOffset?: number;
    hidden: number;
    nodes: { id: string; name: string; kind?: string; depth: number; hiddenBelow: number }[];
  }
  const tree = async (args: Record<string, unknown>) => {
    const result = await session.call('get_folder_tree', args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return { answer: result.structuredContent as unknown as TreeAnswer, text: textOf(result) };
  };

  it('shows Birthday Cake as shooting days with one bin per camera card', async () => {
    const { answer, text } = await tree({ project: 'birthday cake' });
    expect(answer.project.name).toBe('Birthday Cake');
    expect(answer.nodes.map((node) => `${'  '.repeat(node.depth - 1)}${node.name}`)).toEqual([
      'Shooting Day 1',
      '  A001',
      '  B001',
      'Shooting Day 2',
      '  A002',
      '  A003',
      '  B002',
      '  C001',
      'Shooting Day 3',
      '  A004',
      '  B003',
    ]);
    expect(answer.nodes.filter((node) => node.kind === 'bin')).toHaveLength(8);
    expect(answer.hidden).toBe(0);
    expect(text).toMatch(/^Birthday Cake \(project 643533041b92c40aa318d8db/);
    expect(text).toMatch(/\n {2}- A001 \(bin, id [0-9a-f]{24}\)/);
  });

  it('counts what lies below maxDepth instead of dropping it', async () => {
    const { answer, text } = await tree({ project: 'Birthday Cake', maxDepth: '1' });
    expect(answer.nodes.map((node) => [node.name, node.hiddenBelow])).toEqual([
      ['Shooting Day 1', 2],
      ['Shooting Day 2', 4],
      ['Shooting Day 3', 2],
    ]);
    expect(answer.hidden).toBe(8);
    expect(text).toContain('4 more below, not shown');
  });

  it('starts below a folder, and shows a Livegrade project per instance', async () => {
    const whole = await tree({ project: 'Hotel' });
    expect(whole.answer.nodes.filter((node) => node.depth === 1).map((node) => node.name)).toEqual([
      'Livegrade Main Unit Cart',
      'Livegrade 2nd Unit',
    ]);
    const day = whole.answer.nodes.find((node) => node.name === 'Day 02')!;

    const below = await tree({ project: 'Hotel', folderId: day.id });
    expect(below.answer.start.path).toEqual(['Livegrade Main Unit Cart', 'Day 02']);
    expect(below.answer.nodes.map((node) => node.name)).toEqual(['A002', 'A003', 'B002']);
  });

  it('lists a large tree a page of nodes at a time, and says how to go on', async () => {
    const first = await tree({ project: 'Birthday Cake', limit: 4 });
    expect(first.answer.nodes.map((node) => node.name)).toEqual([
      'Shooting Day 1',
      'A001',
      'B001',
      'Shooting Day 2',
    ]);
    expect(first.answer).toMatchObject({ total: 11, hasMore: true, nextOffset: 4 });
    expect(first.text).toContain('call get_folder_tree again with offset 4');

    const rest = await tree({ project: 'Birthday Cake', limit: 100, offset: 4 });
    expect(rest.answer.nodes.map((node) => node.name)).toEqual([
      'A002',
      'A003',
      'B002',
      'C001',
      'Shooting Day 3',
      'A004',
      'B003',
    ]);
    expect(rest.answer).toMatchObject({ hasMore: false });
  });

  it('finds a project by a unique part of its name, accents aside', async () => {
    const { answer } = await tree({ project: 'uberfahrt' });
    expect(answer.project.name).toBe('Überfahrt');
    expect(answer.nodes[0]!.name).toBe('Drehtag 1 – Fähre');
  });

  it('answers an unknown name with the projects there are', async () => {
    const text = await failure('get_folder_tree', { project: 'Wedding Cake' });
    expect(text).toContain('No project named "Wedding Cake" is visible to this script');
    expect(text).toContain('"Birthday Cake" (643533041b92c40aa318d8db)');
    expect(text).toContain('list_projects');
  });

  it('answers an ambiguous name with the candidates', async () => {
    const text = await failure('get_folder_tree', { project: 'a' });
    expect(text).toContain('More than one project matches "a"');
    expect(text).toContain('"Birthday Cake"');
    expect(text).toContain('"Überfahrt"');
    expect(text).not.toContain('"Hotel"');
  });

  it('says plainly that a project the script was not added to is not accessible', async () => {
    const text = await failure('get_folder_tree', { project: '6438d1aa04b7e3f25c9d0b42' });
    expect(text).toContain('Project 6438d1aa04b7e3f25c9d0b42 is not accessible to this script');
    expect(text).not.toContain('Nightingale');
  });

  it('refuses a folder that is not in the project', async () => {
    const text = await failure('get_folder_tree', {
      project: 'Hotel',
      folderId: '643533041b92c40aa318d8dc',
    });
    expect(text).toContain('Folder 643533041b92c40aa318d8dc is not in project "Hotel"');
  });
});

describe('search', () => {
  it('finds the circled takes of scene 12 on the A camera', async () => {
    const answer = await search({
      project: 'Birthday Cake',
      scene: '12',
      flagged: true,
      camera: 'A',
    });
    expect(answer.total).toBe(4);
    expect(answer.rows.map((row) => row.name)).toEqual([
      'A001C003_230411_R2XK',
      'A001C005_230411_R2XK',
      'A001C007_230411_R2XK',
      'A004C007_230413_R2XK',
    ]);
    expect(answer.rows.map((row) => [row.scene, row.shot, row.take])).toEqual([
      ['12', '1', '3'],
      ['12', '1', '5'],
      ['12', '2', '2'],
      ['12', '3', '2'],
    ]);
    const first = answer.rows[0]!;
    expect(first).toMatchObject({
      camera: 'ARRI ALEXA 35',
      cameraLetter: 'A',
      reel: 'A001',
      flagged: true,
      shotId: 'A1C-D2F-G3H',
    });
    expect(first.tcIn).toMatch(/^09:\d\d:\d\d:\d\d$/);
    expect(first.duration).toMatch(/^00:0\d:\d\d:\d\d$/);
  });

  it('counts every circled take of scene 12 over all pages and both cameras', async () => {
    const answer = await search({ project: 'Birthday Cake', scene: '12', flagged: 'true' });
    expect(answer.total).toBe(7);
    expect(answer.scope[0]!.assetsScanned).toBe(68);
    expect(answer.rows.filter((row) => row.camera === 'Sony VENICE 2')).toHaveLength(3);
    // 12A is another scene, not a take of 12.
    expect(answer.rows.some((row) => row.scene === '12A')).toBe(false);
  });

  it('looks a ShotID up across every project the script can see', async () => {
    const result = await session.call('search', { query: 'a1c-d2f-g3h' });
    const answer = result.structuredContent as unknown as SearchAnswer;
    expect(answer.total).toBe(1);
    expect(answer.rows[0]).toMatchObject({
      name: 'A001C003_230411_R2XK',
      project: 'Birthday Cake',
      scene: '12',
      take: '3',
    });
    expect(answer.scope.map((scope) => scope.project?.name)).toEqual([
      'Birthday Cake',
      'Hotel',
      'Überfahrt',
    ]);
    expect(textOf(result)).toContain('1 match in 3 projects');
  });

  it('never finds a clip of a project the script was not added to', async () => {
    const result = await session.call('search', { query: 'N7G-H4T-K2L' });
    expect((result.structuredContent as unknown as SearchAnswer).total).toBe(0);
    expect(textOf(result)).toContain('No clip with that ShotID is visible to this script.');

    const text = await failure('search', { project: '6438d1aa04b7e3f25c9d0b42', scene: '12' });
    expect(text).toContain('is not accessible to this script');
  });

  it('refuses a folder of a project the script was not added to', async () => {
    const text = await failure('search', { folderId: '6438d1aa04b7e3f25c9d0b43' });
    expect(text).toContain('does not exist or is not accessible to this script');
    expect(text).toContain('get_folder_tree');
  });

  it('finds which camera and lens shot A003C012, without being told the project', async () => {
    const answer = await search({ query: 'A003C012' });
    expect(answer.total).toBe(1);
    expect(answer.rows[0]).toMatchObject({
      name: 'A003C012_230412_R1AB',
      project: 'Hotel',
      camera: 'ARRI ALEXA Mini LF',
      lens: 'Cooke S4/i 50mm',
      scene: '9',
      take: '3',
    });
  });

  it('finds the takes of scene 4 that carry per-frame lens data', async () => {
    const answer = await search({
      project: 'Birthday Cake',
      scene: '4',
      where: [{ field: 'hasDynamicMetadata', op: 'equals', value: true }],
    });
    expect(answer.rows.map((row) => row.name)).toEqual([
      'A001C009_230411_R2XK',
      'A001C010_230411_R2XK',
      'A001C011_230411_R2XK',
    ]);
  });

  it('finds the clips with no take logged, with conditions sent as a JSON string', async () => {
    const answer = await search({
      project: 'Birthday Cake',
      where: '[{"field":"take","op":"empty"}]',
    });
    expect(answer.rows.map((row) => row.name)).toEqual([
      'A001C012_230411_R2XK',
      'C001_0005',
      'B003C009_2304137Q',
    ]);
  });

  it('keeps clips without camera metadata apart as an unknown camera', async () => {
    const answer = await search({ project: 'Birthday Cake', camera: 'unknown' });
    expect(answer.total).toBe(5);
    expect(new Set(answer.rows.map((row) => row.camera))).toEqual(new Set(['unknown camera']));
  });

  it('scopes to a shooting-day folder, and reads "Day 2" as shooting day 2', async () => {
    const treeResult = await session.call('get_folder_tree', { project: 'Birthday Cake' });
    const nodes = (treeResult.structuredContent as { nodes: { id: string; name: string }[] }).nodes;
    const day2 = nodes.find((node) => node.name === 'Shooting Day 2')!;

    const byFolder = await search({ project: 'Birthday Cake', folderId: day2.id, limit: 1 });
    const byField = await search({ project: 'Birthday Cake', shootingDay: 'Day 2', limit: 1 });
    expect(byFolder.total).toBe(29);
    expect(byField.total).toBe(29);
  });

  it('pages with limit and offset, and says how to get the rest', async () => {
    const first = await search({ project: 'Birthday Cake', scene: '12', limit: '3' });
    expect(first).toMatchObject({ total: 18, returned: 3, hasMore: true, nextOffset: 3 });

    const rest = await search({ project: 'Birthday Cake', scene: '12', limit: 50, offset: 3 });
    expect(rest).toMatchObject({ total: 18, returned: 15, hasMore: false });
    const ids = [...first.rows, ...rest.rows].map((row) => row.id);
    expect(new Set(ids).size).toBe(18);

    const result = await session.call('search', {
      project: 'Birthday Cake',
      scene: '12',
      limit: 3,
    });
    expect(textOf(result)).toContain('call search again with offset 3');
  });

  it('warns when a condition names a field no asset has', async () => {
    const answer = await search({ project: 'Hotel', where: [{ field: 'scen', op: 'empty' }] });
    expect(answer.total).toBe(61);
    expect(answer.warnings).toEqual([
      expect.stringContaining('No asset in scope has a field "scen"'),
    ]);
  });

  it('refuses arguments it cannot read, naming the argument and the allowed form', async () => {
    expect(await failure('search', { project: 'Hotel', limit: 0 })).toMatch(
      /limit[\s\S]*integer from 1 to 200/,
    );
    expect(await failure('search', { project: 'Hotel', limit: 'many' })).toMatch(
      /limit[\s\S]*integer from 1 to 200/,
    );
    expect(await failure('search', { folderId: '../projects' })).toMatch(
      /folderId[\s\S]*must be a ShotHub id/,
    );
    expect(
      await failure('search', { project: 'Hotel', where: [{ field: 'scene', op: 'like' }] }),
    ).toMatch(/op must be one of has, empty, equals, contains/);
    expect(
      await failure('search', { project: 'Hotel', where: [{ field: 'scene', op: 'equals' }] }),
    ).toContain('needs a value');
    expect(await failure('search', { project: 'Hotel', flagged: 'maybe' })).toMatch(
      /flagged[\s\S]*true or false/,
    );
  });

  it('refuses an argument it does not take, naming the ones it does', async () => {
    const text = await failure('search', { projct: 'Hotel', scene: '9' });
    expect(text).toContain(
      'search takes no argument "projct"; its arguments are project, folderId,',
    );
  });

  it('treats null and empty strings as arguments not given', async () => {
    const answer = await search({ project: 'Hotel', scene: '', take: null, folderId: null });
    expect(answer.total).toBe(61);
  });
});
