import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSampleDataset } from '../src/emulator/sample-data.js';
import { durationFrames, framesToSeconds } from '../src/timecode.js';
import { startSession, textOf, type McpSession } from './support/mcp-session.js';

// The daily jobs of a set and a dailies lab, asked of the built server in demo mode over
// stdio. Expected totals are worked out here from the emulator's own sample data, clip by
// clip, independently of the server's code.

let session: McpSession;
const dataset = createSampleDataset();
const birthdayCake = dataset.projects.find((project) => project.name === 'Birthday Cake')!;
const hotel = dataset.projects.find((project) => project.name === 'Hotel')!;

beforeAll(async () => {
  session = await startSession(['--demo']);
});
afterAll(async () => {
  await session?.close();
});

async function answer<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const result = await session.call(tool, args);
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

/** Frames per camera of one shooting day, from tcStart/tcEnd of each sample clip. */
function expectedDay(day: string) {
  const totals = new Map<string, { clips: number; frames: number; rate: number }>();
  for (const { fields } of birthdayCake.assets) {
    if (fields.shootingDay !== day) continue;
    const camera = fields.manufacturer
      ? `${fields.manufacturer} ${fields.model}`
      : 'unknown camera';
    const rate = Number(fields.tcFps);
    const frames = durationFrames(
      String(fields.tcStart),
      String(fields.tcEnd),
      rate,
      fields.tcDropFlag === true,
    );
    const total = totals.get(camera) ?? { clips: 0, frames: 0, rate };
    total.clips++;
    total.frames += frames;
    totals.set(camera, total);
  }
  return totals;
}

interface Totals {
  clips: number;
  circled: number;
  seconds: number;
  duration: string;
  timecode?: string;
  frameRates: { frameRate: number; dropFrame: boolean; clips: number; frames: number }[];
  withoutDuration: number;
}
interface Summary {
  total: Totals;
  groups: (Totals & { key: string; cameraLetters?: string[] })[];
  mixedFrameRates: boolean;
}

describe('summarize', () => {
  it('gives clips and frame-exact running time per camera for shooting day 2', async () => {
    const expected = expectedDay('2');
    const summary = await answer<Summary>('summarize', {
      project: 'Birthday Cake',
      shootingDay: '2',
    });

    expect(summary.groups.map((group) => [group.key, group.clips, group.cameraLetters])).toEqual([
      ['ARRI ALEXA 35', 17, ['A']],
      ['Sony VENICE 2', 7, ['B']],
      ['unknown camera', 5, ['C']],
    ]);
    for (const group of summary.groups) {
      const want = expected.get(group.key)!;
      expect(group.frameRates).toEqual([
        expect.objectContaining({ frameRate: want.rate, clips: want.clips, frames: want.frames }),
      ]);
      expect(group.seconds).toBeCloseTo(framesToSeconds(want.frames, want.rate), 3);
    }
    // The crash camera runs 29.97 drop-frame while the others run 23.976: said, not hidden.
    expect(summary.mixedFrameRates).toBe(true);
    expect(summary.total.timecode).toBeUndefined();
    expect(summary.total.clips).toBe(29);
    expect(summary.total.circled).toBe(10);
  });

  it('shows one timecode total per camera, and says when frame rates are mixed', async () => {
    const result = await session.call('summarize', { project: 'Birthday Cake', shootingDay: 2 });
    const text = textOf(result);
    const alexa = expectedDay('2').get('ARRI ALEXA 35')!;
    // 17 ALEXA clips at 23.976: the frames as HH:MM:SS:FF at 24 frames per timecode second.
    const frames = alexa.frames;
    const timecode = [
      Math.floor(frames / 86400),
      Math.floor(frames / 1440) % 60,
      Math.floor(frames / 24) % 60,
      frames % 24,
    ]
      .map((part) => String(part).padStart(2, '0'))
      .join(':');
    expect(text).toContain(`- ARRI ALEXA 35 (A): 17 clips, 6 circled,`);
    expect(text).toContain(`(${timecode} at 23.976 fps)`);
    expect(text).toContain('Mixed frame rates: 23.976 fps (24 clips), 29.97 fps DF (5 clips).');
  });

  it('lists the cards of a day with their length, in reel order', async () => {
    const summary = await answer<Summary>('summarize', {
      project: 'Birthday Cake',
      shootingDay: 'Day 2',
      groupBy: 'reel',
    });
    expect(summary.groups.map((group) => [group.key, group.clips])).toEqual([
      ['A002', 9],
      ['A003', 8],
      ['B002', 7],
      ['C001', 5],
    ]);
    expect(summary.groups.every((group) => group.timecode !== undefined)).toBe(true);
  });

  it('counts circled takes over the whole project, every page', async () => {
    const summary = await answer<Summary>('summarize', {
      project: 'Birthday Cake',
      groupBy: 'flagged',
    });
    const circled = birthdayCake.assets.filter(({ fields }) => fields.flag === true).length;
    expect(summary.groups.map((group) => [group.key, group.clips])).toEqual([
      ['circled', circled],
      ['not circled', 68 - circled],
    ]);
  });
});

