import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import { isShotHubError, ShotHubError } from '../shothub/errors.js';
import { booleanField, clipTiming } from '../shothub/fields.js';
import { assetReferenceArgument, findAsset } from './asset-lookup.js';
import type { ToolContext } from './context.js';
import { fitToBudget, runToolCall } from './tool-call.js';
import {
  frameNumbers,
  readPerFrameCsv,
  summariseColumns,
  type ColumnSummary,
} from './per-frame-metadata.js';
import { toolResult, ToolInputError } from './results.js';
import { READ_ONLY_ANNOTATIONS, optionalInteger, optionalText, toolArguments } from './schemas.js';

const MAX_ROWS = 250;

const DESCRIPTION = `The per-frame ("dynamic") metadata of one clip, as recorded by the camera \
or a lens data system: focal length, focus distance, iris and the like, for VFX. By default a \
summary: the columns, frame count, first and last timecode, and the range (min/max) of every \
numeric column — e.g. which focal lengths a zoom went through. Give fromFrame and/or toFrame \
(frame numbers, 0 = first frame) for the values frame by frame, at most ${MAX_ROWS} frames a \
call. The clip: an asset id from search, a ShotID, or a clip name. Clips that have per-frame \
metadata show hasDynamicMetadata true in search and get_asset.`;

const inputSchema = {
  asset: assetReferenceArgument,
  project: optionalText('project', 'Project name or id, to look only there'),
  fromFrame: optionalInteger('fromFrame', 'First frame to list, 0 = the first frame', {
    min: 0,
    max: 100_000_000,
  }),
  toFrame: optionalInteger('toFrame', 'Last frame to list (inclusive)', {
    min: 0,
    max: 100_000_000,
  }),
};

const columnSchema = z.object({
  name: z.string(),
  numeric: z.boolean(),
  values: z.number(),
  min: z.number().optional(),
  max: z.number().optional(),
  first: z.string().optional(),
  last: z.string().optional(),
  distinct: z.array(z.string()).optional(),
});

const outputSchema = z.object({
  asset: z.object({ id: z.string(), name: z.string(), project: z.string().optional() }),
  hasDynamicMetadata: z.boolean(),
  frames: z.number(),
  firstTimecode: z.string().optional(),
  lastTimecode: z.string().optional(),
  columns: z.array(columnSchema),
  warnings: z.array(z.string()).optional(),
  range: z
    .object({
      fromFrame: z.number(),
      toFrame: z.number(),
      header: z.array(z.string()),
      rows: z.array(z.array(z.string())),
      nextFromFrame: z.number().optional().describe('Set when the range was cut'),
    })
    .optional(),
});
type PerFrameAnswer = z.infer<typeof outputSchema>;

export function registerGetDynamicMetadata(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'get_dynamic_metadata',
    {
      title: "Show a clip's per-frame metadata",
      description: DESCRIPTION,
      inputSchema: toolArguments('get_dynamic_metadata', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: "Show a clip's per-frame metadata", ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'get_dynamic_metadata',
        extra,
        { notFound: `No asset ${args.asset} is visible to this script. Use an id from search.` },
        async (call) => {
          if (args.fromFrame !== undefined && args.toFrame !== undefined) {
            if (args.toFrame < args.fromFrame) {
              throw new ToolInputError('toFrame must not be smaller than fromFrame.');
            }
          }
          const { asset, projectName } = await findAsset(ctx, args.asset, args.project, {
            signal: call.signal,
          });
          const identity = {
            id: asset.id,
            name: asset.name,
            ...(projectName ? { project: projectName } : {}),
          };
          const csv = booleanField(asset, 'hasDynamicMetadata')
            ? await fetchCsv(ctx, asset.id, call.signal)
            : undefined;
          if (csv === undefined) {
            const none: PerFrameAnswer = {
              asset: identity,
              hasDynamicMetadata: false,
              frames: 0,
              columns: [],
            };
            return toolResult(
              `${asset.name} has no per-frame metadata in ShotHub (hasDynamicMetadata is not ` +
                'set). Its static lens and camera fields are in get_asset.',
              none,
            );
          }

          const table = readPerFrameCsv(csv);
          checkComplete(table, asset.id);
          const columns = summariseColumns(table);
          const clipFrames = clipTiming(asset).frames;
          const warnings =
            clipFrames !== undefined && clipFrames !== table.rows.length
              ? [
                  `ShotHub's per-frame metadata holds ${table.rows.length} frames, but the clip ` +
                    `runs ${clipFrames} frames from TC in to TC out.`,
                ]
              : [];
          const timecodes =
            table.timecodeColumn === undefined
              ? []
              : table.rows.map((row) => row[table.timecodeColumn!]?.trim() ?? '');
          const answer: PerFrameAnswer = {
            asset: identity,
            hasDynamicMetadata: true,
            frames: table.rows.length,
            ...(timecodes[0] ? { firstTimecode: timecodes[0] } : {}),
            ...(timecodes.at(-1) ? { lastTimecode: timecodes.at(-1) } : {}),
            columns,
            ...(warnings.length ? { warnings } : {}),
          };
          if (args.fromFrame === undefined && args.toFrame === undefined) {
            return toolResult(describe(answer), answer);
          }
          const range = frameRange(table, args.fromFrame ?? 0, args.toFrame);
          const budget = ctx.limits.responseBudgetChars;
          return fitToBudget(budget, range.rows.length, (count) => {
            if (count === range.rows.length) {
              return toolResult(describe({ ...answer, range }), { ...answer, range });
            }
            const rows = range.rows.slice(0, count);
            const frames = frameNumbers({ ...table, rows });
            const cut = {
              ...range,
              rows,
              toFrame: frames.at(-1) ?? range.fromFrame,
              nextFromFrame: frameNumbers(table)[table.rows.indexOf(range.rows[count]!)]!,
            };
            return toolResult(describe({ ...answer, range: cut }), { ...answer, range: cut });
          });
        },
      ),
  );
}

