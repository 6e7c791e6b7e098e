import { type Case, CaseSchema, nextCheckAt, openShardOf } from '../domain/index.js';

// How a case is laid out as a cases-table item. No SDK import here: the stream consumer reads
// items without ever calling DynamoDB, and should not load a client to do so.

const OPEN_STATUSES = new Set(['dispatched', 'acknowledged', 'reopened', 'dissatisfied']);

/** The item a case is stored as: the case, its keys, and the sparse index attributes. */
export function toItem(kase: Case): Record<string, unknown> {
  return {
    pk: `CASE#${kase.caseId}`,
    sk: 'CASE',
    ...kase,
    callerKey: `CALLER#${kase.contact.phoneHash ?? kase.contact.openIdHash}`,
    ...(kase.departmentId && OPEN_STATUSES.has(kase.status)
      ? { deptQueue: `DEPT#${kase.departmentId}#open` }
      : {}),
    ...supervisionKeys(kase),
  };
}

/**
 * The by-open-deadline index keys: only while a supervision step is still ahead, so the index holds
 * the cases the scheduled job may have to act on and nothing else.
 */
function supervisionKeys(kase: Case): Record<string, string> {
  const next = nextCheckAt(kase);
  return next ? { openShard: openShardOf(kase.caseId), nextCheckAt: next.toISOString() } : {};
}

export function fromItem(item: Record<string, unknown>): Case {
  const { pk: _pk, sk: _sk, callerKey: _c, deptQueue: _d, openShard: _o, nextCheckAt: _n, ...rest } = item;
  return CaseSchema.parse(rest);
}
