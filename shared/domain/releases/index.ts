export * from './actions.js';
export * from './bulletin.js';
export * from './content.js';
export * from './create.js';
export * from './due-on.js';
export * from './release.js';
export * from './typical-case.js';
