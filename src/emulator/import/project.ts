import { createHash } from 'node:crypto';

import type { Dataset, EmulatedAsset, EmulatedFolder, EmulatedProject } from '../dataset.js';
import { DEMO_SCRIPT, createSampleDataset } from '../sample-data.js';
import { detectClipFileFormat, parseAle } from './ale.js';
import { fileBaseName, readClips, type ReadClip } from './clips.js';
import { parseClipCsv } from './csv.js';
import { UNDATED_FOLDER } from './dates.js';
import { WarningList } from './warnings.js';

export interface ClipFile {
  /** The file name, used for the project name and in warnings. */
  name: string;
  text: string;
}

export interface ImportOptions {
  /** Defaults to the first file's name without its extension. */
  projectName?: string;
  /** Scripts that may see the project; defaults to the emulator's demo script. */
  scriptIds?: string[];
  /** Receives every warning, prefixed with its file name; nothing is skipped without one. */
  onWarning?: (warning: string) => void;
}

export interface ImportDatasetOptions extends ImportOptions {
  /** Serve the sample projects next to the imported one. */
  withSamples?: boolean;
}

const NO_REEL_BIN = 'No Reel';

// The sample projects' ids start with 6435 to 6438, so this prefix keeps imported ids apart
// from them whatever the files hold.
const IMPORTED_ID_PREFIX = 'a1e00000';

/** Reads every file as one Silverstack cloud project with a folder per day and a bin per reel. */
export function importProject(files: ClipFile[], options: ImportOptions = {}): EmulatedProject {
  if (files.length === 0) throw new Error('Give at least one ALE or CSV clip list to import');
  const warn = options.onWarning ?? (() => {});
  const clips: ReadClip[] = [];

  for (const file of files) {
    const fileWarnings = new WarningList();
    const format = detectClipFileFormat(file.text);
    const table = format === 'ale' ? parseAle(file.text) : parseClipCsv(file.text);
    const read = readClips(table, fileBaseName(file.name), fileWarnings);
    if (read.length === 0) fileWarnings.add('No clips were read from this file');
    for (const warning of [...table.warnings, ...fileWarnings.all()]) {
      warn(`${file.name}: ${warning}`);
    }
    clips.push(...read);
  }
  if (clips.length === 0) {
    throw new Error(
      `No clips were found in ${files.map((file) => file.name).join(', ')}; each needs a ` +
        'header row of column names and one row per clip',
    );
  }
  return assembleProject(files, clips, options);
}

/** The sample dataset's scripts with the imported project, and the sample projects if asked. */
export function importDataset(files: ClipFile[], options: ImportDatasetOptions = {}): Dataset {
  const samples = createSampleDataset();
  const project = importProject(files, options);
  const known = new Set(samples.scripts.map((script) => script.scriptId));
  for (const scriptId of project.members) {
    if (!known.has(scriptId)) {
      options.onWarning?.(
        `Script "${scriptId}" has no account in the emulator, so no one can log in as it`,
      );
    }
  }
  return {
    scripts: samples.scripts,
    projects: options.withSamples ? [...samples.projects, project] : [project],
  };
}

function assembleProject(
  files: ClipFile[],
  clips: ReadClip[],
  options: ImportOptions,
): EmulatedProject {
  const ids = importedIds(files);
  const projectId = ids.next();
  const rootFolderId = ids.next();

  const dates = [...new Set(clips.flatMap((clip) => (clip.date ? [clip.date] : [])))].sort();
  const dayOf = new Map(dates.map((date, index) => [date, String(index + 1)]));
  const byDate = groupBy(clips, (clip) => clip.date ?? '');
  const folderDates: (string | null)[] = [...dates, ...(byDate.has('') ? [null] : [])];

  const folders: EmulatedFolder[] = [];
  const assets: EmulatedAsset[] = [];
  for (const date of folderDates) {
    const folder: EmulatedFolder = {
      id: ids.next(),
      name: date ? `Shooting Day ${dayOf.get(date)} (${date})` : UNDATED_FOLDER,
      type: 'folder',
      children: [],
    };
    const byReel = groupBy(byDate.get(date ?? '') ?? [], (clip) => clip.reel ?? '');
    const reels = [...byReel.keys()].sort(compareReels);

    for (const reel of reels) {
      const bin: EmulatedFolder = {
        id: ids.next(),
        name: reel === '' ? NO_REEL_BIN : reel,
        type: 'bin',
        children: [],
      };
      folder.children.push(bin);
      for (const clip of byReel.get(reel) ?? []) {
        assets.push(toAsset(clip, ids.next(), date ? dayOf.get(date)! : null, bin.id));
      }
    }
    folders.push(folder);
  }

  return {
    id: projectId,
    name: options.projectName ?? (fileBaseName(files[0]!.name) || 'Imported Project'),
    rootFolderId,
    type: 'Silverstack',
    members: options.scriptIds ?? [DEMO_SCRIPT.scriptId],
    folders,
    assets,
  };
}

function toAsset(
  clip: ReadClip,
  id: string,
  shootingDay: string | null,
  folderId: string,
): EmulatedAsset {
  const { name, ...rest } = clip.fields;
  const ordered: EmulatedAsset['fields'] = { id, name: String(name) };
  for (const [key, value] of Object.entries(rest)) {
    ordered[key] = value;
    // shootingDay sits before shootingDate, as in the sample projects.
    if (key === 'take') ordered.shootingDay = shootingDay;
  }
  const asset: EmulatedAsset = { fields: ordered, folderId };
  if (clip.grade) asset.grade = clip.grade;
  return asset;
}

/** Reel names in the order a card count runs: A002 before A010, no reel last. */
function compareReels(a: string, b: string): number {
  if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * ObjectId-shaped ids from a hash of the files, so that importing the same files again gives
 * the same ids, followed by a running counter.
 */
function importedIds(files: ClipFile[]) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  const middle = hash.digest('hex').slice(0, 10);
  let counter = 0;
  return {
    next: () => `${IMPORTED_ID_PREFIX}${middle}${(counter++).toString(16).padStart(6, '0')}`,
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
