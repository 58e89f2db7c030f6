#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

import { runCheck } from './check.js';
import type { Dataset } from './emulator/dataset.js';
import { parseFaultSpec, type FaultPlan } from './emulator/faults.js';
import { importDataset } from './emulator/import/index.js';
import { startEmulator } from './emulator/server.js';
import { DEFAULT_HTTP_PORT, loadHttpSettings, serveHttp } from './http-server.js';
import { createLogger, parseLogLevel, type Logger } from './log.js';
import { serveStdio } from './server.js';
import { loadConfig, type ShotHubConfig } from './shothub/config.js';
import { isShotHubError } from './shothub/errors.js';
import { PACKAGE } from './version.js';

const USAGE = `Usage:
  shothub-mcp                 Serve MCP on stdio for the script in SH_API_SCRIPT_ID,
                              SH_API_SCRIPT_KEY (and SH_API_BASE_URL, optional)
  shothub-mcp --demo          Serve MCP on stdio against the built-in ShotHub emulator
                              and its sample projects; no account needed
  shothub-mcp --http [--host H] [--port N] [--no-auth] [--demo]
                              Serve MCP over Streamable HTTP at http://H:N/mcp for
                              several assistants (default 127.0.0.1:8740; --port 0: any
                              free port); each request needs the bearer token in
                              SHOTHUB_HTTP_TOKEN, or --no-auth on a loopback host
  shothub-mcp check [--demo]  Check the setup: log in, list the projects the script can
                              see with their clip counts, or say what is wrong
  shothub-mcp emulator [--port N] [--token-lifetime SECONDS] [--rate-limit N/SECONDS]
                       [--latency MS] [--max-page-size N] [--faults SPEC]
                              Run the ShotHub emulator alone and print its base URL and
                              demo credentials, for ShotHub scripts of your own; --faults
                              injects failures, e.g. "503@2-4;429@5,retry-after=3" 
  --import FILE...            With --demo or emulator: add a project built from Avid Log
                              Exchange (.ale) or CSV clip exports, one bin per reel and
                              one folder per shoot date
  shothub-mcp --help | --version

Environment: SHOTHUB_LOG_LEVEL = error | warn | info (default) | debug; logs go to stderr.
SHOTHUB_EMULATOR_FAULTS = a --faults SPEC for the emulator of --demo and emulator.`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      http: { type: 'boolean' },
      host: { type: 'string' },
      'no-auth': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      port: { type: 'string' },
      'token-lifetime': { type: 'string' },
      'rate-limit': { type: 'string' },
      latency: { type: 'string' },
      'max-page-size': { type: 'string' },
      faults: { type: 'string' },
      import: { type: 'string', multiple: true },
    },
  });
  // `--import a.ale b.ale`: the files after the first are positionals.
  const [command, ...rest] = positionals;
  const importFiles = values.import ? [...values.import, ...rest] : [];
  const extra = values.import ? [] : rest;

  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.version) return void process.stdout.write(`${PACKAGE.version}\n`);

  const logger = createLogger(parseLogLevel(process.env.SHOTHUB_LOG_LEVEL));
  keepServingOnStrayErrors(logger);

  if (command === 'emulator' && extra.length === 0) {
    return runEmulator(values, await importedDataset(importFiles, logger));
  }
  if (command !== undefined && command !== 'check' && !(values.import && command !== 'emulator')) {
    throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
  }
  const emulatorOnly = ['token-lifetime', 'rate-limit', 'latency', 'max-page-size', 'faults'];
  if ((values.port && !values.http) || emulatorOnly.some((name) => name in values)) {
    throw new UsageError(
      '--port belongs to `emulator` or --http; --token-lifetime, --rate-limit, --latency, ' +
        '--max-page-size and --faults to `emulator`.',
    );
  }
  if ((values.host || values['no-auth']) && !values.http) {
    throw new UsageError('--host and --no-auth belong to --http.');
  }
  if (values.import && !values.demo) throw new UsageError('--import needs --demo or emulator.');

  if (command === 'check') {
    if (extra.length > 0) throw new UsageError(`Unknown command "${positionals.join(' ')}".`);
    if (values.http) throw new UsageError('`check` takes --demo and --import only.');
    const dataset = values.demo ? await importedDataset(importFiles, logger) : undefined;
    process.exitCode = await runCheck({ demo: values.demo === true, dataset, logger });
    return;
  }

  // Checked before the emulator starts, so that a refused option opens no port at all.
  const http = values.http
    ? loadHttpSettings(
        {
          host: values.host,
          port:
            values.port === undefined
              ? DEFAULT_HTTP_PORT
              : integerOption('--port', values.port, 0, 65535),
          noAuth: values['no-auth'],
        },
        logger,
      )
    : undefined;
  const serve = (config: ShotHubConfig, onClose?: () => Promise<void>) =>
    http ? serveHttp(config, logger, http, onClose) : serveStdio(config, logger, onClose);

  if (values.demo) {
    // In the order given: the first file names the project.
    const files = values.import ? [...values.import, ...positionals] : [];
    const emulator = await startEmulator({
      dataset: await importedDataset(files, logger),
      faults: emulatorFaults(undefined),
    });
    logger.info('demo mode: serving the built-in ShotHub emulator', { url: emulator.baseUrl });
    const { scriptId, scriptKey } = emulator.credentials;
    return serve({ scriptId, scriptKey, baseUrl: emulator.baseUrl }, emulator.close);
  }
  return serve(loadConfig());
}

