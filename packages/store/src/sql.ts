/**
 * The tiny SQL executor the store talks to. Two implementations: postgres.js with a pool
 * (`postgres-executor.ts`) and one embedded PGlite (`pglite-executor.ts`). Both return the same
 * JS values for the same SQL (see `value-types.ts`): timestamptz → Date, int8 and numeric →
 * number, json/jsonb → parsed values. Parameters use `$1, $2, …`; pass JS values for jsonb
 * parameters (objects, arrays), never pre-serialised JSON strings.
 */

export type SqlParam = unknown;

/** Anything that can run one parameterised statement: the executor itself or a transaction. */
export interface SqlQueryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
}

export interface SqlTransaction extends SqlQueryable {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Notifies listeners when, and only if, this transaction commits. */
  notify(channel: string, payload?: string): Promise<void>;
}

export type DatabaseKind = 'embedded' | 'postgres';

export type Unsubscribe = () => Promise<void>;

export interface SqlExecutor extends SqlQueryable {
  readonly kind: DatabaseKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for every notification on `channel`, from this process or (PostgreSQL) any other. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<Unsubscribe>;
  notify(channel: string, payload?: string): Promise<void>;
  close(): Promise<void>;
}
