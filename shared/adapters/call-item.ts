import { type QueuedCall, QueuedCallSchema } from '../domain/index.js';

// How a call record is laid out as a cases-table item besides its own attributes: the sparse keys
// of the agent's call list (坐席来电). No SDK import, like case-item.ts.

/**
 * The agent's call list lives on the by-department-queue index, beside the departments' and the
 * dispatchers' queues (`DEPT#…`, `QUEUE#…`), under a partition of its own: `AGENT#<agentId>`. The
 * index's sort attribute `dueAt` carries the answer time there. Overloading the work-queue index
 * costs no new GSI (a GSI is a second copy of every write it indexes, and a deploy that builds it).
 */
export function agentCallsKey(agentId: string): string {
  return `AGENT#${agentId}`;
}

/** Attributes that exist only to feed the agent's call list; never part of the call record. */
const CALL_INDEX_ATTRIBUTES = ['deptQueue', 'dueAt'] as const;

/**
 * The index keys a call item carries: only an answered call with an agent is on that agent's list,
 * so the partition stays sparse (abandoned and IVR-only calls, the bulk on a bad day, are not in it).
 *
 * @example agentCallKeys(call) // { deptQueue: 'AGENT#a-017', dueAt: '2026-11-23T01:14:39.000Z' }
 */
export function agentCallKeys(call: Pick<QueuedCall, 'disposition' | 'agentId' | 'answeredAt'>) {
  return call.disposition === 'answered' && call.agentId && call.answeredAt
    ? { deptQueue: agentCallsKey(call.agentId), dueAt: call.answeredAt }
    : {};
}

/** The call record an item holds, without its keys' companions. A malformed call item throws. */
export function fromCallItem(item: Record<string, unknown>): QueuedCall {
  const record = { ...item };
  for (const name of CALL_INDEX_ATTRIBUTES) delete record[name];
  return QueuedCallSchema.parse(record);
}
