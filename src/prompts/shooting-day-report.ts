import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from '../tools/context.js';
import { dayPromptArguments, resolveDay, toolCall } from './shooting-day.js';

export function registerShootingDayReport(server: McpServer, ctx: ToolContext): void {
  server.registerPrompt(
    'shooting_day_report',
    {
      title: 'Shooting-day report',
      description:
        "The DIT's report of one shooting day: clips and running time per camera and card, " +
        'circled takes, and anything missing from the logs.',
      argsSchema: dayPromptArguments(ctx),
    },
    async ({ project, day }, extra) => {
      const scope = await resolveDay(ctx, project, day, extra.signal);
      const args = scope.toolArguments;
      const text = [
        `Write the shooting-day report for ${scope.label} of the ShotHub project ` +
          `"${scope.projectName}". Get the facts with these tool calls, exactly:`,
        `1. ${toolCall('summarize', { ...args, groupBy: 'camera' })}`,
        `2. ${toolCall('summarize', { ...args, groupBy: 'reel' })}`,
        `3. ${toolCall('search', { ...args, flagged: true, limit: 200 })}`,
        `4. ${toolCall('search', { ...args, where: [{ field: 'scene', op: 'empty' }], limit: 200 })}`,
        `5. ${toolCall('search', { ...args, where: [{ field: 'take', op: 'empty' }], limit: 200 })}`,
        'Then write, in this order:',
        '- Cameras: clips, circled takes and running time per camera (timecode and h/min/s).',
        '- Cards: each reel with its clip count and running time.',
        '- Circled takes: scene/shot/take, clip name and camera, grouped by scene.',
        '- Total runtime of the day, and the frame rates if more than one was used.',
        '- Missing: clips without scene or take, clips without camera metadata ("unknown ' +
          'camera"), clips without duration, and any warning the tools gave. Say "none" ' +
          'where nothing is missing.',
        'Use only numbers the tools returned; do not estimate.',
      ].join('\n');
      return {
        description: `Shooting-day report: ${scope.projectName}, ${scope.label}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
