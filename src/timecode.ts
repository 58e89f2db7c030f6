/**
 * SMPTE timecode for clip metadata: reading and writing HH:MM:SS:FF, converting between frames
 * and seconds, and measuring clips, at film, PAL and NTSC rates including drop-frame.
 */

/** Frames per second as the metadata states it, e.g. 23.976, 25 or 29.97. */
export type FrameRate = number;

export interface ParseTimecodeOptions {
  /**
   * Read the timecode as drop-frame even when every separator is a colon, as APIs do that send
   * a separate drop-frame flag next to the text.
   */
  dropFrame?: boolean;
}

interface ExactRate {
  numerator: number;
  denominator: number;
}

/** How timecode labels are counted: labels per second, and labels skipped per minute. */
interface Counting {
  labelsPerSecond: number;
  droppedPerMinute: number;
}

// NTSC rates are whole rates slowed by 1000/1001, and metadata rounds them in many ways
// (23.98, 23.976, 29.97002997), so anything this close snaps to the exact fraction.
const NTSC_TOLERANCE = 0.01;
const NTSC_NOMINAL_RATES = [24, 30, 48, 60, 120];
const DROP_FRAME_NOMINAL_RATES = [30, 60];

const SECONDS_PER_DAY = 24 * 60 * 60;
const EXPECTED_FORM = 'Expected HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame';

// The first two separators must match, so that both 01:00:00;00 and the all-semicolon
// 01;00;00;00 some editors show for drop-frame are read, but not a jumble of the two.
const TIMECODE_PATTERN = /^(\d{1,2})([:;])(\d{2})\2(\d{2})([:;.])(\d{2,3})$/;
const FRAME_RATE_PATTERN = /^\s*(\d+(?:[.,]\d*)?|[.,]\d+)(?:\s*\/\s*(\d+(?:[.,]\d+)?))?/;

/**
 * Reads a frame rate from metadata that may hold a number, a numeric string, a string with a
 * suffix ("29.97 DF", "25 fps"), a fraction ("24000/1001") or nothing at all.
 */
export function normaliseFrameRate(
  rate: number | string | null | undefined,
): FrameRate | undefined {
  if (typeof rate === 'number') {
    return Number.isFinite(rate) && rate > 0 ? rate : undefined;
  }
  if (typeof rate !== 'string') return undefined;

  const match = FRAME_RATE_PATTERN.exec(rate);
  if (!match?.[1]) return undefined;

  // Some European tools write the decimal point as a comma.
  const numerator = Number(match[1].replace(',', '.'));
  const denominator = match[2] ? Number(match[2].replace(',', '.')) : 1;
  const value = numerator / denominator;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Labels per timecode second: 24 for 23.976, 30 for 29.97, 60 for 59.94. */
export function nominalFrameRate(rate: FrameRate): number {
  const exact = exactRate(rate);
  const nominal = Math.round(exact.numerator / exact.denominator);
  if (nominal < 1) {
    throw new Error(
      `Frame rate ${describeRate(rate)} fps is too low for timecode, which needs at least ` +
        'one frame per second',
    );
  }
  return nominal;
}

/** Whether drop-frame timecode exists at this rate: only 29.97 and 59.94 fps. */
export function supportsDropFrame(rate: FrameRate): boolean {
  if (!Number.isFinite(rate) || rate <= 0) return false;

  const exact = exactRate(rate);
  const nominal = Math.round(exact.numerator / exact.denominator);
  return exact.denominator === 1001 && DROP_FRAME_NOMINAL_RATES.includes(nominal);
}

/**
 * Frames since 00:00:00:00 for a timecode such as `01:00:00:00`. A `;` or `.` before the frames,
 * or `options.dropFrame`, marks drop-frame; either one is enough.
 */
export function parseTimecode(
  text: string,
  rate: FrameRate,
  options: ParseTimecodeOptions = {},
): number {
  return readTimecode(text, rate, options).frames;
}

/** Writes frames since 00:00:00:00 as `HH:MM:SS:FF`, or `HH:MM:SS;FF` for drop-frame. */
export function formatTimecode(frames: number, rate: FrameRate, dropFrame = false): string {
  if (!Number.isSafeInteger(frames) || frames < 0) {
    throw new Error(
      `Cannot write ${frames} as timecode: frames must be a whole number of 0 or more`,
    );
  }
  const counting = countingFor(rate, dropFrame);
  const label = labelForFrame(frames, counting);

  const fps = counting.labelsPerSecond;
  const totalSeconds = Math.floor(label / fps);
  // Hours keep counting past 24 rather than wrapping, so a long duration never reads as an
  // early time of day. Limitation: past 99 hours the text has three hour digits, which
  // parseTimecode does not read back.
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const seconds = totalSeconds % 60;

  return (
    `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}` +
    `${dropFrame ? ';' : ':'}${pad(label % fps, frameDigitsFor(fps))}`
  );
}

/** Running time of a frame count, using the true rate: 23.976 is exactly 24000/1001. */
export function framesToSeconds(frames: number, rate: FrameRate): number {
  if (!Number.isFinite(frames) || frames < 0) {
    throw new Error(`Cannot convert ${frames} frames to seconds: expected 0 or more frames`);
  }
  const exact = exactRate(rate);
  return (frames * exact.denominator) / exact.numerator;
}

/** Frame count nearest to a running time, using the true rate. */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`Cannot convert ${seconds} seconds to frames: expected 0 or more seconds`);
  }
  const exact = exactRate(rate);
  return Math.round((seconds * exact.numerator) / exact.denominator);
}

