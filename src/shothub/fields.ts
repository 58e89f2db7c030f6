import { durationFrames, formatFrameDuration, normaliseFrameRate } from '../timecode.js';
import type { Asset } from './schemas.js';

// Readers for asset fields whose types the public samples do not pin down. Each accepts the
// plausible encodings (a take as 3 or "3", a flag as true, 1 or "true") and answers undefined
// rather than failing when a value is missing or odd.

/** A field as trimmed text; numbers become text, empty strings and other types undefined. */
export function textField(asset: Asset, field: string): string | undefined {
  const value = Object.hasOwn(asset, field) ? asset[field] : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

export function booleanField(asset: Asset, field: string): boolean {
  const value = Object.hasOwn(asset, field) ? asset[field] : undefined;
  if (typeof value === 'string') return /^(true|yes|1|y)$/i.test(value.trim());
  return value === true || value === 1;
}

export function numberField(asset: Asset, field: string): number | undefined {
  const value = Object.hasOwn(asset, field) ? asset[field] : undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Whether a field holds something: not missing, null, blank text or an empty list. */
export function hasValue(asset: Asset, field: string): boolean {
  const value = readPath(asset, field);
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A field by name, or by dotted path into nested objects (`parts.gradeInfo.grade.name`). */
export function readPath(asset: Asset, field: string): unknown {
  // Own fields only: `constructor` or `toString` are not asset fields.
  if (Object.hasOwn(asset, field)) return asset[field];
  let value: unknown = asset;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The camera as people name it: manufacturer and model. A missing part is said to be unknown
 * rather than dropped, so that clips without camera metadata never merge into another camera.
 */
export function cameraName(asset: Asset): string {
  const manufacturer = textField(asset, 'manufacturer');
  const model = textField(asset, 'model');
  if (!manufacturer && !model) return 'unknown camera';
  if (!model) return `${manufacturer} (unknown model)`;
  if (!manufacturer) return `(unknown make) ${model}`;
  return model.toLowerCase().startsWith(manufacturer.toLowerCase())
    ? model
    : `${manufacturer} ${model}`;
}

/**
 * The camera letter (A, B, C…) of a multi-camera shoot: the camera index where ShotHub has
 * one, otherwise the first letter of a camera-style reel or clip name such as `A003C012`.
 */
export function cameraLetter(asset: Asset): string | undefined {
  const index = textField(asset, 'cameraIndex');
  if (index && /^[A-Za-z]$/.test(index)) return index.toUpperCase();
  const source = reelName(asset) ?? asset.name;
  return /^([A-Za-z])\d{3}/.exec(source)?.[1]?.toUpperCase();
}

/** The reel or card name; Silverstack names the bin and the reel after the camera card. */
export function reelName(asset: Asset): string | undefined {
  return textField(asset, 'reel') ?? textField(asset, 'tape') ?? textField(asset, 'reelName');
}

export function isFlagged(asset: Asset): boolean {
  return booleanField(asset, 'flag');
}

export interface ClipTiming {
  tcIn: string | undefined;
  tcOut: string | undefined;
  frameRate: number | undefined;
  dropFrame: boolean;
  /** Length in frames at the clip's frame rate, when it can be worked out. */
  frames: number | undefined;
  /** Length as a timecode-style duration, e.g. `00:01:12:05`. */
  duration: string | undefined;
  seconds: number | undefined;
}

/**
 * The clip's in and out timecode and its length. The length comes from in/out (Silverstack's
 * out point is exclusive), else from `duration` read as frames or timecode, else from
 * `durationInSecs`.
 */
export function clipTiming(asset: Asset): ClipTiming {
  const tcIn = textField(asset, 'tcStart');
  const tcOut = textField(asset, 'tcEnd');
  const frameRate = normaliseFrameRate(asset.tcFps as number | string | null | undefined);
  const dropFrame = booleanField(asset, 'tcDropFlag') || /;/.test(tcIn ?? '');
  const seconds = numberField(asset, 'durationInSecs');
  let frames: number | undefined;

  if (frameRate !== undefined) {
    frames = attempt(() => durationFrames(tcIn ?? '', tcOut ?? '', frameRate, dropFrame));
    frames ??= framesFromDuration(asset.duration, frameRate);
  }
  const duration =
    frames !== undefined && frameRate !== undefined
      ? formatFrameDuration(frames, frameRate)
      : textField(asset, 'duration');
  return { tcIn, tcOut, frameRate, dropFrame, frames, duration, seconds };
}

function framesFromDuration(value: unknown, frameRate: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  return attempt(() => durationFrames('00:00:00:00', value.replace(';', ':'), frameRate));
}

function attempt<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
