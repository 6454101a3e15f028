export * from './schema.js';
export * from './lead.js';
export * from './handles.js';
export * from './records.js';
export * from './time.js';
