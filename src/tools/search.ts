import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import { hasValue, readPath } from '../shothub/fields.js';
import type { Asset, FolderNode, Project } from '../shothub/schemas.js';
import {
  CONDITION_OPERATORS,
  SHOT_ID_PATTERN,
  assetRow,
  matchAssets,
  type AssetCriteria,
  type AssetRow,
  type FieldCondition,
} from './asset-filter.js';
import type { ToolContext } from './context.js';
import { resolveProject } from './projects.js';
import { answerOrExplain, toolResult, ToolInputError } from './results.js';
import {
  READ_ONLY_ANNOTATIONS,
  idArgument,
  optionalBoolean,
  optionalInteger,
  optionalText,
} from './schemas.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 200;

const DESCRIPTION = `Find clips (Silverstack VideoClip) and shots (Livegrade Shot) in a \
project, in a folder or bin and everything below it, or, with neither, in every project the \
script can see. Reads every page, so counts are complete.
- query: words that must all occur in name, clip name, ShotID, scene, shot, take, camera, \
lens, location or reel (case-insensitive). A ShotID such as A1C-D2F-G3H matches exactly.
- scene, take, shootingDay ("2" = "Day 2"), flagged (circled takes), camera (a letter such as \
"A" for the A camera, "unknown", or make/model words such as "venice"), assetType.
- where: conditions on any asset field, e.g. [{"field":"hasDynamicMetadata","op":"equals",\
"value":true}] or [{"field":"scene","op":"empty"}]; op is has, empty, equals or contains.
Answers the total number of matches and up to limit rows (default ${DEFAULT_LIMIT}); use \
offset for more. Row ids are asset ids.`;

const conditionSchema = z.object({
  field: z.string().regex(/^[A-Za-z_][\w.]{0,99}$/, {
    error: 'field must be an asset field name such as scene, take or hasDynamicMetadata',
  }),
  op: z.enum(CONDITION_OPERATORS, { error: `op must be one of ${CONDITION_OPERATORS.join(', ')}` }),
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});

const whereArgument = z
  .preprocess(
    (value) => {
      if (value === null || value === '') return undefined;
      let conditions: unknown = value;
      if (typeof value === 'string') {
        try {
          conditions = JSON.parse(value) as unknown;
        } catch {
          return value;
        }
      }
      // One condition on its own is a list of one.
      return conditions && typeof conditions === 'object' && !Array.isArray(conditions)
        ? [conditions]
        : conditions;
    },
    z
      .array(conditionSchema, {
        error:
          'where must be a list of {field, op, value} conditions, e.g. ' +
          '[{"field":"scene","op":"empty"}]',
      })
      .max(20, { error: 'where takes at most 20 conditions' })
      .optional(),
  )
  .describe('Conditions on any asset field; all must hold');

const inputSchema = {
  project: optionalText(
    'project',
    'Project name or id; omit to search every project the script can see',
  ),
  folderId: idArgument('folderId', 'get_folder_tree').describe(
    'Search only this folder or bin and everything below it (ids from get_folder_tree)',
  ),
  query: optionalText('query', 'Words to find, or a ShotID such as A1C-D2F-G3H'),
  assetType: optionalText(
    'assetType',
    'VideoClip (Silverstack clips) or Shot (Livegrade shots)',
    50,
  ),
  scene: optionalText('scene', 'Scene exactly as logged, e.g. 12 or 12A', 50),
  take: optionalText('take', 'Take number, e.g. 3', 50),
  shootingDay: optionalText('shootingDay', 'Shooting day, e.g. 2 or "Day 2"', 50),
  flagged: optionalBoolean(
    'flagged',
    'true for circled (flagged) takes only, false for the others',
  ),
  camera: optionalText('camera', 'Camera letter (A, B…), "unknown", or make/model words', 100),
  where: whereArgument,
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
});

const outputSchema = z.object({
  scope: z.array(
    z.object({
      project: z.object({ id: z.string(), name: z.string() }).optional(),
      folderId: z.string(),
      assetsScanned: z.number().int(),
    }),
  ),
  total: z.number().int().describe('Matches in the whole scope'),
  offset: z.number().int(),
  returned: z.number().int(),
  hasMore: z.boolean(),
  nextOffset: z.number().int().optional(),
  rows: z.array(rowSchema),
  warnings: z.array(z.string()).optional(),
});
type SearchResult = z.infer<typeof outputSchema>;

