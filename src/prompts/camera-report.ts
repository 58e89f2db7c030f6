import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { ToolContext } from '../tools/context.js';
import { dayPromptArguments, resolveDay, toolCall } from './shooting-day.js';

export function registerCameraReport(server: McpServer, ctx: ToolContext): void {
  server.registerPrompt(
    'camera_report',
    {
      title: 'Camera report',
      description:
        "The camera department's report of one shooting day: per camera body its cards, " +
        'clips, running time, frame rates and the lenses used.',
      argsSchema: dayPromptArguments(ctx),
    },
    async ({ project, day }, extra) => {
      const scope = await resolveDay(ctx, project, day, extra.signal);
      const args = scope.toolArguments;
      const text = [
        `Write the camera report for ${scope.label} of the ShotHub project ` +
          `"${scope.projectName}". Get the facts with these tool calls, exactly:`,
        `1. ${toolCall('summarize', { ...args, groupBy: 'camera' })}`,
        `2. ${toolCall('summarize', { ...args, groupBy: 'reel' })}`,
        `3. ${toolCall('search', { ...args, limit: 200 })} (repeat with the offset it gives ` +
          'until hasMore is false)',
        'Then write, per camera (make and model, with its camera letters):',
        '- the cards (reels) it shot, each with clip count and running time;',
        '- its clips, circled takes and total running time, and its frame rate(s);',
        '- the lenses used, from the lens column of the search rows, with how many clips each.',
        'List clips without camera metadata separately as "unknown camera". Use only numbers ' +
          'the tools returned.',
      ].join('\n');
      return {
        description: `Camera report: ${scope.projectName}, ${scope.label}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
