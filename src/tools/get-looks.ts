import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import { parseAscCdl, type ColorCorrection } from '../shothub/cdl.js';
import { textField } from '../shothub/fields.js';
import type { Asset } from '../shothub/schemas.js';
import { readZip } from '../shothub/zip.js';
import { matchAssets } from './asset-filter.js';
import {
  filterArguments,
  resolveScopes,
  scannedScopeSchema,
  scopeArguments,
  scopeNotFoundHint,
  type ScannedScope,
} from './asset-scope.js';
import type { ToolContext } from './context.js';
import { textTable, type TableColumn } from './text-table.js';
import { budgetNote, fitToBudget, runToolCall } from './tool-call.js';
import { oneLine, toolResult, ToolInputError } from './results.js';
import { READ_ONLY_ANNOTATIONS, optionalInteger, toolArguments } from './schemas.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** Grades looked up one by one when the CDL files do not name their look. */
const MAX_GRADE_LOOKUPS = 100;
const LOOKUP_CONCURRENCY = 4;

const DESCRIPTION = `The on-set looks of the graded shots in a folder (e.g. a shooting day) \
and everything below it, or in a whole project: per clip name the ASC CDL values (slope, \
offset and power per RGB channel, and saturation) from ShotHub's CDL export, with the look \
(grade) name where known, and how many shots use each look. For a dailies colorist or the \
lab. Folder ids come from get_folder_tree; shootingDay keeps the clips of one day. Up to \
limit clips (default ${DEFAULT_LIMIT}); offset for more.`;

const inputSchema = {
  ...scopeArguments,
  shootingDay: filterArguments.shootingDay,
  limit: optionalInteger('limit', `Clips to return, 1 to ${MAX_LIMIT}; default ${DEFAULT_LIMIT}`, {
    min: 1,
    max: MAX_LIMIT,
  }),
  offset: optionalInteger('offset', 'Clips to skip; default 0', { min: 0, max: 10_000_000 }),
};

const triple = z.array(z.number()).length(3);
const lookSchema = z.object({
  clipName: z.string(),
  assetId: z.string().optional(),
  look: z.string().optional(),
  scene: z.string().optional(),
  take: z.string().optional(),
  slope: triple,
  offset: triple,
  power: triple,
  saturation: z.number(),
});
type LookRow = z.infer<typeof lookSchema>;

const outputSchema = z.object({
  scope: z.array(scannedScopeSchema),
  total: z.number().describe('Graded clips in scope'),
  byLook: z.array(z.object({ look: z.string(), clips: z.number() })),
  offset: z.number(),
  returned: z.number(),
  hasMore: z.boolean(),
  nextOffset: z.number().optional(),
  clips: z.array(lookSchema),
  warnings: z.array(z.string()).optional(),
});
type LooksAnswer = z.infer<typeof outputSchema>;

export function registerGetLooks(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'get_looks',
    {
      title: 'Show the looks (CDLs) of a folder',
      description: DESCRIPTION,
      inputSchema: toolArguments('get_looks', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: 'Show the looks (CDLs) of a folder', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'get_looks',
        extra,
        { notFound: scopeNotFoundHint(args.folderId) },
        async (call) => {
          if (args.project === undefined && args.folderId === undefined) {
            throw new ToolInputError(
              'get_looks needs a project or a folderId: call list_projects or get_folder_tree.',
            );
          }
          const scopes = await resolveScopes(ctx, args.project, args.folderId, call.signal);
          const rows: LookRow[] = [];
          const scanned: ScannedScope[] = [];
          const warnings: string[] = [];
          for (const scope of scopes) {
            const found = await readLooks(ctx, scope.folderId, args.shootingDay, {
              signal: call.signal,
              warnings,
            });
            rows.push(...found.rows);
            scanned.push({
              ...(scope.project
                ? { project: { id: scope.project.id, name: scope.project.name } }
                : {}),
              folderId: scope.folderId,
              assetsScanned: found.assetsScanned,
            });
          }

          const offset = args.offset ?? 0;
          const page = rows.slice(offset, offset + (args.limit ?? DEFAULT_LIMIT));
          const budget = ctx.limits.responseBudgetChars;
          return fitToBudget(budget, page.length, (count) => {
            const hasMore = offset + count < rows.length;
            const notes = [...warnings];
            if (count < page.length) {
              const next = `call get_looks again with offset ${offset + count}`;
              notes.push(budgetNote(count, page.length, budget, next));
            }
            const answer: LooksAnswer = {
              scope: scanned,
              total: rows.length,
              byLook: countLooks(rows),
              offset,
              returned: count,
              hasMore,
              ...(hasMore ? { nextOffset: offset + count } : {}),
              clips: page.slice(0, count),
              ...(notes.length ? { warnings: notes } : {}),
            };
            return toolResult(describe(answer), answer);
          });
        },
      ),
  );
}

/**
 * The CDL archive of one folder, matched to its shots by clip name (the archive names each
 * file after the clip). The look name comes from the CDL's Description, or else from the
 * shot's grade, fetched for a bounded number of shots.
 */
