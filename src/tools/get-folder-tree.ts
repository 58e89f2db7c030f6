import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

import { folderTreeUri } from '../resources/uris.js';
import type { FolderNode } from '../shothub/schemas.js';
import type { ToolContext } from './context.js';
import { budgetNote, fitToBudget, runToolCall } from './tool-call.js';
import { resolveProject } from './projects.js';
import { oneLine, toolResult, ToolInputError } from './results.js';
import {
  READ_ONLY_ANNOTATIONS,
  idArgument,
  optionalInteger,
  projectArgument,
  toolArguments,
} from './schemas.js';

const DEFAULT_DEPTH = 3;
const MAX_DEPTH = 50;
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2000;

const DESCRIPTION = `Show how a ShotHub project is organised: its folders and bins as an \
indented outline with ids. Silverstack projects usually hold one folder per shooting day with \
one bin per camera card (bin name = reel); Livegrade projects one top-level folder per \
Livegrade instance, then days and bins.
Levels below maxDepth (default ${DEFAULT_DEPTH}) are counted, not listed; pass a folderId from \
here to look deeper. At most limit nodes (default ${DEFAULT_LIMIT}) per answer; offset for \
more. Folder and bin ids from here scope search, summarize and get_looks to that subtree.`;

const nodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['folder', 'bin']).optional().describe('Only when ShotHub says which it is'),
  depth: z.number().describe('1 = directly below the starting point'),
  parentId: z.string().nullable(),
  childCount: z.number(),
  hiddenBelow: z.number().describe('Folders and bins below this one, beyond maxDepth'),
});
type OutlineNode = z.infer<typeof nodeSchema>;

const outputSchema = z.object({
  project: z.object({ id: z.string(), name: z.string(), rootFolderId: z.string() }),
  start: z.object({ id: z.string(), name: z.string(), path: z.array(z.string()) }),
  maxDepth: z.number(),
  total: z.number().describe('Nodes down to maxDepth'),
  offset: z.number(),
  shown: z.number(),
  hasMore: z.boolean(),
  nextOffset: z.number().optional(),
  hidden: z.number().describe('Nodes below maxDepth, counted but not listed'),
  warnings: z.array(z.string()).optional(),
  nodes: z.array(nodeSchema).describe('Depth-first, in ShotHub order'),
});

const inputSchema = {
  project: projectArgument,
  folderId: idArgument('folderId', 'get_folder_tree').describe(
    'Start below this folder or bin instead of the project root',
  ),
  maxDepth: optionalInteger(
    'maxDepth',
    `Levels to list, 1 to ${MAX_DEPTH}; default ${DEFAULT_DEPTH}`,
    {
      min: 1,
      max: MAX_DEPTH,
    },
  ),
  limit: optionalInteger('limit', `Nodes to list, 1 to ${MAX_LIMIT}; default ${DEFAULT_LIMIT}`, {
    min: 1,
    max: MAX_LIMIT,
  }),
  offset: optionalInteger('offset', 'Nodes to skip, in outline order; default 0', {
    min: 0,
    max: 10_000_000,
  }),
};

export function registerGetFolderTree(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'get_folder_tree',
    {
      title: "Show a project's folders and bins",
      description: DESCRIPTION,
      inputSchema: toolArguments('get_folder_tree', inputSchema),
      outputSchema: outputSchema.shape,
      annotations: { title: "Show a project's folders and bins", ...READ_ONLY_ANNOTATIONS },
    },
    (args, extra) =>
      runToolCall(
        ctx,
        'get_folder_tree',
        extra,
        {
          notFound:
            `ShotHub has no folder tree for "${args.project}" that this script can ` +
            'see. Call list_projects for the projects it can see.',
        },
        async (call) => {
          const project = await resolveProject(ctx, args.project, call.signal);
          const tree = await ctx.shothub.getFolderTree(project.id, { signal: call.signal });
          const maxDepth = args.maxDepth ?? DEFAULT_DEPTH;

          const start = findStart(tree, project, args.folderId);
          const all = outline(
            start.children,
            maxDepth,
            start.id === project.rootFolderId ? null : start.id,
          );
          const offset = args.offset ?? 0;
          const page = all.slice(offset, offset + (args.limit ?? DEFAULT_LIMIT));
          const budget = ctx.limits.responseBudgetChars;
          const hidden = all.reduce((sum, node) => sum + node.hiddenBelow, 0);
          return fitToBudget(budget, page.length, (count) => {
            const hasMore = offset + count < all.length;
            const structured = {
              project: { id: project.id, name: project.name, rootFolderId: project.rootFolderId },
              start: { id: start.id, name: start.name, path: start.path },
              maxDepth,
              total: all.length,
              offset,
              shown: count,
              hasMore,
              ...(hasMore ? { nextOffset: offset + count } : {}),
              hidden,
              nodes: page.slice(0, count),
              ...(count < page.length
                ? {
                    warnings: [
                      budgetNote(
                        count,
                        page.length,
                        budget,
                        `call again with offset ${offset + count}`,
                      ),
                    ],
                  }
                : {}),
            };
            const result = toolResult(describe(structured), structured);
            result.content.push({
              type: 'resource_link',
              uri: folderTreeUri(project.id),
              name: `${project.name}: folders and bins`,
              mimeType: 'application/json',
              description: 'The whole folder tree as JSON',
            });
            return result;
          });
        },
      ),
  );
}

