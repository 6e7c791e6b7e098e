export * from './calendar-year.js';
export * from './load-calendar.js';
export * from './next-year.js';
export * from './pausable-deadline.js';
export * from './remap-deadline.js';
