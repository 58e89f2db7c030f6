import { describe, it, expect } from 'vitest';

import {
  durationFrames,
  formatDuration,
  formatFrameDuration,
  formatTimecode,
  framesToSeconds,
  nominalFrameRate,
  normaliseFrameRate,
  parseTimecode,
  secondsToFrames,
  supportsDropFrame,
} from '../src/timecode.js';

const EVERY_RATE = [23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60];

describe('reading non-drop timecode', () => {
  it('counts 25 fps time-of-day timecode from midnight', () => {
    // 10 h * 3600 s * 25 frames.
    expect(parseTimecode('10:00:00:00', 25)).toBe(900_000);
    // (1 h * 3600 + 2 min * 60 + 3 s) * 25 + 4 = 93_079.
    expect(parseTimecode('01:02:03:04', 25)).toBe(93_079);
  });

  it('counts 24 labels per second at 23.976, like 24 fps', () => {
    // 3600 s * 24 labels: timecode at 23.976 counts as if it were 24 fps.
    expect(parseTimecode('01:00:00:00', 23.976)).toBe(86_400);
    expect(parseTimecode('00:00:00:23', 23.976)).toBe(23);
  });

  it('counts 30 labels per second at non-drop 29.97', () => {
    // 3600 s * 30 labels.
    expect(parseTimecode('01:00:00:00', 29.97)).toBe(108_000);
  });

  it('trims whitespace around the timecode', () => {
    expect(parseTimecode('  00:00:01:00\n', 25)).toBe(25);
  });

  it('accepts a single-digit hour', () => {
    expect(parseTimecode('1:00:00:00', 25)).toBe(90_000);
  });

  it('accepts hours up to 99', () => {
    // 99 h * 3600 s * 25 frames.
    expect(parseTimecode('99:00:00:00', 25)).toBe(8_910_000);
  });
});

describe('reading drop-frame timecode', () => {
  it('skips ;00 and ;01 at the start of minute 1 at 29.97', () => {
    // Minute 0 holds 60 s * 30 = 1800 frames (0..1799); labels ;00 and ;01 of minute 1 do not
    // exist, so ;02 is the very next frame.
    expect(parseTimecode('00:00:59;29', 29.97)).toBe(1799);
    expect(parseTimecode('00:01:00;02', 29.97)).toBe(1800);
  });

  it('keeps every label in each tenth minute at 29.97', () => {
    // 10 min * 1800 labels = 18_000, minus 2 labels in each of minutes 1..9.
    expect(parseTimecode('00:10:00;00', 29.97)).toBe(17_982);
    // 60 min * 1800 = 108_000 labels, minus 2 in each of the 54 minutes that drop.
    expect(parseTimecode('01:00:00;00', 29.97)).toBe(107_892);
  });

  it('skips four labels a minute at 59.94', () => {
    // Minute 0 holds 60 s * 60 = 3600 frames; ;00 to ;03 of minute 1 do not exist.
    expect(parseTimecode('00:01:00;04', 59.94)).toBe(3600);
    // 10 min * 3600 = 36_000 labels, minus 4 in each of minutes 1..9.
    expect(parseTimecode('00:10:00;00', 59.94)).toBe(35_964);
    // 60 min * 3600 = 216_000 labels, minus 4 in each of the 54 minutes that drop.
    expect(parseTimecode('01:00:00;00', 59.94)).toBe(215_784);
  });

  it('reads a dot before the frames as drop-frame, as some tools write it', () => {
    expect(parseTimecode('00:01:00.02', 29.97)).toBe(1800);
  });

  it('reads the all-semicolon form editors show for drop-frame', () => {
    expect(parseTimecode('00;01;00;02', 29.97)).toBe(1800);
  });

  it('reads a colon timecode as drop-frame when the API flags it so', () => {
    expect(parseTimecode('00:01:00:02', 29.97, { dropFrame: true })).toBe(1800);
    expect(parseTimecode('00:01:00:02', 29.97, { dropFrame: false })).toBe(1802);
  });

  it('trusts a semicolon in the text even when the flag says non-drop', () => {
    expect(parseTimecode('00:01:00;02', 29.97, { dropFrame: false })).toBe(1800);
  });

  it('treats rounded NTSC rates as the exact ones', () => {
    // 23.98, 29.97002997, 59.94005994 and 24000/1001 are all ways metadata writes NTSC rates.
    expect(parseTimecode('01:00:00;00', 29.97002997)).toBe(107_892);
    expect(parseTimecode('01:00:00;00', 30000 / 1001)).toBe(107_892);
    expect(parseTimecode('01:00:00;00', 59.94005994)).toBe(215_784);
    expect(parseTimecode('01:00:00:00', 23.98)).toBe(86_400);
    expect(parseTimecode('01:00:00:00', 24000 / 1001)).toBe(86_400);
  });
});

