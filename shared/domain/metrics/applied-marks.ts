// Which stream batches an aggregate item has taken in: the bookkeeping that makes a retried batch
// count once. Marks live in per-half-hour attributes `_applied_<YYYYMMDDHHmm>` (UTC start of the
// half hour of the batch's first record), each a map `batch id → last sequence number applied`.
// A half-hour attribute is dropped once no batch of its time can be retried any more, so an item
// holds at most the marks of the last RETENTION plus one half hour.
//
// Worst-case size: a mark is ~65 bytes (a 32-character eventID and a sequence number of up to 40
// digits). An item written by every batch of one shard, at the event source's 5 s batching window,
// gathers at most 2.5 h × 720 = 1 800 marks ≈ 120 KB per stream shard writing to it; DynamoDB's
// 400 KB item limit is reached only when more than three shards write the same item every 5 s for
// hours (or when full batches exceed ~0.65 per second). A larger city shortens maxRecordAge and
// MARK_RETENTION_SECONDS together, or lengthens the batching window.

export const MARK_PREFIX = '_applied_';
const BUCKET_SECONDS = 30 * 60;

/**
 * How long a batch's mark is kept, from its first record's creation: the stream event source's
 * maximum record age (1 h: Lambda never delivers an older record) plus an hour for clock skew
 * between the record's timestamp and Lambda's. Keep it above the event source's maxRecordAge.
 */
export const MARK_RETENTION_SECONDS = 2 * 60 * 60;

/** `batch id → last sequence number applied`, per mark attribute. */
export type AppliedMarks = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The mark attribute of a batch whose first record was created at `epochSeconds`. */
export function markBucketOf(epochSeconds: number): string {
  const start = Math.floor(epochSeconds / BUCKET_SECONDS) * BUCKET_SECONDS;
  const iso = new Date(start * 1000).toISOString(); // 2026-11-29T10:30:00.000Z
  return `${MARK_PREFIX}${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

function bucketStartSeconds(name: string): number | undefined {
  const m = /^_applied_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(name);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

/** The mark attributes that no batch as recent as `epochSeconds` can still need. */
export function expiredBuckets(names: Iterable<string>, epochSeconds: number): string[] {
  const out: string[] = [];
  for (const name of names) {
    const start = bucketStartSeconds(name);
    if (start !== undefined && start + BUCKET_SECONDS <= epochSeconds - MARK_RETENTION_SECONDS)
      out.push(name);
  }
  return out.sort();
}

/**
 * The names of the `count` half hours that most recently fell out of retention at `epochSeconds`,
 * whether or not the item has them: a write that creates a mark attribute without having seen the
 * item removes these (REMOVE of an absent attribute does nothing). An item written at least every
 * `count` half hours so keeps no expired attribute; one written more rarely has few marks anyway.
 */
export function recentlyExpiredBuckets(epochSeconds: number, count = 16): string[] {
  const newest =
    Math.floor((epochSeconds - MARK_RETENTION_SECONDS) / BUCKET_SECONDS) * BUCKET_SECONDS - BUCKET_SECONDS;
  return Array.from({ length: count }, (_, i) => markBucketOf(newest - i * BUCKET_SECONDS)).sort();
}

/** The mark attributes of a metrics-table item. */
export function marksOfItem(item: Record<string, unknown>): AppliedMarks {
  const marks: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(MARK_PREFIX) && value && typeof value === 'object') {
      marks[name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
  }
  return marks;
}
