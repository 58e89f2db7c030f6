import { request as httpRequest } from 'node:http';
import { crc32, inflateRawSync } from 'node:zlib';

import { describe, it, expect, beforeAll, afterAll } from 'vitest';

import { indexFolders, type ScriptAccount } from '../src/emulator/dataset.js';
import {
  DEMO_SCRIPT,
  OTHER_SCRIPT,
  SAMPLE_FOLDER_ID,
  SAMPLE_PROJECT_ID,
} from '../src/emulator/sample-data.js';
import {
  startEmulator,
  type EmulatorOptions,
  type ShotHubEmulator,
} from '../src/emulator/server.js';
import { durationFrames, parseTimecode } from '../src/timecode.js';

type Row = Record<string, unknown>;

const UNKNOWN_ID = '000000000000000000000000';

/** Starts an emulator for the enclosing describe block and closes it when the block ends. */
function emulatorFor(options: EmulatorOptions = {}): () => ShotHubEmulator {
  let emulator: ShotHubEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('The emulator has not started yet');
    return emulator;
  };
}

function postLogin(emulator: ShotHubEmulator, body: string): Promise<Response> {
  return fetch(`${emulator.baseUrl}/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

async function login(emulator: ShotHubEmulator, script: ScriptAccount = DEMO_SCRIPT) {
  const response = await postLogin(emulator, JSON.stringify(script));
  expect(response.status).toBe(200);
  const { id_token: token } = (await response.json()) as { id_token: string };
  return token;
}

function get(emulator: ShotHubEmulator, path: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return fetch(`${emulator.baseUrl}/v1.0/${path}`, { headers });
}

async function getRows(emulator: ShotHubEmulator, path: string, token: string) {
  const response = await get(emulator, path, token);
  expect(response.status).toBe(200);
  const rows = (await response.json()) as Row[];
  return { rows, totalCount: response.headers.get('x-total-count') };
}

/** A GET sent byte for byte: fetch would resolve `..` and `%2E%2E` before sending. */
function rawGet(emulator: ShotHubEmulator, path: string, token: string): Promise<number> {
  const { hostname, port } = new URL(emulator.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname, port, path, method: 'GET', headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function decodeJwtPart(part: string | undefined): Row {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Row;
}

function projectNamed(emulator: ShotHubEmulator, name: string) {
  const project = emulator.dataset.projects.find((candidate) => candidate.name === name);
  if (!project) throw new Error(`The sample data has no project "${name}"`);
  return project;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every entry of a ZIP archive, read through its central directory, CRC-checked. */
function readZip(archive: Buffer): { name: string; content: string }[] {
  const endOffset = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(endOffset).toBeGreaterThanOrEqual(0);
  const entryCount = archive.readUInt16LE(endOffset + 10);
  const directorySize = archive.readUInt32LE(endOffset + 12);
  const directoryOffset = archive.readUInt32LE(endOffset + 16);
  expect(directoryOffset + directorySize).toBe(endOffset);

  const entries: { name: string; content: string }[] = [];
  let cursor = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    expect(archive.readUInt32LE(cursor)).toBe(0x02014b50);
    const method = archive.readUInt16LE(cursor + 10);
    const checksum = archive.readUInt32LE(cursor + 16);
    const packedSize = archive.readUInt32LE(cursor + 20);
    const size = archive.readUInt32LE(cursor + 24);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const extraLength = archive.readUInt16LE(cursor + 30);
    const commentLength = archive.readUInt16LE(cursor + 32);
    const localOffset = archive.readUInt32LE(cursor + 42);
    const name = archive.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    cursor += 46 + nameLength + extraLength + commentLength;

    expect(archive.readUInt32LE(localOffset)).toBe(0x04034b50);
    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const localNameEnd = localOffset + 30 + localNameLength;
    const localName = archive.toString('utf8', localOffset + 30, localNameEnd);
    expect(localName).toBe(name);
    const dataStart = localNameEnd + localExtraLength;

    expect(method).toBe(8);
    const content = inflateRawSync(archive.subarray(dataStart, dataStart + packedSize));
    expect(content.length).toBe(size);
    expect(crc32(content)).toBe(checksum);
    entries.push({ name, content: content.toString('utf8') });
  }
  expect(cursor).toBe(endOffset);
  return entries;
}

function cdlNumbers(xml: string, element: string): number[] {
  const text = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1] ?? '';
  return text.trim().split(/\s+/).map(Number);
}

describe('a script logging in', () => {
  const emulator = emulatorFor({ tokenLifetimeSeconds: 900 });

  it('gets an HS256 JWT issued to its script id, valid for the configured lifetime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await login(emulator());
    const after = Math.floor(Date.now() / 1000);

    const parts = token.split('.');
    expect(parts).toHaveLength(3);
    expect(decodeJwtPart(parts[0])).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwtPart(parts[1]);
    expect(claims.sub).toBe(DEMO_SCRIPT.scriptId);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    expect(claims.exp).toBe(Number(claims.iat) + 900);
    expect(parts[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('can use the token for a data call straight away', async () => {
    const token = await login(emulator());
    expect((await get(emulator(), 'projects', token)).status).toBe(200);
  });

  it('is refused with 401 when the key is wrong or the script is unknown', async () => {
    const wrongKey = { scriptId: DEMO_SCRIPT.scriptId, scriptKey: OTHER_SCRIPT.scriptKey };
    const unknown = { scriptId: '0123456789abcdef01234567/Nobody', scriptKey: 'x' };

    expect((await postLogin(emulator(), JSON.stringify(wrongKey))).status).toBe(401);
    expect((await postLogin(emulator(), JSON.stringify(unknown))).status).toBe(401);
  });

  it('gets 400 for a body that is not JSON', async () => {
    const response = await postLogin(emulator(), 'scriptId=a&scriptKey=b');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400 });
  });

  it('gets 400 when scriptId or scriptKey is missing or not a string', async () => {
    const bodies = [
      {},
      { scriptId: DEMO_SCRIPT.scriptId },
      { scriptKey: DEMO_SCRIPT.scriptKey },
      { scriptId: DEMO_SCRIPT.scriptId, scriptKey: 42 },
      null,
    ];
    for (const body of bodies) {
      expect((await postLogin(emulator(), JSON.stringify(body))).status).toBe(400);
    }
  });

  it('must POST: GET /authenticate is 405 and names the allowed method', async () => {
    const response = await fetch(`${emulator().baseUrl}/authenticate`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('data calls without a valid token', () => {
  const emulator = emulatorFor();

  it('are refused with 401 when no Authorization header is sent', async () => {
    const response = await get(emulator(), 'projects');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401 });
  });

  it('are refused with 401 for malformed tokens and other auth schemes', async () => {
    const token = await login(emulator());
    const headers = ['Bearer not-a-jwt', 'Bearer a.b.c', `Basic ${token}`, token, 'Bearer '];
    for (const authorization of headers) {
      const response = await fetch(`${emulator().baseUrl}/v1.0/projects`, {
        headers: { authorization },
      });
      expect(response.status).toBe(401);
    }
  });

  it('accept the Bearer scheme in any letter case, as HTTP allows', async () => {
    const token = await login(emulator());
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const response = await fetch(`${emulator().baseUrl}/v1.0/projects`, {
        headers: { authorization: `${scheme} ${token}` },
      });
      expect(response.status, scheme).toBe(200);
    }
  });

  it('are refused with 401 when the signature was tampered with', async () => {
    const token = await login(emulator());
    const [header, payload, signature = ''] = token.split('.');
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const tamperedSignature = `${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
    const tampered = `${header}.${payload}.${tamperedSignature}`;

    expect((await get(emulator(), 'projects', token)).status).toBe(200);
    expect((await get(emulator(), 'projects', tampered)).status).toBe(401);
  });

  it('cannot pose as another script by editing the payload', async () => {
    const token = await login(emulator());
    const [header, payload, signature] = token.split('.');
    const claims = { ...decodeJwtPart(payload), sub: OTHER_SCRIPT.scriptId };
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');

    const posing = `${header}.${forged}.${signature}`;

    expect((await get(emulator(), 'projects', posing)).status).toBe(401);
  });
});