describe('rejecting timecode that cannot be read', () => {
  const badAt25 = [
    'abc',
    '',
    '00:00:00',
    '00:00:00:00:00',
    '100:00:00:00',
    '00:0:00:00',
    '00:00:00:5',
    '00:00:00:005',
    '-1:00:00:00',
    '00:00;00:00',
    '00;00;00:00',
    '00:60:00:00',
    '00:00:60:00',
    '00:00:00:25',
  ];
  for (const text of badAt25) {
    it(`rejects ${JSON.stringify(text)} at 25 fps, quoting it and the expected form`, () => {
      expect(() => parseTimecode(text, 25)).toThrow(`Invalid timecode ${JSON.stringify(text)}`);
      expect(() => parseTimecode(text, 25)).toThrow('Expected HH:MM:SS:FF');
    });
  }

  it('names the frame range that the rate allows', () => {
    expect(() => parseTimecode('00:00:00:24', 23.976)).toThrow(
      'frames must be 00 to 23 at 23.976 fps',
    );
    expect(() => parseTimecode('00:00:00:30', 29.97)).toThrow(
      'frames must be 00 to 29 at 29.97 fps',
    );
  });

  it('rejects the drop-frame labels that do not exist', () => {
    for (const text of ['00:01:00;00', '00:01:00;01', '00:09:00;01', '01:01:00;00']) {
      expect(() => parseTimecode(text, 29.97)).toThrow(`Invalid timecode "${text}"`);
      expect(() => parseTimecode(text, 29.97)).toThrow('does not exist');
    }
    expect(() => parseTimecode('00:01:00:00', 29.97, { dropFrame: true })).toThrow(
      'Invalid timecode "00:01:00:00"',
    );
    expect(() => parseTimecode('00:01:00;03', 59.94)).toThrow('Invalid timecode "00:01:00;03"');
  });

  it('refuses drop-frame at rates where it does not exist', () => {
    for (const rate of [23.976, 24, 25, 30, 50, 60]) {
      expect(() => parseTimecode('00:00:00;00', rate)).toThrow(
        'Drop-frame timecode exists only at 29.97 and 59.94 fps',
      );
      expect(() => parseTimecode('00:00:00:00', rate, { dropFrame: true })).toThrow(
        'Drop-frame timecode exists only at 29.97 and 59.94 fps',
      );
      expect(() => formatTimecode(0, rate, true)).toThrow(
        'Drop-frame timecode exists only at 29.97 and 59.94 fps',
      );
    }
  });

  it('refuses rates that are not positive numbers', () => {
    for (const rate of [0, -25, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => parseTimecode('00:00:00:00', rate)).toThrow('Frame rate must be a positive');
    }
    expect(() => parseTimecode('00:00:00:00', 0.2)).toThrow('too low for timecode');
  });
});