/** Faults for the emulator, from --faults or SHOTHUB_EMULATOR_FAULTS; none when neither. */
function emulatorFaults(flag: string | boolean | string[] | undefined): FaultPlan | undefined {
  const text = typeof flag === 'string' ? flag : process.env.SHOTHUB_EMULATOR_FAULTS;
  if (!text?.trim()) return undefined;
  try {
    return parseFaultSpec(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The sample projects, plus one built from the given clip exports, if any. */
async function importedDataset(files: string[], logger: Logger): Promise<Dataset | undefined> {
  if (files.length === 0) return undefined;
  const texts = await Promise.all(
    files.map(async (path) => {
      try {
        return { name: basename(path), text: await readFile(path, 'utf8') };
      } catch (error) {
        throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code}.`);
      }
    }),
  );
  const dataset = importDataset(texts, {
    withSamples: true,
    onWarning: (warning) => logger.warn(`import: ${warning}`),
  });
  const project = dataset.projects.at(-1)!;
  logger.info('imported a project from clip exports', {
    project: project.name,
    clips: project.assets.length,
    files: files.length,
  });
  return dataset;
}

async function runEmulator(
  values: Record<string, string | boolean | string[] | undefined>,
  dataset: Dataset | undefined,
) {
  const port = values.port === undefined ? 0 : integerOption('--port', values.port, 0, 65535);
  const lifetime = values['token-lifetime'];
  const rate = values['rate-limit'];
  const rateMatch = typeof rate === 'string' ? /^(\d+)\/(\d+)$/.exec(rate) : null;
  if (rate !== undefined && !rateMatch) {
    throw new UsageError('--rate-limit takes REQUESTS/SECONDS, e.g. 60/60.');
  }

  const latency = values.latency;
  const pageCap = values['max-page-size'];
  const emulator = await startEmulator({
    dataset,
    port,
    faults: emulatorFaults(values.faults),
    latencyMs: latency === undefined ? undefined : integerOption('--latency', latency, 0, 60_000),
    maxPageSize:
      pageCap === undefined ? undefined : integerOption('--max-page-size', pageCap, 1, 100_000),
    tokenLifetimeSeconds:
      lifetime === undefined ? undefined : integerOption('--token-lifetime', lifetime, 1, 1e7),
    rateLimit: rateMatch
      ? { requests: Number(rateMatch[1]), windowSeconds: Number(rateMatch[2]) }
      : undefined,
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new UsageError(`Port ${port} is in use: choose another with --port, or 0 for any.`);
    }
    throw error;
  });
  // Not server mode: this is a person reading a terminal, so stdout is theirs.
  process.stdout.write(
    [
      `ShotHub emulator listening at ${emulator.baseUrl}`,
      'Point a ShotHub script at it with:',
      `  export SH_API_BASE_URL=${emulator.baseUrl}`,
      `  export SH_API_SCRIPT_ID='${emulator.credentials.scriptId}'`,
      `  export SH_API_SCRIPT_KEY='${emulator.credentials.scriptKey}'`,
      'These are local demo credentials. Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function integerOption(
  name: string,
  text: string | boolean | string[],
  min: number,
  max: number,
): number {
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** A failure nobody caught is logged and survived: one bad request must not end the session. */
function keepServingOnStrayErrors(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: describeError(reason) });
  });
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error: describeError(error) });
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')
  ) {
    // Node's own parse messages go on with advice about positionals that does not apply here.
    const message =
      error instanceof UsageError
        ? error.message
        : (error as Error).message.replace(/^(.*?\.)\s.*$/s, '$1');
    process.stderr.write(`shothub-mcp: ${message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  // One line, naming what to fix; a configuration error is not a crash.
  const message = isShotHubError(error) || error instanceof Error ? error.message : String(error);
  process.stderr.write(`shothub-mcp: ${message}\n`);
  process.exit(1);
});
