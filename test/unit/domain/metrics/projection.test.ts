import { describe, expect, it } from 'vitest';
import {
  aggregateId,
  aggregateKey,
  type Contributions,
  expiredBuckets,
  KnownBuckets,
  MARK_RETENTION_SECONDS,
  markBucketOf,
  type ProjectionBatch,
  projectBatch,
  recentlyExpiredBuckets,
  type StreamChange,
} from '../../../../shared/domain/metrics/index.js';
import { MemoryAggregateTable } from '../../fixtures/memory-aggregate-table.js';

const ALL = aggregateId(aggregateKey('all', '2026-11-20'));
const WATER = aggregateId(aggregateKey('department', '2026-11-20', 'water-group'));
const T0 = Date.parse('2026-11-20T02:10:00Z') / 1000;

const change = (seq: string, entries: [string, Record<string, number>][]): StreamChange => ({
  seq,
  delta: new Map(entries) as Contributions,
});

function batch(batchId: string, changes: StreamChange[], at = T0): ProjectionBatch {
  return { batchId, firstRecordAt: at, bucket: markBucketOf(at), changes };
}

const records = [
  change('100', [
    [ALL, { appeals: 1 }],
    [WATER, { appeals: 1 }],
  ]),
  change('101', [[ALL, { appeals: 1 }]]),
  change('102', [[WATER, { dispatches: 1 }]]),
];