interface Scope {
  project: Project | undefined;
  folderId: string;
}

export function registerSearch(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'search',
    {
      title: 'Search clips and shots',
      description: DESCRIPTION,
      inputSchema,
      outputSchema: outputSchema.shape,
      annotations: { title: 'Search clips and shots', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      answerOrExplain(ctx.logger, 'search', { notFound: notFoundHint(args.folderId) }, async () => {
        const criteria: AssetCriteria = { ...args, where: (args.where ?? []).map(toCondition) };
        const assetType = normaliseAssetType(args.assetType);
        const scopes = await resolveScopes(ctx, args.project, args.folderId, extra.signal);

        const matches = matchAssets(criteria);
        const found: AssetRow[] = [];
        const scanned: SearchResult['scope'] = [];
        const warnings: string[] = [];
        const seenFields = new Set<string>();
        const multiProject = scopes.length > 1;

        for (const scope of scopes) {
          const listing = await ctx.shothub.listAssets({
            folderId: scope.folderId,
            assetType,
            signal: extra.signal,
          });
          for (const asset of listing.items) {
            noteFields(asset, criteria.where ?? [], seenFields);
            if (matches(asset))
              found.push(assetRow(asset, multiProject ? scope.project?.name : undefined));
          }
          scanned.push({
            ...(scope.project
              ? { project: { id: scope.project.id, name: scope.project.name } }
              : {}),
            folderId: scope.folderId,
            assetsScanned: listing.items.length,
          });
          if (
            listing.reportedTotal !== undefined &&
            listing.reportedTotal !== listing.items.length
          ) {
            warnings.push(
              `ShotHub reported ${listing.reportedTotal} assets in ${describeScope(scope)} but ` +
                `returned ${listing.items.length}; the project may have changed while it was read.`,
            );
          }
        }
        for (const condition of criteria.where ?? []) {
          if (!seenFields.has(condition.field)) {
            warnings.push(
              `No asset in scope has a field "${condition.field}"; check its spelling ` +
                '(field names are case-sensitive, e.g. hasDynamicMetadata, shootingDay).',
            );
          }
        }

        const offset = args.offset ?? 0;
        const limit = args.limit ?? DEFAULT_LIMIT;
        const rows = found.slice(offset, offset + limit);
        const hasMore = offset + rows.length < found.length;
        const result: SearchResult = {
          scope: scanned,
          total: found.length,
          offset,
          returned: rows.length,
          hasMore,
          ...(hasMore ? { nextOffset: offset + rows.length } : {}),
          rows,
          ...(warnings.length ? { warnings } : {}),
        };
        return toolResult(describe(result, args), result);
      }),
  );
}

/**
 * Which folders to list. A folder id is checked against the named project's tree, so that a
 * mismatch is said rather than answered from another project. With no project and no folder,
 * every project the script can see is searched.
 */
async function resolveScopes(
  ctx: ToolContext,
  projectReference: string | undefined,
  folderId: string | undefined,
  signal: AbortSignal,
): Promise<Scope[]> {
  if (projectReference === undefined) {
    if (folderId) return [{ project: undefined, folderId }];
    const { items } = await ctx.shothub.listProjects({ signal });
    if (items.length === 0) {
      throw new ToolInputError(
        'This script was not added to any ShotHub project, so there is nothing to search.',
      );
    }
    return items.map((project) => ({ project, folderId: project.rootFolderId }));
  }

  const project = await resolveProject(ctx, projectReference, signal);
  if (!folderId || folderId === project.rootFolderId) {
    return [{ project, folderId: project.rootFolderId }];
  }
  const tree = await ctx.shothub.getFolderTree(project.id, { signal });
  if (!containsFolder(tree, folderId)) {
    throw new ToolInputError(
      `Folder ${folderId} is not in project "${project.name}". Call get_folder_tree for ` +
        `"${project.name}" to see its folders and bins, or omit project to use the folder alone.`,
    );
  }
  return [{ project, folderId }];
}

function containsFolder(nodes: FolderNode[], folderId: string): boolean {
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id === folderId) return true;
    stack.push(...node.children);
  }
  return false;
}

