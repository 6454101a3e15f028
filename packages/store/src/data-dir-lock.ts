import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * PGlite takes no lock on its data directory and a second process writing to it corrupts it
 * (electric-sql/pglite issue 1106), so the server takes this one. The file holds the holder's
 * PID. A lock whose PID is no longer alive was left by a killed process (kill -9, a crash, a
 * power cut) and is taken over, so a restart is never blocked by it.
 */

export const LOCK_FILE_NAME = 'trellis.lock';

export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(`another Trellis server (pid ${holderPid}) is using ${dataDir}; stop it or set TRELLIS_DATA_DIR`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Lock files this process holds right now (a container restart can reuse our own PID). */
const heldByThisProcess = new Set<string>();

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  // Written beside the lock, then hard-linked into place: link() fails if the lock exists, so
  // creation is atomic and nobody ever reads a half-written PID.
  const candidate = uniqueBeside(path, 'new');
  await writeFile(candidate, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await linkOrExists(candidate, path)) {
        heldByThisProcess.add(path);
        return { path, release: () => releaseLock(path) };
      }
      const holder = await readHolder(path);
      if (holder !== undefined && isHolderAlive(path, holder)) throw new DataDirLockedError(dataDir, holder);
      if (!(await removeStaleLock(path, candidate, holder))) await sleep(10);
    }
    throw new Error(`could not take the lock ${path}: it keeps changing hands`);
  } finally {
    await unlink(candidate).catch(() => {});
  }
}

/**
 * Removes a lock left by a dead process. Only one taker at a time may do it, the one holding
 * the takeover guard (itself a PID file taken with link()): it re-reads the lock and removes it
 * only if it still names the dead holder. Without the guard, a taker that read the stale PID
 * could remove the lock another taker had just taken. Answers whether it got the guard.
 */
async function removeStaleLock(path: string, candidate: string, stalePid: number | undefined): Promise<boolean> {
  const guard = `${path}.takeover`;
  if (!(await linkOrExists(candidate, guard))) {
    const guardHolder = await readHolder(guard);
    // A guard left by a taker that died in these few milliseconds: clear it for the next try.
    if (guardHolder !== undefined && !isHolderAlive(guard, guardHolder)) await unlink(guard).catch(() => {});
    return false;
  }
  heldByThisProcess.add(guard);
  try {
    if ((await readHolder(path)) === stalePid) await unlink(path).catch(() => {});
    return true;
  } finally {
    heldByThisProcess.delete(guard);
    await unlink(guard).catch(() => {});
  }
}

/** link() that answers false when the target exists. */
async function linkOrExists(existing: string, target: string): Promise<boolean> {
  try {
    await link(existing, target);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function releaseLock(path: string): Promise<void> {
  if (!heldByThisProcess.delete(path)) return;
  // Only remove the file if it is still ours.
  if ((await readHolder(path)) === process.pid) await unlink(path).catch(() => {});
}

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isHolderAlive(path: string, pid: number): boolean {
  if (pid === process.pid) return heldByThisProcess.has(path);
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, 'EPERM');
  }
}

/**
 * A killed process stays a zombie until its parent reaps it, and signal 0 still reaches it;
 * when its parent is gone too (a start command killed with its group), that waits on whoever
 * adopts it. A zombie holds no files and writes nothing more. Linux says so in /proc; elsewhere
 * nothing is known and the process counts as alive.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return false;
  }
}

/** A file name next to the lock that no other taker, in this process or another, can pick. */
function uniqueBeside(path: string, purpose: string): string {
  return `${path}.${purpose}.${process.pid}.${randomBytes(6).toString('hex')}`;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