/**
 * A body cut off in transit leaves a last row with fewer cells than the header; such a table
 * is not presented as the clip's metadata.
 */
function checkComplete(table: ReturnType<typeof readPerFrameCsv>, assetId: string): void {
  const short = table.rows.findIndex((row) => row.length < table.columns.length);
  if (short < 0) return;
  const endpoint = `/v1.0/assets/${assetId}/dynamic-metadata`;
  throw new ShotHubError(
    'invalid_response',
    `Unexpected response from ShotHub for ${endpoint}: row ${short + 1} of the CSV has ` +
      `${table.rows[short]!.length} of its ${table.columns.length} columns (cut short?).`,
    { endpoint },
  );
}

/** The CSV, or undefined when ShotHub says the clip has none after all. */
async function fetchCsv(ctx: ToolContext, assetId: string, signal: AbortSignal) {
  try {
    return await ctx.shothub.getDynamicMetadata(assetId, { signal });
  } catch (error) {
    if (isShotHubError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
}

function frameRange(
  table: ReturnType<typeof readPerFrameCsv>,
  fromFrame: number,
  toFrame: number | undefined,
): NonNullable<PerFrameAnswer['range']> {
  const frames = frameNumbers(table);
  const last = toFrame ?? Number.MAX_SAFE_INTEGER;
  const picked: string[][] = [];
  let nextFromFrame: number | undefined;
  frames.forEach((frame, index) => {
    if (frame < fromFrame || frame > last || nextFromFrame !== undefined) return;
    if (picked.length === MAX_ROWS) nextFromFrame = frame;
    else picked.push(table.rows[index]!);
  });
  const shownTo = picked.length ? frames[table.rows.indexOf(picked.at(-1)!)]! : fromFrame;
  return {
    fromFrame,
    toFrame: shownTo,
    header: table.columns,
    rows: picked,
    ...(nextFromFrame === undefined ? {} : { nextFromFrame }),
  };
}

function describe(answer: PerFrameAnswer): string {
  const where = answer.asset.project ? ` (${answer.asset.project})` : '';
  const span =
    answer.firstTimecode && answer.lastTimecode
      ? `, TC ${answer.firstTimecode} to ${answer.lastTimecode}`
      : '';
  const lines = [
    `${answer.asset.name}${where}: per-frame metadata for ${answer.frames} frames${span}.`,
  ];
  for (const column of answer.columns) lines.push(`- ${describeColumn(column)}`);
  for (const warning of answer.warnings ?? []) lines.push(`Warning: ${warning}`);

  const range = answer.range;
  if (!range) {
    lines.push('For frame-by-frame values, call again with fromFrame and toFrame.');
    return lines.join('\n');
  }
  lines.push(`Frames ${range.fromFrame} to ${range.toFrame} (${range.rows.length} rows):`);
  lines.push(range.header.join(','));
  for (const row of range.rows) lines.push(row.join(','));
  if (range.nextFromFrame !== undefined) {
    lines.push(
      `Cut at ${range.rows.length} frames (at most ${MAX_ROWS} a call, within the response ` +
        `budget); continue with fromFrame ${range.nextFromFrame}.`,
    );
  }
  return lines.join('\n');
}

function describeColumn(column: ColumnSummary): string {
  if (column.values === 0) return `${column.name}: empty`;
  if (column.numeric) {
    const spread =
      column.min === column.max
        ? `${column.min} throughout`
        : `${column.min} to ${column.max} (first ${column.first}, last ${column.last})`;
    return `${column.name}: ${spread}`;
  }
  if (column.distinct) return `${column.name}: ${column.distinct.join(' | ')}`;
  return `${column.name}: from ${column.first} to ${column.last}`;
}
