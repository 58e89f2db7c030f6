import * as z from 'zod';

import { ShotHubError } from './errors.js';

// Only what Pomfort's public samples read is required; every other field is kept as it came
// (loose objects), because the full schema is in an OpenAPI document that is not public.

export const AuthResponseSchema = z.looseObject({
  id_token: z.string().min(1),
});

export const ProjectSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  rootFolderId: z.string().min(1),
});
export type Project = z.infer<typeof ProjectSchema>;

export interface FolderNode {
  id: string;
  name: string;
  children: FolderNode[];
  [field: string]: unknown;
}

// A leaf may come without `children`, or with null; both mean "no children".
export const FolderNodeSchema: z.ZodType<FolderNode> = z.looseObject({
  id: z.string().min(1),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  get children() {
    return z
      .array(FolderNodeSchema)
      .nullish()
      .transform((children) => children ?? []);
  },
}) as unknown as z.ZodType<FolderNode>;

/**
 * A clip (Silverstack `VideoClip`) or shot (Livegrade `Shot`). Field types beyond `id` and
 * `name` are not public, so they are read through the accessors in `fields.ts`, which accept
 * the plausible encodings, rather than being enforced here.
 */
export const AssetSchema = z.looseObject({
  id: z.string().min(1),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
});
export type Asset = z.infer<typeof AssetSchema>;

// Only the required keys, without the rest: checking a row allocates two fields, not thirty.
const AssetKeysSchema = z.object({ id: z.string().min(1), name: z.string().nullish() });

/**
 * A page of assets, checked row by row against the required fields and kept as ShotHub sent
 * it, rather than copied: a 50,000-clip listing then holds each row once.
 */
export function parseAssetRows(body: unknown, endpoint: string): Asset[] {
  if (!Array.isArray(body)) return parseBody(AssetSchema.array(), body, endpoint);
  for (let index = 0; index < body.length; index++) {
    const row: unknown = body[index];
    const checked = AssetKeysSchema.safeParse(row);
    if (!checked.success) parseBody(AssetKeysSchema.array(), body.slice(0, index + 1), endpoint);
    const asset = row as Asset;
    if (asset.name === null || asset.name === undefined) asset.name = '';
  }
  return body as Asset[];
}

export const GradeSchema = z.looseObject({
  name: z.string().nullish(),
  mode: z.string().nullish(),
});

export const AssetDetailSchema = z.looseObject({
  id: z.string().min(1),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  parts: z
    .looseObject({
      gradeInfo: z.looseObject({ grade: GradeSchema.nullish() }).nullish(),
    })
    .nullish(),
});
export type AssetDetail = z.infer<typeof AssetDetailSchema>;

/** Parses a response body at the boundary, naming the endpoint and the field that is wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, endpoint: string): T {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(body);
  } catch (error) {
    // Only nesting deeper than the call stack allows gets here.
    if (!(error instanceof RangeError)) throw error;
    throw new ShotHubError(
      'invalid_response',
      `Unexpected response from ShotHub for ${endpoint}: nested too deeply to read.`,
      { endpoint },
    );
  }
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? describePath(issue.path) : 'the body';
  throw new ShotHubError(
    'invalid_response',
    `Unexpected response from ShotHub for ${endpoint}: ${where}: ${issue?.message ?? 'invalid'}.`,
    { endpoint },
  );
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('')
    .replace(/^\[(\d+)\]/, 'item $1');
}
