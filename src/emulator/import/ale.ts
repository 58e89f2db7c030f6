import { normaliseFrameRate, type FrameRate } from '../../timecode.js';
import { buildTable, splitLines, type CellRecord, type ClipTable } from './clip-table.js';
import { tidyRate } from './timing.js';
import { WarningList } from './warnings.js';

export type ClipFileFormat = 'ale' | 'csv';

/** ALE when the text has ALE's Heading, or its Column and Data sections; CSV otherwise. */
export function detectClipFileFormat(text: string): ClipFileFormat {
  const firstCells = splitLines(text)
    .filter((line) => line.trim() !== '')
    .map((line) => sectionKeyword(line)?.keyword);
  if (firstCells[0] === 'heading') return 'ale';
  const column = firstCells.indexOf('column');
  return column >= 0 && firstCells.indexOf('data', column) > column ? 'ale' : 'csv';
}

/** Reads an Avid Log Exchange file: a Heading, a Column line and tab-separated Data rows. */
export function parseAle(text: string): ClipTable {
  const warnings = new WarningList();
  const state: AleState = { section: 'before', heading: new Map(), records: [] };
  splitLines(text).forEach((line, index) => readAleLine(line, index + 1, state, warnings));

  const delimiter = state.heading.get('FIELD_DELIM');
  if (delimiter !== undefined && delimiter.toUpperCase() !== 'TABS') {
    warnings.add(`FIELD_DELIM is "${delimiter}"; the file is read as tab-separated all the same`);
  }
  const frameRate = headingFrameRate(state.heading, warnings);
  const rate = frameRate === undefined ? {} : { frameRate };

  if (!state.header) {
    warnings.add('No Column section with column names was found; no clips were read');
    return { columns: [], rows: [], ...rate, warnings: warnings.all() };
  }
  if (state.section !== 'data') warnings.add('No Data section was found; no clips were read');

  const table = buildTable(state.header, state.records, warnings);
  return { ...table, ...rate, warnings: warnings.all() };
}

interface AleState {
  section: 'before' | 'heading' | 'column' | 'data';
  heading: Map<string, string>;
  header?: string[];
  records: CellRecord[];
}

function readAleLine(line: string, lineNumber: number, state: AleState, warnings: WarningList) {
  if (line.trim() === '') return;

  const found = state.section === 'data' ? undefined : sectionKeyword(line);
  if (found) {
    state.section = found.keyword;
    // Some writers put the first entry of a section on the keyword's own line.
    if (found.rest !== '') readSectionLine(found.rest, lineNumber, true, state, warnings);
    return;
  }
  readSectionLine(line, lineNumber, false, state, warnings);
}

function readSectionLine(
  line: string,
  lineNumber: number,
  onKeywordLine: boolean,
  state: AleState,
  warnings: WarningList,
) {
  switch (state.section) {
    case 'heading':
      readHeadingEntries(line, onKeywordLine, state.heading, lineNumber, warnings);
      return;
    case 'column':
      if (state.header === undefined) state.header = splitTabs(line);
      else warnings.add(`Line ${lineNumber} follows the column names but precedes Data; skipped`);
      return;
    case 'data':
      state.records.push({ lineNumber, cells: splitTabs(line) });
      return;
    case 'before':
      warnings.add(`Line ${lineNumber} comes before the Heading section; skipped`);
  }
}

function splitTabs(line: string): string[] {
  return line.split('\t').map((cell) => cell.trim());
}

/** The ALE section a line opens, if its first cell is Heading, Column or Data. */
function sectionKeyword(
  line: string,
): { keyword: 'heading' | 'column' | 'data'; rest: string } | undefined {
  const tab = line.indexOf('\t');
  const first = (tab < 0 ? line : line.slice(0, tab)).trim();
  const rest = tab < 0 ? '' : line.slice(tab + 1);
  const keyword = first.toLowerCase();
  if (keyword === 'heading' || keyword === 'column' || keyword === 'data') {
    return { keyword, rest: rest.trim() === '' ? '' : rest };
  }
  // "Heading FIELD_DELIM TABS" with spaces: only the heading's entries can be read that way,
  // since column names and values hold spaces themselves.
  const spaced = /^heading\s+(.+)$/i.exec(first);
  if (spaced?.[1]) return { keyword: 'heading', rest: [spaced[1], rest].join('\t') };
  return undefined;
}

function readHeadingEntries(
  line: string,
  onKeywordLine: boolean,
  heading: Map<string, string>,
  lineNumber: number,
  warnings: WarningList,
): void {
  let tokens = splitTabs(line).filter((cell) => cell !== '');
  if (tokens.length === 1) {
    const [only = ''] = tokens;
    tokens = onKeywordLine ? only.split(/\s+/) : only.split(/\s+(.*)/s).filter(Boolean);
  }
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    heading.set(tokens[i]!.toUpperCase(), tokens[i + 1]!);
  }
  if (tokens.length % 2 === 1) {
    warnings.add(`Heading entry "${tokens.at(-1)}" on line ${lineNumber} has no value; skipped`);
  }
}

function headingFrameRate(heading: Map<string, string>, warnings: WarningList) {
  const fps = heading.get('FPS');
  if (fps !== undefined) {
    const rate = normaliseFrameRate(fps);
    if (rate) return tidyRate(rate);
    warnings.add(`Heading FPS "${fps}" is not a frame rate; skipped`);
  }
  const format = heading.get('VIDEO_FORMAT');
  if (format === undefined) return undefined;
  const rate = videoFormatRate(format);
  if (rate === undefined) {
    warnings.add(`VIDEO_FORMAT "${format}" does not say a frame rate; it gives none`);
  }
  return rate;
}

/** The frame rate a VIDEO_FORMAT names: NTSC, PAL, or a form such as 1080p/23.976 or 1080i50. */
function videoFormatRate(format: string): FrameRate | undefined {
  const text = format.trim().toUpperCase();
  if (text === 'NTSC') return 29.97;
  if (text === 'PAL') return 25;
  const match = /^\d{3,4}\s*([IP])\s*\/?\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!match?.[2]) return undefined;
  // Interlaced formats are named by their field rate, twice the frame rate, when above 30.
  const stated = Number(match[2]);
  const rate = match[1] === 'I' && stated > 30 ? stated / 2 : stated;
  return tidyRate(rate);
}
