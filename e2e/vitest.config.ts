import { defineConfig } from 'vitest/config';

// Real processes and a real browser: generous timeouts, one file at a time (2 shared cores).
// A server start waits for its readiness (server.ts, up to 150 s on a busy machine), so hooks
// and tests that start one have room for it.
export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
