import type { SqlQueryable } from './sql.js';

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
