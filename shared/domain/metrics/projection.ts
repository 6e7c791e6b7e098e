import { eachLimited } from '../../each-limited.js';
import type { AppliedMarks } from './applied-marks.js';
import { expiredBuckets, recentlyExpiredBuckets } from './applied-marks.js';
import type { Contributions } from './contributions.js';
import { addCounters, type Counters, isZero } from './counters.js';
import { type AggregateId, type AggregateKey, keyOfId } from './keys.js';

// Exactly-once aggregates from an at-least-once stream, without transactions and without a shard
// id. The stream consumer takes a batch all or nothing, so Lambda retries a failed batch from the
// same first record (possibly with more records after). The batch id is that first record's
// eventID; each aggregate item records, per batch, the last sequence number it took in. A retry
// finds the mark and adds only what came after it.

/** One stream record's effect on the aggregates. */
export interface StreamChange {
  /** The record's SequenceNumber: a decimal string, ordered within a shard. */
  readonly seq: string;
  readonly delta: Contributions;
}

export interface ProjectionBatch {
  /** The first record's eventID: every retry of the batch has the same. */
  readonly batchId: string;
  /** The first record's creation time (epoch seconds): every retry has the same. */
  readonly firstRecordAt: number;
  readonly bucket: string;
  readonly changes: readonly StreamChange[];
}

export interface AppliedMark {
  readonly bucket: string;
  readonly batch: string;
  readonly seq: string;
}

/**
 * A conditional write's outcome. On a failed condition the store may know the item's marks from
 * the failure itself (`marks`; null: no such item), saving a read.
 */
export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly marks?: AppliedMarks | null };

/**
 * The metrics table as the projection needs it: three conditional `ADD`s and a read. The DynamoDB
 * adapter implements it with UpdateItem; the property test with an in-memory table.
 */
export interface AggregateTable {
  /** ADD, and mark the batch, if the mark attribute exists and holds no mark of this batch. */
  addIfUnmarked(key: AggregateKey, counters: Counters, mark: AppliedMark): Promise<WriteOutcome>;
  /** ADD, and create the mark attribute with this batch's mark, if it does not exist; drop `expired`. */
  addCreatingBucket(
    key: AggregateKey,
    counters: Counters,
    mark: AppliedMark,
    expired: readonly string[],
  ): Promise<WriteOutcome>;
  /** ADD, and move the batch's mark to `mark.seq`, if the mark is still `seen`. */
  addIfMarkedAt(
    key: AggregateKey,
    counters: Counters,
    mark: AppliedMark,
    seen: string,
  ): Promise<WriteOutcome>;
  /** The item's marks (a consistent read), or null when there is no item. */
  read(key: AggregateKey): Promise<AppliedMarks | null>;
}

export class AggregateConflictError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AggregateConflictError';
  }
}

/** What the projection did with one aggregate item. */
export interface KeyOutcome {
  readonly id: AggregateId;
  /** The counters added (undefined: nothing new for this item). */
  readonly applied?: Counters;
  /** True when a mark showed this batch had been applied before (a retry). */
  readonly replay: boolean;
  /** DynamoDB requests made for this item. */
  readonly writes: number;
  readonly reads: number;
  /** A retried batch ended before what an earlier attempt applied: records may be counted twice. */
  readonly shorterRetry?: boolean;
}

const MAX_ATTEMPTS = 5;

/** Sums the deltas of the batch per aggregate item, keeping each record's part (for retries). */
export function groupByKey(
  changes: readonly StreamChange[],
): Map<AggregateId, { seq: bigint; counters: Counters }[]> {
  const out = new Map<AggregateId, { seq: bigint; counters: Counters }[]>();
  for (const change of changes) {
    const seq = BigInt(change.seq);
    for (const [id, counters] of change.delta) {
      const list = out.get(id) ?? [];
      list.push({ seq, counters });
      out.set(id, list);
    }
  }
  return out;
}

function sumAfter(
  parts: readonly { seq: bigint; counters: Counters }[],
  after: bigint | undefined,
): Counters {
  let sum: Counters = {};
  for (const p of parts) if (after === undefined || p.seq > after) sum = addCounters(sum, p.counters);
  return sum;
}

/**
 * The (item, mark attribute) pairs this process has seen exist. Only a hint for which write to try
 * first, saving the failed attempt when a half hour's first batch reaches an item: every write is
 * conditional, so a wrong hint costs a request, never a count. Kept by the caller across batches.
 */
export class KnownBuckets {
  private readonly known = new Set<string>();
  constructor(private readonly limit = 50_000) {}
  has(id: AggregateId, bucket: string): boolean {
    return this.known.has(`${id} ${bucket}`);
  }
  add(id: AggregateId, bucket: string): void {
    // Bounded: forgetting costs at most one extra request per item.
    if (this.known.size >= this.limit) this.known.clear();
    this.known.add(`${id} ${bucket}`);
  }
}

