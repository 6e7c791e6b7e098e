import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { rebuildMetrics } from '../../shared/adapters/metrics-rebuild.js';
import {
  CALLBACKS_ERASE_QUEUE,
  CALLBACKS_OPEN_QUEUE,
  type CallbackTask,
  CallbackTaskSchema,
} from '../../shared/domain/callbacks/task.js';
import { shanghaiDate } from '../../shared/domain/working-days.js';
import { callbackTask } from '../unit/fixtures/callback-task.js';
import { ddb, eventually, idle, stack, staffCall } from './helpers.js';

// Every line measured, through the local stack: signed call records on two lines of this run's own
// (so no other file's traffic is in their rows), one of them entered through the admin API with a
// 50 % target; then a callback task written straight into the cases table as the callbacks core
// writes it, and closed as reached: the stream projection moves the callback counters by delta, and
// the recount from the cases table agrees.

// biome-ignore lint/suspicious/noExplicitAny: response rows, read field by field.
type Row = any;

const MINUTE = 60_000;
const run = randomUUID().replaceAll('-', '').slice(0, 8);
/** A line the directory does not know (shown by its code, judged against 98 %) and one it does. */
const UNKNOWN = `it${run}a`;
const KNOWN = `it${run}b`;
const iso = (ms: number) => new Date(ms).toISOString();

/** A call record of the CTI on `line`, queued `minutesAgo` and answered after 5 s, or abandoned. */
function callRecord(line: string, disposition: 'answered' | 'abandoned', minutesAgo: number) {
  const queued = Date.now() - minutesAgo * MINUTE;
  const ended = queued + 40_000;
  return {
    callId: `lines-${run}-${randomUUID()}`,
    line,
    startedAt: iso(queued - 10_000),
    queuedAt: iso(queued),
    ...(disposition === 'answered' ? { answeredAt: iso(queued + 5_000), agentId: 'a-lines' } : {}),
    endedAt: iso(ended),
    disposition,
    recordedAt: iso(ended + 1_000),
  };
}

/** A callback task as the core opens it: the caller's two abandoned calls, one on each line. */
function openTask(): CallbackTask {
  const ref = randomUUID().replaceAll('-', '').slice(0, 24);
  const missed = (line: string, minutesAgo: number) => {
    const at = Date.now() - minutesAgo * MINUTE;
    return {
      callId: `lines-${run}-missed-${line}`,
      line,
      reason: 'queue_abandoned' as const,
      missedAt: iso(at),
      dueAt: iso(at + 60 * MINUTE),
      day: shanghaiDate(new Date(at)),
    };
  };
  const calls = [missed(UNKNOWN, 20), missed(KNOWN, 10)];
  const first = calls[0] as (typeof calls)[number];
  return callbackTask(
    calls,
    {
      callerMasked: '139****0000',
      number: { ciphertext: 'AYADeHsealed-by-the-vault', callId: first.callId },
    },
    ref,
  );
}

