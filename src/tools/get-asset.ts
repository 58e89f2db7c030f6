import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

import { booleanField, clipTiming, numberField, textField } from '../shothub/fields.js';
import { assetUri } from '../resources/uris.js';
import type { AssetDetail } from '../shothub/schemas.js';
import { assetRow } from './asset-filter.js';
import { assetReferenceArgument, findAsset } from './asset-lookup.js';
import type { ToolContext } from './context.js';
import { runToolCall } from './tool-call.js';
import { oneLine, toolResult } from './results.js';
import { READ_ONLY_ANNOTATIONS, optionalText, toolArguments } from './schemas.js';

const DETAIL_LEVELS = ['summary', 'standard', 'full'] as const;
type Detail = (typeof DETAIL_LEVELS)[number];

const DESCRIPTION = `Everything ShotHub holds about one clip or shot: slate (scene, shot, \
take), camera and lens, reel, timecode in/out and duration at its frame rate, shooting day, \
circled state, ShotID, exposure (ASA, white balance, tint), location, unit, INT/EXT, day/night, \
and its look: grade name, grading mode and CDL values where ShotHub has them.
Give an asset id from search, a ShotID, or a clip name (a unique start such as A003C012 is \
enough); without project, every project is looked through. detail: summary (a few lines), \
standard (default), or full (every field exactly as ShotHub sent it).`;

const inputSchema = {
  asset: assetReferenceArgument,
  project: optionalText('project', 'Project name or id, to look only there'),
  detail: z
    .preprocess(
      (value) => (value === null || value === '' ? undefined : value),
      z
        .enum(DETAIL_LEVELS, { error: `detail must be one of ${DETAIL_LEVELS.join(', ')}` })
        .optional(),
    )
    .describe('summary, standard (default) or full'),
};

const cdlSchema = z.object({
  slope: z.array(z.number()),
  offset: z.array(z.number()),
  power: z.array(z.number()),
  saturation: z.number(),
});

const gradeSchema = z.object({
  name: z.string().optional(),
  mode: z.string().optional(),
  cdl: cdlSchema.optional(),
});

const value = z.union([z.string(), z.number(), z.boolean()]);

const outputSchema = z.object({
  detail: z.enum(DETAIL_LEVELS),
  asset: z
    .object({ id: z.string(), name: z.string(), project: z.string().optional() })
    .catchall(value)
    .describe('The clip or shot; which fields appear depends on detail'),
  grade: gradeSchema.nullable().describe('null when the asset has no grade'),
  fields: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('detail=full only: every field as ShotHub sent it'),
});
type AssetAnswer = z.infer<typeof outputSchema>;

export function registerGetAsset(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'get_asset',
    {
      title: 'Show one clip or shot',
      description: DESCRIPTION,
      inputSchema: toolArguments('get_asset', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: 'Show one clip or shot', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'get_asset',
        extra,
        {
          notFound:
            `No asset ${args.asset} is visible to this script. Use an id from search, or a ` +
            'ShotID or clip name.',
        },
        async (call) => {
          const detail = args.detail ?? 'standard';
          const { asset, projectName } = await findAsset(ctx, args.asset, args.project, {
            signal: call.signal,
            parts: ['gradeInfo'],
          });
          const answerAt = (level: Detail): AssetAnswer => ({
            detail: level,
            asset: {
              ...describeAsset(asset, level),
              ...(projectName ? { project: projectName } : {}),
            },
            grade: gradeOf(asset),
            ...(level === 'full' ? { fields: asset as Record<string, unknown> } : {}),
          });
          const withLink = (result: CallToolResult) => {
            result.content.push({
              type: 'resource_link',
              uri: assetUri(asset.id),
              name: asset.name,
              mimeType: 'application/json',
              description: 'This asset as JSON, with its grade',
            });
            return result;
          };
          const result = withLink(toolResult(describe(answerAt(detail)), answerAt(detail)));
          if (JSON.stringify(result).length <= ctx.limits.responseBudgetChars) return result;

          // Only every raw field can outgrow the budget; the standard view is bounded.
          const standard = answerAt('standard');
          const note =
            `The full field list of ${asset.name} exceeds the response budget of ` +
            `${ctx.limits.responseBudgetChars} characters; the standard view is shown. ` +
            `Its raw JSON is the resource ${assetUri(asset.id)}.`;
          return withLink(toolResult(`${note}\n${describe(standard)}`, standard));
        },
      ),
  );
}

