import postgres from 'postgres';
import { guardListener } from './listener-guard.js';
import type { SqlExecutor, SqlParam, SqlTransaction } from './sql.js';
import { PG_TYPE, parseInt8, parseNumeric, serializeJson } from './value-types.js';

export interface PostgresExecutorOptions {
  /** Connections in the pool; LISTEN takes one more of its own. */
  maxConnections?: number;
}

/** A SqlExecutor on a real PostgreSQL server through a postgres.js pool. */
export function openPostgresExecutor(databaseUrl: string, options: PostgresExecutorOptions = {}): SqlExecutor {
  const sql = postgres(databaseUrl, {
    max: options.maxConnections ?? 10,
    // `create table if not exists` and friends report notices; they are not news.
    onnotice: () => {},
    types: {
      int8: { to: PG_TYPE.int8, from: [PG_TYPE.int8], parse: parseInt8, serialize: (x: number) => String(x) },
      numeric: { to: PG_TYPE.numeric, from: [PG_TYPE.numeric], parse: parseNumeric, serialize: (x: number) => String(x) },
      json: { to: PG_TYPE.jsonb, from: [PG_TYPE.json, PG_TYPE.jsonb], parse: JSON.parse, serialize: serializeJson },
    },
  });

  const run = async <T>(runner: postgres.Sql | postgres.TransactionSql, text: string, params?: readonly SqlParam[]) =>
    (await runner.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as T[];

  return {
    kind: 'postgres',
    query: (text, params) => run(sql, text, params),
    async transaction(fn) {
      const result = await sql.begin(async (tx) => {
        const transaction: SqlTransaction = {
          query: (text, params) => run(tx, text, params),
          async exec(script) {
            await tx.unsafe(script);
          },
          async notify(channel, payload = '') {
            // pg_notify inside the transaction is delivered by PostgreSQL at commit, or never.
            await tx.unsafe('select pg_notify($1, $2)', [channel, payload]);
          },
        };
        return { value: await fn(transaction) };
      });
      // Wrapped because postgres.js treats an array returned from `begin` as a list of queries.
      return (result as { value: Awaited<ReturnType<typeof fn>> }).value;
    },
    async listen(channel, onNotify) {
      const subscription = await sql.listen(channel, guardListener(channel, onNotify));
      return () => subscription.unlisten();
    },
    async notify(channel, payload = '') {
      await sql.unsafe('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