describe('a token past its lifetime', () => {
  const emulator = emulatorFor({ tokenLifetimeSeconds: 1 });

  it('works until exp and is refused with 401 after it', async () => {
    // Logging in just after a second starts leaves the one-second token most of its life.
    await delay(1000 - (Date.now() % 1000) + 20);
    const token = await login(emulator());
    const { exp } = decodeJwtPart(token.split('.')[1]);
    expect((await get(emulator(), 'projects', token)).status).toBe(200);

    await delay(Number(exp) * 1000 - Date.now() + 100);
    expect((await get(emulator(), 'projects', token)).status).toBe(401);
  });
});

describe('a revoked session', () => {
  const emulator = emulatorFor();

  it('refuses tokens issued before the revocation, and a fresh login works again', async () => {
    const token = await login(emulator());
    expect((await get(emulator(), 'projects', token)).status).toBe(200);

    emulator().revokeTokens();
    expect((await get(emulator(), 'projects', token)).status).toBe(401);

    const fresh = await login(emulator());
    expect((await get(emulator(), 'projects', fresh)).status).toBe(200);
  });
});

describe('listing projects', () => {
  const emulator = emulatorFor();
  let demoToken = '';
  beforeAll(async () => {
    demoToken = await login(emulator());
  });

  it('shows the demo script exactly the three projects it was added to', async () => {
    const { rows, totalCount } = await getRows(emulator(), 'projects', demoToken);

    expect(rows.map((project) => project.name)).toEqual(['Birthday Cake', 'Hotel', 'Überfahrt']);
    expect(totalCount).toBe('3');
    expect(rows[0]).toMatchObject({
      id: SAMPLE_PROJECT_ID,
      rootFolderId: projectNamed(emulator(), 'Birthday Cake').rootFolderId,
    });
  });

  it('shows another script only its own closed-set project', async () => {
    const otherToken = await login(emulator(), OTHER_SCRIPT);
    const { rows, totalCount } = await getRows(emulator(), 'projects', otherToken);

    expect(rows.map((project) => project.name)).toEqual(['Nightingale (Closed Set)']);
    expect(totalCount).toBe('1');
  });

  it('pages with take, as sample 00 asks, and with pageSize, as the utils ask', async () => {
    for (const size of ['take', 'pageSize']) {
      const first = await getRows(emulator(), `projects?${size}=2&page=0`, demoToken);
      const second = await getRows(emulator(), `projects?${size}=2&page=1`, demoToken);

      expect(first.rows.map((project) => project.name)).toEqual(['Birthday Cake', 'Hotel']);
      expect(second.rows.map((project) => project.name)).toEqual(['Überfahrt']);
      expect(first.totalCount).toBe('3');
      expect(second.totalCount).toBe('3');
    }
  });

  it('gives an empty page past the end, still with the total count', async () => {
    const { rows, totalCount } = await getRows(emulator(), 'projects?take=2&page=5', demoToken);
    expect(rows).toEqual([]);
    expect(totalCount).toBe('3');
  });

  it('answers 400 for a page that is negative or not a number, or a size below 1', async () => {
    const queries = [
      'page=-1',
      'page=x',
      'page=1.5',
      'page=',
      'page=0x1',
      'take=0',
      'pageSize=1e1',
    ];
    for (const query of [...queries, 'pageSize=abc']) {
      const response = await get(emulator(), `projects?${query}`, demoToken);
      expect(response.status, query).toBe(400);
    }
  });
});