describe('writing timecode', () => {
  it('writes non-drop timecode with colons', () => {
    expect(formatTimecode(0, 25)).toBe('00:00:00:00');
    expect(formatTimecode(900_000, 25)).toBe('10:00:00:00');
    expect(formatTimecode(93_079, 25)).toBe('01:02:03:04');
    expect(formatTimecode(86_399, 23.976)).toBe('00:59:59:23');
  });

  it('writes drop-frame timecode with a semicolon before the frames', () => {
    expect(formatTimecode(1799, 29.97, true)).toBe('00:00:59;29');
    expect(formatTimecode(1800, 29.97, true)).toBe('00:01:00;02');
    expect(formatTimecode(17_981, 29.97, true)).toBe('00:09:59;29');
    expect(formatTimecode(17_982, 29.97, true)).toBe('00:10:00;00');
    expect(formatTimecode(107_892, 29.97, true)).toBe('01:00:00;00');
    expect(formatTimecode(3600, 59.94, true)).toBe('00:01:00;04');
    expect(formatTimecode(215_784, 59.94, true)).toBe('01:00:00;00');
  });

  it('keeps counting hours past a day instead of wrapping', () => {
    // 25 h * 3600 s * 25 frames.
    expect(formatTimecode(2_250_000, 25)).toBe('25:00:00:00');
  });

  it('writes three frame digits only above 100 fps', () => {
    expect(formatTimecode(119, 120)).toBe('00:00:00:119');
    expect(parseTimecode('00:00:00:119', 120)).toBe(119);
  });

  it('refuses frame counts that are negative or not whole', () => {
    expect(() => formatTimecode(-1, 25)).toThrow('Cannot write -1 as timecode');
    expect(() => formatTimecode(1.5, 25)).toThrow('Cannot write 1.5 as timecode');
    expect(() => formatTimecode(Number.NaN, 25)).toThrow('Cannot write NaN as timecode');
  });
});

describe('round trips between text and frames', () => {
  // Mismatches are collected so that a failure lists the timecodes that went wrong.
  function roundTripFailures(frames: number[], rate: number, dropFrame: boolean): string[] {
    const failures: string[] = [];
    for (const frame of frames) {
      const text = formatTimecode(frame, rate, dropFrame);
      const readBack = parseTimecode(text, rate);
      if (readBack !== frame) failures.push(`${rate} fps: ${frame} -> ${text} -> ${readBack}`);
    }
    return failures;
  }

  function range(first: number, last: number, step = 1): number[] {
    const frames: number[] = [];
    for (let frame = first; frame <= last; frame += step) frames.push(frame);
    return frames;
  }

  it('reads back every drop-frame frame of the first 21 minutes', () => {
    for (const rate of [29.97, 59.94]) {
      // 21 minutes of real time is slightly over 21 * 60 * 30 frames at 29.97.
      const frames = range(0, 21 * 60 * Math.round(rate));
      expect(roundTripFailures(frames, rate, true)).toEqual([]);
    }
  });

  it('never writes a drop-frame label that does not exist, nor one out of order', () => {
    const problems: string[] = [];
    let previousText = '';
    for (let frame = 0; frame <= 21 * 60 * 30; frame += 1) {
      const text = formatTimecode(frame, 29.97, true);
      const [, minutes, seconds, frames] = /:(\d\d):(\d\d);(\d\d)$/.exec(text) ?? [];
      const isSkipped = Number(minutes) % 10 !== 0 && seconds === '00' && Number(frames) < 2;
      if (isSkipped) problems.push(`${frame} -> ${text} does not exist`);
      if (text <= previousText) problems.push(`${frame} -> ${text} follows ${previousText}`);
      previousText = text;
    }
    expect(problems).toEqual([]);
  });

  it('reads back frames around every minute boundary at every rate', () => {
    for (const rate of EVERY_RATE) {
      const fps = Math.round(rate);
      const frames = range(0, 20).flatMap((minute) => {
        const boundary = minute * 60 * fps;
        return range(Math.max(0, boundary - 2 * fps), boundary + 2 * fps);
      });
      expect(roundTripFailures(frames, rate, false)).toEqual([]);
      if (supportsDropFrame(rate)) expect(roundTripFailures(frames, rate, true)).toEqual([]);
    }
  });

  it('reads back frames from across a whole shooting day and beyond', () => {
    for (const rate of EVERY_RATE) {
      // A prime step lands on every kind of frame, second and minute over 30 hours.
      const frames = range(0, 30 * 3600 * Math.round(rate), 7919);
      expect(roundTripFailures(frames, rate, false)).toEqual([]);
      if (supportsDropFrame(rate)) expect(roundTripFailures(frames, rate, true)).toEqual([]);
    }
  });
});