function toCondition(condition: z.infer<typeof conditionSchema>): FieldCondition {
  if ((condition.op === 'equals' || condition.op === 'contains') && condition.value == null) {
    throw new ToolInputError(
      `where: "${condition.op}" on "${condition.field}" needs a value, e.g. ` +
        `{"field":"${condition.field}","op":"${condition.op}","value":"..."}; ` +
        'use op "empty" to find assets where the field has no value.',
    );
  }
  return { field: condition.field, op: condition.op, value: condition.value ?? undefined };
}

function normaliseAssetType(assetType: string | undefined): string | undefined {
  if (assetType === undefined) return undefined;
  const known = ['VideoClip', 'Shot'].find(
    (type) => type.toLowerCase() === assetType.toLowerCase(),
  );
  if (known) return known;
  if (/^[A-Za-z]+$/.test(assetType)) return assetType;
  throw new ToolInputError(
    'assetType must be VideoClip (Silverstack clips) or Shot (Livegrade shots).',
  );
}

function noteFields(asset: Asset, conditions: FieldCondition[], seen: Set<string>): void {
  for (const { field } of conditions) {
    if (!seen.has(field) && (hasValue(asset, field) || readPath(asset, field) !== undefined)) {
      seen.add(field);
    }
  }
}

function notFoundHint(folderId: string | undefined): string {
  return folderId
    ? `Folder ${folderId} does not exist or is not accessible to this script. Call ` +
        'get_folder_tree to see the folders and bins of a project.'
    : 'That project is not accessible to this script. Call list_projects to see the projects ' +
        'it can see.';
}

function describeScope(scope: Scope): string {
  if (!scope.project) return `folder ${scope.folderId}`;
  return scope.folderId === scope.project.rootFolderId
    ? `"${scope.project.name}"`
    : `folder ${scope.folderId} of "${scope.project.name}"`;
}

function describe(result: SearchResult, args: Record<string, unknown>): string {
  const scanned = result.scope.reduce((sum, scope) => sum + scope.assetsScanned, 0);
  const where =
    result.scope.length === 1 && result.scope[0]?.project
      ? result.scope[0].project.name
      : result.scope.length === 1
        ? `folder ${result.scope[0]?.folderId}`
        : `${result.scope.length} projects`;
  const filters = Object.entries(args)
    .filter(
      ([key, value]) =>
        value !== undefined &&
        key !== 'limit' &&
        key !== 'offset' &&
        key !== 'project' &&
        key !== 'folderId',
    )
    .map(([key, value]) => `${key} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  const head =
    `${result.total} ${result.total === 1 ? 'match' : 'matches'} in ${where}` +
    `${filters.length ? ` for ${filters.join(', ')}` : ''} (${scanned} assets read)`;

  const lines = [
    result.rows.length
      ? `${head}; showing ${result.offset + 1}-${result.offset + result.returned}:`
      : result.total && result.offset >= result.total
        ? `${head}; offset ${result.offset} is past the last match.`
        : `${head}.`,
  ];
  if (result.total === 0 && typeof args.query === 'string' && SHOT_ID_PATTERN.test(args.query)) {
    lines.push('No clip with that ShotID is visible to this script.');
  }
  for (const row of result.rows) lines.push(`- ${describeRow(row)}`);
  if (result.hasMore)
    lines.push(`More matches: call search again with offset ${result.nextOffset}.`);
  for (const warning of result.warnings ?? []) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

function describeRow(row: AssetRow): string {
  const slate =
    [row.scene && `sc ${row.scene}`, row.shot && `shot ${row.shot}`, row.take && `tk ${row.take}`]
      .filter(Boolean)
      .join(' ') || 'no scene/take logged';
  const camera = row.cameraLetter ? `${row.camera} (${row.cameraLetter} cam)` : row.camera;
  const parts = [
    row.name,
    row.project && `project ${row.project}`,
    slate,
    camera,
    row.reel && `reel ${row.reel}`,
    row.lens,
    row.tcIn && `TC ${row.tcIn}-${row.tcOut ?? '?'}`,
    row.duration && `dur ${row.duration}`,
    row.shootingDay && `day ${row.shootingDay}`,
    row.flagged ? 'circled' : undefined,
    row.shotId && `ShotID ${row.shotId}`,
    `id ${row.id}`,
  ];
  return parts.filter(Boolean).join(' | ');
}
