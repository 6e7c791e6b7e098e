import {
  type Case,
  CaseSchema,
  DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS,
  DEFAULT_FOLLOW_UP_DAYS,
  followUpCallDueAt,
  nextCheckAt,
  openShardOf,
  shardOf,
} from '../domain/index.js';

// How a case is laid out as a cases-table item. No SDK import here: the stream consumer reads
// items without ever calling DynamoDB, and should not load a client to do so.

/** The statuses in which a case is its department's work. */
const DEPARTMENT_STATUSES = new Set(['dispatched', 'acknowledged', 'reopened']);

/**
 * The supervisors' queues: dissatisfied cases (on the by-department-queue index, beside the
 * departments' own) and extension requests (on by-review-queue).
 */
export const SUPERVISOR_QUEUES = ['dissatisfied', 'extension'] as const;
export type SupervisorQueue = (typeof SUPERVISOR_QUEUES)[number];

export function departmentQueueKey(departmentId: string): string {
  return `DEPT#${departmentId}#open`;
}

export function supervisorQueueKey(queue: SupervisorQueue): string {
  return `QUEUE#supervisor#${queue}`;
}

/** 待派单: cases no rule routed, and cases their department returned, waiting for a dispatcher. */
export const DISPATCH_QUEUE_KEY = 'QUEUE#dispatch';
const AWAITING_DISPATCH = new Set(['pending_dispatch', 'returned']);

/** Is the case its lead department's work now (dispatched, acknowledged or reopened)? */
export function isDepartmentWork(kase: Pick<Case, 'status' | 'departmentId'>): boolean {
  return kase.departmentId !== undefined && DEPARTMENT_STATUSES.has(kase.status);
}

/**
 * The by-department-queue partition a case is listed in, if any. A dissatisfied case leaves its
 * department's queue for the supervisors' (they reopen or close it); reopening sends it back. A case
 * waiting for a dispatcher (unrouted, or returned) is in the dispatchers' queue until dispatched.
 */
function queueKey(kase: Case): string | undefined {
  if (kase.status === 'dissatisfied') return supervisorQueueKey('dissatisfied');
  if (AWAITING_DISPATCH.has(kase.status)) return DISPATCH_QUEUE_KEY;
  return kase.departmentId && DEPARTMENT_STATUSES.has(kase.status)
    ? departmentQueueKey(kase.departmentId)
    : undefined;
}

/** What the layout depends on besides the case: the settings a writer reads from its config. */
export interface CaseItemOptions {
  /** 回访期 in days: when a completed case is next due for supervision (closing as no response). */
  readonly followUpDays: number;
  /**
   * 电话回访: hours after completion an unrated case joins the call list (the by-follow-up-call
   * index's sort key). Absent: the default of 24.
   */
  readonly followUpCallAfterHours?: number;
}

/** The defaults (DESIGN §5): what a writer uses when its deployment sets nothing. */
export const DEFAULT_CASE_ITEM_OPTIONS: CaseItemOptions = {
  followUpDays: DEFAULT_FOLLOW_UP_DAYS,
  followUpCallAfterHours: DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS,
};

/**
 * The by-follow-up-call index was one partition, `FOLLOWUP`; every write of a case on the call list
 * rewrites its entry (about 7 write units per appeal, measured: docs/performance.md, "Scale"), which
 * ran that one partition hot at about 150 completions a second. So its entries are spread over
 * `FOLLOWUP#0` … `FOLLOWUP#15` by case id, and the list is read from all of them (and from the old
 * key, where a case written before the change stays until its next write or `npm run reindex-cases`).
 */
export const FOLLOW_UP_CALL_QUEUE_KEY = 'FOLLOWUP';
export const FOLLOW_UP_CALL_SHARDS = 16;

/** The partition of the call list a case's entry is written to. */
export function followUpCallShardOf(caseId: string): string {
  return `${FOLLOW_UP_CALL_QUEUE_KEY}#${shardOf(caseId, FOLLOW_UP_CALL_SHARDS)}`;
}

/** Every partition the call list is read from: the shards, then the old single key. */
export const FOLLOW_UP_CALL_PARTITIONS: readonly string[] = [
  ...Array.from({ length: FOLLOW_UP_CALL_SHARDS }, (_, i) => `${FOLLOW_UP_CALL_QUEUE_KEY}#${i}`),
  FOLLOW_UP_CALL_QUEUE_KEY,
];