describe('the folder tree of a project', () => {
  const emulator = emulatorFor();
  let demoToken = '';
  beforeAll(async () => {
    demoToken = await login(emulator());
  });

  it('lists Birthday Cake shooting days with one bin per camera reel', async () => {
    const path = `folders-tree/${SAMPLE_PROJECT_ID}`;
    const { rows: days } = await getRows(emulator(), path, demoToken);

    expect(days.map((day) => day.name)).toEqual([
      'Shooting Day 1',
      'Shooting Day 2',
      'Shooting Day 3',
    ]);
    for (const day of days) {
      expect(Object.keys(day).sort()).toEqual(['children', 'id', 'name', 'type']);
      expect(day.type).toBe('folder');
      expect(day.id).toMatch(/^[0-9a-f]{24}$/);
    }

    const reels = (days[0]?.children ?? []) as Row[];
    expect(reels.map((bin) => bin.name)).toEqual(['A001', 'B001']);
    expect(reels.map((bin) => bin.type)).toEqual(['bin', 'bin']);
    expect(reels.map((bin) => bin.children)).toEqual([[], []]);
    const dayTwo = (days[1]?.children ?? []) as Row[];
    expect(dayTwo.map((bin) => bin.name)).toEqual(['A002', 'A003', 'B002', 'C001']);
  });

  it('nests Livegrade instances above their days in Hotel', async () => {
    const hotel = projectNamed(emulator(), 'Hotel');
    const { rows: instances } = await getRows(emulator(), `folders-tree/${hotel.id}`, demoToken);

    expect(instances.map((node) => node.name)).toEqual([
      'Livegrade Main Unit Cart',
      'Livegrade 2nd Unit',
    ]);
    const mainDays = (instances[0]?.children ?? []) as Row[];
    expect(mainDays.map((day) => day.name)).toEqual(['Day 01', 'Day 02', 'Day 03']);
    expect(mainDays[2]?.id).toBe(SAMPLE_FOLDER_ID);
  });

  it('answers 404 for a project id that does not exist', async () => {
    expect((await get(emulator(), `folders-tree/${UNKNOWN_ID}`, demoToken)).status).toBe(404);
  });

  it("hides another script's project behind 404 by default", async () => {
    const closedSet = projectNamed(emulator(), 'Nightingale (Closed Set)');
    const otherToken = await login(emulator(), OTHER_SCRIPT);

    expect((await get(emulator(), `folders-tree/${closedSet.id}`, otherToken)).status).toBe(200);
    expect((await get(emulator(), `folders-tree/${closedSet.id}`, demoToken)).status).toBe(404);
  });
});

