import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Starts the real server (`tsx apps/server/src/main.ts`) as a child process for e2e suites. */

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

export async function startServer(
  {
    env = {},
    timeoutMs = 30_000,
    dataDir = mkdtempSync(join(tmpdir(), 'trellis-e2e-')),
    // The server refuses an admin token under 24 characters.
    token = `e2e-${randomBytes(16).toString('hex')}`,
  }: { env?: Record<string, string>; timeoutMs?: number; dataDir?: string; token?: string } = {},
): Promise<RunningServer> {
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
    const url = await waitForUrl(() => output, child, timeoutMs);
    await waitForHealth(url, timeoutMs);
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

async function waitForUrl(output: () => string, child: ChildProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Trellis is running at (http:\/\/\S+)/.exec(output());
    if (match) return match[1]!;
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before listening`);
    await sleep(50);
  }
  throw new Error(`the server did not print its URL within ${timeoutMs} ms`);
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/api/health did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
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
