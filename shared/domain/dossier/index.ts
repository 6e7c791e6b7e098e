export * from './canonical-json.js';
export * from './dossier.js';
export * from './dossier-html.js';
export * from './hash-chain.js';
export * from './verify.js';
