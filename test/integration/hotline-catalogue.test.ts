import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { caseIdOfCall } from '../../shared/domain/call-record.js';
import { buildDirectory } from '../../shared/domain/directory.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { casesByTrackingNo, ddb, eventually, routedPair, stack, staffCall, uniquePhone } from './helpers.js';

// A call record whose appeal names the catalogue the way an agent types it: by Chinese name it is
// dispatched by the rule; by a text the catalogue does not know it is still taken (202), the call
// counted, and the case waits for a dispatcher with the typed text on it (issue 15).

const secret = localHotlineSecret(stack.dataDir);
const directory = buildDirectory(SEED_DIRECTORY);

/** An instant `minutes` ago: a case received now sorts among the others in the dispatchers' queue. */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function answeredCall(callId: string, appeal: Record<string, unknown>) {
  return {
    callId,
    // A caller of its own: the stack merges one verified caller's like appeals (并单).
    caller: uniquePhone(),
    line: '12345',
    queuedAt: ago(6),
    answeredAt: ago(5),
    endedAt: ago(1),
    disposition: 'answered',
    agentId: 'a-031',
    recordedAt: ago(0),
    appeal: { type: 'complaint', content: '市民来电反映：小区门口的问题持续一周。', ...appeal },
  };
}

async function theCase(trackingNo: string, status: string) {
  const [kase] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 && items[0]?.status === status ? items : undefined;
    },
    { timeoutMs: 30_000, what: `a ${status} case ${trackingNo}` },
  );
  return kase as Record<string, unknown>;
}

async function callItem(callId: string) {
  const out = await ddb.send(
    new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CALL#${callId}`, sk: 'CALL' } }),
  );
  return out.Item;
}

describe('a call appeal read against the catalogue through the local stack', () => {
  let dispatcher: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    dispatcher = await jwt.issue({ sub: 'it-calls-dispatcher', role: 'dispatcher' });
  });

  it('dispatches by the rule an appeal whose category and district are given by their Chinese names', async () => {
    // Prepare
    const { category, district, departmentId } = routedPair();
    const callId = `it-${randomUUID()}`;
    const names = {
      category: ` ${directory.categories.get(category)?.name} `,
      district: directory.districts.get(district)?.name,
    };

    // Act
    const posted = await postHotline(stack.url, JSON.stringify(answeredCall(callId, names)), secret);

    // Assess
    expect(posted.status).toBe(202);
    const kase = await theCase(posted.json.trackingNo as string, 'dispatched');
    expect(kase).toMatchObject({ caseId: caseIdOfCall(callId), category, district, departmentId });
    expect(kase).not.toHaveProperty('typedCategory');
  });

  it('takes a call whose appeal names an unknown category, counts the call, and leaves the case to a dispatcher with the typed text', async () => {
    // Prepare
    const { district } = routedPair();
    const callId = `it-${randomUUID()}`;
    const typed = `无法归类的来电诉求-${callId.slice(-6)}`;

    // Act
    const posted = await postHotline(
      stack.url,
      JSON.stringify(answeredCall(callId, { category: typed, district })),
      secret,
    );

    // Assess: taken, not refused, and the call itself is stored for the answer rate.
    expect(posted.status).toBe(202);
    const kase = await theCase(posted.json.trackingNo as string, 'pending_dispatch');
    expect(kase).toMatchObject({ category: 'other', district, typedCategory: typed });
    expect(kase).not.toHaveProperty('departmentId');
    const history = kase.history as { action: string; note?: string }[];
    expect(history.at(-1)).toMatchObject({ action: 'await_dispatch' });
    expect(history.at(-1)?.note).toContain(typed);
    expect(await callItem(callId)).toMatchObject({ disposition: 'answered', caseId: caseIdOfCall(callId) });
    // The dispatcher reads the typed text through the staff API.
    const read = await staffCall(dispatcher, 'GET', `/v1/cases/by-id/${caseIdOfCall(callId)}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ status: 'pending_dispatch', typedCategory: typed });
  });
});
