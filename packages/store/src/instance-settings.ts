import type { SqlExecutor, SqlQueryable } from './sql.js';

/**
 * Values an instance generates once and then keeps, such as the webhook signing secret.
 * Several servers starting together on one database agree on the first value written.
 */
export async function getOrCreateSetting<T>(db: SqlQueryable, key: string, create: () => T): Promise<T> {
  await db.query(`insert into instance_settings (key, value) values ($1, $2::jsonb) on conflict (key) do nothing`, [
    key,
    create(),
  ]);
  const [row] = await db.query<{ value: T }>(`select value from instance_settings where key = $1`, [key]);
  return row!.value;
}

/** The stored values of these settings (absent keys are left out). */
export async function readSettings(db: SqlQueryable, keys: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await db.query<{ key: string; value: unknown }>(`select key, value from instance_settings where key = any($1::text[])`, [keys]);
  return new Map(rows.map((row) => [row.key, row.value]));
}

/**
 * Replaces setting `key` with `next`, keeping the value it had under `previousKey` as
 * `{ value, until }`: a rotated secret that still verifies until then. One transaction holding
 * the row, so two admins rotating at once leave one previous value, not a lost one.
 */
export async function rotateSetting(db: SqlExecutor, key: string, previousKey: string, next: unknown, until: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ value: unknown }>(`select value from instance_settings where key = $1 for update`, [key]);
    const upsert = `insert into instance_settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value`;
    if (row) await tx.query(upsert, [previousKey, { value: row.value, until: until.toISOString() }]);
    await tx.query(upsert, [key, next]);
  });
}
