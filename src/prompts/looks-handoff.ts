import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from '../tools/context.js';
import { dayPromptArguments, resolveDay, toolCall } from './shooting-day.js';

export function registerLooksHandoff(server: McpServer, ctx: ToolContext): void {
  server.registerPrompt(
    'looks_handoff',
    {
      title: 'Looks hand-off for the lab',
      description:
        'A summary of the on-set looks of one shooting day for the dailies lab: each look ' +
        'with its CDL values and the clips that use it, and the clips without a look.',
      argsSchema: dayPromptArguments(ctx),
    },
    async ({ project, day }, extra) => {
      const scope = await resolveDay(ctx, project, day, extra.signal);
      const { folderId, shootingDay } = scope.toolArguments;
      const looksCall = toolCall('get_looks', {
        project: scope.projectName,
        ...(folderId ? { folderId } : { shootingDay }),
        limit: 200,
      });
      const text = [
        `Write the looks hand-off for the dailies lab for ${scope.label} of the ShotHub ` +
          `project "${scope.projectName}". Get the facts with these tool calls, exactly:`,
        `1. ${looksCall} (repeat with the offset it gives until hasMore is false)`,
        `2. ${toolCall('summarize', { ...scope.toolArguments, groupBy: 'camera' })}`,
        'For one clip of each look, call get_asset with its assetId to read the grading mode.',
        'Then write:',
        '- Each look: its name, grading mode, how many clips use it, and the ASC CDL values ' +
          '(slope, offset, power per R G B, saturation) as a small table per clip; say ' +
          'whether the clips of one look share identical values or were trimmed per shot.',
        '- Clips of the day without a look (compare the clip count from summarize with the ' +
          'graded clips from get_looks).',
        '- A note that the values are ASC CDL, to be applied before the show LUT.',
        'Copy numbers exactly as the tools returned them.',
      ].join('\n');
      return {
        description: `Looks hand-off: ${scope.projectName}, ${scope.label}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