type Fields = Record<string, string | number | boolean | undefined>;

function describeAsset(asset: AssetDetail, detail: Detail) {
  const timing = clipTiming(asset);
  // The search row, less what is shown elsewhere here, plus the look.
  const {
    id: _id,
    name: _name,
    project: _project,
    lens: _lens,
    perFrameData: _frames,
    ...row
  } = assetRow(asset);
  const summary: Fields = { ...row, look: asset.parts?.gradeInfo?.grade?.name ?? undefined };
  const standard: Fields = {
    ...summary,
    episode: textField(asset, 'episode'),
    lens: textField(asset, 'lensModel'),
    frameRate: timing.frameRate,
    dropFrame: timing.frameRate === undefined ? undefined : timing.dropFrame,
    durationSeconds: timing.seconds,
    shootingDate: textField(asset, 'shootingDate'),
    hasDynamicMetadata: booleanField(asset, 'hasDynamicMetadata'),
    clipName: textField(asset, 'clipName'),
    clipIdentifier: textField(asset, 'clipIdentifier'),
    clipNumber: textField(asset, 'clipNumber'),
    asa: numberField(asset, 'asa') ?? textField(asset, 'asa'),
    whiteBalance: numberField(asset, 'whiteBalance') ?? textField(asset, 'whiteBalance'),
    greenTint: numberField(asset, 'greenTint') ?? textField(asset, 'greenTint'),
    location: textField(asset, 'location'),
    crewUnit: textField(asset, 'crewUnit'),
    indoorOutdoor: textField(asset, 'indoorOutdoor'),
    dayNight: textField(asset, 'dayNight'),
    comment: textField(asset, 'comment'),
  };
  const chosen = detail === 'summary' ? summary : standard;
  const defined = Object.entries(chosen).filter(
    (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
  );
  return { id: asset.id, name: asset.name, ...Object.fromEntries(defined) };
}

/** The grade as ShotHub gives it; CDL numbers only where it sends them. */
function gradeOf(asset: AssetDetail): AssetAnswer['grade'] {
  const grade = asset.parts?.gradeInfo?.grade;
  if (!grade) return null;
  const cdl = cdlSchema.safeParse(grade.cdl);
  return {
    ...(grade.name ? { name: grade.name } : {}),
    ...(grade.mode ? { mode: grade.mode } : {}),
    ...(cdl.success ? { cdl: cdl.data } : {}),
  };
}

const LABELS: Record<string, string> = {
  tcIn: 'TC in',
  tcOut: 'TC out (exclusive)',
  shotId: 'ShotID',
  asa: 'ASA',
  greenTint: 'tint',
  indoorOutdoor: 'INT/EXT',
  dayNight: 'day/night',
  flagged: 'circled',
};

function describe(answer: AssetAnswer): string {
  const { id, name, project, ...rest } = answer.asset;
  const lines = [oneLine(`${name}${project ? ` in ${project}` : ''} (asset ${id})`)];
  for (const [key, field] of Object.entries(rest)) {
    const shown = field === true ? 'yes' : field === false ? 'no' : oneLine(String(field));
    lines.push(`- ${LABELS[key] ?? key}: ${shown}`);
  }
  const grade = answer.grade;
  if (!grade) lines.push('- grade: none');
  else {
    const mode = grade.mode ? `, mode ${grade.mode}` : '';
    lines.push(oneLine(`- grade: ${grade.name ?? 'unnamed'}${mode}`));
    if (grade.cdl) {
      const { slope, offset, power, saturation } = grade.cdl;
      lines.push(
        `- CDL: slope ${slope.join(' ')}, offset ${offset.join(' ')}, power ${power.join(' ')}, ` +
          `saturation ${saturation}`,
      );
    }
  }
  if (answer.fields) lines.push(`All fields: ${JSON.stringify(answer.fields)}`);
  return lines.join('\n');
}
