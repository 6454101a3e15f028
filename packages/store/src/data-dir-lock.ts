import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
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
  const candidate = `${path}.${process.pid}.${Date.now()}`;
  await writeFile(candidate, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await link(candidate, path);
        heldByThisProcess.add(path);
        return { path, release: () => releaseLock(path) };
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const holder = await readHolder(path);
      if (holder !== undefined && isHolderAlive(path, holder)) throw new DataDirLockedError(dataDir, holder);
      await takeAwayStaleLock(path, holder);
    }
    throw new Error(`could not take the lock ${path}: it keeps changing hands`);
  } finally {
    await unlink(candidate).catch(() => {});
  }
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
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, 'EPERM');
  }
}

/**
 * Moves the stale lock aside (rename is atomic, so of two servers restarting at once only one
 * moves it) and checks that what it moved was the stale one, not a lock just taken by the other.
 */
async function takeAwayStaleLock(path: string, stalePid: number | undefined): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${Date.now()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== stalePid && moved !== undefined) {
    // We moved a fresh lock; put it back unless someone has already replaced it.
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
