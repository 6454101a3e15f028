import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { Mutex, PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { EMBEDDED_UPKEEP_EVERY_MS, upkeepEmbeddedTables } from './embedded-upkeep.js';
import { guardListener } from './listener-guard.js';
import { createDataDirApart } from './pglite-first-start.js';
import type { SqlExecutor, SqlParam, SqlTransaction } from './sql.js';
import { PG_TYPE, parseInt8, parseNumeric, serializeJson } from './value-types.js';

export interface PgliteExecutorOptions {
  /** Where the database lives; unset keeps it in memory (tests). */
  dataDir?: string;
  /** Starts from this copy of a data directory (from `dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob;
  /** How often tables are checked for the upkeep autovacuum would do (embedded-upkeep.ts); 0: never. */
  upkeepEveryMs?: number;
  /** An upkeep that failed (it is tried again at the next check). Default: a process warning. */
  onUpkeepError?: (error: unknown) => void;
}

export interface EmbeddedExecutor extends SqlExecutor {
  readonly kind: 'embedded';
  /** A tarball of the whole data directory, taken between transactions. */
  dumpDataDir(): Promise<Blob>;
}

/** The PGlite files live in a subfolder so the lock file never sits inside PostgreSQL's own directory. */
export const PGLITE_SUBDIR = 'pglite';

/**
 * A SqlExecutor on one embedded PGlite. PGlite is a single session: a query issued while
 * another caller's transaction is open would run inside that transaction. So every statement
 * and every transaction takes one in-process mutex, and notifications are delivered
 * in-process after commit (there is no other process to wake: the data-dir lock sees to that).
 */
export async function openPgliteExecutor(options: PgliteExecutorOptions = {}): Promise<EmbeddedExecutor> {
  let lock: DataDirLock | undefined;
  let pg: PGlite;
  if (options.dataDir !== undefined) lock = await acquireDataDirLock(options.dataDir);
  try {
    if (options.dataDir !== undefined && options.loadDataDir === undefined) await createDataDirApart(join(options.dataDir, PGLITE_SUBDIR));
    pg = await PGlite.create({
      ...(options.dataDir !== undefined ? { dataDir: join(options.dataDir, PGLITE_SUBDIR) } : {}),
      ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
      // Trigram indexes for the leads list's search (migration 030), as on a PostgreSQL with contrib.
      extensions: { pg_trgm },
      // PostgreSQL's 128 MB of shared buffers live in PGlite's WebAssembly memory, which never
      // shrinks: measured with 20,000 leads waiting, the server's RSS was 588 MB with them and
      // 442 MB with 16 MB, at the same speed (the data files still sit in the OS's page cache).
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
      parsers: { [PG_TYPE.int8]: parseInt8, [PG_TYPE.numeric]: parseNumeric },
      serializers: { [PG_TYPE.json]: serializeJson, [PG_TYPE.jsonb]: serializeJson },
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }

  const mutex = new Mutex();
  const insideTransaction = new AsyncLocalStorage<true>();
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  const exclusive = <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error(`the embedded database is closed (${what})`));
    if (insideTransaction.getStore()) {
      // Waiting for the mutex here would wait for ourselves forever.
      return Promise.reject(new Error(`${what} called inside a transaction: use the transaction's own query`));
    }
    return mutex.runExclusive(fn);
  };

  const deliver = (channel: string, payload: string) => {
    for (const onNotify of listeners.get(channel) ?? []) {
      setImmediate(() => onNotify(payload));
    }
  };

  const run = async <T>(runner: Pick<PGlite, 'query'>, text: string, params?: readonly SqlParam[]) =>
    (await runner.query<T>(text, params ? [...params] : undefined)).rows;
  const query: SqlExecutor['query'] = (text, params) => exclusive('query', () => run(pg, text, params));

  const upkeepEveryMs = options.upkeepEveryMs ?? EMBEDDED_UPKEEP_EVERY_MS;
  const onUpkeepError =
    options.onUpkeepError ?? ((error: unknown) => process.emitWarning(`embedded database upkeep failed: ${(error as Error).message}`));
  let upkeeping = false;
  const upkeepOnce = async () => {
    if (upkeeping || closed) return;
    upkeeping = true;
    try {
      await upkeepEmbeddedTables({ query });
    } catch (error) {
      if (!closed) onUpkeepError(error);
    } finally {
      upkeeping = false;
    }
  };
  const upkeep = upkeepEveryMs > 0 ? setInterval(() => void upkeepOnce(), upkeepEveryMs) : null;
  upkeep?.unref();

  return {
    kind: 'embedded',
    query,
    transaction: (fn) =>
      exclusive('transaction', async () => {
        const pending: Array<[string, string]> = [];
        const result = await insideTransaction.run(true, () =>
          pg.transaction(async (tx) => {
            const transaction: SqlTransaction = {
              query: (text, params) => run(tx, text, params),
              async exec(script) {
                await tx.exec(script);
              },
              async notify(channel, payload = '') {
                pending.push([channel, payload]);
              },
            };
            return fn(transaction);
          }),
        );
        for (const [channel, payload] of pending) deliver(channel, payload);
        return result;
      }),
    async listen(channel, onNotify) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      // A fresh wrapper, so the same function listening twice unsubscribes once per listen.
      const listener = guardListener(channel, onNotify);
      set.add(listener);
      return async () => {
        set.delete(listener);
      };
    },
    async notify(channel, payload = '') {
      deliver(channel, payload);
    },
    dumpDataDir: () => exclusive('dumpDataDir', async () => (await pg.dumpDataDir('none')) as Blob),
    async close() {
      if (closed) return;
      if (upkeep) clearInterval(upkeep);
      await mutex.runExclusive(async () => {
        closed = true;
        listeners.clear();
        await pg.close();
      });
      await lock?.release();
    },
  };
}
