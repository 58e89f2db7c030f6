import { normaliseFrameRate, type FrameRate } from '../../timecode.js';
import type { EmulatedGrade } from '../dataset.js';
import { kelvinWhenNumeric, numberWhenNumeric, readCamera, readFlag } from './clip-fields.js';
import type { ClipTable } from './clip-table.js';
import { planColumns, type ClipRow, type ColumnPlan, type Meaning } from './columns.js';
import { UNDATED_FOLDER, readShootingDate, slashDateOrder, type SlashDateOrder } from './dates.js';
import { readGrade } from './grade.js';
import { readRate, readTiming } from './timing.js';
import type { WarningList } from './warnings.js';

const DEFAULT_FRAME_RATE = 24;

export interface ReadClip {
  /** API fields in the order the sample projects use, without id and shootingDay. */
  fields: Record<string, unknown>;
  reel: string | null;
  date: string | null;
  grade?: EmulatedGrade;
}

const TIMECODE_MEANINGS = ['tcStart', 'tcEnd', 'duration'] as const;

interface TableContext {
  plan: ColumnPlan;
  fallbackRate: FrameRate;
  dateOrder: SlashDateOrder;
  fileBase: string;
  warnings: WarningList;
}

export function readClips(table: ClipTable, fileBase: string, warnings: WarningList): ReadClip[] {
  if (table.rows.length === 0) return [];
  const plan = planColumns(table.columns, warnings);

  if (!TIMECODE_MEANINGS.some((meaning) => plan.source.has(meaning))) {
    warnings.add('The file has no Start, End or Duration column, so its clips have no timecode');
  } else if (table.frameRate === undefined) {
    warnAboutDefaultRate(table.rows, plan, warnings);
  }

  const dateColumn = plan.source.get('shootingDate');
  const dateOrder = slashDateOrder(dateColumn ? table.rows.map((row) => row[dateColumn]!) : []);
  if (dateOrder === 'conflict') {
    warnings.add(
      `Column "${dateColumn}" has dates of the form NN/NN/YYYY with the day first in some and ` +
        `the month first in others, so those clips are filed under ${UNDATED_FOLDER}`,
    );
  } else if (dateOrder === 'ambiguous') {
    warnings.add(
      `Column "${dateColumn}" has dates of the form NN/NN/YYYY where no value shows whether ` +
        `the day or the month comes first, so those clips are filed under ${UNDATED_FOLDER}`,
    );
  }

  const context: TableContext = {
    plan,
    fallbackRate: table.frameRate ?? DEFAULT_FRAME_RATE,
    dateOrder,
    fileBase,
    warnings,
  };
  return table.rows.map((row, index) => readClip(row, index + 1, context));
}

/** Says how many clips with timecode have no rate of their own and none from the heading. */
function warnAboutDefaultRate(
  rows: Record<string, string>[],
  plan: ColumnPlan,
  warnings: WarningList,
): void {
  const timecodeColumns = TIMECODE_MEANINGS.flatMap((meaning) => plan.source.get(meaning) ?? []);
  const rateColumn = plan.source.get('tcFps');
  const unrated = rows.filter(
    (row) =>
      timecodeColumns.some((column) => row[column]) &&
      normaliseFrameRate(rateColumn === undefined ? undefined : row[rateColumn]) === undefined,
  );
  if (unrated.length === 0) return;
  warnings.add(
    unrated.length === rows.length
      ? `No frame rate in the file; timecodes are read at ${DEFAULT_FRAME_RATE} fps`
      : `${unrated.length} of ${rows.length} clips have no frame rate; their timecodes are ` +
          `read at ${DEFAULT_FRAME_RATE} fps`,
  );
}

function readClip(row: Record<string, string>, rowNumber: number, context: TableContext) {
  const { plan, warnings } = context;
  const value = (meaning: Meaning): string | undefined => {
    const column = plan.source.get(meaning);
    const text = column === undefined ? undefined : row[column];
    return text === undefined || text === '' ? undefined : text;
  };
  const has = (meaning: Meaning) => plan.source.has(meaning);
  const extras: Record<string, unknown> = {};
  /** Keeps a value the import could not read under its column's own field name. */
  const keepRaw = (meaning: Meaning, text: string) => {
    const key = plan.fieldName.get(plan.source.get(meaning)!)!;
    extras[key] = text;
    return key;
  };

  const sourceFile = value('sourceFile');
  let name = value('name') ?? (sourceFile ? clipNameFromFile(sourceFile) : undefined);
  if (!name) {
    name = `${context.fileBase || 'Clip'} ${rowNumber}`;
    warnings.group(
      'no-name',
      `Row ${rowNumber}`,
      (clips, many) =>
        `${clips} ${many ? 'have' : 'has'} no clip name; named ` +
        `after the file and row number instead`,
    );
  }
  const clip: ClipRow = { value, has, label: `"${name}"`, warnings, keepRaw };

  const camera = readCamera(clip);
  const timing = readTiming(clip, readRate(clip, context.fallbackRate));
  const date = readShootingDate(clip, context.dateOrder);
  const flag = readFlag(clip);
  const grade = readGrade(clip);

  const fields: Record<string, unknown> = {
    name,
    assetType: 'VideoClip',
    type: 'Video',
    ...(has('shotId') ? { shotId: value('shotId') ?? null } : {}),
    episode: value('episode') ?? null,
    scene: value('scene') ?? null,
    shot: value('shot') ?? null,
    take: value('take') ?? null,
    shootingDate: date,
    reel: value('reel') ?? null,
    cameraIndex: camera.index,
    manufacturer: camera.manufacturer,
    model: camera.model,
    lensModel: value('lensModel') ?? null,
    location: value('location') ?? null,
    ...timing.fields,
    flag,
    hasDynamicMetadata: false,
    ...(has('asa') ? { asa: numberWhenNumeric(value('asa')) } : {}),
    ...(has('whiteBalance') ? { whiteBalance: kelvinWhenNumeric(value('whiteBalance')) } : {}),
    ...(has('greenTint') ? { greenTint: numberWhenNumeric(value('greenTint')) } : {}),
    ...(has('comment') ? { comment: value('comment') ?? null } : {}),
    ...(has('sourceFile') ? { sourceFile: sourceFile ?? null } : {}),
  };
  for (const column of plan.kept) fields[plan.fieldName.get(column)!] = row[column] || null;
  Object.assign(fields, extras);

  return { fields, reel: value('reel') ?? null, date, ...(grade ? { grade } : {}) };
}

/** A clip's name from its file: no folders, no extension, as Silverstack names clips. */
function clipNameFromFile(path: string): string {
  return fileBaseName(path) || path;
}

export function fileBaseName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? name;
  return base.replace(/\.[^.]+$/, '').trim();
}
