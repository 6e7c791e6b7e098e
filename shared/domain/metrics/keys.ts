// Where a counter lives in the metrics table: `pk` is the dimension, `sk` the Asia/Shanghai day,
// and for department, channel, category and line `<day>#<value>` (the metrics contract). `line` is the
// hotline line a call was dialled on (the merged hotline's code, as the CTI sends it).

export const DIMENSIONS = ['all', 'department', 'channel', 'category', 'call', 'line'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface AggregateKey {
  readonly pk: Dimension;
  readonly sk: string;
}

/** One string per aggregate item, for maps: `<pk>|<sk>`. */
export type AggregateId = string;

export function aggregateKey(dimension: Dimension, day: string, value?: string): AggregateKey {
  return dimension === 'all' || dimension === 'call' || value === undefined
    ? { pk: dimension, sk: day }
    : { pk: dimension, sk: `${day}#${value}` };
}

export function aggregateId(key: AggregateKey): AggregateId {
  return `${key.pk}|${key.sk}`;
}

export function keyOfId(id: AggregateId): AggregateKey {
  const bar = id.indexOf('|');
  return { pk: id.slice(0, bar) as Dimension, sk: id.slice(bar + 1) };
}

/** The item's `day` and `value` attributes, from its key. */
export function dayAndValueOf(key: AggregateKey): { day: string; value?: string } {
  const hash = key.sk.indexOf('#');
  return hash === -1 ? { day: key.sk } : { day: key.sk.slice(0, hash), value: key.sk.slice(hash + 1) };
}