describe('frames and seconds', () => {
  it('uses the exact NTSC rates', () => {
    // One hour of 23.976 timecode is 86_400 frames at 24000/1001 fps: 3600 * 1.001 s.
    expect(framesToSeconds(86_400, 23.976)).toBeCloseTo(3603.6, 9);
    expect(framesToSeconds(108_000, 29.97)).toBeCloseTo(3603.6, 9);
    expect(framesToSeconds(216_000, 59.94)).toBeCloseTo(3603.6, 9);
    // 24 frames at 24000/1001 fps last 1001/1000 s, however the rate was rounded.
    expect(framesToSeconds(24, 23.98)).toBeCloseTo(1.001, 12);
  });

  it('uses whole rates as they are', () => {
    expect(framesToSeconds(900_000, 25)).toBe(36_000);
    expect(framesToSeconds(12, 24)).toBe(0.5);
  });

  it('rounds seconds to the nearest frame', () => {
    expect(secondsToFrames(3603.6, 23.976)).toBe(86_400);
    expect(secondsToFrames(1, 25)).toBe(25);
    // 0.03 s * 25 = 0.75 frames, 0.01 s * 25 = 0.25 frames.
    expect(secondsToFrames(0.03, 25)).toBe(1);
    expect(secondsToFrames(0.01, 25)).toBe(0);
    // 1 s at 30000/1001 fps is 29.97 frames.
    expect(secondsToFrames(1, 29.97)).toBe(30);
  });

  it('refuses negative or missing amounts', () => {
    expect(() => framesToSeconds(-1, 25)).toThrow('Cannot convert -1 frames');
    expect(() => secondsToFrames(-1, 25)).toThrow('Cannot convert -1 seconds');
    expect(() => secondsToFrames(Number.NaN, 25)).toThrow('Cannot convert NaN seconds');
  });
});

describe('clip duration from in and out timecode', () => {
  it('treats the out point as the first frame after the clip', () => {
    // 10 s * 25 frames; the frame at 01:00:10:00 is not part of the clip.
    expect(durationFrames('01:00:00:00', '01:00:10:00', 25)).toBe(250);
    expect(durationFrames('01:00:00:00', '01:00:00:01', 25)).toBe(1);
    expect(durationFrames('01:00:00:00', '01:00:00:00', 25)).toBe(0);
  });

  it('measures drop-frame clips across a skipped label', () => {
    // The clip holds 00:00:59;28 and 00:00:59;29; ;00 and ;01 of minute 1 do not exist.
    expect(durationFrames('00:00:59;28', '00:01:00;02', 29.97)).toBe(2);
    expect(durationFrames('00:00:59:28', '00:01:00:02', 29.97, true)).toBe(2);
    // 10 minutes of drop-frame timecode are 17_982 frames.
    expect(durationFrames('01:00:00;00', '01:10:00;00', 29.97)).toBe(17_982);
  });

  it('treats an out point below the in point as a clip that crossed midnight', () => {
    // 10 s before midnight plus 10 s after it, at 25 fps.
    expect(durationFrames('23:59:50:00', '00:00:10:00', 25)).toBe(500);
    // ;28 and ;29 of the last second, then ;00 and ;01 of the new day (minute 0 keeps them).
    expect(durationFrames('23:59:59;28', '00:00:00;02', 29.97)).toBe(4);
    // Non-drop 29.97 counts 30 labels a second: 1 s before midnight plus 1 s after.
    expect(durationFrames('23:59:59:00', '00:00:01:00', 29.97)).toBe(60);
  });

  it('refuses an out point before an in point that is already past 24 hours', () => {
    expect(() => durationFrames('25:00:00:00', '01:00:00:00', 25)).toThrow(
      'Out point "01:00:00:00" is before in point "25:00:00:00"',
    );
  });

  it('refuses to measure between drop-frame and non-drop timecode', () => {
    expect(() => durationFrames('01:00:00;00', '01:00:10:00', 29.97)).toThrow(
      'one is drop-frame and the other is not',
    );
  });

  it('passes on the reason a timecode is invalid', () => {
    expect(() => durationFrames('01:00:00:00', '01:00:61:00', 25)).toThrow(
      'Invalid timecode "01:00:61:00"',
    );
  });
});

