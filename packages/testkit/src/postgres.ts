import { connect } from 'node:net';
import { requireOrSkip, type RequireOptions } from './require.js';

export const POSTGRES_HOST = '127.0.0.1';
export const POSTGRES_PORT = 5432;
export const POSTGRES_INSTALL_HINT =
  'apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** Whether something accepts TCP connections at host:port within timeoutMs. */
export function isPostgresReachable(
  { host = POSTGRES_HOST, port = POSTGRES_PORT, timeoutMs = 500 }: { host?: string; port?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** requireOrSkip for a suite that needs PostgreSQL at 127.0.0.1:5432. */
export async function requirePostgres(options?: RequireOptions): Promise<boolean> {
  return requireOrSkip(
    `PostgreSQL at ${POSTGRES_HOST}:${POSTGRES_PORT}`,
    await isPostgresReachable(),
    POSTGRES_INSTALL_HINT,
    options,
  );
}
