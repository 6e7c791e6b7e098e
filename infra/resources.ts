/**
 * The shape of the stateful resources, as plain data: the CDK stacks and the local stack both build
 * from this file, so the emulators hold the very tables, indexes and queues AWS does.
 */
export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableSpec {
  readonly id: string;
  /** The environment variable through which functions learn the table's name. */
  readonly env: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexSpec[];
  /** A stream of both images; only a table something is derived from needs one. Default true. */
  readonly stream?: boolean;
  /**
   * The TTL attribute (epoch seconds): DynamoDB deletes an item some time after it passes. Only
   * transient items carry it; code never relies on the deletion (it is late, and DynamoDB Local's
   * may never come) and reads the attribute's moment itself.
   */
  readonly ttlAttribute?: string;
}

/** The cases table: the single source of truth. Every derived view comes from its stream. */
export const CASES_TABLE: TableSpec = {
  id: 'cases',
  env: 'CASES_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    // The citizen's status lookup and the hotline agent's search by tracking number.
    { name: 'by-tracking-no', partitionKey: 'trackingNo' },
    // A department's open work queue, soonest deadline first. Sparse: only open cases carry it.
    { name: 'by-department-queue', partitionKey: 'deptQueue', sortKey: 'dueAt' },
    // Repeat and merge detection: one caller's appeals in time order.
    { name: 'by-caller', partitionKey: 'callerKey', sortKey: 'receivedAt' },
    // Supervision: cases with a step ahead, by when it is due. Sparse (only such cases carry
    // openShard) and sharded OPEN#0..31 by case id (OPEN_SHARDS), so open cases spread their writes.
    { name: 'by-open-deadline', partitionKey: 'openShard', sortKey: 'nextCheckAt' },
    // A supervisor's review queue: extension requests (延期审批) waiting for a decision, oldest
    // request first. Sparse (only such cases carry reviewQueue); the case stays in its department's
    // queue meanwhile, which is why this is an index of its own.
    { name: 'by-review-queue', partitionKey: 'reviewQueue', sortKey: 'reviewSince' },
    // 电话回访: the agents' follow-up call list, completed unrated cases by when each is due for a
    // call (`<dueAt>#<caseId>`), oldest first. Sparse: only cases on the list carry followUpQueue.
    { name: 'by-follow-up-call', partitionKey: 'followUpQueue', sortKey: 'followUpDue' },
    // 依申请公开: every disclosure request ever received, by receipt date (`<receivedOn>#<caseId>`),
    // for the annual report, the monthly 通报 and the disclosure desk's queues. One partition
    // (`DISCLOSURE`): a body receives a few thousand requests a year, far below one partition's
    // 1,000 writes a second, and one partition keeps a year one ordered Query. Sparse: only cases
    // with a disclosure file carry disclosureBook, and they keep it for good (closed ones count too).
    { name: 'by-disclosure', partitionKey: 'disclosureBook', sortKey: 'disclosureOn' },
  ],
  // The lookup's wrong-answer counters (GUESS# keys) carry it; a case, call record or notice mark
  // never must, or TTL would delete it.
  ttlAttribute: 'expiresAt',
};

/** Departments, categories, districts, routing rules, deadline policy and the holiday calendar. */
export const DIRECTORY_TABLE: TableSpec = {
  id: 'directory',
  env: 'DIRECTORY_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};

/**
 * Metric aggregates, derived from the cases stream only (never written by anything else):
 * counters per (day × department | channel | category | all) and the call counters, one item per
 * dimension value and day. `pk` is the dimension (`all`, `department`, `channel`, `category`,
 * `call`), `sk` is `<YYYY-MM-DD>#<value>` (`<YYYY-MM-DD>` for `all` and `call`), so a date range of
 * one dimension is one Query.
 */
export const METRICS_TABLE: TableSpec = {
  id: 'metrics',
  env: 'METRICS_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  stream: false,
};

/**
 * Short-lived marks the channels write once and compare on a second sight, each under a key prefix
 * of its own (the grants are per prefix): `NONCE#<timestamp>#<nonce>`, a WeChat plain-mode request
 * seen (its body's keyed hash: WeChat's retry matches, a replay with another body does not),
 * `IDEMPOTENCY#<key>`, the web form's Idempotency-Key bound to its body and first tracking number,
 * `UPLOAD#<key>`, a photo upload granted (by create-upload) and then claimed by the one submission
 * that references it, `SENDER#<channel>#<contact hash>#<day>`, the appeals a sender filed that
 * day (the sender limit), and the notices': `NOTICE#<caseId>#<noticeId>#<attempt>`, a send attempt
 * claimed, `NOTICEMSG#<provider>#<messageId>`, the notice a delivery receipt belongs to, and
 * `LINK#<code>`, a notice's short link.
 * Never read by anything else, so no stream; DynamoDB deletes each mark after `expiresAt`.
 */
export const REQUEST_MARKS_TABLE: TableSpec = {
  id: 'request-marks',
  env: 'REQUEST_MARKS_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  stream: false,
  ttlAttribute: 'expiresAt',
};

export const TABLES = [CASES_TABLE, DIRECTORY_TABLE, METRICS_TABLE, REQUEST_MARKS_TABLE] as const;

export const INTAKE_QUEUE = {
  id: 'intake',
  env: 'INTAKE_QUEUE_URL',
  /** Six times the dispatcher's timeout, as AWS advises for an SQS event source. */
  visibilityTimeoutSeconds: 180,
  /** After three failed receives a message goes to the dead-letter queue and raises an alarm. */
  maxReceiveCount: 3,
} as const;

/**
 * The notices queue: notify-citizen forwards each newly queued notice (`{caseId, noticeId}`),
 * send-notice sends it. A failed attempt holds its message back (30 s, doubling); after
 * maxReceiveCount receives (about eight minutes of tries) it goes to the DLQ and alarms, and the
 * notice stays `failed` on the case.
 */
export const NOTICES_QUEUE = {
  id: 'notices',
  env: 'NOTICES_QUEUE_URL',
  /** Six times send-notice's timeout, as for the intake queue. */
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 6,
} as const;

export const ARCHIVE_BUCKET = { id: 'archive', env: 'ARCHIVE_BUCKET_NAME' } as const;

/**
 * Where the citizen page's photos are posted: no Object Lock, no versioning, every object expired
 * after `UPLOAD_STAGING_DAYS`. The dispatcher copies the ones an appeal references into the archive.
 */
export const STAGING_BUCKET = { id: 'uploads-staging', env: 'STAGING_BUCKET_NAME' } as const;

/** How long an upload stays in staging; its grant mark (`UPLOAD#`) lives as long. */
export { UPLOAD_STAGING_DAYS } from '../shared/domain/attachment.js';
