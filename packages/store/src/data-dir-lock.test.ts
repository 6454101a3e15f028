import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from './data-dir-lock.js';

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trellis-lock-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** A real process that stays alive until killed. */
function startSleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('the data-dir lock', () => {
  it('writes our PID into the lock file and removes it on release', async () => {
    const lock = await acquireDataDirLock(dataDir);
    expect(lock.path).toBe(join(dataDir, LOCK_FILE_NAME));
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('creates the data dir when it does not exist yet', async () => {
    const nested = join(dataDir, 'a', 'b');
    const lock = await acquireDataDirLock(nested);
    expect(await readFile(join(nested, LOCK_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('refuses a second holder in the same process, and lets it in once released', async () => {
    const first = await acquireDataDirLock(dataDir);
    await expect(acquireDataDirLock(dataDir)).rejects.toThrow(
      `another Trellis server (pid ${process.pid}) is using ${dataDir}; stop it or set TRELLIS_DATA_DIR`,
    );
    await first.release();
    const second = await acquireDataDirLock(dataDir);
    await second.release();
  });

  it('refuses while the process named in the lock is alive, with a clear error value', async () => {
    const holder = startSleeper();
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${holder.pid}\n`);
    const error = await acquireDataDirLock(dataDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({
      code: 'data_dir_locked',
      holderPid: holder.pid,
      message: `another Trellis server (pid ${holder.pid}) is using ${dataDir}; stop it or set TRELLIS_DATA_DIR`,
    });
    expect(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')).toBe(`${holder.pid}\n`);
  });

  it('takes over a lock left by a process killed with SIGKILL', async () => {
    const holder = startSleeper();
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${holder.pid}\n`);
    holder.kill('SIGKILL');
    await exited(holder);
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('takes over a lock whose holder is a zombie (killed, its parent not reaping it yet)', async () => {
    // sh starts a short sleep in the background, then becomes a long one, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
    for (let i = 0; i < 100 && !(await readFile(`/proc/${zombie}/stat`, 'latin1')).includes(') Z '); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await readFile(`/proc/${zombie}/stat`, 'latin1')).toContain(') Z ');
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${zombie}\n`);
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('takes over a lock naming our own PID that this process does not hold (a container restart reuses PIDs)', async () => {
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${process.pid}\n`);
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('takes over an unreadable lock file (a crash before the PID was written)', async () => {
    await writeFile(join(dataDir, LOCK_FILE_NAME), 'garbage');
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('leaves a lock it no longer owns in place when released', async () => {
    const lock = await acquireDataDirLock(dataDir);
    const other = startSleeper();
    await writeFile(lock.path, `${other.pid}\n`);
    await lock.release();
    expect(await readFile(lock.path, 'utf8')).toBe(`${other.pid}\n`);
  });

  it('gives the lock to exactly one of several takers racing for a stale lock', async () => {
    const holder = startSleeper();
    const deadPid = holder.pid!;
    holder.kill('SIGKILL');
    await exited(holder);
    // Repeated, because a race that goes wrong goes wrong only sometimes.
    for (let round = 0; round < 25; round += 1) {
      await writeFile(join(dataDir, LOCK_FILE_NAME), `${deadPid}\n`);
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDataDirLock(dataDir)));
      const taken = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(taken).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DataDirLockedError);
      }
      expect(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`);
      await taken[0]!.release();
      expect(await readdir(dataDir)).toEqual([]);
    }
  });

  it('clears a takeover guard left by a taker that died, and takes the stale lock', async () => {
    const holder = startSleeper();
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${holder.pid}\n`);
    await writeFile(join(dataDir, `${LOCK_FILE_NAME}.takeover`), `${holder.pid}\n`);
    holder.kill('SIGKILL');
    await exited(holder);
    const lock = await acquireDataDirLock(dataDir);
    expect(await readFile(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });
});
