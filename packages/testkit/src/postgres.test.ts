import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPostgresReachable } from './postgres.js';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('isPostgresReachable', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server?.listening) await close(server);
  });

  it('is true when something accepts connections on the port', async () => {
    server = await listen();
    const { port } = server.address() as AddressInfo;
    expect(await isPostgresReachable({ port })).toBe(true);
  });

  it('is false when nothing listens on the port', async () => {
    server = await listen();
    const { port } = server.address() as AddressInfo;
    await close(server);
    expect(await isPostgresReachable({ port })).toBe(false);
  });
});
