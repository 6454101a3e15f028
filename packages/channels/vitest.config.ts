import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each suite starts an embedded PostgreSQL (WASM) and creates a database on the real one.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
