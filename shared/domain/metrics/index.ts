export * from './applied-marks.js';
export * from './callback-contributions.js';
export * from './contributions.js';
export * from './counters.js';
export * from './keys.js';
export * from './projection.js';
