import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { rebuildMetrics } from '../../../shared/adapters/metrics-rebuild.js';
import { createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { callbackTask, missedCall, reachedAt } from '../fixtures/callback-task.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const tables = { casesTable: 'cases', metricsTable: 'metrics' };

/** Received and dispatched to water-group on 2026-11-20 (Shanghai). */
const kase = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date('2026-11-20T02:00:05Z'),
});
const call = {
  pk: 'CALL#c-1',
  sk: 'CALL',
  callId: 'c-1',
  line: '12345',
  disposition: 'abandoned',
  day: '2026-11-20',
  recordedAt: '2026-11-20T02:03:00.000Z',
  queuedAt: '2026-11-20T02:00:00.000Z',
};
const both = { appeals: 1, dispatches: 1 };
/** The caller of `call`, reached by a callback 40 minutes later (漏接回拨), as the store writes it. */
const callback = {
  ...reachedAt(callbackTask([missedCall('c-1', '12345', '2026-11-20T02:03:00Z')]), '2026-11-20T02:43:00Z'),
};
const called = { callbacksDue: 1, callbacksReached: 1, callbacksReachedOnTime: 1 };

/** The metrics table as the projection would have left it for `kase` and `call`. */
function liveItems(): Record<string, unknown>[] {
  const marks = { _applied_202611200200: { e1: '1' } };
  return [
    { pk: 'all', sk: '2026-11-20', day: '2026-11-20', ...both, ...marks },
    { pk: 'channel', sk: '2026-11-20#webform', ...both, ...marks },
    { pk: 'category', sk: '2026-11-20#water-supply', ...both, ...marks },
    { pk: 'department', sk: '2026-11-20#water-group', ...both, ...marks },
    { pk: 'call', sk: '2026-11-20', callsQueued: 1, callsAbandoned: 1, ...called, ...marks },
    { pk: 'line', sk: '2026-11-20#12345', callsQueued: 1, callsAbandoned: 1, ...called, ...marks },
  ];
}

function tablesHold(live: Record<string, unknown>[]) {
  ddb
    .on(ScanCommand, { TableName: 'cases' })
    .resolves({ Items: [toItem(kase), call, callback, { pk: 'RULE#x', sk: 'RULE' }] });
  // Two pages, as a large metrics table comes back.
  ddb
    .on(ScanCommand, { TableName: 'metrics' })
    .resolvesOnce({ Items: live.slice(0, 2), LastEvaluatedKey: { pk: 'x', sk: 'y' } })
    .resolvesOnce({ Items: live.slice(2) });
}

describe('Function: rebuildMetrics', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('finds no drift when the live counters equal the recount', async () => {
    // Prepare
    tablesHold(liveItems());

    // Act
    const report = await rebuildMetrics(client, tables);

    // Assess
    expect(report).toMatchObject({
      cases: 1,
      calls: 1,
      callbacks: 1,
      expectedItems: 6,
      liveItems: 6,
      drift: [],
      fixed: 0,
    });
  });

  it('reports a callback counter the projection missed', async () => {
    // Prepare
    tablesHold(liveItems().map((i) => (i.pk === 'line' ? { ...i, callbacksReachedOnTime: 0 } : i)));

    // Act
    const report = await rebuildMetrics(client, tables);

    // Assess
    expect(report.drift).toEqual([
      { id: 'line|2026-11-20#12345', counter: 'callbacksReachedOnTime', expected: 1, live: 0 },
    ]);
  });

  it('reports drift both ways: a missing item, an extra item, and a different counter', async () => {
    // Prepare: the department item is missing, a stray item exists, the all item counts one too many
    const live = liveItems().filter((i) => i.pk !== 'department');
    live[0] = { ...live[0], appeals: 2 };
    live.push({ pk: 'all', sk: '2026-11-19', appeals: 3 });
    tablesHold(live);

    // Act
    const report = await rebuildMetrics(client, tables);

    // Assess
    expect(report.drift).toEqual([
      { id: 'all|2026-11-19', counter: 'appeals', expected: 0, live: 3 },
      { id: 'all|2026-11-20', counter: 'appeals', expected: 1, live: 2 },
      { id: 'department|2026-11-20#water-group', counter: 'appeals', expected: 1, live: 0 },
      { id: 'department|2026-11-20#water-group', counter: 'dispatches', expected: 1, live: 0 },
    ]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('with fix, adds each drifting item’s differences in one update and leaves the marks alone', async () => {
    // Prepare
    const live = liveItems().filter((i) => i.pk !== 'department');
    tablesHold(live);
    ddb.on(UpdateCommand).resolves({});

    // Act
    const report = await rebuildMetrics(client, tables, { fix: true });

    // Assess
    expect(report.fixed).toBe(1);
    const [update] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(update).toEqual({
      TableName: 'metrics',
      Key: { pk: 'department', sk: '2026-11-20#water-group' },
      UpdateExpression:
        'ADD #c0 :c0, #c1 :c1 SET #day = if_not_exists(#day, :day), #value = if_not_exists(#value, :value)',
      ExpressionAttributeNames: { '#c0': 'appeals', '#c1': 'dispatches', '#day': 'day', '#value': 'value' },
      ExpressionAttributeValues: { ':c0': 1, ':c1': 1, ':day': '2026-11-20', ':value': 'water-group' },
    });
  });
});
