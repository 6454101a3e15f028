#!/usr/bin/env node
// Builds the production server: an ES module, apps/server/dist/main.js (and delivery's thread beside it), run with plain `node`
// (tsx is for development and tests). The workspace packages and their npm dependencies are
// bundled; PGlite stays external because it loads its wasm and data files from beside its own
// module, which a bundle would move. The store's SQL migrations are read from a folder next to
// the module that reads them, so they are copied to dist/migrations.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const server = fileURLToPath(new URL('..', import.meta.url));
const dist = `${server}dist`;

rmSync(dist, { recursive: true, force: true });
await build({
  // Delivery's thread (delivery-thread.ts) starts from its own file beside main.js.
  entryPoints: {
    main: `${server}src/main.ts`,
    'delivery-thread-main': fileURLToPath(new URL('../../../packages/channels/src/delivery-thread-main.ts', import.meta.url)),
  },
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // ESM builds first: jsonc-parser's CommonJS entry is a UMD wrapper whose require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*'],
  // Bundled CommonJS packages (nodemailer, pino) still call require() for Node's own modules.
  banner: { js: "import { createRequire as __trellisRequire } from 'node:module'; const require = __trellisRequire(import.meta.url);" },
  logLevel: 'warning',
});
cpSync(fileURLToPath(new URL('../../../packages/store/src/migrations/', import.meta.url)), `${dist}/migrations`, { recursive: true });
console.log(`built ${dist}/main.js`);
