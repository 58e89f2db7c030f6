import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { PACKAGE } from '../version.js';

// A scripted session against `shothub-mcp --demo`, driven by the SDK's own MCP client over
// stdio, printing what an assistant would see. This is a terminal program, not server mode,
// so it writes to stdout.

interface Step {
  question: string;
  tool: string;
  args: Record<string, unknown>;
}

const STEPS: Step[] = [
  { question: 'Which ShotHub projects can you see?', tool: 'list_projects', args: {} },
  {
    question: 'How is Birthday Cake organised?',
    tool: 'get_folder_tree',
    args: { project: 'Birthday Cake' },
  },
  {
    question: 'Show me the circled takes of scene 12 on the A camera.',
    tool: 'search',
    args: { project: 'Birthday Cake', scene: '12', flagged: true, camera: 'A' },
  },
  {
    question: 'What is clip A1C-D2F-G3H?',
    tool: 'search',
    args: { query: 'A1C-D2F-G3H' },
  },
  {
    question: 'How many clips, and how many minutes, did each camera shoot on day 2?',
    tool: 'summarize',
    args: { project: 'Birthday Cake', shootingDay: '2', groupBy: 'camera' },
  },
  {
    question: 'Which cards were shot on day 2, and how long is each?',
    tool: 'summarize',
    args: { project: 'Birthday Cake', shootingDay: '2', groupBy: 'reel' },
  },
  {
    question: 'Which camera and lens shot A003C012, and with which look?',
    tool: 'get_asset',
    args: { asset: 'A003C012', detail: 'summary' },
  },
  {
    question: 'What focal lengths did clip A001C010 go through?',
    tool: 'get_dynamic_metadata',
    args: { asset: 'A001C010' },
  },
  {
    question: 'Looks hand-off: which looks were used on Hotel day 3, with their CDL values?',
    tool: 'get_looks',
    args: { project: 'Hotel', shootingDay: '3', limit: 5 },
  },
];

async function main(): Promise<void> {
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, '--demo'],
    env: { ...inheritedEnvironment(), SHOTHUB_LOG_LEVEL: 'warn' },
    stderr: 'inherit',
  });
  const client = new Client({ name: `${PACKAGE.name}-demo`, version: PACKAGE.version });
  await client.connect(transport);

  const { tools } = await client.listTools();
  print(`Connected to ${PACKAGE.name} ${PACKAGE.version} in demo mode.`);
  print(`Tools: ${tools.map((tool) => tool.name).join(', ')}\n`);

  let failures = 0;
  for (const step of STEPS) {
    print(`> ${step.question}`);
    print(`  ${step.tool} ${JSON.stringify(step.args)}`);
    const result = await client.callTool({ name: step.tool, arguments: step.args });
    if (result.isError) failures++;
    for (const item of result.content as { type: string; text?: string }[]) {
      if (item.type === 'text') print(indent(item.text ?? ''));
    }
    print('');
  }
  await client.close();
  if (failures > 0) {
    process.stderr.write(`${failures} step(s) answered with an error.\n`);
    process.exitCode = 1;
  }
}

function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]),
  );
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
