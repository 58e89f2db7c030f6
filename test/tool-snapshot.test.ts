import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSession, type McpSession } from './support/mcp-session.js';

const SNAPSHOT = './__snapshots__/tools.json';

/**
 * What the model reads about this server, as the built server sends it: every tool, prompt
 * and resource template. A change to any of them shows as a diff of the snapshot file, to be
 * reviewed and accepted with `npx vitest run test/tool-snapshot.test.ts --update`.
 */
describe('what tools/list, prompts/list and resources/templates/list tell the model', () => {
  let session: McpSession;
  beforeAll(async () => {
    session = await startSession(['--demo']);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('matches the reviewed snapshot in test/__snapshots__/tools.json', async () => {
    const listed = await session.client.listTools();
    const { tools } = listed;
    const { prompts } = await session.client.listPrompts();
    const { resourceTemplates } = await session.client.listResourceTemplates();

    // Fields are picked one by one, in a fixed order, so that the file reads the same way for
    // every tool and a field the SDK adds later shows up only when it is chosen here.
    const surface = {
      tools: tools.map((tool) => ({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        annotations: tool.annotations,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
      })),
      prompts: prompts.map((prompt) => ({
        name: prompt.name,
        title: prompt.title,
        description: prompt.description,
        arguments: prompt.arguments,
      })),
      resourceTemplates: resourceTemplates.map((template) => ({
        name: template.name,
        title: template.title,
        uriTemplate: template.uriTemplate,
        description: template.description,
        mimeType: template.mimeType,
      })),
    };

    // The whole tools/list result as JSON: roughly what a client puts before the model.
    const size = JSON.stringify(listed).length;
    process.stderr.write(
      `tools/list: ${tools.length} tools, ${size} characters of JSON` +
        ` (${tools.map((tool) => `${tool.name} ${JSON.stringify(tool).length}`).join(', ')})\n`,
    );

    // Written as `prettier --check` in `npm test` wants it, so the check passes on the file.
    const snapshotPath = fileURLToPath(new URL(SNAPSHOT, import.meta.url));
    const style = (await resolveConfig(snapshotPath)) ?? {};
    const text = await format(JSON.stringify(surface), { ...style, parser: 'json' });
    await expect(text).toMatchFileSnapshot(SNAPSHOT);
  });
});
