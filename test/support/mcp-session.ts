import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The built entry point; `npm test` builds it first, so these tests exercise what ships. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr: () => string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Spawns the built server over stdio and connects the SDK's MCP client to it. */
export async function startSession(
  args: string[],
  env: Record<string, string> = {},
): Promise<McpSession> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });

  const client = new Client({ name: 'shothub-mcp-tests', version: '1.0.0' });
  await client.connect(transport);
  // Listing the tools first lets the client check every structuredContent against its schema.
  await client.listTools();

  return {
    client,
    stderr: () => stderr,
    call: async (name, toolArgs = {}) =>
      (await client.callTool({ name, arguments: toolArgs })) as CallToolResult,
    close: () => client.close(),
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
}
