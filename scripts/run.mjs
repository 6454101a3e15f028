#!/usr/bin/env node
// The workspace's commands: `npm start`, `npm test` and `npm run bench` all land here, so a
// machine with only Node 20 needs nothing else. pnpm comes through npx at the version the root
// package.json pins; no global install, no corepack prompt.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const rootManifest = readJson(join(root, 'package.json'));
const pnpmSpec = rootManifest.packageManager ?? 'pnpm@10.34.9';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const commands = { start, test, bench, soak };
const command = process.argv[2];
const rest = process.argv.slice(3);

if (!(command in commands)) {
  console.error(`usage: node scripts/run.mjs <${Object.keys(commands).join('|')}> [args]`);
  process.exit(2);
}
process.exitCode = await commands[command](rest);

/**
 * `npm start`: install, build the editor and the server (apps/server/dist, compiled once with
 * esbuild; tsx is for development and tests), then run `node apps/server/dist/main.js` as this
 * process's child, in this process group: Ctrl-C and a kill of the group reach it directly, and
 * the IPC channel tells it when this process is gone, SIGKILL included (the server then stops).
 * TRELLIS_SKIP_BUILD=1 runs the builds already in place (tests that built them once).
 */
async function start() {
  await install();
  if (process.env.TRELLIS_SKIP_BUILD !== '1') {
    const built = await buildEditor();
    if (built !== 0) return built;
    const server = await pnpm(['--reporter=silent', '--filter', '@trellis/server', 'build']);
    if (server !== 0) {
      console.error('The server (apps/server) did not build; see the errors above.');
      return server;
    }
  }
  // A relative data directory (and the default ./.trellis) means the folder `npm start` was
  // run from, as the README says.
  const dataDir = resolve(process.env.TRELLIS_DATA_DIR?.trim() || '.trellis');
  return runServer(join(root, 'apps', 'server', 'dist', 'main.js'), { TRELLIS_DATA_DIR: dataDir });
}

/**
 * Runs the built server and resolves with its exit code. SIGINT/SIGTERM sent to this process
 * alone are passed on; a Ctrl-C reaches the server from the terminal as well, and the server
 * takes such echoes within a second as one request (apps/server/src/stop-requests.ts).
 */
function runServer(main, env) {
  if (!existsSync(main)) {
    console.error(`${relative(root, main)} is not built: run without TRELLIS_SKIP_BUILD, or pnpm --filter @trellis/server build.`);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    });
    let stopping = false;
    const forward = (signal) => {
      stopping = true;
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`could not run the server: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (stopping && (code === 0 || signal !== null)) resolve(0);
      else resolve(code ?? 1);
    });
  });
}

/** The server serves apps/web/dist, and the browser suite drives it: both need a fresh build. */
async function buildEditor() {
  const web = readJson(join(root, 'apps/web/package.json'), null);
  if (!web?.scripts?.build) return 0;
  const code = await pnpm(['--filter', '@trellis/web', 'build']);
  if (code !== 0) console.error('The editor (apps/web) did not build; see the errors above.');
  return code;
}

/** Kill -9 cycles under load on both databases, then counts from the database (e2e/soak.ts). */
async function soak(args) {
  await install();
  return pnpm(['--filter', '@trellis/e2e', 'soak', ...args]);
}

async function bench(args) {
  await install();
  return pnpm(['-r', '--if-present', 'bench', ...args]);
}

/**
 * Runs each package's tests one package at a time (2 shared cores), e2e last, keeps going past
 * a failing package, and ends with one line CI reads: `N passed, N failed, N skipped`.
 */
async function test(args) {
  await install();
  const outDir = mkdtempSync(join(tmpdir(), 'trellis-test-'));
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failedPackages = [];
  // Types first: a type error is a bug the tests may not reach. Two runs side by side: the
  // editor (DOM and JSX) and everything else (scripts/tsconfig.typecheck.json).
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const checks = [
    { name: 'the workspace', config: join(root, 'scripts', 'tsconfig.typecheck.json') },
    { name: '@trellis/web', config: join(root, 'apps', 'web', 'tsconfig.json') },
  ];
  const codes = await Promise.all(checks.map((check) => runNode([tsc, '--noEmit', '-p', check.config])));
  checks.forEach((check, i) => {
    console.log(`── types: ${check.name}: ${codes[i] === 0 ? 'ok' : 'errors above'}`);
    if (codes[i] === 0) totals.passed += 1;
    else {
      failedPackages.push(`${check.name} (types)`);
      totals.failed += 1;
    }
  });
  try {
    for (const pkg of testablePackages()) {
      if (pkg.isE2e && (await buildEditor()) !== 0) {
        failedPackages.push('@trellis/web (build)');
        totals.failed += 1;
      }
      console.log(`\n── ${pkg.name} (${relative(root, pkg.dir) || '.'}) ──`);
      const usesVitest = /^vitest\b/.test(pkg.testScript);
      const outputFile = join(outDir, `${pkg.name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
      const reporterArgs = usesVitest
        ? ['--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`]
        : [];
      const code = await pnpm(['run', 'test', ...reporterArgs, ...args], { cwd: pkg.dir });
      const counts = usesVitest ? vitestCounts(outputFile) : null;
      if (counts) {
        totals.passed += counts.passed;
        totals.failed += counts.failed;
        totals.skipped += counts.skipped;
      }
      if (code !== 0) {
        failedPackages.push(pkg.name);
        // A suite that failed before running any test (an import error, a missing required
        // dependency) still has to show in the count, or the line would read as a pass.
        if (!counts || counts.failed === 0) totals.failed += 1;
      } else if (!counts) {
        totals.passed += 1;
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  if (failedPackages.length > 0) console.log(`\nFailing packages: ${failedPackages.join(', ')}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return failedPackages.length > 0 ? 1 : 0;
}

/** Runs a Node script with this Node; resolves with its exit code. */
function runNode(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Workspace packages with a `test` script, in a stable order, the browser suite last. */
function testablePackages() {
  const patterns = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => /^\s*-\s*["']?([^"'#]+?)["']?\s*$/.exec(line)?.[1])
    .filter(Boolean);
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSorted(parent)) dirs.push(join(parent, entry));
    } else {
      dirs.push(join(root, pattern));
    }
  }
  const packages = dirs
    .map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json'), null) }))
    .filter(({ manifest }) => manifest?.scripts?.test)
    .map(({ dir, manifest }) => ({
      dir,
      name: manifest.name ?? dir,
      testScript: manifest.scripts.test,
      isE2e: relative(root, dir) === 'e2e',
    }));
  return [...packages.filter((p) => !p.isE2e), ...packages.filter((p) => p.isE2e)];
}

function readdirSorted(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Totals from vitest's JSON report, or null when the run never wrote one. */
function vitestCounts(file) {
  const report = readJson(file, null);
  if (!report) return null;
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

async function install() {
  if (process.env.TRELLIS_SKIP_INSTALL === '1') return;
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  const code = await pnpm(['install', ...frozen]);
  if (code !== 0) {
    console.error('pnpm install failed; see the errors above.');
    process.exit(code);
  }
}

/** Runs pnpm (at the pinned version, through npx) and resolves with its exit code. */
function pnpm(args, { cwd = root } = {}) {
  return new Promise((resolve) => {
    const child = spawn(npx, ['--yes', pnpmSpec, ...args], {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' },
    });
    child.on('error', (error) => {
      console.error(`could not run ${npx} ${pnpmSpec}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function readJson(file, fallback) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if (fallback !== undefined) return fallback;
    throw error;
  }
}