describe('get_asset', () => {
  interface AssetAnswer {
    asset: Record<string, unknown>;
    grade: { name?: string; mode?: string; cdl?: { slope: number[]; saturation: number } } | null;
    fields?: Record<string, unknown>;
  }

  it('tells which camera and lens shot A003C012, with its look and CDL', async () => {
    const shot = hotel.assets.find(({ fields }) => fields.name === 'A003C012_230412_R1AB')!;
    const result = await session.call('get_asset', { asset: 'A003C012' });
    const found = result.structuredContent as unknown as AssetAnswer;

    expect(found.asset).toMatchObject({
      id: shot.fields.id,
      project: 'Hotel',
      camera: 'ARRI ALEXA Mini LF',
      lens: 'Cooke S4/i 50mm',
      scene: '9',
      take: '3',
      asa: 800,
      whiteBalance: 4300,
      indoorOutdoor: 'INT',
    });
    expect(found.grade).toEqual({
      name: 'Corridor_Cool',
      mode: 'ACES_CDL',
      cdl: {
        slope: shot.grade!.cdl.slope,
        offset: shot.grade!.cdl.offset,
        power: shot.grade!.cdl.power,
        saturation: shot.grade!.cdl.saturation,
      },
    });
    const link = result.content.find((item) => item.type === 'resource_link');
    expect(link).toMatchObject({ uri: `shothub://assets/${shot.fields.id}` });
  });

  it('keeps the summary short and the full view complete', async () => {
    const summary = await answer<AssetAnswer>('get_asset', {
      asset: 'A1C-D2F-G3H',
      detail: 'summary',
    });
    expect(summary.asset).not.toHaveProperty('lens');
    expect(summary.asset).toMatchObject({ shotId: 'A1C-D2F-G3H', take: '3', flagged: true });
    expect(summary.grade).toBeNull();

    const full = await answer<AssetAnswer>('get_asset', { asset: 'A1C-D2F-G3H', detail: 'full' });
    const clip = birthdayCake.assets.find(({ fields }) => fields.shotId === 'A1C-D2F-G3H')!;
    expect(full.fields).toMatchObject(clip.fields);
  });

  it('lists the candidates when a clip name is not unique', async () => {
    const result = await session.call('get_asset', { asset: 'A004C00' });
    expect(result.isError).toBe(true);
    // Reel A004 has 7 clips in Birthday Cake and 8 in Hotel.
    expect(textOf(result)).toMatch(/^15 clips match clip name "A004C00": A004C001_230413_R2XK/);
    expect(textOf(result)).toContain('A004C001_230413_R1AB (Hotel');
    expect(textOf(result)).toContain('and 5 more. Pass one asset id.');
  });
});

describe('get_dynamic_metadata', () => {
  interface PerFrame {
    frames: number;
    firstTimecode?: string;
    columns: { name: string; min?: number; max?: number; distinct?: string[] }[];
    range?: { rows: string[][]; nextFromFrame?: number; toFrame: number };
  }

  it('sums up the focal lengths a zoom went through', async () => {
    const clip = birthdayCake.assets.find(({ fields }) => fields.name === 'A001C010_230411_R2XK')!;
    const frames = durationFrames(String(clip.fields.tcStart), String(clip.fields.tcEnd), 23.976);
    const summary = await answer<PerFrame>('get_dynamic_metadata', { asset: 'A001C010' });

    expect(summary.frames).toBe(frames);
    expect(summary.firstTimecode).toBe(clip.fields.tcStart);
    const column = (name: string) => summary.columns.find((candidate) => candidate.name === name);
    expect(column('Focal Length (mm)')).toMatchObject({ min: 45, max: 135 });
    expect(column('Iris (T)')).toMatchObject({ min: 2.8, max: 2.8 });
    expect(column('Lens')?.distinct).toEqual(['ARRI Signature Zoom 45-135mm']);
  });

  it('gives frames by number on request, and cuts long ranges with a way on', async () => {
    const few = await answer<PerFrame>('get_dynamic_metadata', {
      asset: 'A001C010',
      fromFrame: 10,
      toFrame: '12',
    });
    expect(few.range!.rows.map((row) => row[0])).toEqual(['10', '11', '12']);

    const many = await answer<PerFrame>('get_dynamic_metadata', {
      asset: 'A001C010',
      fromFrame: 0,
    });
    expect(many.range!.rows).toHaveLength(250);
    expect(many.range!.nextFromFrame).toBe(250);
  });

  it('says so when a clip has no per-frame metadata', async () => {
    const result = await session.call('get_dynamic_metadata', { asset: 'A1C-D2F-G3H' });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('A001C003_230411_R2XK has no per-frame metadata in ShotHub');
  });
});