interface Start {
  id: string;
  name: string;
  path: string[];
  children: FolderNode[];
}

function findStart(
  tree: FolderNode[],
  project: { id: string; name: string; rootFolderId: string },
  folderId: string | undefined,
): Start {
  const whole = { id: project.rootFolderId, name: project.name, path: [], children: tree };
  if (!folderId || folderId === project.rootFolderId) return whole;

  const stack: { node: FolderNode; path: string[] }[] = tree.map((node) => ({ node, path: [] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.id === folderId) {
      return { id: node.id, name: node.name, path: [...path, node.name], children: node.children };
    }
    for (const child of node.children) stack.push({ node: child, path: [...path, node.name] });
  }
  throw new ToolInputError(
    `Folder ${folderId} is not in project "${project.name}". Call get_folder_tree with only ` +
      'the project to see its folders and their ids.',
  );
}

function outline(roots: FolderNode[], maxDepth: number, rootParent: string | null) {
  const nodes: OutlineNode[] = [];
  const visit = (node: FolderNode, depth: number, parentId: string | null) => {
    const atLimit = depth >= maxDepth;
    nodes.push({
      id: node.id,
      name: node.name,
      ...kindOf(node),
      depth,
      parentId,
      childCount: node.children.length,
      hiddenBelow: atLimit ? countBelow(node) : 0,
    });
    if (!atLimit) for (const child of node.children) visit(child, depth + 1, node.id);
  };
  for (const root of roots) visit(root, 1, rootParent);
  return nodes;
}

function countBelow(node: FolderNode): number {
  let count = 0;
  const stack = [...node.children];
  while (stack.length > 0) {
    const next = stack.pop()!;
    count++;
    stack.push(...next.children);
  }
  return count;
}

/** The API's node kind field is not public; a `type` or `kind` naming folder or bin is used. */
function kindOf(node: FolderNode): { kind?: 'folder' | 'bin' } {
  for (const field of ['type', 'kind', 'nodeType']) {
    const value = node[field];
    if (typeof value !== 'string') continue;
    if (/bin/i.test(value)) return { kind: 'bin' };
    if (/folder/i.test(value)) return { kind: 'folder' };
  }
  return {};
}

function describe(result: z.infer<typeof outputSchema>): string {
  const where = result.start.path.length
    ? `${result.project.name} › ${result.start.path.join(' › ')} (id ${result.start.id})`
    : `${result.project.name} (project ${result.project.id}, root folder ${result.start.id})`;
  if (result.nodes.length === 0) return `${where} has no folders or bins below it.`;

  const lines = result.nodes.map((node) => {
    const indent = '  '.repeat(node.depth - 1);
    const kind = node.kind ? `${node.kind}, ` : '';
    const hidden = node.hiddenBelow
      ? `: ${node.hiddenBelow} more below, not shown ` +
        `(pass folderId ${node.id} or a larger maxDepth)`
      : '';
    return `${indent}- ${oneLine(node.name)} (${kind}id ${node.id})${hidden}`;
  });
  const listed =
    result.shown === result.total
      ? `${result.total} folders and bins`
      : `${result.total} folders and bins, ${result.offset + 1}-${result.offset + result.shown} shown`;
  const summary = result.hidden
    ? `${listed} to depth ${result.maxDepth}, ${result.hidden} deeper not shown`
    : listed;
  const more = result.hasMore
    ? [`More: call get_folder_tree again with offset ${result.nextOffset}, or pass a folderId.`]
    : [];
  const notes = (result.warnings ?? []).map((warning) => `Warning: ${warning}`);
  return [`${where}: ${summary}.`, ...lines, ...more, ...notes].join('\n');
}
