import type { ClipRow } from './columns.js';

export const UNDATED_FOLDER = 'Undated';

/**
 * Which way round NN/NN/YYYY dates in one column are. A column is written by one tool with
 * one setting, so a single day above 12 (13/04/2023, or 04/13/2023) settles the whole column.
 * When no value settles it, only dates whose two numbers are equal can be read, and when
 * values contradict each other none is read: a wrong date would file clips under the wrong
 * shooting day, which is worse than no date.
 */
export type SlashDateOrder = 'dayFirst' | 'monthFirst' | 'ambiguous' | 'conflict' | 'none';

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
// Dots are the European form, always day first: 11.04.2023.
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:\s.*)?$/;
const SLASHED_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:\s.*)?$/;

export function slashDateOrder(values: string[]): SlashDateOrder {
  let dayFirst = false;
  let monthFirst = false;
  let undecided = false;
  for (const value of values) {
    const match = SLASHED_DATE.exec(value.trim());
    if (!match) continue;
    const [first, second] = [Number(match[1]), Number(match[2])];
    if (first > 12 && second <= 12) dayFirst = true;
    else if (second > 12 && first <= 12) monthFirst = true;
    else if (first !== second) undecided = true;
  }
  if (dayFirst && monthFirst) return 'conflict';
  if (dayFirst) return 'dayFirst';
  if (monthFirst) return 'monthFirst';
  return undecided ? 'ambiguous' : 'none';
}

export function readShootingDate(
  { value, label, warnings, keepRaw }: ClipRow,
  order: SlashDateOrder,
): string | null {
  const text = value('shootingDate');
  if (text === undefined) return null;
  const date = parseShootDate(text.trim(), order);
  if (date) return date;

  const key = keepRaw('shootingDate', text);
  const slashed = SLASHED_DATE.test(text.trim());
  // Slashed dates the column could not settle were already reported for the whole column.
  if (!slashed || (order !== 'ambiguous' && order !== 'conflict')) {
    warnings.group(
      `date:${text}`,
      label,
      (clips) =>
        `Shoot date "${text}" is not a date read as YYYY-MM-DD, DD.MM.YYYY or NN/NN/YYYY for ` +
        `${clips}; filed under ${UNDATED_FOLDER} and kept as ${key}`,
    );
  }
  return null;
}

function parseShootDate(text: string, order: SlashDateOrder): string | undefined {
  let match = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (match) return calendarDate(match[1]!, match[2]!, match[3]!);

  match = DOTTED_DATE.exec(text);
  if (match) return calendarDate(match[3]!, match[2]!, match[1]!);

  match = SLASHED_DATE.exec(text);
  if (!match) return undefined;
  const [, first = '', second = '', year = ''] = match;
  if (order === 'dayFirst') return calendarDate(year, second, first);
  if (order === 'monthFirst') return calendarDate(year, first, second);
  return first === second && order !== 'conflict' ? calendarDate(year, first, second) : undefined;
}

function calendarDate(yearText: string, monthText: string, dayText: string): string | undefined {
  // Two-digit years are this century's: on-set exports are of recent shoots.
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1) return undefined;
  if (probe.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