describe('get_looks', () => {
  interface Looks {
    total: number;
    byLook: { look: string; clips: number }[];
    clips: { clipName: string; look?: string; slope: number[]; saturation: number }[];
  }

  it('reads the CDLs of the last Hotel day, per clip, with the look name', async () => {
    const graded = hotel.assets.filter(({ fields, grade }) => grade && fields.shootingDay === '3');
    const looks = await answer<Looks>('get_looks', {
      folderId: '641af9c62e1cfc1ad167ce20',
      limit: 200,
    });
    expect(looks.total).toBe(graded.length);
    expect(looks.byLook).toEqual([{ look: 'Rooftop_Night', clips: graded.length }]);
    for (const clip of looks.clips) {
      const shot = graded.find(({ fields }) => fields.name === clip.clipName)!;
      expect(clip.slope).toEqual(shot.grade!.cdl.slope);
      expect(clip.saturation).toBe(shot.grade!.cdl.saturation);
    }
  });

  it('says so when a folder holds no graded shots', async () => {
    const result = await session.call('get_looks', { project: 'Birthday Cake' });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as unknown as Looks).total).toBe(0);
    expect(textOf(result)).toContain('No graded shots in Birthday Cake');
  });
});

describe('resources', () => {
  it('offers the project list, folder trees and assets, with project ids completed', async () => {
    const { resources } = await session.client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain('shothub://projects');
    expect(resources.map((resource) => resource.name)).toContain('Hotel: folders and bins');

    const projects = await session.client.readResource({ uri: 'shothub://projects' });
    const content = projects.contents[0]!;
    const listed = JSON.parse('text' in content ? content.text : '') as { name: string }[];
    expect(listed.map((project) => project.name)).toEqual(['Birthday Cake', 'Hotel', 'Überfahrt']);

    const completion = await session.client.complete({
      ref: { type: 'ref/resource', uri: 'shothub://projects/{projectId}/folders' },
      argument: { name: 'projectId', value: 'hot' },
    });
    expect(completion.completion.values).toEqual([hotel.id]);
  });

  it('refuses an asset of a project the script was not added to', async () => {
    const nightingale = dataset.projects.find((project) => project.name.startsWith('Night'))!;
    await expect(
      session.client.readResource({ uri: `shothub://assets/${nightingale.assets[0]!.fields.id}` }),
    ).rejects.toThrow(/does not exist or is not accessible to this script/);
  });
});

describe('prompts', () => {
  const render = async (name: string, args: Record<string, string>) => {
    const prompt = await session.client.getPrompt({ name, arguments: args });
    const content = prompt.messages[0]!.content;
    return content.type === 'text' ? content.text : '';
  };
  const dayTwoFolder = birthdayCake.folders.find((folder) => folder.name === 'Shooting Day 2')!;

  it('renders the shooting-day report for a day folder of Birthday Cake', async () => {
    const text = await render('shooting_day_report', { project: 'birthday cake', day: '2' });
    expect(text).toContain('Shooting Day 2 of the ShotHub project "Birthday Cake"');
    expect(text).toContain(
      `summarize {"project":"Birthday Cake","folderId":"${dayTwoFolder.id}","groupBy":"camera"}`,
    );
    expect(text).toContain('"flagged":true');
  });

  it('renders the camera report, and a Livegrade day spread over two instances', async () => {
    const text = await render('camera_report', { project: 'Hotel', day: '2' });
    // Hotel has a Day 02 folder under each Livegrade instance: the day field decides.
    expect(text).toContain('summarize {"project":"Hotel","shootingDay":"2","groupBy":"camera"}');
  });

  it('renders the looks hand-off', async () => {
    const text = await render('looks_handoff', {
      project: 'Hotel',
      day: '641af9c62e1cfc1ad167ce20',
    });
    expect(text).toContain(
      'get_looks {"project":"Hotel","folderId":"641af9c62e1cfc1ad167ce20","limit":200}',
    );
  });

  it('completes project names and day numbers', async () => {
    const projects = await session.client.complete({
      ref: { type: 'ref/prompt', name: 'shooting_day_report' },
      argument: { name: 'project', value: 'ub' },
    });
    expect(projects.completion.values).toEqual(['Überfahrt']);
    const days = await session.client.complete({
      ref: { type: 'ref/prompt', name: 'shooting_day_report' },
      argument: { name: 'day', value: '' },
      context: { arguments: { project: 'Birthday Cake' } },
    });
    expect(days.completion.values).toEqual(['1', '2', '3']);
  });

  it('refuses a project the script cannot see, naming the ones it can', async () => {
    await expect(
      render('shooting_day_report', { project: 'Nightingale', day: '1' }),
    ).rejects.toThrow(/No project named "Nightingale" is visible to this script/);
  });
});
