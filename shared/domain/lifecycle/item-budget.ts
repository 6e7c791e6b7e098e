import type { Case } from '../case.js';
import type { Role } from './actions.js';

// How big a case may grow. A case is one DynamoDB item, and DynamoDB refuses an item over 400 KB:
// an action that would cross it fails with a 503, and then so does every later one (complete,
// close, redispatch, supervision) — the case is bricked (issue 10). So the core refuses, before
// anything is written, an action whose case would pass a budget well under the limit.

/** DynamoDB's item size limit (400 KB, as DynamoDB counts a KB: 1,024 bytes). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * What the stored item adds to the case: its keys and the sparse index attributes (`pk`, `sk`,
 * `callerKey`, the queue and deadline index keys, each under 200 bytes). Generous on purpose.
 */
export const ITEM_KEYS_ALLOWANCE_BYTES = 2_048;

/** The most an action may make the case: its estimated size and its history entries. */
export interface ItemBudget {
  readonly bytes: number;
  readonly historyEntries: number;
}

/**
 * Departments, agents and dispatchers: the actions that may repeat without end (notes, pauses,
 * returns and redispatches). 250 KB is 150 KB under the limit; 150 entries is far beyond any
 * real case's handling (a case is received, dispatched, acknowledged, perhaps paused, extended,
 * completed and rated: about a dozen entries) and, with notes of at most 500 characters (1.5 KB of
 * UTF-8 each), keeps the history near 250 KB even if every entry is the longest allowed.
 */
export const ROUTINE_BUDGET: ItemBudget = { bytes: 250_000, historyEntries: 150 };

/**
 * Supervisors, the platform's own jobs and the citizen's one rating: the headroom a department
 * cannot use up, so a case a department filled can still be supervised (预警, 催办, 逾期), rated,
 * reopened and closed (a supervisor's force-close). 50 KB and 50 entries above the routine budget;
 * the 300 KB ceiling leaves 100 KB under DynamoDB's limit for what the estimate may miss.
 */
export const OVERSIGHT_BUDGET: ItemBudget = { bytes: 300_000, historyEntries: 200 };

/** The budget an actor's action must fit: oversight for supervisors, system jobs and citizens. */
export function budgetFor(role: Role): ItemBudget {
  return role === 'supervisor' || role === 'system' || role === 'citizen' ? OVERSIGHT_BUDGET : ROUTINE_BUDGET;
}

const utf8 = new TextEncoder();

/**
 * A conservative estimate of the case's stored size as DynamoDB counts it (the UTF-8 bytes of each
 * attribute name and string value, a number's digits, a few bytes per list or map element): the
 * UTF-8 bytes of the case's JSON, which spells every name and value in full and adds quotes, colons
 * and commas where DynamoDB adds one to three bytes, plus the item's keys. Never less than the real
 * size for the strings a case holds (JSON escapes only make strings longer).
 *
 * @example
 * estimatedItemBytes(kase) // 3_412 for a fresh case
 */
export function estimatedItemBytes(kase: Case): number {
  return utf8.encode(JSON.stringify(kase)).length + ITEM_KEYS_ALLOWANCE_BYTES;
}

/** Whether the case after an action is within the actor's budget. */
export function fitsBudget(kase: Case, role: Role): boolean {
  const budget = budgetFor(role);
  return kase.history.length <= budget.historyEntries && estimatedItemBytes(kase) <= budget.bytes;
}
