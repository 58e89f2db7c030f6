import {
  booleanField,
  cameraLetter,
  cameraName,
  clipTiming,
  hasValue,
  isFlagged,
  readPath,
  reelName,
  textField,
} from '../shothub/fields.js';
import type { Asset } from '../shothub/schemas.js';
import { foldText } from './projects.js';
import { ToolInputError } from './results.js';

export const CONDITION_OPERATORS = ['has', 'empty', 'equals', 'contains'] as const;

export interface FieldCondition {
  field: string;
  op: (typeof CONDITION_OPERATORS)[number];
  value?: string | number | boolean | undefined;
}

export interface AssetCriteria {
  query?: string | undefined;
  scene?: string | undefined;
  shot?: string | undefined;
  take?: string | undefined;
  shootingDay?: string | undefined;
  flagged?: boolean | undefined;
  camera?: string | undefined;
  where?: FieldCondition[] | undefined;
  /** Whether every `where` condition must hold (the default) or any one is enough. */
  match?: 'all' | 'any' | undefined;
}

/** ShotIDs are three dash-separated groups of three letters or digits, e.g. `A1C-D2F-G3H`. */
export const SHOT_ID_PATTERN = /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/i;

// The fields a free-text query looks in: names, identifiers, slate, camera, lens, place.
const QUERY_FIELDS = [
  'name',
  'clipName',
  'clipIdentifier',
  'shotId',
  'scene',
  'shot',
  'take',
  'lensModel',
  'location',
];

/**
 * A predicate that keeps the assets meeting every given criterion. A query in ShotID form
 * matches the ShotID exactly; any other query matches when each of its words occurs in one of
 * the query fields.
 */
export function matchAssets(criteria: AssetCriteria): (asset: Asset) => boolean {
  for (const name of ['query', 'scene', 'shot', 'take', 'shootingDay', 'camera'] as const) {
    const value = criteria[name];
    // Text that folds to nothing (only accents or spaces) would match every clip.
    if (value !== undefined && foldText(value) === '') {
      throw new ToolInputError(`${name} has no letters or digits; give a value or leave it out.`);
    }
  }
  const tests: ((asset: Asset) => boolean)[] = [];
  const query = criteria.query?.trim();

  if (query && SHOT_ID_PATTERN.test(query)) {
    const shotId = query.toUpperCase();
    tests.push((asset) => textField(asset, 'shotId')?.toUpperCase() === shotId);
  } else if (query) {
    const words = foldText(query).split(' ');
    tests.push((asset) => {
      const haystack = foldText(searchableText(asset));
      return words.every((word) => haystack.includes(word));
    });
  }
  if (criteria.scene !== undefined) {
    const scene = foldText(criteria.scene);
    tests.push((asset) => foldText(textField(asset, 'scene') ?? '') === scene);
  }
  if (criteria.shot !== undefined) {
    const shot = foldText(criteria.shot);
    tests.push((asset) => foldText(textField(asset, 'shot') ?? '') === shot);
  }
  if (criteria.take !== undefined) {
    const take = normaliseTake(criteria.take);
    tests.push((asset) => normaliseTake(textField(asset, 'take') ?? '') === take);
  }
  if (criteria.shootingDay !== undefined) {
    const day = normaliseDay(criteria.shootingDay);
    tests.push((asset) => normaliseDay(textField(asset, 'shootingDay') ?? '') === day);
  }
  if (criteria.flagged !== undefined) {
    const flagged = criteria.flagged;
    tests.push((asset) => isFlagged(asset) === flagged);
  }
  if (criteria.camera !== undefined) tests.push(matchCamera(criteria.camera));
  const conditions = (criteria.where ?? []).map(matchCondition);
  if (conditions.length > 0 && criteria.match === 'any') {
    tests.push((asset) => conditions.some((condition) => condition(asset)));
  } else tests.push(...conditions);

  return (asset) => tests.every((test) => test(asset));
}

function searchableText(asset: Asset): string {
  const values = QUERY_FIELDS.map((field) => textField(asset, field));
  values.push(cameraName(asset), reelName(asset));
  return values.filter(Boolean).join('\n');
}

/**
 * A single letter is a camera letter (the A camera); "unknown" finds clips without camera
 * metadata; anything else is a part of the make and model, e.g. "venice" or "ALEXA 35".
 */
function matchCamera(camera: string): (asset: Asset) => boolean {
  const wanted = foldText(camera);
  if (/^[a-z]$/.test(wanted)) {
    const letter = wanted.toUpperCase();
    return (asset) => cameraLetter(asset) === letter;
  }
  return (asset) => foldText(cameraName(asset)).includes(wanted);
}

function matchCondition(condition: FieldCondition): (asset: Asset) => boolean {
  const { field } = condition;
  switch (condition.op) {
    case 'has':
      return (asset) => hasValue(asset, field);
    case 'empty':
      return (asset) => !hasValue(asset, field);
    case 'equals': {
      const wanted = foldText(String(condition.value ?? ''));
      const truth = /^(true|yes|1)$/.test(wanted)
        ? true
        : /^(false|no|0)$/.test(wanted)
          ? false
          : undefined;
      return (asset) => {
        const value = readPath(asset, field);
        // A yes/no field equals 1 or "yes" as much as true.
        if (typeof value === 'boolean' && truth !== undefined) return value === truth;
        return foldText(displayValue(value)) === wanted;
      };
    }
    case 'contains': {
      const wanted = foldText(String(condition.value ?? ''));
      return (asset) => foldText(displayValue(readPath(asset, field))).includes(wanted);
    }
  }
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Take "03" is take "3"; non-numeric takes ("3A", "PU") compare as text. */
function normaliseTake(take: string): string {
  const text = foldText(take);
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

/** "2", "Day 2", "day 02", "D2" and "Shooting Day 2" are the same shooting day. */
function normaliseDay(day: string): string {
  const text = foldText(day);
  const number = /^(?:(?:shooting )?day|d|drehtag|tag)?\s*0*(\d+)$/.exec(text)?.[1];
  return number ?? text;
}

export interface AssetRow {
  id: string;
  name: string;
  project?: string;
  type?: string;
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
  shootingDay?: string;
  flagged: boolean;
  shotId?: string;
  /** Set only when the clip has per-frame (dynamic) metadata, for get_dynamic_metadata. */
  perFrameData?: true;
}

/** The compact row a search returns: what identifies a clip and where it sits in the edit. */
export function assetRow(asset: Asset, project?: string): AssetRow {
  const timing = clipTiming(asset);
  const row: AssetRow = {
    id: asset.id,
    name: asset.name,
    project,
    type: textField(asset, 'assetType'),
    scene: textField(asset, 'scene'),
    shot: textField(asset, 'shot'),
    take: textField(asset, 'take'),
    camera: cameraName(asset),
    cameraLetter: cameraLetter(asset),
    reel: reelName(asset),
    lens: textField(asset, 'lensModel'),
    tcIn: timing.tcIn,
    tcOut: timing.tcOut,
    duration: timing.duration,
    shootingDay: textField(asset, 'shootingDay'),
    flagged: isFlagged(asset),
    shotId: textField(asset, 'shotId'),
    perFrameData: booleanField(asset, 'hasDynamicMetadata') || undefined,
  };
  for (const key of Object.keys(row) as (keyof AssetRow)[]) {
    if (row[key] === undefined) delete row[key];
  }
  return row;
}
