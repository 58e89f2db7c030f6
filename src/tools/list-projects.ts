import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import type { ToolContext } from './context.js';
import { budgetNote, fitToBudget, runToolCall } from './tool-call.js';
import { applicationOf } from './projects.js';
import { oneLine, toolResult } from './results.js';
import { READ_ONLY_ANNOTATIONS, optionalInteger, toolArguments } from './schemas.js';

const DESCRIPTION = `List every ShotHub project this script can see (only projects the script \
was added to), across all pages: id, name, root folder id, and whether it is a Silverstack \
project (camera clips) or a Livegrade project (graded shots) when ShotHub says so.
Call this first when the user names no project or a name you cannot match. Project names and \
ids from here are what get_folder_tree and search take.`;

const outputSchema = z.object({
  count: z.number().describe('Projects this script can see, all of them'),
  offset: z.number(),
  warnings: z.array(z.string()).optional(),
  projects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      rootFolderId: z.string(),
      application: z.enum(['Silverstack', 'Livegrade', 'unknown']),
    }),
  ),
});

export function registerListProjects(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'list_projects',
    {
      title: 'List ShotHub projects',
      description: DESCRIPTION,
      inputSchema: toolArguments('list_projects', {
        offset: optionalInteger('offset', 'Projects to skip, when an answer was cut; default 0', {
          min: 0,
          max: 1_000_000,
        }),
      }),
      outputSchema: outputSchema.shape,
      annotations: { title: 'List ShotHub projects', ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'list_projects',
        extra,
        {
          notFound:
            'ShotHub refused to list projects for this script. Check in Team Settings, scripts ' +
            'tab, that the script still exists and has been added to projects.',
        },
        async (call) => {
          const listing = await ctx.shothub.listProjects({ signal: call.signal });
          const projects = listing.items.map((project) => ({
            id: project.id,
            name: project.name,
            rootFolderId: project.rootFolderId,
            application: applicationOf(project),
          }));
          const warnings =
            listing.reportedTotal !== undefined && listing.reportedTotal !== projects.length
              ? [
                  `ShotHub reported ${listing.reportedTotal} projects but returned ` +
                    `${projects.length}; the list may be incomplete.`,
                ]
              : [];
          const offset = args.offset ?? 0;
          const page = projects.slice(offset);
          const budget = ctx.limits.responseBudgetChars;
          return fitToBudget(budget, page.length, (count) => {
            const notes = [...warnings];
            if (count < page.length) {
              const next = `call list_projects with offset ${offset + count} for the rest`;
              notes.push(budgetNote(count, page.length, budget, next));
            }
            const shown = page.slice(0, count);
            const answer = {
              count: projects.length,
              offset,
              projects: shown,
              ...(notes.length ? { warnings: notes } : {}),
            };
            return toolResult(describe(shown, projects.length, notes), answer);
          });
        },
      ),
  );
}

function describe(
  projects: z.infer<typeof outputSchema>['projects'],
  count: number,
  warnings: string[],
): string {
  const notes = warnings.map((warning) => `Warning: ${warning}`);
  if (projects.length === 0) {
    return [
      'This script was not added to any ShotHub project yet. In ShotHub, open a ' +
        'project\'s info (i) and use "Add Script" to give it access.',
      ...notes,
    ].join('\n');
  }
  const lines = projects.map((project) => {
    const app = project.application === 'unknown' ? '' : ` (${project.application})`;
    return `- ${oneLine(project.name)}${app}: id ${project.id}, root folder ${project.rootFolderId}`;
  });
  const noun = count === 1 ? 'project' : 'projects';
  return [`${count} ${noun} visible to this script:`, ...lines, ...notes].join('\n');
}
