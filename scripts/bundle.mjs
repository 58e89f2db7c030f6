// Builds the Claude Desktop extension: `npm run bundle [-- OUTPUT.mcpb]`. The bundle holds a
// fresh build of dist/, package.json, the production dependencies exactly as the lockfile
// pins them, and mcpb/manifest.json, packed by the mcpb CLI. Installing those dependencies
// needs the npm registry (or npm's cache).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));

const pkg = readJson('package.json');
const manifest = readJson('mcpb/manifest.json');
if (manifest.version !== pkg.version) {
  fail(`mcpb/manifest.json has version ${manifest.version}, package.json ${pkg.version}.`);
}
const output = resolve(
  process.argv[2] ?? join(root, 'mcpb', 'build', `${pkg.name}-${pkg.version}.mcpb`),
);

const stage = mkdtempSync(join(tmpdir(), 'shothub-mcpb-'));
try {
  const tsc = require.resolve('typescript/bin/tsc');
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], root);
  // The benchmark and the scripted demo run from a clone; the extension needs neither.
  for (const folder of ['bench', 'demo']) {
    rmSync(join(stage, 'dist', folder), { recursive: true, force: true });
  }
  for (const file of ['package.json', 'package-lock.json', 'README.md']) {
    copyFileSync(join(root, file), join(stage, file));
  }
  copyFileSync(join(root, 'mcpb', 'manifest.json'), join(stage, 'manifest.json'));

  runNpm(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);

  mkdirSync(dirname(output), { recursive: true });
  // The package exports no path to its command line, so it is found next to its main module.
  const mcpb = join(dirname(require.resolve('@anthropic-ai/mcpb')), 'cli', 'cli.js');
  run(process.execPath, [mcpb, 'pack', stage, output], root);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** npm through the same npm that runs this script when there is one, so Windows needs no shell. */
function runNpm(args, cwd) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.c?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], cwd);
  return run('npm', args, cwd, process.platform === 'win32');
}

function run(command, args, cwd, shell = false) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (${result.status}).`);
}

function fail(message) {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(1);
}