describe('an emulator set to refuse foreign projects with 403', () => {
  const emulator = emulatorFor({ foreignProjectStatus: 403 });

  it("refuses another script's project, folder and asset with 403", async () => {
    const token = await login(emulator());
    const closedSet = projectNamed(emulator(), 'Nightingale (Closed Set)');
    const foreignAsset = closedSet.assets[0]?.fields.id;

    expect((await get(emulator(), `folders-tree/${closedSet.id}`, token)).status).toBe(403);
    const assetsPath = `assets?folderId=${closedSet.rootFolderId}`;
    expect((await get(emulator(), assetsPath, token)).status).toBe(403);
    expect((await get(emulator(), `assets/${foreignAsset}`, token)).status).toBe(403);
    expect((await get(emulator(), `cdl-zip/${closedSet.rootFolderId}`, token)).status).toBe(403);
    expect((await get(emulator(), `folders-tree/${UNKNOWN_ID}`, token)).status).toBe(404);
  });
});

describe('listing assets', () => {
  const emulator = emulatorFor();
  let token = '';
  beforeAll(async () => {
    token = await login(emulator());
  });

  it('requires a folderId', async () => {
    const response = await get(emulator(), 'assets?assetType=VideoClip', token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400 });
  });

  it('answers 404 for a folder that does not exist', async () => {
    expect((await get(emulator(), `assets?folderId=${UNKNOWN_ID}`, token)).status).toBe(404);
  });

  it('gives every asset of a project for its root folder, with x-total-count', async () => {
    for (const name of ['Birthday Cake', 'Hotel', 'Überfahrt']) {
      const project = projectNamed(emulator(), name);
      const path = `assets?folderId=${project.rootFolderId}&pageSize=500`;
      const { rows, totalCount } = await getRows(emulator(), path, token);

      expect(rows.length, name).toBeGreaterThan(50);
      expect(totalCount, name).toBe(String(rows.length));
      expect(rows.map((asset) => asset.id).sort()).toEqual(
        project.assets.map((asset) => asset.fields.id).sort(),
      );
    }
  });

  it('serves 50 rows when no pageSize is given', async () => {
    const project = projectNamed(emulator(), 'Birthday Cake');
    const { rows, totalCount } = await getRows(
      emulator(),
      `assets?folderId=${project.rootFolderId}`,
      token,
    );
    expect(rows).toHaveLength(50);
    expect(totalCount).toBe(String(project.assets.length));
  });

  it('pages of 50 concatenate to the whole project with no duplicates', async () => {
    for (const name of ['Birthday Cake', 'Hotel', 'Überfahrt']) {
      const project = projectNamed(emulator(), name);
      const ids: unknown[] = [];
      let pageCount = 1;
      for (let page = 0; page < pageCount; page++) {
        const path = `assets?folderId=${project.rootFolderId}&page=${page}&pageSize=50`;
        const { rows, totalCount } = await getRows(emulator(), path, token);
        pageCount = Math.ceil(Number(totalCount) / 50);
        ids.push(...rows.map((asset) => asset.id));
      }

      expect(pageCount, name).toBe(2);
      expect(new Set(ids).size, name).toBe(ids.length);
      expect(ids, name).toEqual(project.assets.map((asset) => asset.fields.id));
    }
  });

  it('includes every bin of a shooting day when asked for the day folder', async () => {
    const project = projectNamed(emulator(), 'Birthday Cake');
    const dayOne = project.folders.find((folder) => folder.name === 'Shooting Day 1');
    const day = await getRows(emulator(), `assets?folderId=${dayOne?.id}&pageSize=500`, token);

    const binIds: unknown[] = [];
    for (const bin of dayOne?.children ?? []) {
      const { rows } = await getRows(emulator(), `assets?folderId=${bin.id}&pageSize=500`, token);
      expect(rows.length, bin.name).toBeGreaterThan(0);
      expect(
        rows.every((asset) => asset.reel === bin.name),
        bin.name,
      ).toBe(true);
      binIds.push(...rows.map((asset) => asset.id));
    }

    expect(day.rows).toHaveLength(23);
    expect(day.rows.map((asset) => asset.id).sort()).toEqual(binIds.sort());
    expect(day.rows.every((asset) => asset.shootingDay === '1')).toBe(true);
  });

  it('filters by assetType: Birthday Cake has clips and no Livegrade shots', async () => {
    const project = projectNamed(emulator(), 'Birthday Cake');
    const base = `assets?folderId=${project.rootFolderId}&pageSize=500`;

    const shots = await getRows(emulator(), `${base}&assetType=Shot`, token);
    expect(shots.rows).toEqual([]);
    expect(shots.totalCount).toBe('0');

    const clips = await getRows(emulator(), `${base}&assetType=VideoClip`, token);
    expect(clips.rows).toHaveLength(project.assets.length);
    expect(clips.rows.every((asset) => asset.assetType === 'VideoClip')).toBe(true);
  });

  it('exposes x-total-count to browser clients', async () => {
    const project = projectNamed(emulator(), 'Hotel');
    const response = await get(emulator(), `assets?folderId=${project.rootFolderId}`, token);

    expect(response.headers.get('X-Total-Count')).toBe(String(project.assets.length));
    const exposed = (response.headers.get('access-control-expose-headers') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase());
    expect(exposed).toContain('x-total-count');
  });
});

