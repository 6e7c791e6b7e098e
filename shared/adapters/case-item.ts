import { type Case, CaseSchema } from '../domain/index.js';

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
  };
}

export function fromItem(item: Record<string, unknown>): Case {
  const { pk: _pk, sk: _sk, callerKey: _c, deptQueue: _d, ...rest } = item;
  return CaseSchema.parse(rest);
}
