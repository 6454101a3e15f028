export * from './require.js';
export * from './postgres.js';
export * from './chromium.js';