describe('an emulator with a page size cap', () => {
  const emulator = emulatorFor({ defaultPageSize: 20, maxPageSize: 30 });

  it('serves the default page size, and no more than the cap however many are asked', async () => {
    const token = await login(emulator());
    const project = projectNamed(emulator(), 'Birthday Cake');
    const base = `assets?folderId=${project.rootFolderId}`;

    const unsized = await getRows(emulator(), base, token);
    expect(unsized.rows).toHaveLength(20);

    const capped = await getRows(emulator(), `${base}&pageSize=50`, token);
    expect(capped.rows).toHaveLength(30);
    expect(capped.totalCount).toBe(String(project.assets.length));

    const secondPage = await getRows(emulator(), `${base}&pageSize=50&page=1`, token);
    expect(secondPage.rows.map((asset) => asset.id)).toEqual(
      project.assets.slice(30, 60).map((asset) => asset.fields.id),
    );
  });
});

describe('Silverstack video clips', () => {
  const emulator = emulatorFor();
  let clips: Row[] = [];
  beforeAll(async () => {
    const token = await login(emulator());
    const project = projectNamed(emulator(), 'Birthday Cake');
    const path = `assets?folderId=${project.rootFolderId}&assetType=VideoClip&pageSize=500`;
    clips = (await getRows(emulator(), path, token)).rows;
  });

  it('carry every field the samples index directly', () => {
    expect(clips).toHaveLength(68);
    for (const clip of clips) {
      expect(typeof clip.id).toBe('string');
      expect(typeof clip.name).toBe('string');
      expect(clip).toHaveProperty('manufacturer');
      expect(clip).toHaveProperty('model');
      expect([typeof clip.manufacturer, typeof clip.model]).not.toContain('undefined');
      expect(typeof clip.flag).toBe('boolean');
      expect(typeof clip.hasDynamicMetadata).toBe('boolean');
    }
  });

  it('include crash-camera clips with neither manufacturer nor model', () => {
    const unknownCamera = clips.filter((clip) => clip.manufacturer === null && clip.model === null);
    expect(unknownCamera.map((clip) => clip.reel)).toEqual(Array(5).fill('C001'));
  });

  it('have unique ShotIDs of three groups of three', () => {
    const shotIds = clips.map((clip) => clip.shotId);
    for (const shotId of shotIds) expect(shotId).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(new Set(shotIds).size).toBe(clips.length);
  });

  it('include the clip with ShotID A1C-D2F-G3H from reel A001', () => {
    const clip = clips.find((candidate) => candidate.shotId === 'A1C-D2F-G3H');
    expect(clip).toMatchObject({ name: 'A001C003_230411_R2XK', reel: 'A001', take: '3' });
  });

  it('run from tcStart to tcEnd for exactly their duration at tcFps', () => {
    expect(clips.some((clip) => clip.tcDropFlag === true)).toBe(true);
    for (const clip of clips) {
      const rate = Number(clip.tcFps);
      const frames = durationFrames(
        String(clip.tcStart),
        String(clip.tcEnd),
        rate,
        clip.tcDropFlag === true,
      );

      expect(frames, String(clip.name)).toBeGreaterThan(0);
      expect(parseTimecode(String(clip.duration), rate), String(clip.name)).toBe(frames);
      const framesFromSeconds = Number(clip.durationInSecs) * rate;
      expect(Math.abs(framesFromSeconds - frames), String(clip.name)).toBeLessThanOrEqual(1);
    }
  });
});

