import * as z from 'zod';

import { textField } from '../shothub/fields.js';
import type { Asset, AssetDetail } from '../shothub/schemas.js';
import { SHOT_ID_PATTERN } from './asset-filter.js';
import { resolveScopes } from './asset-scope.js';
import type { ToolContext } from './context.js';
import { foldText } from './projects.js';
import { ToolInputError } from './results.js';

/** Asset ids are 24 hex digits; anything else is a ShotID or a clip name. */
const ASSET_ID_PATTERN = /^[0-9a-f]{24}$/i;
const MAX_CANDIDATES = 10;

export const assetReferenceArgument = z
  .string({ error: 'asset must be an asset id, a ShotID or a clip name' })
  .trim()
  .min(1, { error: 'asset must not be empty: give an asset id, a ShotID or a clip name' })
  .max(200, { error: 'asset must be at most 200 characters' })
  .describe(
    'Asset id (from search), ShotID such as A1C-D2F-G3H, or clip name such as A003C012 ' +
      '(a unique start of the name is enough)',
  );

export interface FoundAsset {
  /** The asset, with the parts asked for. */
  asset: AssetDetail;
  /** The project it was found in; unknown when the caller gave an asset id. */
  projectName: string | undefined;
}

/**
 * Finds one asset by id, ShotID or clip name, in a project or in every project the script
 * can see. A clip name may be the start of a camera clip name (`A003C012` for
 * `A003C012_230412_R1AB`) when only one clip starts so; otherwise the candidates are listed.
 */
export async function findAsset(
  ctx: ToolContext,
  reference: string,
  projectReference: string | undefined,
  options: { signal: AbortSignal; parts?: string[] },
): Promise<FoundAsset> {
  const { signal, parts } = options;
  if (ASSET_ID_PATTERN.test(reference)) {
    const asset = await ctx.shothub.getAsset(reference, { signal, parts });
    return { asset, projectName: undefined };
  }

  const byShotId = SHOT_ID_PATTERN.test(reference);
  const wanted = foldText(reference);
  const exact: { asset: Asset; projectName: string | undefined }[] = [];
  const prefixed: typeof exact = [];
  for (const scope of await resolveScopes(ctx, projectReference, undefined, signal)) {
    const listing = await ctx.shothub.listAssets({ folderId: scope.folderId, signal });
    for (const asset of listing.items) {
      const found = { asset, projectName: scope.project?.name };
      const names = byShotId
        ? [textField(asset, 'shotId')]
        : [asset.name, textField(asset, 'clipName'), textField(asset, 'clipIdentifier')];
      const folded = names.filter((name) => name !== undefined).map((name) => foldText(name));
      if (folded.includes(wanted)) exact.push(found);
      else if (!byShotId && folded.some((name) => name.startsWith(wanted))) prefixed.push(found);
    }
  }

  const matches = exact.length > 0 ? exact : prefixed;
  if (matches.length === 1) {
    const { asset, projectName } = matches[0]!;
    // The listing has every field but the parts; fetch the asset again only for those.
    const detail = parts?.length ? await ctx.shothub.getAsset(asset.id, { signal, parts }) : asset;
    return { asset: detail, projectName };
  }
  const what = byShotId ? `ShotID ${reference.toUpperCase()}` : `clip name "${reference}"`;
  if (matches.length === 0) {
    throw new ToolInputError(
      `No clip or shot with ${what} is visible to this script` +
        `${projectReference ? ` in "${projectReference}"` : ''}. Call search with a query ` +
        'to look for similar names.',
    );
  }
  const listed = matches
    .slice(0, MAX_CANDIDATES)
    .map(({ asset, projectName }) => `${asset.name} (${projectName ?? 'id'} ${asset.id})`);
  const more =
    matches.length > MAX_CANDIDATES ? ` and ${matches.length - MAX_CANDIDATES} more` : '';
  throw new ToolInputError(
    `${matches.length} clips match ${what}: ${listed.join(', ')}${more}. Pass one asset id.`,
  );
}