/**
 * Length in frames of a clip whose out point is exclusive, as Silverstack writes it: the out
 * timecode is the first frame after the clip, so a one-frame clip has out = in + 1.
 */
export function durationFrames(
  tcIn: string,
  tcOut: string,
  rate: FrameRate,
  dropFrame = false,
): number {
  const clipIn = readTimecode(tcIn, rate, { dropFrame });
  const clipOut = readTimecode(tcOut, rate, { dropFrame });
  if (clipIn.dropFrame !== clipOut.dropFrame) {
    throw new Error(
      `Cannot measure from ${JSON.stringify(tcIn)} to ${JSON.stringify(tcOut)}: one is ` +
        'drop-frame and the other is not; give both in the same form',
    );
  }
  if (clipOut.frames >= clipIn.frames) return clipOut.frames - clipIn.frames;

  // Time-of-day timecode restarts at midnight, so on set an out point below the in point is a
  // clip that rolled past 24:00:00:00. Limitation: a clip longer than a day cannot be told
  // apart from a shorter one and reads as the shorter.
  const day = framesPerDay(countingFor(rate, clipIn.dropFrame));
  if (clipIn.frames >= day) {
    throw new Error(
      `Out point ${JSON.stringify(tcOut)} is before in point ${JSON.stringify(tcIn)}, and the ` +
        'in point is past 24 hours so the clip cannot have crossed midnight',
    );
  }
  return clipOut.frames + day - clipIn.frames;
}

/** Running time as people say it: `1 h 02 min 05 s`, `12 min 03 s`, `45 s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`Cannot describe a duration of ${seconds} seconds: expected 0 or more`);
  }
  // Rounded before splitting, so that 59.6 s reads as 1 min 00 s and never as 60 s.
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const rest = total % 60;

  if (hours > 0) return `${hours} h ${pad(minutes, 2)} min ${pad(rest, 2)} s`;
  if (minutes > 0) return `${minutes} min ${pad(rest, 2)} s`;
  return `${rest} s`;
}

/**
 * A frame count as a timecode-style duration. Durations are counted non-drop at the nominal
 * rate, since that is how editors read a length even on drop-frame material.
 */
export function formatFrameDuration(frames: number, rate: FrameRate): string {
  return formatTimecode(frames, rate, false);
}