async function readLooks(
  ctx: ToolContext,
  folderId: string,
  shootingDay: string | undefined,
  { signal, warnings }: { signal: AbortSignal; warnings: string[] },
) {
  const onDay = shootingDay === undefined ? undefined : matchAssets({ shootingDay });
  const endpoint = '/v1.0/cdl-zip/{folderId}';
  const [archive, listing] = await Promise.all([
    ctx.shothub.getCdlZip(folderId, { signal }),
    ctx.shothub.listAssets({ folderId, signal }),
  ]);
  const byName = new Map<string, Asset>();
  for (const asset of listing.items) {
    byName.set(asset.name, asset);
    const clipName = textField(asset, 'clipName');
    if (clipName && !byName.has(clipName)) byName.set(clipName, asset);
  }

  const rows: LookRow[] = [];
  let unmatched = 0;
  for (const entry of readZip(archive, endpoint)) {
    if (!/\.(cdl|cc|ccc)$/i.test(entry.name)) continue;
    const clipName = entry.name.replace(/^.*\//, '').replace(/\.(cdl|cc|ccc)$/i, '');
    let corrections: ColorCorrection[];
    try {
      corrections = parseAscCdl(entry.content.toString('utf8'), entry.name);
    } catch (error) {
      warnings.push(`Skipped ${entry.name}: ${(error as Error).message}`);
      continue;
    }
    for (const correction of corrections) {
      const name = corrections.length > 1 ? (correction.id ?? clipName) : clipName;
      const asset = byName.get(name);
      if (onDay && !(asset && onDay(asset))) {
        if (!asset) unmatched++;
        continue;
      }
      rows.push(lookRow(name, correction, asset));
    }
  }
  if (unmatched > 0) {
    warnings.push(
      `${unmatched} CDL files name no shot in this folder, so their shooting day is unknown ` +
        'and they were left out; call get_looks without shootingDay to see them.',
    );
  }
  await nameLooksFromGrades(ctx, rows, signal, warnings);
  rows.sort((a, b) => a.clipName.localeCompare(b.clipName, 'en', { numeric: true }));
  return { rows, assetsScanned: listing.items.length };
}

function lookRow(clipName: string, correction: ColorCorrection, asset: Asset | undefined) {
  const row: LookRow = {
    clipName,
    ...(asset ? { assetId: asset.id } : {}),
    ...(correction.description ? { look: correction.description } : {}),
    slope: correction.slope,
    offset: correction.offset,
    power: correction.power,
    saturation: correction.saturation,
  };
  const scene = asset && textField(asset, 'scene');
  const take = asset && textField(asset, 'take');
  if (scene) row.scene = scene;
  if (take) row.take = take;
  return row;
}

async function nameLooksFromGrades(
  ctx: ToolContext,
  rows: LookRow[],
  signal: AbortSignal,
  warnings: string[],
) {
  const unnamed = rows.filter((row) => !row.look && row.assetId);
  const queue = unnamed.slice(0, MAX_GRADE_LOOKUPS);
  if (unnamed.length > queue.length) {
    warnings.push(
      `Look names were looked up for the first ${MAX_GRADE_LOOKUPS} of ${unnamed.length} ` +
        'unnamed CDLs only; the CDL values of all of them are complete.',
    );
  }
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const detail = await ctx.shothub.getAsset(row.assetId!, { parts: ['gradeInfo'], signal });
      const name = detail.parts?.gradeInfo?.grade?.name;
      if (name) row.look = name;
    }
  };
  await Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, worker));
}

function countLooks(rows: LookRow[]): LooksAnswer['byLook'] {
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(row.look ?? 'unnamed', (counts.get(row.look ?? 'unnamed') ?? 0) + 1);
  return [...counts].map(([look, clips]) => ({ look, clips })).sort((a, b) => b.clips - a.clips);
}

const numbers = (values: number[]) => values.map((value) => value.toFixed(4)).join(' ');

const LOOK_COLUMNS: TableColumn<LookRow>[] = [
  { label: 'clip', value: (clip) => clip.clipName },
  { label: 'look', value: (clip) => clip.look ?? 'unnamed' },
  { label: 'scene/take', value: (clip) => clip.scene && `${clip.scene}/${clip.take ?? '-'}` },
  { label: 'slope', value: (clip) => numbers(clip.slope) },
  { label: 'offset', value: (clip) => numbers(clip.offset) },
  { label: 'power', value: (clip) => numbers(clip.power) },
  { label: 'saturation', value: (clip) => clip.saturation.toFixed(4) },
];

function describe(answer: LooksAnswer): string {
  const where = answer.scope.map((scope) => scope.project?.name ?? `folder ${scope.folderId}`);
  const notes = (answer.warnings ?? []).map((warning) => `Warning: ${oneLine(warning)}`);
  if (answer.total === 0) {
    return [
      `No graded shots in ${where.join(', ')}: ShotHub's CDL export for it holds no look ` +
        'this tool could read. Silverstack clips usually carry no on-set look; Livegrade ' +
        'shots do.',
      ...notes,
    ].join('\n');
  }
  const looks = answer.byLook.map((look) => `${look.look} (${look.clips})`).join(', ');
  const lines = [
    `${answer.total} graded clips in ${where.join(', ')}; looks: ${looks}. ` +
      `Showing ${answer.offset + 1}-${answer.offset + answer.returned}:`,
  ];
  lines.push(...textTable(answer.clips, LOOK_COLUMNS));
  if (answer.hasMore) lines.push(`More: call get_looks again with offset ${answer.nextOffset}.`);
  lines.push(...notes);
  return lines.join('\n');
}
