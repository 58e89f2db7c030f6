import { buildTable, stripBom, type CellRecord, type ClipTable } from './clip-table.js';
import { WarningList } from './warnings.js';

/** Reads a CSV clip list: a header row, then one row per clip, split by , ; or tab. */
export function parseClipCsv(text: string): ClipTable {
  const warnings = new WarningList();
  let body = stripBom(text).replace(/\r\n?/g, '\n');

  // Excel writes `sep=;` as the first line to name the delimiter.
  let lineOffset = 0;
  let delimiter: string | undefined;
  const sepLine = /^sep=(.)\n/i.exec(body);
  if (sepLine) {
    delimiter = sepLine[1];
    body = body.slice(sepLine[0].length);
    lineOffset = 1;
  }
  delimiter ??= guessDelimiter(body);

  const records = readDelimited(body, delimiter, warnings).map((record) => ({
    ...record,
    lineNumber: record.lineNumber + lineOffset,
  }));
  const headerIndex = records.findIndex((record) => record.cells.some((cell) => cell !== ''));
  const headerRecord = records[headerIndex];
  if (!headerRecord) {
    warnings.add('The file has no header row; no clips were read');
    return { columns: [], rows: [], warnings: warnings.all() };
  }
  const table = buildTable(headerRecord.cells, records.slice(headerIndex + 1), warnings);
  return { ...table, warnings: warnings.all() };
}

/** Whichever of comma, semicolon and tab occurs most often, outside quotes, in the header. */
function guessDelimiter(body: string): string {
  const header = body.split('\n').find((line) => line.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)!) best = candidate;
  return best;
}

/**
 * Splits delimited text into records, with fields quoted by `"` holding delimiters, doubled
 * quotes and line breaks. Unquoted fields are trimmed; quoted ones keep their spaces.
 */
function readDelimited(body: string, delimiter: string, warnings: WarningList): CellRecord[] {
  const records: CellRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    records.push({ lineNumber: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      cell = '';
    } else if (char === delimiter) {
      endCell();
    } else if (char === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else if (!wasQuoted) {
      cell += char;
    } else if (char.trim() !== '') {
      // Text after a closing quote, as in "A"B: kept, since it is part of what was typed.
      cell += char;
    }
  }
  if (quoted) {
    warnings.add(`The quote opened on line ${quoteLine} is never closed; read to the end`);
  }
  if (cell !== '' || cells.length > 0 || wasQuoted) endRecord();
  return records;
}
