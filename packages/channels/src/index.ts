export * from './send-payload.js';
export * from './render.js';
export * from './sender.js';
export * from './template-library.js';
