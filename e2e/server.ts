import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDataDirApart, PGLITE_SUBDIR } from '@trellis/store';

/** Starts the real server (`tsx apps/server/src/main.ts`) as a child process for e2e suites, and waits until it is ready. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
// `node --import tsx`, not tsx's CLI: the CLI runs the script in a child process, which a
// SIGKILL of the parent would leave running (holding the port and the data directory).
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

export interface RunningServer {
  url: string;
  token: string;
  dataDir: string;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM, then waits for the process to end; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies mid-whatever, as in a crash. Resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * The server prints its URL as soon as it listens, then opens and migrates the database while
 * /api/ready answers 503; the wait reads that readiness and ends early if the process exits. A
 * busy machine (two cores shared with other suites) may take a while: this only bounds a hang.
 */
export const START_TIMEOUT_MS = 150_000;

/**
 * A new embedded database folder, as a first start creates it (initdb, 5–7 s of a server's
 * start on this machine), made once and copied into each new server's data folder (a copy of
 * 39 MB takes a fraction of a second). Kept across runs, one per PGlite version; a first start
 * from nothing is still what the start-command suite runs.
 */
async function blankPgliteFolder(): Promise<string> {
  // The PGlite the server loads, through the store that depends on it.
  const manifest = join(ROOT, 'packages/store/node_modules/@electric-sql/pglite/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const blank = join(tmpdir(), `trellis-e2e-blank-pglite-${version}`);
  if (existsSync(join(blank, 'PG_VERSION'))) return blank;
  const building = mkdtempSync(join(tmpdir(), 'trellis-e2e-blank-building-'));
  await createDataDirApart(join(building, PGLITE_SUBDIR));
  try {
    renameSync(join(building, PGLITE_SUBDIR), blank);
  } catch (error) {
    // Another suite made it first: theirs is as good.
    if (!existsSync(join(blank, 'PG_VERSION'))) throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return blank;
}

async function newDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-'));
  cpSync(await blankPgliteFolder(), join(dataDir, PGLITE_SUBDIR), { recursive: true });
  return dataDir;
}

export async function startServer(
  {
    env = {},
    timeoutMs = START_TIMEOUT_MS,
    dataDir: givenDataDir,
    // The server refuses an admin token under 24 characters.
    token = `e2e-${randomBytes(16).toString('hex')}`,
  }: { env?: Record<string, string>; timeoutMs?: number; dataDir?: string; token?: string } = {},
): Promise<RunningServer> {
  const dataDir = givenDataDir ?? (await newDataDir());
  const child = spawn(process.execPath, ['--import', pathToFileURL(tsxLoader).href, 'apps/server/src/main.ts'], {
    cwd: ROOT,
    // PORT=0: the system picks a free port, and the server prints the one it got.
    env: { ...process.env, PORT: '0', TRELLIS_DATA_DIR: dataDir, TRELLIS_ADMIN_TOKEN: token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    const url = await waitForReady(() => output, child, timeoutMs);
    const kill = async () => {
      child.kill('SIGKILL');
      await exited;
    };
    return { url, token, dataDir, output: () => output, stop: () => stop(child, exited), kill };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
  }
}

/** The URL the server printed once it answered `GET /api/ready` with 200. */
export async function waitForReady(output: () => string, child: ChildProcess, timeoutMs = START_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'it printed no URL';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready; ${last}`);
    }
    const url = /Trellis is (?:starting|running) at (http:\/\/\S+)/.exec(output())?.[1];
    if (url) {
      try {
        const { status, body } = await getOnce(`${url}/api/ready`);
        // The banner is printed before readiness turns 200; its pipe may be read a moment after.
        if (status === 200 && output().includes('Trellis is running at')) return url;
        last = status === 200 ? 'ready, banner not read yet' : `/api/ready answered ${status} ${body}`;
      } catch (error) {
        last = `/api/ready: ${(error as Error).message}`;
      }
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${timeoutMs} ms; ${last}`);
    await sleep(100);
  }
}

/**
 * One GET on a connection of its own that the server closes: a kept-alive connection left open
 * here would outlive a server killed with SIGKILL as an orphaned socket on its port (FIN_WAIT2,
 * up to a minute), and the port would look taken.
 */
function getOnce(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
