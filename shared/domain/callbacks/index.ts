export * from './keys.js';
export * from './policy.js';
export * from './task.js';
export * from './transitions.js';
