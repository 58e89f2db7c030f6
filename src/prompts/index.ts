import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from '../tools/context.js';
import { registerCameraReport } from './camera-report.js';
import { registerLooksHandoff } from './looks-handoff.js';
import { registerShootingDayReport } from './shooting-day-report.js';

export function registerPrompts(server: McpServer, ctx: ToolContext): void {
  registerShootingDayReport(server, ctx);
  registerCameraReport(server, ctx);
  registerLooksHandoff(server, ctx);
}