describe('Livegrade shots in Hotel', () => {
  const emulator = emulatorFor();
  const SHOT_FIELDS = [
    'clipName',
    'clipIdentifier',
    'clipNumber',
    'lensModel',
    'asa',
    'whiteBalance',
    'greenTint',
    'location',
    'crewUnit',
    'indoorOutdoor',
    'dayNight',
    'scene',
    'shot',
    'take',
  ];
  let token = '';
  let shots: Row[] = [];
  beforeAll(async () => {
    token = await login(emulator());
    const hotel = projectNamed(emulator(), 'Hotel');
    const path = `assets?folderId=${hotel.rootFolderId}&assetType=Shot&pageSize=500`;
    shots = (await getRows(emulator(), path, token)).rows;
  });

  it('carry the fourteen fields sample 04 copies', () => {
    expect(shots.length).toBeGreaterThanOrEqual(60);
    for (const shot of shots) {
      for (const field of SHOT_FIELDS) expect(shot, String(shot.name)).toHaveProperty(field);
    }
  });

  it('include A003C012_230412_R1AB, scene 9 shot 1 take 3', () => {
    expect(shots.find((shot) => shot.name === 'A003C012_230412_R1AB')).toMatchObject({
      clipName: 'A003C012_230412_R1AB',
      clipIdentifier: 'A003C012',
      clipNumber: '12',
      scene: '9',
      shot: '1',
      take: '3',
      location: 'Corridor',
    });
  });

  it('give the grade name and mode of one shot when asked for parts=gradeInfo', async () => {
    const shot = shots.find((candidate) => candidate.name === 'A003C012_230412_R1AB');
    const response = await get(emulator(), `assets/${shot?.id}?parts=gradeInfo`, token);
    expect(response.status).toBe(200);

    const body = (await response.json()) as Row & { parts: { gradeInfo: { grade: Row } } };
    expect(body).toMatchObject(shot ?? {});
    expect(body.parts.gradeInfo.grade).toMatchObject({ name: 'Corridor_Cool', mode: 'ACES_CDL' });
  });

  it('leave parts out of a single asset when none are asked for', async () => {
    const shot = shots.find((candidate) => candidate.name === 'A003C012_230412_R1AB');
    const response = await get(emulator(), `assets/${shot?.id}`, token);
    expect(response.status).toBe(200);

    const body = (await response.json()) as Row;
    expect(body).toEqual(shot);
    expect(body).not.toHaveProperty('parts');
  });

  it('answer 404 for an unknown asset and for an asset of a foreign project', async () => {
    const closedSet = projectNamed(emulator(), 'Nightingale (Closed Set)');
    const foreignAsset = closedSet.assets[0]?.fields.id;
    const otherToken = await login(emulator(), OTHER_SCRIPT);

    expect((await get(emulator(), `assets/${UNKNOWN_ID}`, token)).status).toBe(404);
    expect((await get(emulator(), `assets/${foreignAsset}`, otherToken)).status).toBe(200);
    expect((await get(emulator(), `assets/${foreignAsset}`, token)).status).toBe(404);
  });
});

