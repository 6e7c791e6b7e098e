import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { caseIdOfCall } from '../../shared/domain/call-record.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idle,
  routedPair,
  type StaffJson,
  stack,
  staffCall,
  uniquePhone,
} from './helpers.js';

// 坐席 through the local stack: the CTI posts an answered call with no appeal; the agent sees it on
// its list, types the appeal, and the case is made as the CTI's own record would make it, linked to
// the call; a later call of the same caller shows it among the caller's cases. The CTI's record
// posted again with the appeal makes no second case; bad input is refused and writes nothing.

const secret = localHotlineSecret(stack.dataDir);
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/** An answered call, ended a moment ago, as the CTI posts it (no appeal unless given). */
function answeredCall(callId: string, caller: string, agentId: string, extra: Record<string, unknown> = {}) {
  return {
    callId,
    caller,
    line: '12345',
    queuedAt: iso(180_000),
    answeredAt: iso(170_000),
    endedAt: iso(20_000),
    disposition: 'answered',
    agentId,
    recordedAt: iso(10_000),
    ...extra,
  };
}

async function cti(record: Record<string, unknown>) {
  const posted = await postHotline(stack.url, JSON.stringify(record), secret);
  expect(posted.status).toBe(202);
  return posted.json;
}

async function item(table: string, pk: string, sk: string) {
  return (await ddb.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item;
}

type Listed = { callId: string; trackingNo?: string; caseId?: string; callerMasked?: string };

describe('the agent desk (坐席) through the local stack', () => {
  const { category, district } = routedPair();
  const agentId = `it-a-${randomUUID().slice(0, 8)}`;
  const otherAgentId = `it-b-${randomUUID().slice(0, 8)}`;
  let agent: string;
  let otherAgent: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    agent = await jwt.issue({ sub: 'it-desk-agent', role: 'agent', agentId });
    otherAgent = await jwt.issue({ sub: 'it-desk-agent-2', role: 'agent', agentId: otherAgentId });
  });

  async function listed(token: string, callId: string, probe: (call: Listed) => boolean = () => true) {
    return eventually(
      async () => {
        const { status, json } = await staffCall(token, 'GET', '/v1/agent/calls');
        expect(status).toBe(200);
        return (json.items as Listed[]).find((c) => c.callId === callId && probe(c));
      },
      { timeoutMs: 30_000, what: `call ${callId} on the agent's list` },
    );
  }

  it('takes a call, enters its appeal, links the case to the call and shows it to the next call of the caller', async () => {
    // Prepare
    const phone = uniquePhone();
    const callId = `it-desk-${randomUUID()}`;
    await cti(answeredCall(callId, phone, agentId));
    const onList = await listed(agent, callId);
    const appeal = {
      type: 'complaint',
      category,
      district,
      content: '市民来电反映：小区门口道路破损，雨天积水。',
      callbackPhone: phone,
    };

    // Act
    const entered = await staffCall(agent, 'POST', `/v1/calls/${callId}/appeal`, appeal);
    const again = await staffCall(agent, 'POST', `/v1/calls/${callId}/appeal`, appeal);

    // Assess
    expect(onList).toMatchObject({ callerMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    expect(onList.trackingNo).toBeUndefined();
    expect(entered.status).toBe(202);
    const { trackingNo, caseId } = entered.json as { trackingNo: string; caseId: string };
    expect(caseId).toBe(caseIdOfCall(callId));
    expect(again).toEqual(entered);
    const [kase] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items[0]?.status === 'dispatched' ? items : undefined;
      },
      { timeoutMs: 30_000, what: `case ${trackingNo} dispatched` },
    );
    expect(kase).toMatchObject({ caseId, channel: 'hotline', sourceId: callId, category, district });
    expect(kase).toMatchObject({ contact: { verifiedBy: 'network_caller' } });
    await listed(agent, callId, (c) => c.trackingNo === trackingNo && c.caseId === caseId);

    // The caller rings again: their case is among the caller's cases of the new call.
    const nextCallId = `it-desk-${randomUUID()}`;
    await cti(answeredCall(nextCallId, phone, agentId));
    await listed(agent, nextCallId);
    const next = await eventually(
      async () => {
        const read = await staffCall(agent, 'GET', `/v1/calls/${nextCallId}`);
        const cases = read.json.callerCases as { caseId: string }[] | undefined;
        return cases?.some((c) => c.caseId === caseId) ? read : undefined;
      },
      { timeoutMs: 30_000, what: "the caller's case beside the next call" },
    );
    expect(next.status).toBe(200);
    expect(next.json.call).toMatchObject({ callId: nextCallId });
    expect(JSON.stringify(next.json)).not.toContain(phone);

    // The CTI posts its own record of the first call later, carrying the same appeal: one case still.
    const { callbackPhone: _same, ...typed } = appeal;
    const ctiAnswer = await cti(answeredCall(callId, phone, agentId, { recordedAt: iso(0), appeal: typed }));
    await idle();
    expect(ctiAnswer.trackingNo).toBe(trackingNo);
    const after = await casesByTrackingNo(trackingNo);
    expect(after).toHaveLength(1);
    expect(after[0]?.version).toBe(kase?.version);
    // A different appeal for the call is refused.
    const other = await staffCall(agent, 'POST', `/v1/calls/${callId}/appeal`, {
      ...appeal,
      content: '另一件事',
    });
    expect([other.status, other.json.error?.code]).toEqual([409, 'appeal_exists']);
  });

  it('refuses bad input with 4xx codes and writes nothing', async () => {
    // Prepare
    const phone = uniquePhone();
    const theirs = `it-desk-${randomUUID()}`;
    await cti(answeredCall(theirs, phone, otherAgentId));
    await listed(otherAgent, theirs);
    const appeal = { type: 'help', category, district, content: '路灯不亮', callbackPhone: phone };

    // Act
    const oversized = await staffCall(agent, 'POST', '/v1/classify', { text: '水'.repeat(4001) });
    const unknown = await staffCall(agent, 'POST', `/v1/calls/it-desk-${randomUUID()}/appeal`, appeal);
    const notMine = await staffCall(agent, 'POST', `/v1/calls/${theirs}/appeal`, appeal);
    const noCallback = await staffCall(otherAgent, 'POST', `/v1/calls/${theirs}/appeal`, {
      ...appeal,
      callbackPhone: undefined,
    });
    const othersList = await staffCall(agent, 'GET', `/v1/agent/calls?agentId=${otherAgentId}`);
    const suggestion = await staffCall(agent, 'POST', '/v1/classify', { text: '我要投诉路灯不亮' });

    // Assess
    const codes = (r: { status: number; json: StaffJson }) => [r.status, r.json.error?.code];
    expect(codes(oversized)).toEqual([422, 'validation_failed']);
    expect(codes(unknown)).toEqual([404, 'call_not_found']);
    expect(codes(notMine)).toEqual([403, 'forbidden']);
    expect(codes(noCallback)).toEqual([422, 'callback_phone_required']);
    expect(codes(othersList)).toEqual([403, 'forbidden']);
    expect(suggestion.status).toBe(200);
    expect(suggestion.json).toMatchObject({ type: 'complaint' });
    await idle();
    expect(await item(stack.resources.casesTable, `CASE#${caseIdOfCall(theirs)}`, 'CASE')).toBeUndefined();
    expect(await item(LOCAL_NAMES.requestMarksTable, `CALLAPPEAL#${theirs}`, 'MARK')).toBeUndefined();
  });
});
