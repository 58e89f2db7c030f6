import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from '../tools/context.js';
import type { ToolName } from '../tools/index.js';
import { registerCameraReport } from './camera-report.js';
import { registerLooksHandoff } from './looks-handoff.js';
import { registerShootingDayReport } from './shooting-day-report.js';

/** Each prompt, with the tools its instructions call: without them it would mislead. */
const PROMPTS: [(server: McpServer, ctx: ToolContext) => void, ToolName[]][] = [
  [registerShootingDayReport, ['summarize', 'search']],
  [registerCameraReport, ['summarize', 'search']],
  [registerLooksHandoff, ['get_looks', 'summarize', 'get_asset']],
];

export function registerPrompts(
  server: McpServer,
  ctx: ToolContext,
  tools: ReadonlySet<ToolName>,
): void {
  for (const [register, needs] of PROMPTS) {
    if (needs.every((tool) => tools.has(tool))) register(server, ctx);
  }
}