describe('dynamic metadata of a clip', () => {
  const emulator = emulatorFor();
  let token = '';
  let clips: Row[] = [];
  beforeAll(async () => {
    token = await login(emulator());
    const project = projectNamed(emulator(), 'Birthday Cake');
    const path = `assets?folderId=${project.rootFolderId}&assetType=VideoClip&pageSize=500`;
    clips = (await getRows(emulator(), path, token)).rows;
  });

  it('is a CSV with a header row and one row per frame', async () => {
    const clip = clips.find((candidate) => candidate.hasDynamicMetadata === true);
    expect(clip?.name).toBe('A001C009_230411_R2XK');
    const frames = durationFrames(
      String(clip?.tcStart),
      String(clip?.tcEnd),
      Number(clip?.tcFps),
      clip?.tcDropFlag === true,
    );

    const response = await get(emulator(), `assets/${clip?.id}/dynamic-metadata`, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);

    const rows = (await response.text()).trimEnd().split('\n');
    expect(rows).toHaveLength(1 + frames);
    expect(rows[0]).toMatch(/^[A-Za-z]/);
    expect(rows[1]).toContain(String(clip?.tcStart));
  });

  it('is 404 for a clip that has none', async () => {
    const clip = clips.find((candidate) => candidate.hasDynamicMetadata === false);
    expect(clip).toBeDefined();
    expect((await get(emulator(), `assets/${clip?.id}/dynamic-metadata`, token)).status).toBe(404);
  });
});

