export { ACTION_RULES, type ActionRule } from './action-rules.js';
export * from './actions.js';
export * from './apply-action.js';
export * from './deadlines.js';
export * from './fields.js';
export * from './follow-up-call.js';
export * from './item-budget.js';
export * from './next-check.js';
export * from './transitions.js';
