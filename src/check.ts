import type { Dataset } from './emulator/dataset.js';
import { startEmulator } from './emulator/server.js';
import { silentLogger, type Logger } from './log.js';
import { ShotHubClient, type ShotHubClientOptions } from './shothub/client.js';
import {
  isLoopbackHost,
  loadConfig,
  loadTuning,
  type ClientTuning,
  type ShotHubConfig,
} from './shothub/config.js';
import { isShotHubError, type ShotHubError } from './shothub/errors.js';
import type { Project } from './shothub/schemas.js';
import { applicationOf } from './tools/projects.js';

export interface CheckOptions {
  /** Checks against the built-in emulator and its sample projects instead of SH_API_*. */
  demo?: boolean;
  /** With `demo`: the emulator's projects, e.g. with one imported from clip exports. */
  dataset?: Dataset | undefined;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where the findings go; a person reads them, so this is stdout, not a log. */
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
}

export interface ProjectCount {
  project: Project;
  /** Clips or shots below the project's root folder, or why they could not be counted. */
  assets: number | ShotHubError;
}

// A check answers a person at a terminal: better a quick "cannot reach" than the server's
// patient retries. Two attempts still ride out one dropped connection.
const CHECK_RETRY = { maxAttempts: 2, maxTotalWaitMs: 5_000 };
const CHECK_TIMEOUT_MS = 20_000;

interface Output {
  /** A finding, on stdout. */
  say(line: string): void;
  /** The reason for failing, on stderr; returns the exit code. */
  fail(lines: string[]): number;
}

/**
 * `shothub-mcp check`: reads the configuration, logs in, and lists the projects the script
 * can see with their asset counts. Returns the exit code: 0 when the server would work.
 */
export async function runCheck(options: CheckOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const secrets: string[] = [];
  // ShotHub's messages never carry the key; this guards against a future one that would.
  const redact = (text: string) =>
    secrets.reduce((safe, secret) => safe.split(secret).join('[redacted]'), text);
  const writeOut = options.writeOut ?? ((text: string) => process.stdout.write(text));
  const writeErr = options.writeErr ?? ((text: string) => process.stderr.write(text));
  const output: Output = {
    say: (line) => writeOut(`${redact(line)}\n`),
    fail: (lines) => {
      for (const line of lines) writeErr(`${redact(line)}\n`);
      return 1;
    },
  };

  let config: ShotHubConfig | undefined;
  let tuning: ClientTuning;
  try {
    tuning = loadTuning(env);
    if (!options.demo) config = loadConfig(env);
  } catch (error) {
    if (!isShotHubError(error)) throw error;
    return output.fail([`The configuration is not usable: ${error.message}`]);
  }
  const logger = options.logger ?? silentLogger;

  if (config) {
    secrets.push(config.scriptKey);
    output.say(`Checking ShotHub at ${config.baseUrl} as script ${config.scriptId}.`);
    return checkShotHub(new ShotHubClient(config, clientOptions(logger, tuning)), output);
  }

  const emulator = await startEmulator({ dataset: options.dataset });
  try {
    const { scriptId, scriptKey } = emulator.credentials;
    output.say(`Checking the built-in ShotHub emulator at ${emulator.baseUrl} (demo mode).`);
    const demoConfig = { scriptId, scriptKey, baseUrl: emulator.baseUrl };
    return await checkShotHub(new ShotHubClient(demoConfig, clientOptions(logger, tuning)), output);
  } finally {
    await emulator.close();
  }
}

function clientOptions(logger: Logger, tuning: ClientTuning): ShotHubClientOptions {
  return { logger, ...tuning, retry: CHECK_RETRY, requestTimeoutMs: CHECK_TIMEOUT_MS };
}

/** Says what the client sees, and closes it. */
async function checkShotHub(client: ShotHubClient, output: Output): Promise<number> {
  try {
    const counts = await countAssets(client);
    if (counts.length === 0) return output.fail(NO_PROJECTS);

    output.say(describeCounts(counts));
    const failed = counts.filter((count) => isShotHubError(count.assets));
    if (failed.length > 0) {
      return output.fail([
        `The script logged in, but ${failed.length} of ${counts.length} projects could not ` +
          'be listed; the reasons are above.',
      ]);
    }
    output.say('All set: the MCP server will see these projects.');
    return 0;
  } catch (error) {
    if (!isShotHubError(error)) throw error;
    return output.fail(explainFailure(error, client.baseUrl));
  } finally {
    await client.close();
  }
}

const NO_PROJECTS = [
  'The script logged in, but it was not added to any ShotHub project yet, so the server ' +
    'would see nothing.',
  'In ShotHub, open each project\'s info (i) and use "Add Script" to give it access.',
];

/** Logs in, lists the projects, and counts every project's assets from its root folder. */
export async function countAssets(client: ShotHubClient): Promise<ProjectCount[]> {
  const { items: projects } = await client.listProjects();
  // Limitation: the client has no call that reads only a listing's first page, so every
  // page is read to count; a project of 50,000 clips takes a few seconds more.
  const listings = await Promise.allSettled(
    projects.map((project) => client.listAssets({ folderId: project.rootFolderId })),
  );
  return projects.map((project, index) => {
    const listing = listings[index]!;
    if (listing.status === 'fulfilled') return { project, assets: listing.value.items.length };
    if (isShotHubError(listing.reason)) return { project, assets: listing.reason };
    throw listing.reason;
  });
}

function describeCounts(counts: ProjectCount[]): string {
  const noun = counts.length === 1 ? 'project' : 'projects';
  const lines = counts.map(({ project, assets }) => {
    const application = applicationOf(project);
    const app = application === 'unknown' ? '' : ` (${application})`;
    const name = forTerminal(project.name);
    if (isShotHubError(assets)) return `  ${name}${app}: could not count: ${assets.message}`;
    return `  ${name}${app}: ${assets} ${assetNoun(application, assets)}`;
  });
  return [
    `Logged in. ${counts.length} ${noun} visible to this script, with their assets:`,
    ...lines,
  ].join('\n');
}

function assetNoun(application: ReturnType<typeof applicationOf>, count: number): string {
  const noun = { Silverstack: 'clip', Livegrade: 'shot', unknown: 'asset' }[application];
  return count === 1 ? noun : `${noun}s`;
}

/** One or two plain lines: what went wrong, and what to change. */
export function explainFailure(error: ShotHubError, baseUrl: string): string[] {
  switch (error.kind) {
    case 'auth':
      return [`Wrong Script ID or Script Key: ${error.message}`];
    case 'network':
    case 'timeout':
      // For a loopback host the client's message already asks whether the emulator runs.
      return isLoopbackHost(new URL(baseUrl).hostname)
        ? [`Network problem: ${error.message}`]
        : [
            `Network problem: ${error.message}`,
            'Check the internet connection, any proxy or firewall, and SH_API_BASE_URL.',
          ];
    case 'config':
      return [`The base URL is not a ShotHub API: ${error.message}`];
    case 'forbidden':
    case 'not_found':
      return [
        `ShotHub refused to list this script's projects: ${error.message}`,
        'Check in Team Settings, scripts tab, that the script still exists.',
      ];
    case 'rate_limited':
      return [error.message];
    default:
      return [
        `ShotHub answered in a way this server does not understand: ${error.message}`,
        'Check that SH_API_BASE_URL is the API base ending in /sh.',
      ];
  }
}

/** A project name is ShotHub's data: no control character may reach the terminal. */
function forTerminal(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
