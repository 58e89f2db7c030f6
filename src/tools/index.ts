import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from './context.js';
import { registerGetFolderTree } from './get-folder-tree.js';
import { registerListProjects } from './list-projects.js';
import { registerSearch } from './search.js';

export function registerTools(server: McpServer, ctx: ToolContext): void {
  registerListProjects(server, ctx);
  registerGetFolderTree(server, ctx);
  registerSearch(server, ctx);
}
