import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import {
  cameraLetter,
  cameraName,
  clipTiming,
  isFlagged,
  reelName,
  textField,
} from '../shothub/fields.js';
import type { Asset } from '../shothub/schemas.js';
import {
  formatDuration,
  formatFrameDuration,
  framesToSeconds,
  supportsDropFrame,
} from '../timecode.js';
import {
  describeFilters,
  describeScopes,
  filterArguments,
  scanAssets,
  scannedScopeSchema,
  scopeArguments,
  scopeNotFoundHint,
} from './asset-scope.js';
import type { ToolContext } from './context.js';
import { budgetNote, fitToBudget, runToolCall } from './tool-call.js';
import { oneLine, toolResult } from './results.js';
import { READ_ONLY_ANNOTATIONS, toolArguments } from './schemas.js';

const GROUPINGS = ['camera', 'reel', 'shootingDay', 'scene', 'flagged'] as const;
type Grouping = (typeof GROUPINGS)[number];

const DESCRIPTION = `Count clips and add up their running time over a project, a folder \
subtree (e.g. a shooting day) or every project, grouped by camera (make and model), reel (the \
camera card / bin), shootingDay, scene, or flagged (circled or not). Takes the same filters as \
search, and reads every page. Durations add up frame-exactly at each clip's own frame rate and \
are given as timecode and as hours/minutes/seconds; mixed frame rates are listed.
Answers questions like "how many clips and minutes did each camera shoot on day 2?" or "which \
cards were shot on day 5, and how long is each?".`;

const inputSchema = {
  ...scopeArguments,
  ...filterArguments,
  groupBy: z
    .preprocess(
      (value) => (value === null || value === '' ? undefined : value),
      z.enum(GROUPINGS, { error: `groupBy must be one of ${GROUPINGS.join(', ')}` }).optional(),
    )
    .describe(`One of ${GROUPINGS.join(', ')}; default camera`),
};

const frameRateSchema = z.object({
  frameRate: z.number(),
  dropFrame: z.boolean(),
  clips: z.number(),
  frames: z.number(),
  timecode: z.string().describe('Total length as HH:MM:SS:FF at this rate'),
});
type FrameRateTotal = z.infer<typeof frameRateSchema>;

const totalsSchema = z.object({
  clips: z.number(),
  circled: z.number(),
  seconds: z.number(),
  duration: z.string().describe('Running time, e.g. 1 h 02 min 05 s'),
  timecode: z.string().optional().describe('Total as timecode, when all clips share a rate'),
  frameRates: z.array(frameRateSchema),
  withoutDuration: z.number().describe('Clips whose length ShotHub does not give'),
});
type Totals = z.infer<typeof totalsSchema>;

const outputSchema = z.object({
  scope: z.array(scannedScopeSchema),
  groupBy: z.enum(GROUPINGS),
  total: totalsSchema,
  groups: z.array(
    totalsSchema.extend({
      key: z.string(),
      cameraLetters: z.array(z.string()).optional(),
    }),
  ),
  mixedFrameRates: z.boolean(),
  warnings: z.array(z.string()).optional(),
});
type Summary = z.infer<typeof outputSchema>;

export function registerSummarize(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'summarize',
    {
      title: 'Count clips and running time',
      description: DESCRIPTION,
      inputSchema: toolArguments('summarize', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: 'Count clips and running time', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'summarize',
        extra,
        { notFound: scopeNotFoundHint(args.folderId) },
        async (call) => {
          const groupBy = args.groupBy ?? 'camera';
          const overall = new Tally();
          const groups = new Map<string, Tally>();

          const scan = await scanAssets(ctx, args, call, (asset) => {
            const key = groupKey(asset, groupBy);
            let tally = groups.get(key);
            if (!tally) groups.set(key, (tally = new Tally()));
            tally.add(asset);
            overall.add(asset);
          });

          const total = overall.totals();
          const all = sortGroups([...groups], groupBy).map(([key, tally]) => ({
            key,
            ...tally.totals(),
            ...(groupBy === 'camera' ? { cameraLetters: [...tally.letters].sort() } : {}),
          }));
          const budget = ctx.limits.responseBudgetChars;
          return fitToBudget(budget, all.length, (count) => {
            const warnings = [...scan.warnings];
            if (count < all.length) {
              const next = 'the total above covers all of them; narrow with a folderId or filter';
              warnings.push(budgetNote(count, all.length, budget, next));
            }
            const summary: Summary = {
              scope: scan.scopes,
              groupBy,
              total,
              groups: all.slice(0, count),
              mixedFrameRates: total.frameRates.length > 1,
              ...(warnings.length ? { warnings } : {}),
            };
            return toolResult(describe(summary, args), summary);
          });
        },
      ),
  );
}

/**
 * Clip counts and lengths. Frames are added per frame rate, never across rates, so each sum
 * is exact; only seconds are added across rates.
 */
class Tally {
  readonly letters = new Set<string>();
  private clips = 0;
  private circled = 0;
  private withoutDuration = 0;
  private extraSeconds = 0;
  private readonly byRate = new Map<string, FrameRateTotal>();

