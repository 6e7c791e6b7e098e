import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { localHotlineSecret, postHotline, randomCallRecord } from '../../scripts/hotline-client.js';
import { localWechatSecrets, sendWechat } from '../../scripts/wechat-client.js';
import { rebuildMetrics } from '../../shared/adapters/metrics-rebuild.js';
import { randomWebformBody, seededRandom } from '../../shared/seed/appeals.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  stack,
  webform,
} from './helpers.js';

// Demo-like traffic through the whole local stack (web form, hotline calls, WeChat, and a case's
// life through the staff case API), then the recount from the cases table against the live
// aggregates: they must agree exactly. Every earlier integration file's traffic is in it too.

type Json = Record<string, unknown>;

async function staff(token: string, path: string, body: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function dispatchedCaseId(trackingNo: string): Promise<string> {
  const [item] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items[0]?.status === 'dispatched' ? items : undefined;
    },
    { what: `the dispatched case ${trackingNo}` },
  );
  return item?.caseId as string;
}

/** One versioned write of the case's notices, conditional on the version read. */
async function moveNotices(caseId: string, change: (notices: Json[]) => Json[]): Promise<void> {
  const Key = { pk: `CASE#${caseId}`, sk: 'CASE' };
  const TableName = stack.resources.casesTable;
  const { Item } = await ddb.send(new GetCommand({ TableName, Key, ConsistentRead: true }));
  const notices = (Item?.notices ?? []) as Json[];
  expect(notices.length).toBeGreaterThan(0);
  await ddb.send(
    new PutCommand({
      TableName,
      Item: { ...Item, notices: change(notices), version: (Item?.version as number) + 1 },
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': Item?.version },
    }),
  );
}

function phone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

describe('the metric aggregates after demo-like traffic', () => {
  const { departmentId } = routedPair();
  const otherDepartment = SEED_DIRECTORY.departments.find((d) => d.id !== departmentId)?.id as string;
  let jwt: DevJwt;

  beforeAll(async () => {
    jwt = await loadDevJwt(stack.dataDir);
  });

  it('equal a recount from the cases table: no drift', async () => {
    // Prepare: several channels
    const rng = seededRandom(20261129);
    for (let i = 0; i < 8; i++) {
      await postWebform(
        { ...randomWebformBody(rng), phone: phone() },
        { 'idempotency-key': idempotencyKey() },
      );
    }
    const secret = localHotlineSecret(stack.dataDir);
    for (let i = 0; i < 10; i++) {
      await postHotline(stack.url, JSON.stringify(randomCallRecord(rng, `drift-${randomUUID()}`)), secret);
    }
    const wechat = localWechatSecrets(stack.dataDir);
    const xml =
      `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[o-drift-${randomUUID()}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[小区路灯坏了一个月没人修]]></Content><MsgId>${Date.now()}</MsgId></xml>`;
    await sendWechat(stack.url, xml, wechat, 'plain');

    // A case handled, rated dissatisfied, reopened and completed again; another returned and redispatched.
    const department = await jwt.issue({ sub: 'drift-dept', role: 'department', departmentId });
    const agent = await jwt.issue({ sub: 'drift-agent', role: 'agent' });
    const supervisor = await jwt.issue({ sub: 'drift-super', role: 'supervisor' });
    const dispatcher = await jwt.issue({ sub: 'drift-dispatch', role: 'dispatcher' });
    const first = await postWebform(webform({ phone: phone() }), { 'idempotency-key': idempotencyKey() });
    const second = await postWebform(webform({ phone: phone() }), { 'idempotency-key': idempotencyKey() });
    const handled = await dispatchedCaseId(first.json.trackingNo as string);
    const returned = await dispatchedCaseId(second.json.trackingNo as string);
    const act = (token: string, caseId: string, body: unknown) =>
      staff(token, `/v1/cases/by-id/${caseId}/actions`, body);
    const steps = [
      await act(department, handled, { action: 'acknowledge' }),
      await act(department, handled, { action: 'complete', reply: '已处理完毕' }),
      await act(agent, handled, { action: 'rate', rating: 'dissatisfied' }),
      await act(supervisor, handled, { action: 'reopen', note: '市民不满意' }),
      await act(department, handled, { action: 'acknowledge' }),
      await act(department, handled, { action: 'complete', reply: '已再次处理' }),
      await act(department, returned, { action: 'return', reason: 'not_our_responsibility' }),
      await act(dispatcher, returned, { action: 'redispatch', departmentId: otherDepartment }),
    ];
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    // The re-completion's notice delivered, and the first one's undeliverable: versioned writes of
    // the case, as the notice pipeline makes them (the stream shows old and new images).
    await moveNotices(handled, (notices) =>
      notices.map((n, i) =>
        i === notices.length - 1
          ? { ...n, state: 'delivered', messageId: 'drift-sid', deliveredAt: new Date().toISOString() }
          : { ...n, state: 'undeliverable', reason: 'no_verified_address' },
      ),
    );

    // Act
    await idle();
    const report = await rebuildMetrics(ddb, {
      casesTable: stack.resources.casesTable,
      metricsTable: LOCAL_NAMES.metricsTable,
    });

    // Assess
    expect(report.drift).toEqual([]);
    expect(report.cases).toBeGreaterThanOrEqual(11);
    expect(report.calls).toBeGreaterThanOrEqual(10);
    expect(report.liveItems).toBeGreaterThan(0);
    expect(report.expectedItems).toBe(report.liveItems);
  });

  it('reports an aggregate that drifted, and --fix puts it right', async () => {
    // Prepare: a counter changed behind the projection's back
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const tables = { casesTable: stack.resources.casesTable, metricsTable: LOCAL_NAMES.metricsTable };
    const before = await rebuildMetrics(ddb, tables);
    expect(before.drift).toEqual([]);
    await ddb.send(
      new UpdateCommand({
        TableName: LOCAL_NAMES.metricsTable,
        Key: { pk: 'all', sk: '2000-01-01' },
        UpdateExpression: 'ADD appeals :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    // Act
    const drifted = await rebuildMetrics(ddb, tables, { fix: true });
    const after = await rebuildMetrics(ddb, tables);

    // Assess
    expect(drifted.drift).toEqual([{ id: 'all|2000-01-01', counter: 'appeals', expected: 0, live: 1 }]);
    expect(drifted.fixed).toBe(1);
    expect(after.drift).toEqual([]);
  });
});
