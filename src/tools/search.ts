import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import { SHOT_ID_PATTERN, assetRow, type AssetRow } from './asset-filter.js';
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
import { textTable, type TableColumn } from './text-table.js';
import { READ_ONLY_ANNOTATIONS, optionalInteger, toolArguments } from './schemas.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 200;

const DESCRIPTION = `Find clips (Silverstack VideoClip) and shots (Livegrade Shot) in a \
project, in a folder or bin and everything below it, or, with neither, in every project the \
script can see. Reads every page, so counts are complete.
- query: words that must all occur in name, clip name, ShotID, scene, shot, take, camera, \
lens, location or reel (case-insensitive). A ShotID such as A1C-D2F-G3H matches exactly.
- scene, shot, take, shootingDay ("2" = "Day 2"), flagged (circled takes), camera (a letter such as \
"A" for the A camera, "unknown", or make/model words such as "venice"), assetType.
- where: conditions on any asset field, e.g. [{"field":"hasDynamicMetadata","op":"equals",\
"value":true}] (per-frame lens data) or [{"field":"scene","op":"empty"}]; op is has, empty, \
equals or contains; match "any" for either-or. Fields include scene, shot, take, shootingDay, \
flag, reel, lensModel, location, asa, whiteBalance, greenTint, crewUnit, indoorOutdoor, \
dayNight, manufacturer, model, tcFps, hasDynamicMetadata.
Answers the total number of matches and up to limit rows (default ${DEFAULT_LIMIT}); use \
offset for more. Row ids are asset ids, for get_asset.`;

const inputSchema = {
  ...scopeArguments,
  ...filterArguments,
  limit: optionalInteger('limit', `Rows to return, 1 to ${MAX_LIMIT}; default ${DEFAULT_LIMIT}`, {
    min: 1,
    max: MAX_LIMIT,
  }),
  offset: optionalInteger('offset', 'Matches to skip, for the next page of rows; default 0', {
    min: 0,
    max: 10_000_000,
  }),
};

const rowSchema = z.object({
  id: z.string(),
  name: z.string(),
  project: z.string().optional(),
  type: z.string().optional(),
  scene: z.string().optional(),
  shot: z.string().optional(),
  take: z.string().optional(),
  camera: z.string(),
  cameraLetter: z.string().optional(),
  reel: z.string().optional(),
  lens: z.string().optional(),
  tcIn: z.string().optional(),
  tcOut: z.string().optional(),
  duration: z.string().optional(),
  shootingDay: z.string().optional(),
  flagged: z.boolean(),
  shotId: z.string().optional(),
  perFrameData: z.literal(true).optional().describe('The clip has per-frame lens data'),
});

const outputSchema = z.object({
  scope: z.array(scannedScopeSchema),
  total: z.number().describe('Matches in the whole scope'),
  offset: z.number(),
  returned: z.number(),
  hasMore: z.boolean(),
  nextOffset: z.number().optional(),
  rows: z.array(rowSchema),
  warnings: z.array(z.string()).optional(),
});
type SearchResult = z.infer<typeof outputSchema>;

export function registerSearch(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'search',
    {
      title: 'Search clips and shots',
      description: DESCRIPTION,
      inputSchema: toolArguments('search', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: 'Search clips and shots', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'search',
        extra,
        { notFound: scopeNotFoundHint(args.folderId) },
        async (call) => {
          const found: AssetRow[] = [];
          const scan = await scanAssets(ctx, args, call, (asset, scope) => {
            found.push(assetRow(asset, scope.oneOfMany ? scope.project?.name : undefined));
          });

          const offset = args.offset ?? 0;
          const page = found.slice(offset, offset + (args.limit ?? DEFAULT_LIMIT));
          const budget = ctx.limits.responseBudgetChars;
          return fitToBudget(budget, page.length, (count) => {
            const rows = page.slice(0, count);
            const hasMore = offset + count < found.length;
            const warnings = [...scan.warnings];
            if (count < page.length) {
              const next = `call search again with offset ${offset + count}`;
              warnings.push(budgetNote(count, page.length, budget, next));
            }
            const result: SearchResult = {
              scope: scan.scopes,
              total: found.length,
              offset,
              returned: count,
              hasMore,
              ...(hasMore ? { nextOffset: offset + count } : {}),
              rows,
              ...(warnings.length ? { warnings } : {}),
            };
            return toolResult(describe(result, args), result);
          });
        },
      ),
  );
}

function describe(result: SearchResult, args: Parameters<typeof describeFilters>[0]): string {
  const scanned = result.scope.reduce((sum, scope) => sum + scope.assetsScanned, 0);
  const filters = describeFilters(args);
  const head =
    `${result.total} ${result.total === 1 ? 'match' : 'matches'} in ${describeScopes(result.scope)}` +
    `${filters.length ? ` for ${filters.join(', ')}` : ''} (${scanned} assets read)`;

  const lines = [
    result.rows.length
      ? `${head}; showing ${result.offset + 1}-${result.offset + result.returned}:`
      : result.total && result.offset >= result.total
        ? `${head}; offset ${result.offset} is past the last match.`
        : `${head}.`,
  ];
  if (result.total === 0 && args.query !== undefined && SHOT_ID_PATTERN.test(args.query)) {
    lines.push('No clip with that ShotID is visible to this script.');
  }
  lines.push(...describeRows(result.rows));
  if (result.hasMore) {
    lines.push(`More matches: call search again with offset ${result.nextOffset}.`);
  }
  for (const warning of result.warnings ?? []) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

const ROW_COLUMNS: TableColumn<AssetRow>[] = [
  { label: 'name', value: (row) => row.name },
  { label: 'project', value: (row) => row.project },
  { label: 'scene/shot/take', value: slate },
  { label: 'camera', value: (row) => row.cameraLetter ?? row.camera },
  { label: 'reel', value: (row) => row.reel },
  { label: 'lens', value: (row) => row.lens },
  { label: 'TC in', value: (row) => row.tcIn },
  { label: 'TC out', value: (row) => row.tcOut },
  { label: 'duration', value: (row) => row.duration },
  { label: 'day', value: (row) => row.shootingDay },
  { label: 'circled', value: (row) => (row.flagged ? 'y' : 'n') },
  { label: 'ShotID', value: (row) => row.shotId },
  { label: 'per-frame data', value: (row) => (row.perFrameData ? 'yes' : undefined) },
  { label: 'id', value: (row) => row.id },
];

/** The rows as a table, with the camera letters explained once below it. */
function describeRows(rows: AssetRow[]): string[] {
  const cameras = new Map<string, string>();
  for (const row of rows) if (row.cameraLetter) cameras.set(row.cameraLetter, row.camera);
  const legend = [...cameras]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([letter, camera]) => `${letter} = ${camera}`);
  const lines = textTable(rows, ROW_COLUMNS);
  if (legend.length > 0 && rows.length > 0) lines.push(`Cameras: ${oneLine(legend.join(', '))}.`);
  return lines;
}

function slate(row: AssetRow): string | undefined {
  if (!row.scene && !row.shot && !row.take) return undefined;
  return [row.scene ?? '-', row.shot ?? '-', row.take ?? '-'].join('/');
}
