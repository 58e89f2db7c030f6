import type { CdlValues } from '../dataset.js';
import type { ClipRow } from './columns.js';

const IMPORTED_GRADE_NAME = 'Imported CDL';

export function readGrade({ value, label: clipLabel, warnings, keepRaw }: ClipRow) {
  const sopText = value('ascSop');
  const satText = value('ascSat');
  if (sopText === undefined && satText === undefined) return undefined;

  const sop = sopText === undefined ? undefined : parseSop(sopText);
  if (sopText !== undefined && !sop) {
    const key = keepRaw('ascSop', sopText);
    warnings.add(
      `Clip ${clipLabel}: ASC_SOP "${sopText}" is not three groups of three numbers like ` +
        `(1 1 1)(0 0 0)(1 1 1); no CDL was made and the value is kept as ${key}`,
    );
    return undefined;
  }
  const saturation = satText === undefined ? undefined : Number(satText.replace(',', '.'));
  if (satText !== undefined && !Number.isFinite(saturation)) {
    const key = keepRaw('ascSat', satText);
    warnings.add(
      `Clip ${clipLabel}: ASC_SAT "${satText}" is not a number; no CDL was made and the ` +
        `value is kept as ${key}`,
    );
    return undefined;
  }
  if (satText === undefined) {
    warnings.group(
      'no-sat',
      clipLabel,
      (clips, many) =>
        `${clips} ${many ? 'have' : 'has'} ASC_SOP but no ASC_SAT; ` + 'saturation 1 is used',
    );
  }
  if (sopText === undefined) {
    warnings.group(
      'no-sop',
      clipLabel,
      (clips, many) =>
        `${clips} ${many ? 'have' : 'has'} ASC_SAT but no ASC_SOP; ` +
        'slope 1, offset 0 and power 1 are used',
    );
  }
  const cdl: CdlValues = {
    slope: sop?.slope ?? [1, 1, 1],
    offset: sop?.offset ?? [0, 0, 0],
    power: sop?.power ?? [1, 1, 1],
    saturation: saturation ?? 1,
  };
  return { name: IMPORTED_GRADE_NAME, mode: 'CDL', cdl };
}

/** "(1.1 1.0 0.9)(0.01 0 -0.02)(1 1 1)", with or without spaces or commas between. */
function parseSop(text: string): Omit<CdlValues, 'saturation'> | undefined {
  const groups = [...text.matchAll(/\(([^()]*)\)/g)].map((match) =>
    (match[1] ?? '')
      .trim()
      .split(/[\s,]+/)
      .map(Number),
  );
  const leftover = text.replace(/\(([^()]*)\)/g, '').trim();
  if (groups.length !== 3 || leftover !== '') return undefined;
  if (!groups.every((group) => group.length === 3 && group.every(Number.isFinite))) {
    return undefined;
  }
  const [slope, offset, power] = groups as [Triple, Triple, Triple];
  return { slope, offset, power };
}

type Triple = [number, number, number];
