import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_BASE_URL } from '../src/shothub/config.js';
import { startSession } from './support/mcp-session.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const PACKAGE = readJson('package.json');
const MCPB_CLI = join(
  dirname(createRequire(import.meta.url).resolve('@anthropic-ai/mcpb')),
  'cli',
  'cli.js',
);

// Installing from the registry and building take a while on a slow connection.
const INSTALL_TIMEOUT_MS = 240_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: npm's settings for reaching the registry and its cache
 * stay, while what `npm test` adds for its own scripts, and any ShotHub credentials, go.
 */
function userEnvironment(): Record<string, string> {
  const kept =
    /^npm_config_(cache|userconfig|globalconfig|registry|cafile|(https_)?proxy|noproxy)$/i;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SH_API_|SHOTHUB_)/.test(name)) continue;
    if (/^npm_/i.test(name) && !kept.test(name)) continue;
    env[name] = value;
  }
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false' };
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: userEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm and npx are .cmd scripts on Windows, which only a shell can start.
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectSuccess(result: Run, what: string): void {
  if (result.code !== 0) {
    throw new Error(`${what} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  }
}

const SAMPLE_COUNTS = [
  '  Birthday Cake (Silverstack): 68 clips\n',
  '  Hotel (Livegrade): 61 shots\n',
  '  Überfahrt (Silverstack): 53 clips\n',
];

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'shothub-packaging-test-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  let tarballFiles: string[];
  let installDir: string;

  // `npm pack` runs in a copy of the project, so that its clean build (prepack) never
  // removes the dist/ that the other tests are running at the same moment.
  beforeAll(async () => {
    const copy = join(scratch, 'project');
    mkdirSync(copy);
    for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json', 'README.md']) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    cpSync(join(ROOT, 'tsconfig.build.json'), join(copy, 'tsconfig.build.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'junction');

    const packDir = join(scratch, 'pack');
    mkdirSync(packDir);
    const pack = await run('npm', ['pack', '--pack-destination', packDir], copy);
    expectSuccess(pack, 'npm pack');
    const tarball = join(packDir, `${PACKAGE.name}-${PACKAGE.version}.tgz`);
    const listing = await run('tar', ['-tzf', tarball], scratch);
    expectSuccess(listing, 'tar -tzf');
    tarballFiles = listing.stdout.trim().split('\n').sort();

    // A folder of its own, as a user's project would be; dependencies come from the registry.
    installDir = join(scratch, 'install');
    mkdirSync(installDir);
    writeFileSync(
      join(installDir, 'package.json'),
      JSON.stringify({ name: 'trying-shothub-mcp', version: '1.0.0', private: true }),
    );
    expectSuccess(await run('npm', ['install', tarball], installDir), 'npm install');
  }, INSTALL_TIMEOUT_MS);

  it('ships the built CLI and the README, and no tests, sources, maps or benchmarks', () => {
    expect(tarballFiles).toContain('package/dist/cli.js');
    expect(tarballFiles).toContain('package/dist/check.js');
    expect(tarballFiles).toContain('package/package.json');
    expect(tarballFiles).toContain('package/README.md');
    const unwanted = tarballFiles.filter((file) =>
      /^package\/(test|src|scripts|mcpb)\/|\.ts$|\.map$|^package\/dist\/(bench|demo)\//.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it('from the tarball, `npx shothub-mcp --help` prints the usage', async () => {
    // --no: the installed copy, never one fetched from the registry under that name; after
    // `--`, so that npx leaves --help to the command.
    const help = await run('npx', ['--no', '--', 'shothub-mcp', '--help'], installDir);

    expectSuccess(help, 'npx shothub-mcp --help');
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('shothub-mcp check [--demo]');
  });

  it('from the tarball, `npx shothub-mcp check --demo` sees the sample projects', async () => {
    const check = await run('npx', ['--no', '--', 'shothub-mcp', 'check', '--demo'], installDir);

    expectSuccess(check, 'npx shothub-mcp check --demo');
    for (const line of SAMPLE_COUNTS) expect(check.stdout).toContain(line);
  });
});

describe('the Claude Desktop extension (.mcpb)', () => {
  const manifest = readJson('mcpb/manifest.json');

  it('has a manifest that the mcpb CLI validates', async () => {
    const validation = await run(
      process.execPath,
      [MCPB_CLI, 'validate', join(ROOT, 'mcpb/manifest.json')],
      ROOT,
    );

    expectSuccess(validation, 'mcpb validate');
    expect(validation.stdout).toContain('Manifest schema validation passes');
  });

  it('runs the built CLI with the Script ID, the secret Script Key and the base URL', () => {
    expect(manifest.version).toBe(PACKAGE.version);
    expect(manifest.description).toBe(PACKAGE.description);
    expect(manifest.server.entry_point).toBe(PACKAGE.bin['shothub-mcp']);
    expect(manifest.server.mcp_config.args).toEqual(['${__dirname}/dist/cli.js']);
    expect(manifest.server.mcp_config.env).toEqual({
      SH_API_SCRIPT_ID: '${user_config.script_id}',
      SH_API_SCRIPT_KEY: '${user_config.script_key}',
      SH_API_BASE_URL: '${user_config.base_url}',
    });
    expect(manifest.user_config.script_id.required).toBe(true);
    expect(manifest.user_config.script_key).toMatchObject({ required: true, sensitive: true });
    // An empty SH_API_BASE_URL stops the server, so the field must never start out empty.
    expect(manifest.user_config.base_url.default).toBe(DEFAULT_BASE_URL);
  });

  it('lists exactly the tools the server offers', async () => {
    const session = await startSession(['--demo']);
    try {
      const { tools } = await session.client.listTools();
      const names = (list: { name: string }[]) => list.map((tool) => tool.name).sort();
      expect(names(manifest.tools)).toEqual(names(tools));
    } finally {
      await session.close();
    }
  });

  it(
    'the bundle script (`npm run bundle`) builds an extension that runs `check --demo` unpacked',
    async () => {
      const bundle = join(scratch, 'shothub-mcp.mcpb');
      expectSuccess(
        await run(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), bundle], ROOT),
        'scripts/bundle.mjs',
      );
      const unpacked = join(scratch, 'unpacked');
      expectSuccess(
        await run(process.execPath, [MCPB_CLI, 'unpack', bundle, unpacked], ROOT),
        'mcpb unpack',
      );

      expect(readdirSync(unpacked).sort()).toEqual([
        'README.md',
        'dist',
        'manifest.json',
        'node_modules',
        'package.json',
      ]);
      expect(readdirSync(join(unpacked, 'node_modules'))).toContain('@modelcontextprotocol');
      // Development tools stay out: the extension carries what the server runs on only.
      expect(readdirSync(join(unpacked, 'node_modules'))).not.toContain('vitest');

      const check = await run(
        process.execPath,
        [join(unpacked, 'dist/cli.js'), 'check', '--demo'],
        unpacked,
      );
      expectSuccess(check, 'check --demo from the extension');
      for (const line of SAMPLE_COUNTS) expect(check.stdout).toContain(line);
    },
    INSTALL_TIMEOUT_MS,
  );
});

describe('server.json for the MCP registry', () => {
  const server = readJson('server.json');
  const npmPackage = server.packages[0];

  it('names the npm package and matches its name, version and description', () => {
    expect(server.$schema).toBe(
      'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    );
    // The registry proves ownership of an npm package by its mcpName.
    expect(server.name).toBe(PACKAGE.mcpName);
    expect(server.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    expect(server.version).toBe(PACKAGE.version);
    expect(server.description).toBe(PACKAGE.description);
    expect(server.description.length).toBeLessThanOrEqual(100);

    expect(server.packages).toHaveLength(1);
    expect(npmPackage).toMatchObject({
      registryType: 'npm',
      identifier: PACKAGE.name,
      version: PACKAGE.version,
      transport: { type: 'stdio' },
    });
  });

  it('asks for the variables the server reads, with the Script Key marked secret', () => {
    const byName = Object.fromEntries(
      npmPackage.environmentVariables.map((variable: { name: string }) => [
        variable.name,
        variable,
      ]),
    );

    expect(Object.keys(byName).sort()).toEqual([
      'SH_API_BASE_URL',
      'SH_API_SCRIPT_ID',
      'SH_API_SCRIPT_KEY',
    ]);
    expect(byName.SH_API_SCRIPT_ID).toMatchObject({ isRequired: true });
    expect(byName.SH_API_SCRIPT_ID.isSecret ?? false).toBe(false);
    expect(byName.SH_API_SCRIPT_KEY).toMatchObject({ isRequired: true, isSecret: true });
    expect(byName.SH_API_BASE_URL).toMatchObject({
      isRequired: false,
      default: DEFAULT_BASE_URL,
    });
  });
});