describe('writing durations for people', () => {
  it('shows only the units a duration needs, with padded minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min 00 s');
    // 12 * 60 + 3 = 723.
    expect(formatDuration(723)).toBe('12 min 03 s');
    // 3600 + 2 * 60 + 5 = 3725.
    expect(formatDuration(3725)).toBe('1 h 02 min 05 s');
    expect(formatDuration(3600)).toBe('1 h 00 min 00 s');
    // 25 h; days are not split out.
    expect(formatDuration(90_000)).toBe('25 h 00 min 00 s');
  });

  it('rounds to the nearest second before splitting into units', () => {
    expect(formatDuration(44.4)).toBe('44 s');
    expect(formatDuration(59.6)).toBe('1 min 00 s');
    expect(formatDuration(3603.6)).toBe('1 h 00 min 04 s');
  });

  it('refuses negative or missing durations', () => {
    expect(() => formatDuration(-1)).toThrow('Cannot describe a duration of -1 seconds');
    expect(() => formatDuration(Number.NaN)).toThrow('Cannot describe a duration of NaN');
  });

  it('writes a frame count as a non-drop timecode-style duration', () => {
    expect(formatFrameDuration(86_400, 23.976)).toBe('01:00:00:00');
    expect(formatFrameDuration(250, 25)).toBe('00:00:10:00');
    // 17_982 = 599 s * 30 + 12, counted non-drop even though it is ten drop-frame minutes.
    expect(formatFrameDuration(17_982, 29.97)).toBe('00:09:59:12');
  });
});

describe('frame rates from metadata', () => {
  it('reads numbers and numeric strings', () => {
    expect(normaliseFrameRate(25)).toBe(25);
    expect(normaliseFrameRate(23.976)).toBe(23.976);
    expect(normaliseFrameRate('23.976')).toBe(23.976);
    expect(normaliseFrameRate('25')).toBe(25);
  });

  it('keeps only the number from a rate with a suffix', () => {
    expect(normaliseFrameRate('29.97 DF')).toBe(29.97);
    expect(normaliseFrameRate('  50 fps')).toBe(50);
    expect(normaliseFrameRate('59.94i')).toBe(59.94);
  });

  it('reads a comma as the decimal point and a fraction as a division', () => {
    expect(normaliseFrameRate('23,976')).toBe(23.976);
    expect(normaliseFrameRate('24000/1001')).toBe(24000 / 1001);
  });

  it('returns nothing for missing, zero, negative or non-numeric rates', () => {
    const missing = [null, undefined, '', 'abc', 'fps', 0, '0', -25, '-25', Number.NaN, '1/0'];
    for (const rate of missing) expect(normaliseFrameRate(rate), String(rate)).toBeUndefined();
  });

  it('knows how many labels each rate counts per second', () => {
    const nominal = EVERY_RATE.map((rate) => nominalFrameRate(rate));
    expect(nominal).toEqual([24, 24, 25, 30, 30, 48, 50, 60, 60]);
  });

  it('knows drop-frame exists only at 29.97 and 59.94', () => {
    const dropFrameRates = EVERY_RATE.filter((rate) => supportsDropFrame(rate));
    expect(dropFrameRates).toEqual([29.97, 59.94]);
    expect(supportsDropFrame(30000 / 1001)).toBe(true);
    expect(supportsDropFrame(0)).toBe(false);
  });
});
