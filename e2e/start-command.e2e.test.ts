import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitForReady } from './server.js';

/**
 * `npm start` as a person runs it: scripts/run.mjs start, which runs the compiled server
 * (apps/server/dist/main.js) as its child in its own process group. Killing the command, its
 * whole group or only the command itself, with SIGKILL, must leave no Trellis process holding
 * the port and the data directory; Ctrl-C stops it cleanly.
 */

interface StartCommand {
  child: ChildProcess;
  dataDir: string;
  url: string;
  /** The command and the server, as found in /proc once it was ready. */
  pids: number[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startCommand(dataDir = mkdtempSync(join(tmpdir(), 'trellis-start-'))): Promise<StartCommand> {
  const child = spawn(process.execPath, ['scripts/run.mjs', 'start'], {
    cwd: ROOT,
    // A group of its own, as a terminal gives a command: the test then signals the group.
    detached: true,
    env: {
      ...process.env,
      PORT: '0',
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_ADMIN_TOKEN: `e2e-${randomBytes(16).toString('hex')}`,
      TRELLIS_SKIP_INSTALL: '1',
      // Built once in beforeAll (the server) and before the e2e suites (the editor).
      TRELLIS_SKIP_BUILD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    const url = await waitForReady(() => output, child);
    return { child, dataDir, url, pids: processesFor(dataDir), output: () => output, exited };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw new Error(`${(error as Error).message}\noutput:\n${output}`);
  }
}

/**
 * Processes started for this data directory (the server has it in its environment), from
 * /proc. A process being killed loses its environment before it lets go of its sockets, so
 * the test remembers the pids it saw while they ran and waits for those too.
 */
function processesFor(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`TRELLIS_DATA_DIR=${dataDir}`)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Alive: some thread of it is not a zombie yet. A killed process's main thread turns zombie
 * before its other threads have exited, and its sockets are let go only when the last one has.
 */
function alive(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((task) => {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'latin1');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    });
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
  } catch {
    return `${pid} (exiting)`;
  }
}

/** Waits until none of the command's processes (seen before, or found now) is alive; returns those left. */
async function waitUntilGone(started: StartCommand, ms = 20_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  const left = () => [...new Set([...started.pids, ...processesFor(started.dataDir)])].filter(alive);
  while (left().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return left().map(commandOf);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

const portOf = (url: string) => Number(new URL(url).port);

describe.skipIf(process.platform !== 'linux')('the start command (npm start)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) throw new Error('build the editor first: pnpm --filter @trellis/web build');
    execFileSync(process.execPath, ['apps/server/scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('runs one compiled Node server, a child of the command in its process group', async () => {
    const started = await startCommand();
    try {
      const servers = started.pids.filter((pid) => pid !== started.child.pid);
      expect(servers.map(commandOf)).toEqual([`${process.execPath} ${join(ROOT, 'apps/server/dist/main.js')}`]);
      const stat = readFileSync(`/proc/${servers[0]!}/stat`, 'latin1');
      const [ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(1, 3).map(Number);
      expect({ ppid, pgid }).toEqual({ ppid: started.child.pid, pgid: started.child.pid });
    } finally {
      process.kill(-started.child.pid!, 'SIGKILL');
      await waitUntilGone(started);
    }
  });

  it('leaves no Trellis process and a free port when its process group is killed with SIGKILL, and starts again on the same data', async () => {
    const started = await startCommand();
    process.kill(-started.child.pid!, 'SIGKILL');
    await started.exited;
    expect(await waitUntilGone(started)).toEqual([]);
    expect(await portIsFree(portOf(started.url))).toBe(true);

    // The PGlite lock left by the killed server does not block the next start.
    const again = await startCommand(started.dataDir);
    process.kill(-again.child.pid!, 'SIGKILL');
    expect(await waitUntilGone(again)).toEqual([]);
  });

  it('stops the server when only the command is killed with SIGKILL (the server notices its parent is gone)', async () => {
    const started = await startCommand();
    started.child.kill('SIGKILL');
    expect(await waitUntilGone(started)).toEqual([]);
    expect(await portIsFree(portOf(started.url))).toBe(true);
    expect(started.output()).toContain('parent gone: stopping (finishing requests and work in hand)…\n');
    expect(started.output().endsWith('\nStopped.\n')).toBe(true);
  });

  it('stops cleanly on Ctrl-C (SIGINT to the whole group): one stop, exit code 0', async () => {
    const started = await startCommand();
    process.kill(-started.child.pid!, 'SIGINT');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(started)).toEqual([]);
    expect(started.output()).toContain('SIGINT: stopping (finishing requests and work in hand)…\n');
    expect(started.output().endsWith('\nStopped.\n')).toBe(true);
    expect(started.output()).not.toContain('again');
  });

  it('stops cleanly on SIGTERM sent to the command alone, which passes it on', async () => {
    const started = await startCommand();
    started.child.kill('SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(started)).toEqual([]);
    expect(started.output()).toContain('SIGTERM: stopping (finishing requests and work in hand)…\n');
    expect(started.output().endsWith('\nStopped.\n')).toBe(true);
  });
});
