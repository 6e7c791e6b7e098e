export * from './message.js';
export * from './notice.js';
