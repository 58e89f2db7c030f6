import {
  formatFrameDuration,
  formatTimecode,
  framesToSeconds,
  nominalFrameRate,
  normaliseFrameRate,
  parseTimecode,
  supportsDropFrame,
  type FrameRate,
} from '../../timecode.js';
import { readYesNo } from './clip-fields.js';
import type { ClipRow } from './columns.js';

const DROP_FRAME_WORDS = {
  yes: ['y', 'yes', '1', 'true', 'df', 'drop', 'drop frame', 'dropframe'],
  no: ['n', 'no', '0', 'false', 'ndf', 'non-drop', 'non drop', 'non-drop frame', 'nondrop'],
};

export function readRate(
  { value, label, warnings }: ClipRow,
  fallback: FrameRate,
): { rate: FrameRate; dropFrameNamed: boolean } {
  const text = value('tcFps');
  if (text === undefined) return { rate: fallback, dropFrameNamed: false };
  const rate = normaliseFrameRate(text);
  if (rate === undefined) {
    warnings.group(
      `rate:${text}`,
      label,
      (clips) => `Frame rate "${text}" is not a number for ${clips}; read at ${fallback} fps`,
    );
    return { rate: fallback, dropFrameNamed: false };
  }
  // "29.97 DF" names drop-frame in the rate itself; "29.97 NDF" does not.
  const named = /\bdf\b|\bdrop/i.test(text) && !/\bndf\b|\bnon[\s-]?drop/i.test(text);
  return { rate: tidyRate(rate), dropFrameNamed: named };
}

/** NTSC rates as the sample data writes them (23.976, 29.97), others to three decimals. */
export function tidyRate(rate: FrameRate): FrameRate {
  for (const nominal of [24, 30, 48, 60, 120]) {
    const ntsc = (nominal * 1000) / 1001;
    if (Math.abs(rate - ntsc) <= 0.01) return round(ntsc, 3);
  }
  return round(rate, 3);
}

export function readTiming(
  clip: ClipRow,
  rateRead: { rate: FrameRate; dropFrameNamed: boolean },
): { fields: Record<string, unknown> } {
  const { value, label, warnings } = clip;
  const { rate } = rateRead;
  let startText = value('tcStart');
  let endText = value('tcEnd');
  let durationText = value('duration');

  const flagText = value('dropFrame');
  const flagged = flagText === undefined ? undefined : readYesNo(flagText, DROP_FRAME_WORDS);
  if (flagText !== undefined && flagged === undefined) {
    warnings.group(
      `drop:${flagText}`,
      label,
      (clips) =>
        `Drop Frame "${flagText}" is neither yes nor no for ${clips}; the timecode's ` +
        'separators decide',
    );
  }
  const marked = [startText, endText].some((text) => text !== undefined && /[;.]\d+$/.test(text));
  // Any one sign of drop-frame is enough: a `;` is never written for non-drop timecode.
  let dropFrame = flagged === true || marked || rateRead.dropFrameNamed;
  if (dropFrame && !supportsDropFrame(rate)) {
    warnings.add(
      `Clip ${label} is marked drop-frame at ${rate} fps, where drop-frame does not ` +
        'exist; its timecode is read as non-drop',
    );
    dropFrame = false;
    [startText, endText, durationText] = [startText, endText, durationText].map((text) =>
      text?.replaceAll(';', ':').replace(/\.(\d+)$/, ':$1'),
    );
  }

  const fields: Record<string, unknown> = {};
  const texts = { start: startText, end: endText, duration: durationText };
  const measured = measureClip(texts, rate, dropFrame, clip);
  if (measured.start !== undefined)
    fields.tcStart = formatTimecode(measured.start, rate, dropFrame);
  if (measured.start !== undefined && measured.frames !== undefined) {
    fields.tcEnd = formatTimecode(
      (measured.start + measured.frames) % framesPerDay(rate, dropFrame),
      rate,
      dropFrame,
    );
  }
  fields.tcFps = rate;
  fields.tcDropFlag = dropFrame;
  if (measured.frames !== undefined) {
    fields.duration = formatFrameDuration(measured.frames, rate);
    fields.durationInSecs = round(framesToSeconds(measured.frames, rate), 3);
  }
  return { fields };
}

/** The clip's first frame and length in frames, from whichever two of in, out and length. */
function measureClip(
  texts: { start?: string | undefined; end?: string | undefined; duration?: string | undefined },
  rate: FrameRate,
  dropFrame: boolean,
  { has, label: clipLabel, warnings }: ClipRow,
): { start?: number; frames?: number } {
  const { start: startText, end: endText, duration: durationText } = texts;
  const read = (what: string, text: string | undefined, parse: (text: string) => number) => {
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (error) {
      warnings.add(`Clip ${clipLabel}: ${what} skipped. ${(error as Error).message}`);
      return undefined;
    }
  };
  const start = read('Start', startText, (text) => parseTimecode(text, rate, { dropFrame }));
  const end = read('End', endText, (text) => parseTimecode(text, rate, { dropFrame }));
  const duration = read('Duration', durationText, (text) => readDuration(text, rate));
  const day = framesPerDay(rate, dropFrame);

  if (start !== undefined && end !== undefined) {
    // End is exclusive, as Silverstack and Avid write it; past midnight it wraps to 00:00.
    const frames = end >= start ? end - start : end + day - start;
    if (duration !== undefined && duration !== frames) {
      warnings.add(
        `Clip ${clipLabel}: Duration ${durationText} disagrees with Start and End, which ` +
          `span ${formatFrameDuration(frames, rate)}; Start and End are used`,
      );
    }
    return { start, frames };
  }
  if (start !== undefined && duration !== undefined) return { start, frames: duration };
  if (end !== undefined && duration !== undefined) {
    return { start: (end - (duration % day) + day) % day, frames: duration };
  }

  if (start !== undefined && endText === undefined && durationText === undefined) {
    warnings.group(
      'no-end',
      clipLabel,
      (clips, many) =>
        `${clips} ${many ? 'have' : 'has'} a Start but neither End nor ` +
        'Duration; tcEnd, duration and durationInSecs are left out',
    );
  } else if (startText === undefined && (has('tcStart') || has('tcEnd') || has('duration'))) {
    warnings.group(
      'no-start',
      clipLabel,
      (clips, many) =>
        `${clips} ${many ? 'have' : 'has'} no Start timecode that, ` +
        'with End or Duration, places the clip; tcStart, tcEnd and duration are left out',
    );
  }
  return start !== undefined ? { start } : {};
}

/** A length as timecode (drop-frame when written with `;`) or as a count of frames. */
function readDuration(text: string, rate: FrameRate): number {
  if (/^\d+$/.test(text)) return Number(text);
  return parseTimecode(text, rate);
}

function framesPerDay(rate: FrameRate, dropFrame: boolean): number {
  const lastFrame = String(nominalFrameRate(rate) - 1).padStart(2, '0');
  return parseTimecode(`23:59:59${dropFrame ? ';' : ':'}${lastFrame}`, rate, { dropFrame }) + 1;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
