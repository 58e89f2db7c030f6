import type { WarningList } from './warnings.js';

/**
 * Column names each meaning is read from, compared without case, spaces, underscores or
 * punctuation other than `#`. When a file has several, the first listed wins and the others
 * are kept as columns of their own.
 */
const COLUMN_NAMES = {
  name: ['Name', 'Clip Name', 'Clip'],
  sourceFile: ['Source File', 'File Name', 'Source File Name'],
  reel: ['Tape', 'Reel', 'Reel Name', 'Camera Roll', 'Camroll', 'Tape Name'],
  tcStart: ['Start', 'Start TC', 'Source Start', 'TC Start', 'Start Timecode'],
  tcEnd: ['End', 'End TC', 'Source End', 'TC End', 'End Timecode'],
  duration: ['Duration', 'Duration TC', 'Clip Duration'],
  episode: ['Episode'],
  scene: ['Scene'],
  shot: ['Shot'],
  take: ['Take'],
  cameraIndex: ['Camera Letter', 'Camera Index', 'Camera #', 'Camera'],
  manufacturer: ['Camera Manufacturer', 'Manufacturer'],
  model: ['Camera Model', 'Model'],
  cameraType: ['Camera Type'],
  shootingDate: ['Shoot Date', 'Shooting Date', 'Date', 'Date Recorded', 'Recording Date'],
  flag: ['Circled', 'Circle Take', 'Circled Take', 'Good Take', 'Flag'],
  lensModel: ['Lens Model', 'Lens Type', 'Lens'],
  asa: ['ISO', 'ASA', 'EI', 'Exposure Index'],
  whiteBalance: ['White Balance', 'WB', 'Kelvin', 'White Point', 'White Point (Kelvin)'],
  greenTint: ['Tint', 'Green Tint'],
  shotId: ['ShotID', 'Shot ID'],
  // Timecode counts at the project rate, so that wins over a camera's sensor speed.
  tcFps: ['Project FPS', 'Video Frame Rate', 'TC FPS', 'FPS', 'Frame Rate', 'Speed'],
  dropFrame: ['Drop Frame', 'TC Drop Frame'],
  location: ['Location'],
  comment: ['Comments', 'Comment'],
  ascSop: ['ASC_SOP'],
  ascSat: ['ASC_SAT'],
} satisfies Record<string, string[]>;

/** What a column means, in the API's words where the API has a field for it. */
export type Meaning = keyof typeof COLUMN_NAMES;

/** Field names the import writes itself, which no kept column may overwrite. */
const API_FIELDS = new Set(
  (
    'id name assetType type shotId episode scene shot take shootingDay shootingDate reel ' +
    'cameraIndex manufacturer model lensModel location tcStart tcEnd tcFps tcDropFlag ' +
    'duration durationInSecs flag hasDynamicMetadata asa whiteBalance greenTint comment ' +
    'sourceFile parts'
  ).split(' '),
);

const MEANING_BY_KEY = new Map<string, Meaning>(
  (Object.entries(COLUMN_NAMES) as [Meaning, string[]][]).flatMap(([meaning, names]) =>
    names.map((name) => [columnKey(name), meaning] as [string, Meaning]),
  ),
);

export interface ColumnPlan {
  /** The column each meaning is read from. */
  source: Map<Meaning, string>;
  /** Every column's own field name, for columns kept as they are and for unreadable values. */
  fieldName: Map<string, string>;
  /** Columns no meaning took, kept on the asset under their field name. */
  kept: string[];
}

function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}#]/gu, '');
}

export function planColumns(columns: string[], warnings: WarningList): ColumnPlan {
  const source = new Map<Meaning, string>();
  const priority = (meaning: Meaning, column: string) =>
    COLUMN_NAMES[meaning].findIndex((name) => columnKey(name) === columnKey(column));

  for (const column of columns) {
    const meaning = MEANING_BY_KEY.get(columnKey(column));
    if (!meaning) continue;
    const current = source.get(meaning);
    if (current === undefined || priority(meaning, column) < priority(meaning, current)) {
      source.set(meaning, column);
    }
  }

  const taken = new Set(API_FIELDS);
  const fieldName = new Map<string, string>();
  for (const column of columns) {
    const base = camelCase(column) || 'column';
    let name = API_FIELDS.has(base) ? `imported${base[0]!.toUpperCase()}${base.slice(1)}` : base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}${suffix}`;
    taken.add(name);
    fieldName.set(column, name);
  }

  const used = new Set(source.values());
  const kept = columns.filter((column) => !used.has(column));
  for (const column of kept) {
    const name = fieldName.get(column)!;
    const base = camelCase(column) || 'column';
    if (name === base) continue;
    warnings.add(
      API_FIELDS.has(base)
        ? `Column "${column}" would overwrite the API field ${base}; kept as ${name}`
        : `Column "${column}" would share the field name ${base} with another column; ` +
            `kept as ${name}`,
    );
  }
  return { source, fieldName, kept };
}

/** "Camera Serial #" → cameraSerial, "3D LUT" → 3dLut, "Custom_1" → custom1. */
function camelCase(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words
    .map((word, index) => {
      // Words in capitals, like ISO or LUT, read as one word rather than letter by letter.
      const lower = word === word.toUpperCase() ? word.toLowerCase() : word;
      return index === 0
        ? lower[0]!.toLowerCase() + lower.slice(1)
        : lower[0]!.toUpperCase() + lower.slice(1);
    })
    .join('');
}

/** One row of a clip list, read by what its columns mean. */
export interface ClipRow {
  /** The row's text for a meaning, or undefined when the cell is empty or the column absent. */
  value: (meaning: Meaning) => string | undefined;
  /** Whether the file has a column for the meaning. */
  has: (meaning: Meaning) => boolean;
  /** The clip's name in quotes, for warnings. */
  label: string;
  warnings: WarningList;
  /** Keeps a value that could not be read under its column's own field name, and says which. */
  keepRaw: (meaning: Meaning, text: string) => string;
}