describe('the metrics of every line through the local stack', () => {
  let analyst: string;
  let supervisor: string;
  const today = shanghaiDate(new Date());
  const from = shanghaiDate(new Date(Date.now() - 60 * MINUTE));

  const lineRows = async (): Promise<Record<string, Row>> => {
    const res = await staffCall(analyst, 'GET', `/v1/metrics?from=${from}&to=${today}&groupBy=line`);
    expect(res.status).toBe(200);
    return Object.fromEntries((res.json.groups as Row[]).map((g) => [g.key, g]));
  };

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    analyst = await jwt.issue({ sub: 'it-lines-analyst', role: 'analyst' });
    supervisor = await jwt.issue({ sub: 'it-lines-super', role: 'supervisor' });
  });

  it('gives each line its answer rate against its own target', async () => {
    // Prepare: KNOWN enters the directory with a 50 % target; calls on both lines
    const put = await fetch(`${stack.url}/v1/admin/directory/lines/${KNOWN}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: KNOWN, name: '集成测试热线', answerRateTarget: 0.5 }),
    });
    expect(put.status).toBe(201);
    const secret = localHotlineSecret(stack.dataDir);
    const records = [
      callRecord(UNKNOWN, 'answered', 30),
      callRecord(UNKNOWN, 'answered', 25),
      callRecord(UNKNOWN, 'answered', 22),
      callRecord(UNKNOWN, 'abandoned', 20),
      callRecord(KNOWN, 'answered', 15),
      callRecord(KNOWN, 'abandoned', 10),
    ];
    for (const record of records) {
      expect((await postHotline(stack.url, JSON.stringify(record), secret)).status).toBe(202);
    }

    // Act
    const rows = await eventually(
      async () => {
        const r = await lineRows();
        return r[UNKNOWN]?.counts.callsQueued === 4 && r[KNOWN]?.counts.callsQueued === 2 ? r : undefined;
      },
      { what: 'both lines counted' },
    );

    // Assess
    expect(rows[UNKNOWN].name).toBe(UNKNOWN);
    expect(rows[UNKNOWN].rates.answerRate).toEqual({
      numerator: 3,
      denominator: 4,
      value: 0.75,
      target: 0.98,
      met: false,
    });
    expect(rows[KNOWN].name).toBe('集成测试热线');
    expect(rows[KNOWN].rates.answerRate).toEqual({
      numerator: 1,
      denominator: 2,
      value: 0.5,
      target: 0.5,
      met: true,
    });
    expect(rows[KNOWN].counts.appeals).toBe(0);
    // The seeded lines are rows too, whether or not anything was counted on them.
    expect(rows['12345']?.name).toBe('12345政务服务便民热线');
    expect(rows['96123']?.rates.answerRate.target).toBe(0.95);
  });

  it('moves the callback counters by delta as a task opens and is reached, with no drift', async () => {
    // Prepare: the task as the store writes it (on the open index while open)
    const open = openTask();
    const TableName = stack.resources.casesTable;
    await ddb.send(
      new PutCommand({
        TableName,
        Item: { ...open, deptQueue: CALLBACKS_OPEN_QUEUE, dueAt: open.callbackDueAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const due = await eventually(
      async () => {
        const r = await lineRows();
        return r[UNKNOWN]?.counts.callbacksDue === 1 && r[KNOWN]?.counts.callbacksDue === 1 ? r : undefined;
      },
      { what: 'the open task counted as due on both lines' },
    );
    expect(due[KNOWN].rates.callbackRate).toEqual({ numerator: 0, denominator: 1, value: 0 });

    // Act: an agent reaches the caller now, 20 minutes after the first call (due after 60)
    const at = iso(Date.now());
    const reached: CallbackTask = {
      ...open,
      status: 'reached',
      version: 2,
      attempts: [{ at, by: 'agent:it-lines', outcome: 'reached' }],
      closedAt: at,
      eraseAfter: iso(Date.now() + 30 * 24 * 60 * MINUTE),
      history: [...open.history, { at, actor: 'agent:it-lines', action: 'closed' }],
    };
    await ddb.send(
      new PutCommand({
        TableName,
        Item: {
          ...CallbackTaskSchema.parse(reached),
          deptQueue: CALLBACKS_ERASE_QUEUE,
          dueAt: reached.eraseAfter,
        },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': 1 },
      }),
    );
    const rows = await eventually(
      async () => {
        const r = await lineRows();
        return r[UNKNOWN]?.counts.callbacksReached === 1 && r[KNOWN]?.counts.callbacksReached === 1
          ? r
          : undefined;
      },
      { what: 'the reached task counted on both lines' },
    );
    await idle();
    const report = await rebuildMetrics(ddb, {
      casesTable: TableName,
      metricsTable: LOCAL_NAMES.metricsTable,
    });

    // Assess
    for (const code of [UNKNOWN, KNOWN]) {
      expect(rows[code].counts).toMatchObject({
        callbacksDue: 1,
        callbacksReached: 1,
        callbacksReachedOnTime: 1,
        callbacksSelfResolved: 0,
      });
      expect(rows[code].rates.callbackOnTimeRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
    }
    // 接通率 is untouched by the callback: the abandoned calls stay abandoned.
    expect(rows[KNOWN].rates.answerRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(report.callbacks).toBeGreaterThanOrEqual(1);
    expect(report.drift).toEqual([]);
  });

  it('exports the lines as CSV and publishes each line’s month, aggregates only', async () => {
    // Act
    const csv = await fetch(`${stack.url}/v1/metrics/export.csv?from=${from}&to=${today}&groupBy=line`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    const bytes = Buffer.from(await csv.arrayBuffer());
    const month = today.slice(0, 7);
    const published = await fetch(`${stack.url}/v1/public/metrics?from=${month}&to=${month}`);
    const text = await published.text();

    // Assess
    expect(csv.status).toBe(200);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    const header = (lines[0] ?? '').split(',');
    const known = (lines.find((l) => l.startsWith(`${KNOWN},`)) ?? '').split(',');
    expect(known[1]).toBe('集成测试热线');
    expect(known[header.indexOf('回拨率分子')]).toBe('1');
    expect(known[header.indexOf('回拨率分母')]).toBe('1');
    expect(published.status).toBe(200);
    const body = JSON.parse(text) as { months: { lines: Row[] }[] };
    expect(body.months[0]?.lines).toContainEqual({
      code: KNOWN,
      name: '集成测试热线',
      answerRate: { numerator: 1, denominator: 2, value: 0.5, target: 0.5, met: true },
    });
    expect(text).not.toMatch(/callerMasked|callback|139\*/);
  });
});
