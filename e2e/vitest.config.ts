import { defineConfig } from 'vitest/config';

// Real processes and a real browser: generous timeouts, one file at a time (2 shared cores).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
