import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from './context.js';
import { registerGetAsset } from './get-asset.js';
import { registerGetDynamicMetadata } from './get-dynamic-metadata.js';
import { registerGetFolderTree } from './get-folder-tree.js';
import { registerGetLooks } from './get-looks.js';
import { registerListProjects } from './list-projects.js';
import { registerSearch } from './search.js';
import { registerSummarize } from './summarize.js';

const TOOLS = {
  list_projects: registerListProjects,
  get_folder_tree: registerGetFolderTree,
  search: registerSearch,
  summarize: registerSummarize,
  get_asset: registerGetAsset,
  get_dynamic_metadata: registerGetDynamicMetadata,
  get_looks: registerGetLooks,
} satisfies Record<string, (server: McpServer, ctx: ToolContext) => void>;

export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

/** Registers the chosen tools, all of them by default, in a fixed order. */
export function registerTools(
  server: McpServer,
  ctx: ToolContext,
  chosen: ReadonlySet<ToolName> = new Set(TOOL_NAMES),
): void {
  for (const name of TOOL_NAMES) if (chosen.has(name)) TOOLS[name](server, ctx);
}

/**
 * SHOTHUB_TOOLS, for clients that limit how many tools they load: a comma-separated list of
 * tool names. Unset means every tool; a name that is not a tool stops the server at start.
 */
export function loadToolSelection(env: NodeJS.ProcessEnv = process.env): Set<ToolName> {
  const text = env.SHOTHUB_TOOLS?.trim();
  if (!text) return new Set(TOOL_NAMES);
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(TOOL_NAMES as string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `SHOTHUB_TOOLS names no such tool: ${unknown.join(', ') || '(none)'}. The tools are ` +
        `${TOOL_NAMES.join(', ')}.`,
    );
  }
  return new Set(names as ToolName[]);
}
