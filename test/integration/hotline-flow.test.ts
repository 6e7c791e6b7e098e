import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localHotlineSecret, postHotline, signedHeaders } from '../../scripts/hotline-client.js';
import { caseIdOfCall } from '../../shared/domain/call-record.js';
import { casesByTrackingNo, ddb, eventually, idle, invocations, routedPair, stack } from './helpers.js';

const secret = localHotlineSecret(stack.dataDir);

function answeredCall(callId: string, recordedAt: string, appeal: Record<string, unknown> = {}) {
  const { category, district } = routedPair();
  return {
    callId,
    caller: '+86 139 8765 4321',
    line: '12345',
    queuedAt: '2026-11-23T09:14:31+08:00',
    answeredAt: '2026-11-23T09:14:39+08:00',
    endedAt: '2026-11-23T09:19:12+08:00',
    disposition: 'answered',
    agentId: 'a-017',
    recordedAt,
    appeal: { type: 'complaint', category, district, content: '市民来电反映：楼下餐馆油烟扰民。', ...appeal },
  };
}

async function callItem(callId: string) {
  const out = await ddb.send(
    new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CALL#${callId}`, sk: 'CALL' } }),
  );
  return out.Item;
}

async function oneCase(trackingNo: string, status: string) {
  return eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 && items[0]?.status === status ? items : undefined;
    },
    { timeoutMs: 30_000, what: `a ${status} case ${trackingNo}` },
  );
}

describe('hotline call records through the local stack', () => {
  it('makes exactly one case from a call, whatever the resends and their order, and keeps the latest record', async () => {
    // Prepare
    const callId = `it-${randomUUID()}`;
    const later = JSON.stringify(answeredCall(callId, '2026-11-23T09:25:00+08:00'));
    const older = JSON.stringify(answeredCall(callId, '2026-11-23T09:19:13+08:00'));

    // Act
    const first = await postHotline(stack.url, later, secret);
    const resend = await postHotline(stack.url, later, secret);
    const outOfOrder = await postHotline(stack.url, older, secret);

    // Assess
    expect([first.status, resend.status, outOfOrder.status]).toEqual([202, 202, 202]);
    const trackingNo = first.json.trackingNo as string;
    expect(first.json).toEqual({ callId, trackingNo, statusUrl: `/v1/cases/${trackingNo}` });
    expect([resend.json.trackingNo, outOfOrder.json.trackingNo]).toEqual([trackingNo, trackingNo]);
    await oneCase(trackingNo, 'dispatched');
    await idle();
    const cases = await casesByTrackingNo(trackingNo);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ caseId: caseIdOfCall(callId), channel: 'hotline' });
    const item = await callItem(callId);
    expect(item).toMatchObject({ recordedAt: '2026-11-23T01:25:00.000Z', disposition: 'answered' });
    expect(JSON.stringify(item)).not.toContain('13987654321');
  });

  it('stores an abandoned call as a CALL item through the queue and makes no case', async () => {
    // Prepare
    const callId = `it-${randomUUID()}`;
    const body = JSON.stringify({
      callId,
      caller: '13812345678',
      line: '12345',
      queuedAt: '2026-11-23T09:40:26+08:00',
      endedAt: '2026-11-23T09:41:48+08:00',
      disposition: 'abandoned',
      recordedAt: '2026-11-23T09:41:49+08:00',
    });

    // Act
    const posted = await postHotline(stack.url, body, secret);

    // Assess
    expect(posted.status).toBe(202);
    expect(posted.json).toEqual({ callId });
    await idle();
    expect(await callItem(callId)).toMatchObject({
      disposition: 'abandoned',
      day: '2026-11-23',
      queuedAt: '2026-11-23T01:40:26.000Z',
      callerMasked: '138****5678',
    });
    const kase = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${caseIdOfCall(callId)}`, sk: 'CASE' },
      }),
    );
    expect(kase.Item).toBeUndefined();
  });

  it('creates a completed case from an appeal answered on the call', async () => {
    // Prepare
    const callId = `it-${randomUUID()}`;
    const body = JSON.stringify(
      answeredCall(callId, '2026-11-23T09:19:13+08:00', {
        type: 'consultation',
        answeredDirectly: true,
        reply: '已告知办理材料和窗口地址。',
      }),
    );

    // Act
    const posted = await postHotline(stack.url, body, secret);

    // Assess
    expect(posted.status).toBe(202);
    const [kase] = await oneCase(posted.json.trackingNo as string, 'completed');
    expect(kase).toMatchObject({ resolvedAtIntake: true, reply: '已告知办理材料和窗口地址。' });
  });

  it('creates a case from an Amazon Connect contact record', async () => {
    // Prepare
    const { category, district } = routedPair();
    const ctr = JSON.parse(
      readFileSync(new URL('../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );
    ctr.ContactId = randomUUID();
    ctr.Attributes = { ...ctr.Attributes, category, district };

    // Act
    const posted = await postHotline(stack.url, JSON.stringify(ctr), secret);

    // Assess
    expect(posted.status).toBe(202);
    await oneCase(posted.json.trackingNo as string, 'dispatched');
    expect(await callItem(ctr.ContactId)).toMatchObject({ disposition: 'answered', agentId: 'a-021' });
  });

  it('refuses a bad signature with 401 and writes nothing: no message, no record, no case', async () => {
    // Prepare
    const callId = `it-${randomUUID()}`;
    const body = JSON.stringify(answeredCall(callId, '2026-11-23T09:19:13+08:00'));
    await idle();
    const dispatchesBefore = (await invocations())['dispatch-appeal'];

    // Act
    const res = await fetch(`${stack.url}/v1/channels/hotline/calls`, {
      method: 'POST',
      headers: signedHeaders('not-the-secret', body),
      body,
    });

    // Assess
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    await idle();
    expect((await invocations())['dispatch-appeal']).toBe(dispatchesBefore);
    expect(await callItem(callId)).toBeUndefined();
    const kase = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${caseIdOfCall(callId)}`, sk: 'CASE' },
      }),
    );
    expect(kase.Item).toBeUndefined();
  });
});
