import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Route suites run the app and its engine on an embedded PostgreSQL (WASM) and on the real one; the
    // rollup triggers make its first batches slower, and the suite must stay green on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
