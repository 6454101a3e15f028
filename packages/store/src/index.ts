export * from './sql.js';
export * from './value-types.js';
export * from './postgres-executor.js';
export * from './pglite-executor.js';
export * from './data-dir-lock.js';
export * from './migrate.js';
export * from './open-database.js';
