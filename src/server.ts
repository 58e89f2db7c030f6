import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SetLevelRequestSchema, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import type { LogLevel, Logger } from './log.js';
import { registerPrompts } from './prompts/index.js';
import { registerResources } from './resources/index.js';
import { ShotHubClient } from './shothub/client.js';
import { loadTuning, type ShotHubConfig } from './shothub/config.js';
import {
  DEFAULT_LIMITS,
  loadLimits,
  type ShotHubReader,
  type ToolLimits,
} from './tools/context.js';
import { TOOL_NAMES, loadToolSelection, registerTools, type ToolName } from './tools/index.js';
import { shutdownOnSignals } from './shutdown.js';
import { PACKAGE } from './version.js';

const INSTRUCTIONS = `Read-only access to Pomfort ShotHub: the cloud copy of what Silverstack \
(camera clips: cards/reels, timecode, scene/take, circled takes, ShotIDs) and Livegrade \
(graded shots: looks, CDLs, lenses, exposure) recorded on set. This script sees only the \
projects it was added to.
- list_projects: the projects, with ids. Start here when no project is named.
- get_folder_tree: how a project is organised (shooting days, cards/bins), with folder ids.
- search: clips and shots by words, ShotID, scene, take, shooting day, circled, camera, or any \
field; in a project, a folder subtree, or every project. Counts cover all pages.
- summarize: clip counts and frame-exact running time grouped by camera, reel, day, scene or \
circled state, with the same filters as search.
- get_asset: one clip or shot in full, with its look (grade, CDL), by id, ShotID or clip name.
- get_dynamic_metadata: a clip's per-frame lens data (focal length, focus, iris), summarised.
- get_looks: the CDL values of the graded shots in a folder, per clip and per look.
Prompts shooting_day_report, camera_report and looks_handoff write the daily reports.`;

export interface CreatedServer {
  server: McpServer;
  close(): Promise<void>;
}

/** One MCP server over one ShotHub connection; `close` ends both. */
export interface ServerOptions {
  limits?: ToolLimits;
  /** The tools to offer; every tool when left out. */
  tools?: ReadonlySet<ToolName>;
}

/** One MCP server over one ShotHub connection; `close` ends both. */
export function createServer(
  shothub: ShotHubReader & { close?(): Promise<void> },
  logger: Logger,
  options: ServerOptions = {},
) {
  const server = new McpServer(
    { name: PACKAGE.name, version: PACKAGE.version },
    {
      instructions: INSTRUCTIONS,
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} },
    },
  );
  const ctx = { shothub, logger, limits: options.limits ?? DEFAULT_LIMITS };
  const tools = options.tools ?? new Set(TOOL_NAMES);
  registerTools(server, ctx, tools);
  registerResources(server, ctx);
  registerPrompts(server, ctx, tools);
  const stopForwarding = forwardLogs(server, logger);

  return {
    server,
    close: async () => {
      stopForwarding();
      await server.close();
      await shothub.close?.();
    },
  } satisfies CreatedServer;
}

const MCP_LEVELS: Record<LogLevel, LoggingLevel> = {
  error: 'error',
  warn: 'warning',
  info: 'info',
  debug: 'debug',
};
const SEVERITY: LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/**
 * Passes log events on to the client as MCP log notifications, at the level it set with
 * logging/setLevel; until it sets one, warnings and errors only. Events are redacted by the
 * logger before they get here.
 */
function forwardLogs(server: McpServer, logger: Logger): () => void {
  let wanted: LoggingLevel = 'warning';
  server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
    wanted = request.params.level;
    return {};
  });
  return logger.listen((level, message) => {
    const mcpLevel = MCP_LEVELS[level];
    if (!server.isConnected() || SEVERITY.indexOf(mcpLevel) < SEVERITY.indexOf(wanted)) return;
    void server.server
      .sendLoggingMessage({ level: mcpLevel, logger: PACKAGE.name, data: message })
      .catch(() => undefined);
  });
}

/**
 * Serves MCP on stdin/stdout until stdin closes or a signal arrives. Nothing else may write
 * to stdout: it carries JSON-RPC only.
 */
export async function serveStdio(
  config: ShotHubConfig,
  logger: Logger,
  onClose?: () => Promise<void>,
) {
  const client = new ShotHubClient(config, { logger, ...loadTuning() });
  const { server, close } = createServer(client, logger, {
    limits: loadLimits(),
    tools: loadToolSelection(),
  });
  const shutdown = shutdownOnSignals(logger, [close, () => onClose?.()]);
  process.stdin.on('end', () => void shutdown('stdin closed'));
  process.stdin.on('close', () => void shutdown('stdin closed'));

  await server.connect(new StdioServerTransport());
  // The transport also closes on its own, e.g. after a message too large to read.
  server.server.onclose = () => void shutdown('transport closed');
  logger.info('serving MCP on stdio', { version: PACKAGE.version, shothub: config.baseUrl });
}
