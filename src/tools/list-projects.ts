import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import type { ToolContext } from './context.js';
import { applicationOf } from './projects.js';
import { answerOrExplain, toolResult } from './results.js';
import { READ_ONLY_ANNOTATIONS } from './schemas.js';

const DESCRIPTION = `List every ShotHub project this script can see (only projects the script \
was added to), across all pages: id, name, root folder id, and whether it is a Silverstack \
project (camera clips) or a Livegrade project (graded shots) when ShotHub says so.
Call this first when the user names no project or a name you cannot match. Project names and \
ids from here are what get_folder_tree and search take.`;

const outputSchema = z.object({
  count: z.number(),
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
      inputSchema: {},
      outputSchema: outputSchema.shape,
      annotations: { title: 'List ShotHub projects', ...READ_ONLY_ANNOTATIONS },
    },
    (_args, extra) =>
      answerOrExplain(ctx.logger, 'list_projects', {}, async () => {
        const { items } = await ctx.shothub.listProjects({ signal: extra.signal });
        const projects = items.map((project) => ({
          id: project.id,
          name: project.name,
          rootFolderId: project.rootFolderId,
          application: applicationOf(project),
        }));
        return toolResult(describe(projects), { count: projects.length, projects });
      }),
  );
}

function describe(projects: z.infer<typeof outputSchema>['projects']): string {
  if (projects.length === 0) {
    return (
      'This script was not added to any ShotHub project yet. In ShotHub, open a ' +
      'project\'s info (i) and use "Add Script" to give it access.'
    );
  }
  const lines = projects.map((project) => {
    const app = project.application === 'unknown' ? '' : ` (${project.application})`;
    return `- ${project.name}${app}: id ${project.id}, root folder ${project.rootFolderId}`;
  });
  const noun = projects.length === 1 ? 'project' : 'projects';
  return [`${projects.length} ${noun} visible to this script:`, ...lines].join('\n');
}
