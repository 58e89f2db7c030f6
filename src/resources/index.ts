import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';

import type { ToolContext } from '../tools/context.js';
import { applicationOf } from '../tools/projects.js';
import { explainFailure, ToolInputError } from '../tools/results.js';
import { PROJECTS_URI, folderTreeUri } from './uris.js';

// Resources, for clients that attach context instead of calling tools. Each is JSON, read
// through the same client as the tools and with the same access: only what the script sees.

const RESOURCE_NOT_FOUND = -32002;
const MAX_COMPLETIONS = 100;

export function registerResources(server: McpServer, ctx: ToolContext): void {
  server.registerResource(
    'projects',
    PROJECTS_URI,
    {
      title: 'ShotHub projects',
      description: 'Every project this script can see: id, name, root folder, application',
      mimeType: 'application/json',
    },
    (uri, extra) =>
      readAs(ctx, uri.href, async () => {
        const { items } = await ctx.shothub.listProjects({ signal: extra.signal });
        return items.map((project) => ({
          id: project.id,
          name: project.name,
          rootFolderId: project.rootFolderId,
          application: applicationOf(project),
        }));
      }),
  );

  server.registerResource(
    'folder-tree',
    new ResourceTemplate('shothub://projects/{projectId}/folders', {
      list: async (extra) => {
        const { items } = await ctx.shothub.listProjects({ signal: extra.signal });
        return {
          resources: items.map((project) => ({
            uri: folderTreeUri(project.id),
            name: `${project.name}: folders and bins`,
            mimeType: 'application/json',
          })),
        };
      },
      complete: { projectId: (value) => completeProjectIds(ctx, value) },
    }),
    {
      title: 'Folder tree of a ShotHub project',
      description: 'The folders and bins of one project, as ShotHub sends them, with ids',
      mimeType: 'application/json',
    },
    (uri, variables, extra) =>
      readAs(ctx, uri.href, () =>
        ctx.shothub.getFolderTree(single(variables.projectId), { signal: extra.signal }),
      ),
  );

  server.registerResource(
    'asset',
    new ResourceTemplate('shothub://assets/{assetId}', { list: undefined }),
    {
      title: 'One ShotHub clip or shot',
      description: 'Every field of one asset, with its grade (look name, mode, CDL)',
      mimeType: 'application/json',
    },
    (uri, variables, extra) =>
      readAs(ctx, uri.href, () =>
        ctx.shothub.getAsset(single(variables.assetId), {
          parts: ['gradeInfo'],
          signal: extra.signal,
        }),
      ),
  );
}

async function readAs(
  ctx: ToolContext,
  uri: string,
  read: () => Promise<unknown>,
): Promise<ReadResourceResult> {
  try {
    const value = await read();
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }] };
  } catch (error) {
    const message = explainFailure(error, ctx.logger, `resource ${uri}`, {
      notFound: `${uri} does not exist or is not accessible to this script.`,
    });
    throw new McpError(RESOURCE_NOT_FOUND, message);
  }
}

/** Project ids that start with what was typed; a typed name part also finds its project. */
export async function completeProjectIds(ctx: ToolContext, typed: string): Promise<string[]> {
  try {
    const { items } = await ctx.shothub.listProjects();
    const wanted = typed.toLowerCase();
    return items
      .filter(
        (project) =>
          project.id.toLowerCase().startsWith(wanted) ||
          project.name.toLowerCase().includes(wanted),
      )
      .map((project) => project.id)
      .slice(0, MAX_COMPLETIONS);
  } catch {
    // Completion is a convenience; a failure shows as no suggestions, the read says why.
    return [];
  }
}

/** The id in a resource URI, held to the same form the tools accept. */
function single(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    throw new ToolInputError(`"${raw}" is not a ShotHub id; ids are letters and digits.`);
  }
  return id;
}