  add(asset: Asset): void {
    this.clips++;
    if (isFlagged(asset)) this.circled++;
    const letter = cameraLetter(asset);
    if (letter) this.letters.add(letter);

    const timing = clipTiming(asset);
    if (timing.frames === undefined || timing.frameRate === undefined) {
      if (timing.seconds === undefined) this.withoutDuration++;
      else this.extraSeconds += timing.seconds;
      return;
    }
    const key = `${timing.frameRate}/${timing.dropFrame}`;
    let rate = this.byRate.get(key);
    if (!rate) {
      rate = {
        frameRate: timing.frameRate,
        dropFrame: timing.dropFrame,
        clips: 0,
        frames: 0,
        timecode: '',
      };
      this.byRate.set(key, rate);
    }
    rate.clips++;
    rate.frames += timing.frames;
  }

  totals(): Totals {
    const frameRates = [...this.byRate.values()]
      .map((rate) => ({ ...rate, timecode: formatFrameDuration(rate.frames, rate.frameRate) }))
      .sort((a, b) => b.clips - a.clips || a.frameRate - b.frameRate);
    const seconds =
      this.extraSeconds +
      frameRates.reduce((sum, rate) => sum + framesToSeconds(rate.frames, rate.frameRate), 0);
    const single = frameRates.length === 1 && this.extraSeconds === 0 ? frameRates[0] : undefined;
    return {
      clips: this.clips,
      circled: this.circled,
      seconds: Math.round(seconds * 1000) / 1000,
      duration: formatDuration(seconds),
      ...(single ? { timecode: single.timecode } : {}),
      frameRates,
      withoutDuration: this.withoutDuration,
    };
  }
}

function groupKey(asset: Asset, groupBy: Grouping): string {
  switch (groupBy) {
    case 'camera':
      return cameraName(asset);
    case 'reel':
      return reelName(asset) ?? 'no reel';
    case 'shootingDay':
      return textField(asset, 'shootingDay') ?? 'no shooting day';
    case 'scene':
      return textField(asset, 'scene') ?? 'no scene';
    case 'flagged':
      return isFlagged(asset) ? 'circled' : 'not circled';
  }
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Days, scenes and reels in their natural order (2 before 10); circled takes first. */
function sortGroups(groups: [string, Tally][], groupBy: Grouping): [string, Tally][] {
  if (groupBy === 'flagged') return groups.sort(([a]) => (a === 'circled' ? -1 : 1));
  // "unknown camera", "no reel" and the like go last.
  const last = (key: string) => (/^(no |unknown)/.test(key) ? 1 : 0);
  return groups.sort(([a], [b]) => last(a) - last(b) || naturalOrder.compare(a, b));
}

function describe(summary: Summary, args: Parameters<typeof describeFilters>[0]): string {
  const filters = describeFilters(args);
  const { total } = summary;
  const lines = [
    `${describeScopes(summary.scope)}${filters.length ? ` (${filters.join(', ')})` : ''}: ` +
      `${clips(total.clips)}, ${total.circled} circled, ${lengthOf(total)}; by ${summary.groupBy}:`,
  ];
  for (const group of summary.groups) {
    const letters = group.cameraLetters?.length ? ` (${group.cameraLetters.join(', ')})` : '';
    lines.push(
      `- ${oneLine(group.key)}${letters}: ${clips(group.clips)}, ${group.circled} circled, ` +
        lengthOf(group),
    );
  }
  if (summary.mixedFrameRates) {
    const rates = total.frameRates.map((rate) => `${rateLabel(rate)} (${rate.clips} clips)`);
    lines.push(
      `Mixed frame rates: ${rates.join(', ')}. Frames are added per rate; the running times ` +
        'add up seconds across rates.',
    );
  }
  if (total.withoutDuration > 0) {
    lines.push(`${total.withoutDuration} clips have no duration in ShotHub and add no time.`);
  }
  for (const warning of summary.warnings ?? []) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

function clips(count: number): string {
  return count === 1 ? '1 clip' : `${count} clips`;
}

function lengthOf(totals: Totals): string {
  if (totals.clips === totals.withoutDuration) return 'no duration known';
  if (totals.timecode && totals.frameRates[0]) {
    return `${totals.duration} (${totals.timecode} at ${rateLabel(totals.frameRates[0])})`;
  }
  const perRate = totals.frameRates.map((rate) => `${rate.timecode} at ${rateLabel(rate)}`);
  return perRate.length ? `${totals.duration} (${perRate.join(' + ')})` : totals.duration;
}

/** "23.976 fps", "25 fps", "29.97 fps DF": drop-frame is said only where it can exist. */
function rateLabel(rate: { frameRate: number; dropFrame: boolean }): string {
  const counting = supportsDropFrame(rate.frameRate) ? (rate.dropFrame ? ' DF' : ' NDF') : '';
  return `${rate.frameRate} fps${counting}`;
}
