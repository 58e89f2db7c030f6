import type { ClipRow } from './columns.js';

// Makers a combined "ARRI ALEXA 35" may start with; spelt as the makers spell themselves.
const CAMERA_MAKERS = 'Blackmagic Design|Blackmagic|ARRI|Sony|RED|Canon|Panasonic|DJI'.split('|');

export function readCamera({ value, label, warnings, keepRaw }: ClipRow) {
  let manufacturer = value('manufacturer') ?? null;
  let model = value('model') ?? null;
  const fillFromType = (text: string) => {
    const split = splitCameraType(text);
    manufacturer ??= split.manufacturer;
    model ??= split.model;
  };

  const cameraType = value('cameraType');
  if (cameraType) fillFromType(cameraType);

  let index: string | null = null;
  const camera = value('cameraIndex');
  if (camera) {
    const letter = cameraLetter(camera);
    if (letter) {
      index = letter;
    } else if (splitCameraType(camera).manufacturer) {
      // Some tools fill their Camera column with the camera type instead of the letter.
      fillFromType(camera);
    } else {
      const key = keepRaw('cameraIndex', camera);
      warnings.group(
        'camera-letter',
        label,
        (clips) =>
          `Camera is not a single camera letter for ${clips}; cameraIndex is left ` +
          `empty and the value kept as ${key}`,
      );
    }
  }
  return { index, manufacturer, model };
}

/** "A", "a", "A Cam", "A-Camera", "Cam B" → the letter. */
function cameraLetter(text: string): string | undefined {
  const match =
    /^(?:cam(?:era)?[\s_-]*)?([a-z])(?:[\s_-]*cam(?:era)?)?$/i.exec(text.trim()) ?? undefined;
  return match?.[1]?.toUpperCase();
}

function splitCameraType(text: string): { manufacturer: string | null; model: string | null } {
  const trimmed = text.trim();
  for (const maker of CAMERA_MAKERS) {
    const prefix = trimmed.slice(0, maker.length);
    const next = trimmed[maker.length];
    if (prefix.toLowerCase() === maker.toLowerCase() && (next === undefined || next === ' ')) {
      const model = trimmed.slice(maker.length).trim();
      return { manufacturer: maker, model: model || null };
    }
  }
  return { manufacturer: null, model: trimmed || null };
}

const FLAG_WORDS = {
  yes: ['y', 'yes', '1', 'true', '*', '✓', '✔', 'circled'],
  no: ['n', 'no', '0', 'false', '-'],
};

export function readYesNo(
  text: string,
  words: { yes: string[]; no: string[] },
): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (words.yes.includes(word)) return true;
  if (words.no.includes(word)) return false;
  return undefined;
}

export function readFlag({ value, label, warnings, keepRaw }: ClipRow): boolean {
  const text = value('flag');
  if (text === undefined) return false;
  const flag = readYesNo(text, FLAG_WORDS);
  if (flag !== undefined) return flag;

  const key = keepRaw('flag', text);
  warnings.group(
    `flag:${text}`,
    label,
    (clips) =>
      `Circle mark "${text}" is not one of Y, Yes, 1, True, * or ✓ for ${clips}; read ` +
      `as not circled and kept as ${key}`,
  );
  return false;
}

/** "800" → 800, "-1,5" → -1.5, "1,280" → 1280; anything else stays the text it was. */
export function numberWhenNumeric(text: string | undefined): number | string | null {
  if (text === undefined) return null;
  // A comma before exactly three digits groups thousands (ISO 1,280); otherwise it is the
  // decimal comma European tools write.
  const plain = /^[1-9]\d{0,2},\d{3}$/.test(text) ? text.replace(',', '') : text.replace(',', '.');
  return /^[+-]?\d+(?:\.\d+)?$/.test(plain) ? Number(plain) : text;
}

/** "5600", "5600K" and "5,600 K" are all 5600 Kelvin. */
export function kelvinWhenNumeric(text: string | undefined): number | string | null {
  if (text === undefined) return null;
  const number = numberWhenNumeric(text.replace(/\s*k$/i, ''));
  return typeof number === 'number' ? number : text;
}
