import type { WarningList } from './warnings.js';

/** A clip list read from one file: its column names in order and one record per clip. */
export interface ClipTable {
  columns: string[];
  /** Values by column name, trimmed; a missing cell is an empty string. */
  rows: Record<string, string>[];
  /** The rate an ALE heading states, from FPS or else VIDEO_FORMAT. */
  frameRate?: number;
  /** What was skipped, padded, renamed or guessed, and why. */
  warnings: string[];
}

export interface CellRecord {
  lineNumber: number;
  cells: string[];
}

export function splitLines(text: string): string[] {
  return stripBom(text).split(/\r\n|\r|\n/);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Names every column (unnamed ones that hold values, and repeated names, get new ones) and
 * turns records into rows, padding short ones.
 */
export function buildTable(
  headerCells: string[],
  records: CellRecord[],
  warnings: WarningList,
): { columns: string[]; rows: Record<string, string>[] } {
  const hasValue = (index: number) => records.some((record) => (record.cells[index] ?? '') !== '');
  const columns: { name: string; index: number }[] = [];
  const taken = new Set<string>();

  headerCells.forEach((cell, index) => {
    let name = cell.trim();
    if (name === '') {
      // A trailing tab or comma on the header line makes an empty column with nothing in it.
      if (!hasValue(index)) return;
      name = `Column ${index + 1}`;
      warnings.add(`Column ${index + 1} has no name but holds values; it is read as "${name}"`);
    }
    if (taken.has(name.toLowerCase())) {
      let suffix = 2;
      while (taken.has(`${name} ${suffix}`.toLowerCase())) suffix++;
      const renamed = `${name} ${suffix}`;
      warnings.add(
        `Column "${name}" appears more than once; column ${index + 1} is read as "${renamed}"`,
      );
      name = renamed;
    }
    taken.add(name.toLowerCase());
    columns.push({ name, index });
  });

  // Cells past the last named column are only missing if a named column needed them.
  const width = (columns.at(-1)?.index ?? -1) + 1;
  const rows: Record<string, string>[] = [];
  for (const record of records) {
    if (record.cells.every((cell) => cell === '')) continue;

    const extra = record.cells.slice(headerCells.length).filter((cell) => cell !== '');
    if (extra.length > 0) {
      warnings.add(
        `Line ${record.lineNumber} has values past the last of the ${columns.length} ` +
          `columns; dropped: ${extra.map((value) => JSON.stringify(value)).join(', ')}`,
      );
    }
    if (record.cells.length < width) {
      warnings.group(
        'short-rows',
        String(record.lineNumber),
        (lines, many) =>
          `${many ? 'Lines' : 'Line'} ${lines} ${many ? 'have' : 'has'} fewer cells than the ` +
          `${columns.length} columns; the missing cells are read as empty`,
      );
    }

    const row: Record<string, string> = {};
    for (const column of columns) row[column.name] = record.cells[column.index] ?? '';
    rows.push(row);
  }
  return { columns: columns.map((column) => column.name), rows };
}