/**
 * The item a case is stored as: the case, its keys, and the sparse index attributes.
 *
 * @example
 * toItem(kase, { followUpDays: followUpDays() }) // { pk: 'CASE#…', sk: 'CASE', …, nextCheckAt: '…' }
 */
export function toItem(
  kase: Case,
  options: CaseItemOptions = DEFAULT_CASE_ITEM_OPTIONS,
): Record<string, unknown> {
  const deptQueue = queueKey(kase);
  return {
    pk: `CASE#${kase.caseId}`,
    sk: 'CASE',
    ...kase,
    callerKey: `CALLER#${kase.contact.phoneHash ?? kase.contact.openIdHash}`,
    ...(deptQueue ? { deptQueue } : {}),
    ...supervisionKeys(kase, options.followUpDays),
    ...reviewKeys(kase),
    ...followUpCallKeys(kase, options.followUpCallAfterHours ?? DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS),
    ...disclosureKeys(kase),
  };
}

/** The one partition of the by-disclosure index (依申请公开 book): see infra/resources.ts. */
export const DISCLOSURE_BOOK_KEY = 'DISCLOSURE';

/** The by-disclosure sort key: the receipt date (第三十一条) then the id, so a date range is one Query. */
export function disclosureOnOf(receivedOn: string, caseId: string): string {
  return `${receivedOn}#${caseId}`;
}

/**
 * The by-disclosure keys: every case with a disclosure file, for as long as it exists — a request
 * answered, withdrawn or converted at registration still counts in its year's annual report.
 */
function disclosureKeys(kase: Case): Record<string, string> {
  const receivedOn = kase.disclosure?.request.receivedOn;
  return receivedOn
    ? { disclosureBook: DISCLOSURE_BOOK_KEY, disclosureOn: disclosureOnOf(receivedOn, kase.caseId) }
    : {};
}

/**
 * The by-follow-up-call index keys: only while the case is an item of the call list (completed,
 * unrated, the list not done with it), sorted by when it is due and then by id, so a Query up to
 * "now" of each shard returns its due items oldest first, and the reader merges them. A rating, a
 * close, a reopen or the list's end drops them with the write that makes it.
 */
function followUpCallKeys(kase: Case, afterHours: number): Record<string, string> {
  const due = followUpCallDueAt(kase, afterHours);
  return due
    ? { followUpQueue: followUpCallShardOf(kase.caseId), followUpDue: `${due.toISOString()}#${kase.caseId}` }
    : {};
}

/** The by-review-queue keys: only while an extension request waits for a supervisor's decision. */
function reviewKeys(kase: Case): Record<string, string> {
  return kase.pendingExtension
    ? { reviewQueue: supervisorQueueKey('extension'), reviewSince: kase.pendingExtension.requestedAt }
    : {};
}

/**
 * The by-open-deadline index keys: only while a supervision step is still ahead, so the index holds
 * the cases the scheduled job may have to act on and nothing else.
 */
function supervisionKeys(kase: Case, followUpDays: number): Record<string, string> {
  const next = nextCheckAt(kase, followUpDays);
  return next ? { openShard: openShardOf(kase.caseId), nextCheckAt: next.toISOString() } : {};
}

export function fromItem(item: Record<string, unknown>): Case {
  const {
    pk: _pk,
    sk: _sk,
    callerKey: _c,
    deptQueue: _d,
    openShard: _o,
    nextCheckAt: _n,
    reviewQueue: _r,
    reviewSince: _s,
    followUpQueue: _fq,
    followUpDue: _fd,
    disclosureBook: _db,
    disclosureOn: _do,
    ...rest
  } = item;
  return CaseSchema.parse(rest);
}

/**
 * The case an item of the cases table holds, or undefined for any other item (call records,
 * notice marks, a master's duplicate links under its own `CASE#` key). A case item that does not
 * parse throws.
 */
export function caseOfItem(item: Record<string, unknown> | undefined): Case | undefined {
  return isCaseItem(item) ? fromItem(item as Record<string, unknown>) : undefined;
}

/** A case's own item: `CASE#<id>` and `CASE` (its duplicate links share the `pk`, not the `sk`). */
export function isCaseItem(item: Record<string, unknown> | undefined): boolean {
  return typeof item?.pk === 'string' && item.pk.startsWith('CASE#') && item.sk === 'CASE';
}
