export * from './engine.js';
export * from './errors.js';
export * from './worker.js';
export * from './catalog.js';
export * from './process-lead.js';
export * from './email-owners.js';
export * from './scoring.js';
export * from './report.js';
