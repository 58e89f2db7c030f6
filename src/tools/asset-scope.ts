import * as z from 'zod';

import { hasValue, readPath } from '../shothub/fields.js';
import type { Asset, FolderNode, Project } from '../shothub/schemas.js';
import {
  CONDITION_OPERATORS,
  matchAssets,
  type AssetCriteria,
  type FieldCondition,
} from './asset-filter.js';
import type { ToolContext } from './context.js';
import { resolveProject } from './projects.js';
import { ToolInputError } from './results.js';
import type { ToolCall } from './tool-call.js';
import { idArgument, optionalBoolean, optionalText } from './schemas.js';

// What search and summarize share: where to look (a project, a folder subtree, or every
// project) and which clips to keep. Both read every page of the scope.

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

export const scopeArguments = {
  project: optionalText(
    'project',
    'Project name or id; omit to use every project the script can see',
  ),
  folderId: idArgument('folderId', 'get_folder_tree').describe(
    'Only this folder or bin and everything below it (ids from get_folder_tree)',
  ),
};

export const filterArguments = {
  query: optionalText('query', 'Words to find, or a ShotID such as A1C-D2F-G3H'),
  assetType: optionalText(
    'assetType',
    'VideoClip (Silverstack clips) or Shot (Livegrade shots)',
    50,
  ),
  scene: optionalText('scene', 'Scene exactly as logged, e.g. 12 or 12A', 50),
  shot: optionalText('shot', 'Shot exactly as logged, e.g. 1 or INS A', 50),
  take: optionalText('take', 'Take number, e.g. 3', 50),
  shootingDay: optionalText('shootingDay', 'Shooting day, e.g. 2 or "Day 2"', 50),
  flagged: optionalBoolean(
    'flagged',
    'true for circled (flagged) takes only, false for the others',
  ),
  camera: optionalText('camera', 'Camera letter (A, B…), "unknown", or make/model words', 100),
  where: whereArgument,
  match: z
    .preprocess(
      (value) => (value === null || value === '' ? undefined : value),
      z.enum(['all', 'any'], { error: 'match must be all or any' }).optional(),
    )
    .describe('all (default): every where condition must hold; any: one is enough'),
};

type ScopeArguments = { project?: string | undefined; folderId?: string | undefined };
type FilterArguments = Omit<AssetCriteria, 'where'> & {
  assetType?: string | undefined;
  where?: z.infer<typeof conditionSchema>[] | undefined;
};

export const scannedScopeSchema = z.object({
  project: z.object({ id: z.string(), name: z.string() }).optional(),
  folderId: z.string(),
  assetsScanned: z.number(),
});
export type ScannedScope = z.infer<typeof scannedScopeSchema>;

export interface Scope {
  project: Project | undefined;
  folderId: string;
  /** Whether this is one of several projects read in one call, so rows must name it. */
  oneOfMany?: boolean;
}

export interface Scan {
  scopes: ScannedScope[];
  /** Honest notes on the reading: totals that did not add up, conditions on absent fields. */
  warnings: string[];
}

/**
 * Reads every asset in scope and hands each one that meets the filters to `keep`, with the
 * scope it came from. Memory holds what `keep` keeps, not the project.
 */
export async function scanAssets(
  ctx: ToolContext,
  args: ScopeArguments & FilterArguments,
  call: ToolCall,
  keep: (asset: Asset, scope: Scope) => void,
): Promise<Scan> {
  const { signal } = call;
  const where = (args.where ?? []).map(toCondition);
  const matches = matchAssets({ ...args, where });
  const assetType = normaliseAssetType(args.assetType);
  const scopes = await resolveScopes(ctx, args.project, args.folderId, signal);
  const scanned: ScannedScope[] = [];
  const warnings: string[] = [];
  const seenFields = new Set<string>();

  let rowsBefore = 0;
  for (const [index, scope] of scopes.entries()) {
    scope.oneOfMany = scopes.length > 1;
    const label = scope.project?.name ?? `folder ${scope.folderId}`;
    const of = scopes.length > 1 ? ` (${index + 1} of ${scopes.length})` : '';
    const query = {
      folderId: scope.folderId,
      assetType,
      signal,
      onProgress: (rowsRead: number, total: number | undefined) =>
        call.progress(
          rowsBefore + rowsRead,
          total === undefined ? undefined : rowsBefore + total,
          `${label}${of}: ${rowsRead}${total === undefined ? '' : ` of ${total}`} assets read`,
        ),
    };
    // Rows are filtered as they arrive; only the matches are kept.
    const walk = await ctx.shothub.forEachAsset(query, (asset) => {
      noteFields(asset, where, seenFields);
      if (matches(asset)) keep(asset, scope);
    });
    rowsBefore += walk.rows;
    scanned.push({
      ...(scope.project ? { project: { id: scope.project.id, name: scope.project.name } } : {}),
      folderId: scope.folderId,
      assetsScanned: walk.rows,
    });
    if (walk.reportedTotal !== undefined && walk.reportedTotal !== walk.rows) {
      warnings.push(
        `ShotHub reported ${walk.reportedTotal} assets in ${describeScope(scope)} but ` +
          `returned ${walk.rows}; the project may have changed while it was read.`,
      );
    }
  }
  if (assetType && scanned.every((scope) => scope.assetsScanned === 0)) {
    warnings.push(
      `ShotHub has no assets of type "${assetType}" here. The known types are VideoClip ` +
        '(Silverstack clips) and Shot (Livegrade shots).',
    );
  }
  for (const condition of where) {
    if (!seenFields.has(condition.field)) {
      warnings.push(
        `No asset in scope has a field "${condition.field}"; check its spelling ` +
          '(field names are case-sensitive, e.g. hasDynamicMetadata, shootingDay).',
      );
    }
  }
  return { scopes: scanned, warnings };
}

/**
 * Which folders to list. A folder id is checked against the named project's tree, so that a
 * mismatch is said rather than answered from another project. With no project and no folder,
 * every project the script can see is used.
 */
export async function resolveScopes(
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
        'This script was not added to any ShotHub project, so there is nothing to read.',
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

/** What a 404 from ShotHub means for a scoped call. */
export function scopeNotFoundHint(folderId: string | undefined): string {
  return folderId
    ? `Folder ${folderId} does not exist or is not accessible to this script. Call ` +
        'get_folder_tree to see the folders and bins of a project.'
    : 'That project is not accessible to this script. Call list_projects to see the projects ' +
        'it can see.';
}

/** The filters in force, as a short phrase for the text answer. */
export function describeFilters(args: FilterArguments): string[] {
  const phrases: string[] = [];
  for (const key of Object.keys(filterArguments) as (keyof FilterArguments)[]) {
    const value = args[key];
    if (value === undefined) continue;
    phrases.push(`${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return phrases;
}

export function describeScopes(scopes: ScannedScope[]): string {
  if (scopes.length === 1 && scopes[0]?.project) return scopes[0].project.name;
  if (scopes.length === 1) return `folder ${scopes[0]?.folderId}`;
  return `${scopes.length} projects`;
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

function describeScope(scope: Scope): string {
  if (!scope.project) return `folder ${scope.folderId}`;
  return scope.folderId === scope.project.rootFolderId
    ? `"${scope.project.name}"`
    : `folder ${scope.folderId} of "${scope.project.name}"`;
}
