import type { Dataset, EmulatedAsset, EmulatedFolder, EmulatedProject } from './dataset.js';
import { DEMO_SCRIPT, createProductionDataset, createSampleDataset } from './sample-data.js';

// Datasets at the edges of what a client must survive: trees very wide or very deep, a
// project of tens of thousands of clips, and names no ASCII-only path or query would carry.
// Each is served by `startEmulator({ dataset })` and logs in as the demo script.

export const WIDE_PROJECT_ID = '66b0c0de0001000000000000';
export const DEEP_PROJECT_ID = '66b0c0de0002000000000000';

/** Names of the unusual-names dataset, one project per kind of trouble. */
export const UNUSUAL_NAMES = {
  emoji: {
    project: '🎬 Night Shoot 🌙',
    folder: 'Day 1 ☀️',
    bin: '📷 A001',
    clip: 'A001C001_👩🏽‍🎤_🇩🇪',
  },
  hebrew: {
    project: 'הסרט שלנו',
    folder: 'יום צילום 1',
    bin: 'כרטיס A001',
    clip: 'סצנה 12 טייק 3',
  },
  arabic: {
    project: 'فيلمنا الطويل',
    folder: 'يوم التصوير ٢',
    bin: 'بطاقة B002',
    clip: 'لقطة ١٢ – B002C004',
  },
  urlSpecial: {
    project: 'R&D / VFX? #1 100% + more',
    folder: 'Day 1/2 ? #a & b',
    // Already percent-encoded text: a client that decodes twice turns it into "A/B C".
    bin: 'A%2FB%20C + D',
    clip: 'A001/C001?take=1#2 50% & more+',
  },
} as const;

const UNUSUAL_PROJECT_IDS = {
  emoji: '66b0c0de0003000000000000',
  hebrew: '66b0c0de0004000000000000',
  arabic: '66b0c0de0005000000000000',
  urlSpecial: '66b0c0de0006000000000000',
} as const;

/** One project whose only folder holds `bins` bins, one clip in each: 10,000 by default. */
export function createWideFolderDataset(bins = 10_000): Dataset {
  const ids = objectIds(WIDE_PROJECT_ID);
  const template = clipTemplate();
  const folder: EmulatedFolder = {
    id: ids.next(),
    name: 'All Cards',
    type: 'folder',
    children: [],
  };
  const assets: EmulatedAsset[] = [];

  for (let number = 1; number <= bins; number++) {
    const reel = `A${String(number).padStart(5, '0')}`;
    const bin: EmulatedFolder = { id: ids.next(), name: reel, type: 'bin', children: [] };
    folder.children.push(bin);
    assets.push(clip(template, ids.next(), `${reel}C001`, reel, bin.id));
  }
  const project = projectOf(WIDE_PROJECT_ID, `Wide (${bins} bins)`, [folder], assets, ids);
  return { scripts: [DEMO_SCRIPT], projects: [project] };
}

/**
 * One project whose tree is a chain `depth` levels deep, 200 by default: folders inside
 * folders, and at the bottom a bin with three clips. Built without recursion, as the emulator
 * indexes it.
 */
export function createDeepFolderDataset(depth = 200): Dataset {
  const ids = objectIds(DEEP_PROJECT_ID);
  const template = clipTemplate();
  const top: EmulatedFolder = { id: ids.next(), name: 'Level 1', type: 'folder', children: [] };
  let deepest = top;
  for (let level = 2; level <= depth; level++) {
    const next: EmulatedFolder = {
      id: ids.next(),
      name: `Level ${level}`,
      type: 'folder',
      children: [],
    };
    deepest.children.push(next);
    deepest = next;
  }
  // The bottom of the chain is where the footage is, as a bin always is.
  deepest.type = 'bin';

  const assets = [1, 2, 3].map((number) =>
    clip(template, ids.next(), `Z999C00${number}`, 'Z999', deepest.id),
  );
  const project = projectOf(DEEP_PROJECT_ID, `Deep (${depth} levels)`, [top], assets, ids);
  return { scripts: [DEMO_SCRIPT], projects: [project] };
}

/**
 * The sample projects after a feature film of `clips` clips (50,000 by default), which is
 * `projects[0]`: 100 shooting days of 20 bins.
 */
export function createLargeProjectDataset(clips = 50_000): Dataset {
  return createProductionDataset(clips);
}

/**
 * Four projects named with emoji, Hebrew, Arabic and characters a URL must encode (`/ ? # %
 * & +` and spaces), each with one folder, one bin and two clips, the first of them with the
 * unusual name. The URL-special clip also has per-frame metadata and a grade, so its
 * id-addressed endpoints and the folder's CDL archive have something to serve.
 */
export function createUnusualNamesDataset(): Dataset {
  const template = clipTemplate();
  const projects = (Object.keys(UNUSUAL_NAMES) as (keyof typeof UNUSUAL_NAMES)[]).map((key) => {
    const names = UNUSUAL_NAMES[key];
    const ids = objectIds(UNUSUAL_PROJECT_IDS[key]);
    const bin: EmulatedFolder = { id: ids.next(), name: names.bin, type: 'bin', children: [] };
    const folder: EmulatedFolder = {
      id: ids.next(),
      name: names.folder,
      type: 'folder',
      children: [bin],
    };
    const assets = [
      clip(template, ids.next(), names.clip, 'A001', bin.id),
      clip(template, ids.next(), 'A001C002_230411_R2XK', 'A001', bin.id),
    ];
    if (key === 'urlSpecial') withMetadataAndGrade(assets[0]!);
    return projectOf(UNUSUAL_PROJECT_IDS[key], names.project, [folder], assets, ids);
  });
  return { scripts: [DEMO_SCRIPT], projects };
}

type ClipFields = EmulatedAsset['fields'];

/** The fields of a real-looking sample clip, without its ShotID, which must stay unique. */
function clipTemplate(): ClipFields {
  const first = createSampleDataset().projects[0]?.assets[0];
  if (!first) throw new Error('The sample dataset has no clips to copy fields from');
  const { shotId: _unique, ...fields } = first.fields;
  return { ...fields, flag: false, hasDynamicMetadata: false };
}

function clip(
  template: ClipFields,
  id: string,
  name: string,
  reel: string,
  folderId: string,
): EmulatedAsset {
  return { fields: { ...template, id, name, reel }, folderId };
}

function withMetadataAndGrade(asset: EmulatedAsset): void {
  asset.fields.hasDynamicMetadata = true;
  const lines = ['Frame,Timecode,Focal Length (mm)'];
  for (let frame = 0; frame < 3; frame++) lines.push(`${frame},09:12:04:0${frame},32.0`);
  const csv = lines.join('\n') + '\n';
  asset.dynamicMetadata = () => csv;
  asset.grade = {
    name: 'Day_Ext / #1',
    mode: 'CDLandLUT',
    cdl: { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 },
  };
}

function projectOf(
  id: string,
  name: string,
  folders: EmulatedFolder[],
  assets: EmulatedAsset[],
  ids: { next(): string },
): EmulatedProject {
  return {
    id,
    name,
    rootFolderId: ids.next(),
    type: 'Silverstack',
    members: [DEMO_SCRIPT.scriptId],
    folders,
    assets,
  };
}

/** ObjectId-shaped ids that share the project id's first twelve digits and count up. */
function objectIds(projectId: string): { next(): string } {
  let counter = 0;
  return {
    next: () => projectId.slice(0, 12) + (++counter).toString(16).padStart(12, '0'),
  };
}