describe('the CDL archive of a folder', () => {
  const emulator = emulatorFor();
  let token = '';
  beforeAll(async () => {
    token = await login(emulator());
  });

  it('holds one valid ASC CDL per graded shot below the folder, with its grade', async () => {
    const path = `cdl-zip/${SAMPLE_FOLDER_ID}?namingScheme=clipName`;
    const response = await get(emulator(), path, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const entries = readZip(Buffer.from(await response.arrayBuffer()));

    const folder = indexFolders(emulator().dataset).get(SAMPLE_FOLDER_ID);
    const graded = (folder?.project.assets ?? []).filter(
      (asset) => asset.grade && folder?.subtreeIds.has(asset.folderId),
    );
    expect(folder?.project.name).toBe('Hotel');
    expect(graded).toHaveLength(13);
    expect(entries.map((entry) => entry.name).sort()).toEqual(
      graded.map((asset) => `${asset.fields.name}.cdl`).sort(),
    );

    for (const asset of graded) {
      const xml = entries.find((entry) => entry.name === `${asset.fields.name}.cdl`)?.content ?? '';
      const cdl = asset.grade!.cdl;
      expect(xml).toMatch(/<ColorDecisionList[\s>][\s\S]*<\/ColorDecisionList>\s*$/);
      expect(/<ColorCorrection id="([^"]*)"/.exec(xml)?.[1]).toBe(asset.fields.name);
      for (const [element, expected] of [
        ['Slope', cdl.slope],
        ['Offset', cdl.offset],
        ['Power', cdl.power],
      ] as const) {
        const numbers = cdlNumbers(xml, element);
        expect(numbers, `${asset.fields.name} ${element}`).toHaveLength(3);
        numbers.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));
      }
      expect(cdlNumbers(xml, 'Saturation')).toHaveLength(1);
      expect(cdlNumbers(xml, 'Saturation')[0]).toBeCloseTo(cdl.saturation, 6);
    }
  });

  it('is an empty archive for a folder whose shots carry no grade', async () => {
    const hotel = projectNamed(emulator(), 'Hotel');
    const secondUnit = hotel.folders.find((folder) => folder.name === 'Livegrade 2nd Unit');
    const path = `cdl-zip/${secondUnit?.id}?namingScheme=clipName`;
    const response = await get(emulator(), path, token);

    expect(response.status).toBe(200);
    expect(readZip(Buffer.from(await response.arrayBuffer()))).toEqual([]);
  });

  it('answers 400 for a naming scheme it does not know, 404 for an unknown folder', async () => {
    const badScheme = await get(emulator(), `cdl-zip/${SAMPLE_FOLDER_ID}?namingScheme=foo`, token);
    expect(badScheme.status).toBe(400);
    expect((await get(emulator(), `cdl-zip/${UNKNOWN_ID}`, token)).status).toBe(404);
  });
});

describe('a script over its rate limit', () => {
  const emulator = emulatorFor({ rateLimit: { requests: 3, windowSeconds: 2 } });

  it('gets 429 with Retry-After on the fourth call, and is served again after it', async () => {
    const token = await login(emulator());
    for (let call = 1; call <= 3; call++) {
      expect((await get(emulator(), 'projects', token)).status, `call ${call}`).toBe(200);
    }

    const limited = await get(emulator(), 'projects', token);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect([1, 2]).toContain(retryAfter);

    await delay(retryAfter * 1000);
    expect((await get(emulator(), 'projects', token)).status).toBe(200);
  });
});

describe('paths that try to escape their endpoint', () => {
  const emulator = emulatorFor();
  let token = '';
  beforeAll(async () => {
    token = await login(emulator());
  });

  it('does not resolve an encoded or raw .. segment into another endpoint', async () => {
    // Resolved, each of these would be the project list, which answers 200.
    expect(await rawGet(emulator(), '/sh/v1.0/projects', token)).toBe(200);
    for (const path of [
      '/sh/v1.0/assets/%2E%2E',
      '/sh/v1.0/assets/%2e%2e/projects',
      '/sh/v1.0/assets/../projects',
      '/sh/v1.0/folders-tree/../projects',
      '/sh/v1.0/assets/..%2Fprojects',
      '/sh/v1.0/../v1.0/projects',
    ]) {
      expect(await rawGet(emulator(), path, token), path).toBe(404);
    }
  });

  it('answers 404 for paths it does not know', async () => {
    for (const path of [
      '/sh/v1.0/shots',
      '/sh/v1.0/projects/extra',
      '/sh/v2.0/projects',
      '/v1.0/projects',
      '/sh/v1.0/assets/x/y/z',
    ]) {
      expect(await rawGet(emulator(), path, token), path).toBe(404);
    }
  });
});