describe('Function: projectBatch', () => {
  it('writes each aggregate item once per batch, whatever the number of records', async () => {
    // Prepare
    const table = new MemoryAggregateTable();
    const known = new KnownBuckets();
    await projectBatch(
      table,
      batch('b-0', [
        change('90', [
          [ALL, { appeals: 1 }],
          [WATER, { appeals: 1 }],
        ]),
      ]),
      known,
    );
    table.writes = 0;

    // Act
    await projectBatch(table, batch('b-1', records), known);

    // Assess: both items and their mark attribute existed, so one write each
    expect(table.writes).toBe(2);
    expect(table.counters()).toEqual({ [ALL]: { appeals: 3 }, [WATER]: { appeals: 2, dispatches: 1 } });
  });

  it('creates a new item with its mark attribute in one write', async () => {
    // Prepare
    const table = new MemoryAggregateTable();

    // Act
    const outcomes = await projectBatch(table, batch('b-1', records));

    // Assess
    expect(outcomes.map((o) => o.writes)).toEqual([1, 1]);
    expect(table.items.get(ALL)?.[markBucketOf(T0)]).toEqual({ 'b-1': '102' });
  });

  it('costs one more write, never a count, when its hint about a mark attribute is wrong', async () => {
    // Prepare: another process created the attribute, this one has not seen it
    const table = new MemoryAggregateTable();
    await projectBatch(table, batch('b-0', [change('90', [[ALL, { appeals: 1 }]])]));
    table.writes = 0;

    // Act
    const outcomes = await projectBatch(
      table,
      batch('b-1', [change('91', [[ALL, { appeals: 1 }]])]),
      new KnownBuckets(),
    );

    // Assess
    expect(outcomes.map((o) => o.writes)).toEqual([2]);
    expect(table.counters()[ALL]).toEqual({ appeals: 2 });
  });

  it('leaves the counters unchanged when the same batch is delivered again', async () => {
    // Prepare
    const table = new MemoryAggregateTable();
    await projectBatch(table, batch('b-1', records));
    const before = table.counters();

    // Act
    const outcomes = await projectBatch(table, batch('b-1', records));

    // Assess
    expect(table.counters()).toEqual(before);
    expect(outcomes.every((o) => o.replay && o.applied === undefined)).toBe(true);
  });

  it('adds only the records after the mark when a retry carries more records', async () => {
    // Prepare
    const table = new MemoryAggregateTable();
    await projectBatch(table, batch('b-1', records));

    // Act
    const longer = [
      ...records,
      change('103', [[ALL, { appeals: 1 }]]),
      change('104', [[WATER, { returns: 1 }]]),
    ];
    await projectBatch(table, batch('b-1', longer));

    // Assess
    expect(table.counters()).toEqual({
      [ALL]: { appeals: 3 },
      [WATER]: { appeals: 1, dispatches: 1, returns: 1 },
    });
    expect(table.items.get(ALL)?.[markBucketOf(T0)]).toEqual({ 'b-1': '104' });
  });

  it('compares sequence numbers as integers, not strings', async () => {
    // Prepare: '99' > '100' as strings
    const table = new MemoryAggregateTable();
    await projectBatch(table, batch('b-1', [change('99', [[ALL, { appeals: 1 }]])]));

    // Act
    await projectBatch(
      table,
      batch('b-1', [change('99', [[ALL, { appeals: 1 }]]), change('100', [[ALL, { appeals: 1 }]])]),
    );

    // Assess
    expect(table.counters()[ALL]).toEqual({ appeals: 2 });
  });

  it('completes a batch that failed half way, counting each record once', async () => {
    // Prepare: the write to WATER fails after taking effect (a lost reply), the batch throws
    const table = new MemoryAggregateTable();
    let n = 0;
    table.fault = () => (++n === 2 ? 'after' : undefined);
    await expect(projectBatch(table, batch('b-1', records))).rejects.toThrow(/injected fault/);
    table.fault = () => undefined;

    // Act: Lambda retries from the same first record
    await projectBatch(table, batch('b-1', records));

    // Assess
    expect(table.counters()).toEqual({ [ALL]: { appeals: 2 }, [WATER]: { appeals: 1, dispatches: 1 } });
  });

  it('writes nothing for changes that cancel out within the batch', async () => {
    // Prepare
    const table = new MemoryAggregateTable();

    // Act
    await projectBatch(
      table,
      batch('b-1', [change('1', [[ALL, { completed: 1 }]]), change('2', [[ALL, { completed: -1 }]])]),
    );

    // Assess
    expect(table.writes).toBe(0);
  });

  it('takes back what an earlier attempt added when the retry brings the change that cancels it', async () => {
    // Prepare: the first attempt added record 1 (+1), then failed; the retry brings record 2 (−1)
    const table = new MemoryAggregateTable();
    const moved = change('1', [[WATER, { appeals: 1 }]]);
    await projectBatch(table, batch('b-1', [moved]));

    // Act
    await projectBatch(table, batch('b-1', [moved, change('2', [[WATER, { appeals: -1 }]])]));

    // Assess
    expect(table.counters()[WATER]).toBeUndefined();
  });

  it('drops mark attributes no retry can need when it starts a new one', async () => {
    // Prepare: a batch three hours earlier
    const table = new MemoryAggregateTable();
    const early = T0 - 3 * 3600;
    await projectBatch(table, batch('b-0', [change('1', [[ALL, { appeals: 1 }]])], early));

    // Act
    await projectBatch(table, batch('b-1', [change('2', [[ALL, { appeals: 1 }]])]));

    // Assess
    const item = table.items.get(ALL) ?? {};
    expect(Object.keys(item).filter((k) => k.startsWith('_'))).toEqual([markBucketOf(T0)]);
    expect(table.counters()[ALL]).toEqual({ appeals: 2 });
  });
});

describe('Function: expiredBuckets', () => {
  it('keeps every mark a batch as old as the retention may still need', () => {
    // Prepare
    const now = T0;
    const names = [
      markBucketOf(now - MARK_RETENTION_SECONDS),
      markBucketOf(now - MARK_RETENTION_SECONDS - 1800),
      markBucketOf(now),
    ];

    // Act
    const expired = expiredBuckets(names, now);

    // Assess
    expect(expired).toEqual([markBucketOf(now - MARK_RETENTION_SECONDS - 1800)]);
  });

  it('names the half hours that just expired, none still within the retention', () => {
    // Prepare
    const now = T0;

    // Act
    const names = recentlyExpiredBuckets(now, 4);

    // Assess
    expect(names).toHaveLength(4);
    expect(expiredBuckets(names, now)).toEqual(names);
    expect(names).not.toContain(markBucketOf(now - MARK_RETENTION_SECONDS));
    expect(names).toContain(markBucketOf(now - MARK_RETENTION_SECONDS - 1800));
  });

  it('names half-hour attributes by their UTC start', () => {
    // Act & Assess
    expect(markBucketOf(Date.parse('2026-11-20T02:47:13Z') / 1000)).toBe('_applied_202611200230');
  });
});
