// One page of a list spread over several partitions of an index (a write-sharded queue): each
// partition is queried from its own position, the answers are merged in the index's sort order, and
// the cursor carries every partition's position. Pure: the store does the Queries.

/** Where a partition's next page starts: from its beginning, after a key, or nowhere (read out). */
export type PartitionPosition = { readonly after?: Record<string, string> } | 'done';

/** One partition's answer to this page's Query. */
export interface PartitionAnswer {
  readonly partition: string;
  readonly items: readonly Record<string, unknown>[];
  /** The Query stopped at its limit (LastEvaluatedKey): the partition may hold more. */
  readonly more: boolean;
}

export interface ShardedIndex {
  /** The partition key attribute, e.g. `followUpQueue`. */
  readonly key: string;
  /** The sort key attribute, e.g. `followUpDue`; its values must be unique across partitions. */
  readonly sort: string;
}

/**
 * The first `limit` items of all the answers in the index's order, and each partition's position
 * after them; `next` is undefined when every partition is read out.
 *
 * @example
 * mergePage(answers, positions, 20, { key: 'followUpQueue', sort: 'followUpDue' })
 * // { items: [20 items, oldest first], next: { 'FOLLOWUP#0': { after: {…} }, 'FOLLOWUP#1': 'done', … } }
 */
export function mergePage(
  answers: readonly PartitionAnswer[],
  positions: Readonly<Record<string, PartitionPosition>>,
  limit: number,
  on: ShardedIndex,
): {
  items: Record<string, unknown>[];
  next: Record<string, PartitionPosition> | undefined;
} {
  const sortOf = (item: Record<string, unknown>) => String(item[on.sort]);
  const all = answers.flatMap((a) => a.items.map((item) => ({ partition: a.partition, item })));
  all.sort((a, b) => (sortOf(a.item) < sortOf(b.item) ? -1 : sortOf(a.item) > sortOf(b.item) ? 1 : 0));
  const taken = all.slice(0, limit);

  const next: Record<string, PartitionPosition> = { ...positions };
  for (const answer of answers) {
    const mine = taken.filter((t) => t.partition === answer.partition);
    const last = mine.at(-1)?.item;
    // Read out only when this page took everything the partition had left.
    if (!answer.more && mine.length === answer.items.length) next[answer.partition] = 'done';
    else if (last) next[answer.partition] = { after: keyOf(last, on) };
  }
  const open = Object.values(next).some((p) => p !== 'done');
  return { items: taken.map((t) => t.item), next: open ? next : undefined };
}

/** A page item's key on the index, as DynamoDB's ExclusiveStartKey wants it. */
function keyOf(item: Record<string, unknown>, on: ShardedIndex): Record<string, string> {
  return {
    pk: String(item.pk),
    sk: String(item.sk),
    [on.key]: String(item[on.key]),
    [on.sort]: String(item[on.sort]),
  };
}