/** Projects one aggregate item's share of the batch, exactly once. */
export async function projectKey(
  table: AggregateTable,
  batch: ProjectionBatch,
  id: AggregateId,
  parts: readonly { seq: bigint; counters: Counters }[],
  known: KnownBuckets = new KnownBuckets(),
): Promise<KeyOutcome> {
  const outcome = await projectKeyOnce(table, batch, id, parts, known);
  if (outcome.writes > 0 || outcome.replay) known.add(id, batch.bucket);
  return outcome;
}

async function projectKeyOnce(
  table: AggregateTable,
  batch: ProjectionBatch,
  id: AggregateId,
  parts: readonly { seq: bigint; counters: Counters }[],
  known: KnownBuckets,
): Promise<KeyOutcome> {
  const key = keyOfId(id);
  const last = batch.changes.at(-1)?.seq as string;
  const mark: AppliedMark = { bucket: batch.bucket, batch: batch.batchId, seq: last };
  const total = sumAfter(parts, undefined);
  let writes = 0;
  let reads = 0;
  // What the item's marks are known to be, from a failed condition or a read (undefined: unknown).
  let marks: AppliedMarks | null | undefined;
  if (isZero(total)) {
    // Changes that cancel out within the batch (a case moved and moved back): nothing to add,
    // unless an earlier attempt of this batch stopped half way, having added only a part.
    reads++;
    marks = await table.read(key);
    if (marks?.[batch.bucket]?.[batch.batchId] === undefined) return { id, replay: false, writes, reads };
  } else if (!known.has(id, batch.bucket)) {
    // Most likely the first batch of this half hour on the item: try creating its mark attribute
    // first (a failure returns the item, and the loop goes on from what it shows).
    marks = null;
  }

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (marks === undefined) {
      writes++;
      const fast = await table.addIfUnmarked(key, total, mark);
      if (fast.ok) return { id, applied: total, replay: false, writes, reads };
      marks = fast.marks;
      if (marks === undefined) {
        reads++;
        marks = await table.read(key);
      }
    }
    const bucket = marks?.[batch.bucket];
    if (!bucket) {
      // A new item, or the first batch of this half hour on it: create the mark attribute, and
      // drop the ones no retry can need any more in the same write.
      writes++;
      const expired = [
        ...new Set([
          ...expiredBuckets(Object.keys(marks ?? {}), batch.firstRecordAt),
          ...recentlyExpiredBuckets(batch.firstRecordAt),
        ]),
      ].sort();
      const created = await table.addCreatingBucket(key, total, mark, expired);
      if (created.ok) return { id, applied: total, replay: false, writes, reads };
      marks = created.marks;
      continue;
    }
    const seen = bucket[batch.batchId];
    if (seen === undefined) {
      // Another batch created the attribute meanwhile: try the usual write again.
      marks = undefined;
      continue;
    }

    // A retry: add only the records after the last one this item took in.
    const seenSeq = BigInt(seen);
    const shorterRetry = BigInt(last) < seenSeq;
    const rest = sumAfter(parts, seenSeq);
    if (isZero(rest)) return { id, replay: true, writes, reads, ...(shorterRetry ? { shorterRetry } : {}) };
    writes++;
    const moved = await table.addIfMarkedAt(key, rest, mark, seen);
    if (moved.ok) return { id, applied: rest, replay: true, writes, reads };
    marks = moved.marks;
  }
  throw new AggregateConflictError(
    `aggregate ${id}: the batch mark kept changing under ${MAX_ATTEMPTS} attempts`,
  );
}

/** Items written at once; DynamoDB takes them in parallel, the function's sockets are limited. */
const CONCURRENCY = 16;

/**
 * Projects a batch: one conditional `ADD` per aggregate item, never one per record (two when the
 * hint in `known` is wrong about the item's half-hour mark attribute; a retry may read the mark).
 *
 * @example
 * const outcomes = await projectBatch(table, { batchId, firstRecordAt, bucket: markBucketOf(firstRecordAt), changes });
 */
export async function projectBatch(
  table: AggregateTable,
  batch: ProjectionBatch,
  known: KnownBuckets = new KnownBuckets(),
): Promise<KeyOutcome[]> {
  if (batch.changes.length === 0) return [];
  const outcomes: KeyOutcome[] = [];
  await eachLimited([...groupByKey(batch.changes)], CONCURRENCY, async ([id, parts]) => {
    outcomes.push(await projectKey(table, batch, id, parts, known));
  });
  return outcomes;
}

/** The counters the outcomes added, per item: what CloudWatch is told. */
export function appliedOf(outcomes: readonly KeyOutcome[]): Contributions {
  const out: Contributions = new Map();
  for (const o of outcomes) if (o.applied) out.set(o.id, o.applied);
  return out;
}
