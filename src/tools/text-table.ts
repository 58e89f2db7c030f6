import { oneLine } from './results.js';

export interface TableColumn<Row> {
  label: string;
  value: (row: Row) => string | undefined;
}

/**
 * Rows as a compact text table for the model: a header names the columns once, a column
 * that is empty in every row is left out, and a value that every row shares is said once
 * above the table instead of in each row. Cells are made safe for one line, and a `|` in a
 * value is escaped, so that no value can pose as a cell of its own.
 */
export function textTable<Row>(rows: Row[], columns: TableColumn<Row>[]): string[] {
  const cells = rows.map((row) =>
    columns.map((column) => oneLine(column.value(row) ?? '').replaceAll('|', '\\|')),
  );
  const shared: string[] = [];
  const kept: number[] = [];

  columns.forEach((column, index) => {
    const values = new Set(cells.map((row) => row[index]));
    if (values.size === 1 && values.has('')) return;
    if (rows.length > 1 && values.size === 1) {
      shared.push(`${column.label} ${[...values][0]}`);
      return;
    }
    kept.push(index);
  });

  const lines: string[] = [];
  if (shared.length > 0) lines.push(`All rows: ${shared.join('; ')}.`);
  if (rows.length === 0) return lines;
  lines.push(kept.map((index) => columns[index]!.label).join('|'));
  for (const row of cells) lines.push(kept.map((index) => row[index]).join('|'));
  return lines;
}
