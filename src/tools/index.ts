import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from './context.js';
import { registerGetAsset } from './get-asset.js';
import { registerGetDynamicMetadata } from './get-dynamic-metadata.js';
import { registerGetFolderTree } from './get-folder-tree.js';
import { registerGetLooks } from './get-looks.js';
import { registerListProjects } from './list-projects.js';
import { registerSearch } from './search.js';
import { registerSummarize } from './summarize.js';

export function registerTools(server: McpServer, ctx: ToolContext): void {
  registerListProjects(server, ctx);
  registerGetFolderTree(server, ctx);
  registerSearch(server, ctx);
  registerSummarize(server, ctx);
  registerGetAsset(server, ctx);
  registerGetDynamicMetadata(server, ctx);
  registerGetLooks(server, ctx);
}
