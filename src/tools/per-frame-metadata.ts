import { parseDelimited } from '../csv.js';

// Reads ShotHub's per-frame ("dynamic") metadata CSV. Its column layout is not public, so the
// frame and timecode columns are found by name, and every column whose values are all numbers
// is summarised as numbers.

export interface ColumnSummary {
  name: string;
  numeric: boolean;
  /** Frames that have a value in this column. */
  values: number;
  min?: number;
  max?: number;
  first?: string;
  last?: string;
  /** For text columns with few values: those values, in order of first appearance. */
  distinct?: string[];
}

export interface PerFrameTable {
  columns: string[];
  rows: string[][];
  frameColumn: number | undefined;
  timecodeColumn: number | undefined;
}

const MAX_DISTINCT = 8;

export function readPerFrameCsv(text: string): PerFrameTable {
  const [header = [], ...body] = parseDelimited(text.trim());
  const columns = header.map((name) => name.trim());
  const rows = body.filter((row) => row.some((cell) => cell.trim() !== ''));
  const find = (pattern: RegExp) => {
    const index = columns.findIndex((name) => pattern.test(name));
    return index < 0 ? undefined : index;
  };
  return {
    columns,
    rows,
    frameColumn: find(/^(frame|frame ?(number|index|no\.?)|index)$/i),
    timecodeColumn: find(/^(timecode|tc|time ?code)$/i),
  };
}

export function summariseColumns(table: PerFrameTable): ColumnSummary[] {
  return table.columns.map((name, index) => {
    const cells = table.rows.map((row) => row[index]?.trim() ?? '').filter((cell) => cell !== '');
    const numbers = cells.map(Number);
    const numeric = cells.length > 0 && numbers.every(Number.isFinite);
    const summary: ColumnSummary = { name, numeric, values: cells.length };
    if (cells.length === 0) return summary;
    summary.first = cells[0];
    summary.last = cells.at(-1);
    if (numeric) {
      summary.min = numbers.reduce((a, b) => Math.min(a, b));
      summary.max = numbers.reduce((a, b) => Math.max(a, b));
    } else {
      const distinct = [...new Set(cells)];
      if (distinct.length <= MAX_DISTINCT) summary.distinct = distinct;
    }
    return summary;
  });
}

/** The frame number of each row: its frame column where there is one, else its position. */
export function frameNumbers(table: PerFrameTable): number[] {
  return table.rows.map((row, index) => {
    const cell = table.frameColumn === undefined ? undefined : row[table.frameColumn];
    const frame = cell === undefined ? NaN : Number(cell.trim());
    return Number.isInteger(frame) ? frame : index;
  });
}
