import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The server serves dist/ at `/` on its own port, so the editor always calls `/api` same-origin;
// in development Vite forwards `/api` to the server on :3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  preview: { proxy: { '/api': 'http://localhost:3000' } },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    css: false,
    // jsdom and React Flow are slow to start on a shared two-core machine.
    testTimeout: 20_000,
  },
});