function readTimecode(
  text: string,
  rate: FrameRate,
  options: ParseTimecodeOptions,
): { frames: number; dropFrame: boolean } {
  const match = TIMECODE_PATTERN.exec(text.trim());
  if (!match) throw timecodeError(text, 'it is not in timecode form');

  // The pattern makes every group present; the default only satisfies the type checker.
  const [, hoursText, firstSeparator, minutesText, secondsText, frameSeparator, framesText = ''] =
    match;
  if (firstSeparator === ';' && frameSeparator !== ';') {
    throw timecodeError(text, 'its separators mix semicolons with other marks');
  }
  const hours = Number(hoursText);
  const minutes = Number(minutesText);
  const seconds = Number(secondsText);
  const frame = Number(framesText);

  const dropFrame = frameSeparator !== ':' || options.dropFrame === true;
  const counting = countingFor(rate, dropFrame);
  const fps = counting.labelsPerSecond;
  if (minutes >= 60) throw timecodeError(text, 'minutes must be 00 to 59');
  if (seconds >= 60) throw timecodeError(text, 'seconds must be 00 to 59');
  if (framesText.length > frameDigitsFor(fps)) {
    throw timecodeError(text, `frames have too many digits at ${describeRate(rate)} fps`);
  }
  if (frame >= fps) {
    throw timecodeError(text, `frames must be 00 to ${fps - 1} at ${describeRate(rate)} fps`);
  }
  const totalMinutes = hours * 60 + minutes;
  const skipsThisMinute = totalMinutes % 10 !== 0;
  if (skipsThisMinute && seconds === 0 && frame < counting.droppedPerMinute) {
    throw timecodeError(
      text,
      `drop-frame at ${describeRate(rate)} fps skips frames 00 to ` +
        `${pad(counting.droppedPerMinute - 1, 2)} at the start of every minute except ` +
        'each tenth, so this frame does not exist',
    );
  }

  const label = (totalMinutes * 60 + seconds) * fps + frame;
  return { frames: label - droppedBefore(totalMinutes, counting), dropFrame };
}

/** Labels skipped before the start of a minute: none in every tenth minute, some in others. */
function droppedBefore(totalMinutes: number, counting: Counting): number {
  const minutesThatDrop = totalMinutes - Math.floor(totalMinutes / 10);
  return counting.droppedPerMinute * minutesThatDrop;
}

/** The label number (frames as if nothing were dropped) shown for a frame. */
function labelForFrame(frames: number, counting: Counting): number {
  const dropped = counting.droppedPerMinute;
  if (dropped === 0) return frames;

  const fullMinute = counting.labelsPerSecond * 60;
  const shortMinute = fullMinute - dropped;
  const tenMinutes = fullMinute + 9 * shortMinute;
  const blocks = Math.floor(frames / tenMinutes);
  const intoBlock = frames % tenMinutes;
  // Each ten-minute block opens with one full minute, then nine that are each short.
  const shortMinutesStarted =
    intoBlock < fullMinute ? 0 : Math.floor((intoBlock - fullMinute) / shortMinute) + 1;

  return frames + dropped * (9 * blocks + shortMinutesStarted);
}

function framesPerDay(counting: Counting): number {
  const minutesPerDay = SECONDS_PER_DAY / 60;
  return SECONDS_PER_DAY * counting.labelsPerSecond - droppedBefore(minutesPerDay, counting);
}

function countingFor(rate: FrameRate, dropFrame: boolean): Counting {
  const labelsPerSecond = nominalFrameRate(rate);
  if (!dropFrame) return { labelsPerSecond, droppedPerMinute: 0 };

  if (!supportsDropFrame(rate)) {
    throw new Error(
      `Drop-frame timecode exists only at 29.97 and 59.94 fps, not at ${describeRate(rate)} ` +
        'fps; use non-drop HH:MM:SS:FF at this rate',
    );
  }
  // Two labels a minute at 29.97 and four at 59.94 keep timecode in step with the clock.
  return { labelsPerSecond, droppedPerMinute: labelsPerSecond / 15 };
}

function exactRate(rate: FrameRate): ExactRate {
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new Error(`Frame rate must be a positive number of frames per second, not ${rate}`);
  }
  for (const nominal of NTSC_NOMINAL_RATES) {
    if (Math.abs(rate - (nominal * 1000) / 1001) <= NTSC_TOLERANCE) {
      return { numerator: nominal * 1000, denominator: 1001 };
    }
  }
  return { numerator: rate, denominator: 1 };
}

function timecodeError(text: string, problem: string): Error {
  return new Error(`Invalid timecode ${JSON.stringify(text)}: ${problem}. ${EXPECTED_FORM}.`);
}

/** A rate as people write it: 23.976 rather than 23.976023976023978. */
function describeRate(rate: FrameRate): string {
  return String(Number(rate.toFixed(3)));
}

// Two digits cover every common rate; only rates above 100 fps need a third.
function frameDigitsFor(labelsPerSecond: number): number {
  return Math.max(2, String(labelsPerSecond - 1).length);
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, '0');
}
