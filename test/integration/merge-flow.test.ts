import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { localWechatSecrets, sendWechat, trackingNoIn } from '../../scripts/wechat-client.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  getStatus,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  stack,
  uniquePhone,
  webform,
} from './helpers.js';

// 并单 through the local stack. Only an identity the channel proved merges at intake (a WeChat
// openid, the hotline's calling number): a web-form phone is anyone's to type, so a repeat on it is
// a case of its own, flagged for a dispatcher. A merged case's lookup shows that case only, never
// the one it joined. Duplicate links are items of their own, so a flood leaves the master's size alone.

type Json = Record<string, unknown>;
type HistoryEntry = { action: string; note?: string; actor: string };

/** The stored case for a tracking number, once the dispatcher has written it. */
async function storedCase(trackingNo: string, until?: (item: Json) => boolean): Promise<Json> {
  const [item] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 && (!until || until(items[0] as Json)) ? items : undefined;
    },
    { what: `the case ${trackingNo}` },
  );
  return item as Json;
}

async function submit(body: Json, key = idempotencyKey()): Promise<string> {
  const posted = await postWebform(body, { 'idempotency-key': key });
  expect(posted.status).toBe(202);
  return posted.json.trackingNo as string;
}

async function staffToken(role: 'supervisor' | 'dispatcher'): Promise<string> {
  return (await loadDevJwt(stack.dataDir)).issue({ sub: `it-merge-${role}`, role });
}

async function staffCall(token: string, method: string, path: string, body?: Json) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/**
 * What of another case (`master`) a lookup of `own` must never show: its number, id and type, and
 * its department and dates wherever they are not also the citizen's own case's.
 */
function expectNothingOf(master: Json, own: Json, answer: Json): void {
  const text = JSON.stringify(answer);
  expect(text).not.toContain(String(master.trackingNo));
  expect(text).not.toContain(String(master.caseId));
  if (master.type !== own.type) expect(text).not.toContain(`"${String(master.type)}"`);
  for (const field of ['dueAt', 'receivedAt', 'departmentId']) {
    if (master[field] && master[field] !== own[field]) expect(text).not.toContain(String(master[field]));
  }
}

describe("并单 probe: a web-form appeal with someone else's number", () => {
  const { category, district } = routedPair();
  const otherDistrict = SEED_DIRECTORY.districts
    .map((d) => d.code)
    .find((code) => code !== district) as string;
  const victimPhone = uniquePhone();
  let victim: Json;
  let attacker: Json;

  beforeAll(async () => {
    victim = await storedCase(
      await submit(
        webform({
          type: 'report',
          phone: victimPhone,
          category,
          district,
          content: '举报某工地夜间违规施工',
        }),
      ),
    );
    attacker = await storedCase(
      await submit(webform({ phone: victimPhone, category, district, content: '同一问题，想看看办理情况' })),
    );
  });

  it("does not merge the attacker's appeal: a case of its own, routed, a repeat flagged for a dispatcher", () => {
    // Assess
    expect(victim.status).toBe('dispatched');
    expect(attacker).toMatchObject({
      status: 'dispatched',
      repeatOf: victim.caseId,
      possibleDuplicateOf: victim.caseId,
    });
    expect(attacker).not.toHaveProperty('mergedInto');
    expect((attacker.history as HistoryEntry[]).map((h) => h.action)).toContain('flag_duplicate');
  });

  it("answers the attacker's lookup with the victim's last four with the attacker's own case only", async () => {
    // Act
    const lookup = await getStatus(attacker.trackingNo as string, '5678');

    // Assess
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({
      trackingNo: attacker.trackingNo,
      type: 'complaint',
      receivedAt: attacker.receivedAt,
      dueAt: attacker.dueAt,
    });
    expectNothingOf(victim, attacker, lookup.json);
  });

  it("shows the merged citizen only their own case after a dispatcher's manual merge", async () => {
    // Prepare
    const dispatcher = await staffToken('dispatcher');

    // Act
    const merged = await staffCall(dispatcher, 'POST', `/v1/cases/by-id/${attacker.caseId}/actions`, {
      action: 'merge',
      masterCaseId: victim.caseId,
      note: '同一诉求',
    });
    const lookup = await getStatus(attacker.trackingNo as string, '5678');

    // Assess
    expect(merged).toMatchObject({ status: 200, json: { status: 'merged', mergedInto: victim.caseId } });
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({
      trackingNo: attacker.trackingNo,
      status: 'merged',
      department: null,
      note: expect.stringContaining(`工单号 ${attacker.trackingNo}`),
    });
    expect(lookup.json).not.toHaveProperty('mergedFrom');
    expect(lookup.json).not.toHaveProperty('dueAt');
    expectNothingOf(victim, { ...attacker, departmentId: undefined, dueAt: undefined }, lookup.json);
  });

  it('marks an appeal in another district a repeat, neither merged nor flagged', async () => {
    // Act
    const elsewhere = await storedCase(
      await submit(webform({ phone: victimPhone, category, district: otherDistrict })),
    );

    // Assess: the latest earlier case of the category is the (now merged) attacker's
    expect(elsewhere.status).not.toBe('merged');
    expect(elsewhere.repeatOf).toBe(attacker.caseId);
    expect(elsewhere).not.toHaveProperty('mergedInto');
    expect(elsewhere).not.toHaveProperty('possibleDuplicateOf');
  });
});

describe("a WeChat sender's repeat (a verified identity)", () => {
  const secrets = localWechatSecrets(stack.dataDir);
  const from = `oItMerge${randomInt(1, 2 ** 47)}`;
  const text = (content: string, msgId: string) =>
    `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const msgId = () => String(randomInt(1, 2 ** 47)) + String(randomInt(1000, 9999));
  const send = async (content: string, id = msgId()) => {
    const reply = await sendWechat(stack.url, text(content, id), secrets, 'safe');
    expect(reply.status).toBe(200);
    return reply;
  };
  let master: Json;
  let duplicate: Json;
  let duplicateMsgId: string;
  let supervisor: string;

  /** The master's item as the table holds it, and its duplicate-link items. */
  async function masterItems(): Promise<{ item: Json; links: Json[] }> {
    const item = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${master.caseId}`, sk: 'CASE' },
      }),
    );
    const links = await ddb.send(
      new QueryCommand({
        TableName: stack.resources.casesTable,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dup)',
        ExpressionAttributeValues: { ':pk': `CASE#${master.caseId}`, ':dup': 'DUP#' },
      }),
    );
    return { item: item.Item as Json, links: links.Items ?? [] };
  }

  beforeAll(async () => {
    supervisor = await staffToken('supervisor');
    const first = await send('鼓楼区东街12号小区停水两天了，请尽快处理');
    master = await storedCase(trackingNoIn(first.content) as string);
    duplicateMsgId = msgId();
    const second = await send('鼓楼区东街12号还是停水，没人来修', duplicateMsgId);
    duplicate = await storedCase(trackingNoIn(second.content) as string);
  });

  it('merges the second message into the first', () => {
    // Assess
    expect(master.status).toBe('dispatched');
    expect(duplicate).toMatchObject({ status: 'merged', mergedInto: master.caseId, repeatOf: master.caseId });
    expect(duplicate.trackingNo).not.toBe(master.trackingNo);
  });

  it("answers 查询 of the merged case with its own number and status only, not the master's", async () => {
    // Act
    const reply = await send(`查询 ${duplicate.trackingNo}`);

    // Assess
    expect(reply.content).toContain(`工单 ${duplicate.trackingNo}`);
    expect(reply.content).toContain('并单');
    expect(reply.content).not.toContain(String(master.trackingNo));
    expect(reply.content).not.toContain('承办单位');
  });

  it('links the duplicate once, as an item of its own, and the staff view lists it', async () => {
    // Act: WeChat retries the very message (same MsgId, so the same case)
    await send('鼓楼区东街12号还是停水，没人来修', duplicateMsgId);
    await idle();
    const { item, links } = await masterItems();
    const view = await staffCall(supervisor, 'GET', `/v1/cases/by-id/${master.caseId}`);

    // Assess
    expect(links.map((l) => l.sk)).toEqual([`DUP#${duplicate.caseId}`]);
    expect((item.history as HistoryEntry[]).map((h) => h.action)).not.toContain('link_duplicate');
    expect(view.status).toBe(200);
    expect(view.json.duplicates).toEqual([
      expect.objectContaining({ caseId: duplicate.caseId, trackingNo: duplicate.trackingNo }),
    ]);
  });

  it("absorbs 30 more repeats without growing the master's item", async () => {
    // Prepare
    const before = (await masterItems()).item;

    // Act
    for (let i = 0; i < 30; i++) await send(`鼓楼区东街12号停水第${i + 3}次反映，请尽快处理`);
    await idle();
    const { item, links } = await masterItems();

    // Assess
    expect(links).toHaveLength(31);
    expect(item.version).toBe(before.version);
    expect((item.history as HistoryEntry[]).length).toBe((before.history as HistoryEntry[]).length);
  });
});

describe('hotline repeats: the calling number merges, a typed callback number does not', () => {
  const { category, district } = routedPair();
  const secret = localHotlineSecret(stack.dataDir);
  const caller = uniquePhone();
  const call = (from: string, minute: number, extra: Json = {}) => {
    const at = (s: number) =>
      `2026-11-23T10:${String(minute).padStart(2, '0')}:${String(s).padStart(2, '0')}+08:00`;
    return JSON.stringify({
      callId: `it-merge-${randomUUID()}`,
      caller: from,
      line: '12345',
      queuedAt: at(1),
      answeredAt: at(9),
      endedAt: at(50),
      disposition: 'answered',
      agentId: 'a-017',
      recordedAt: at(51),
      appeal: {
        type: 'complaint',
        category,
        district,
        content: '市民来电反映：楼下餐馆油烟扰民。',
        ...extra,
      },
    });
  };
  const place = async (body: string): Promise<Json> => {
    const posted = await postHotline(stack.url, body, secret);
    expect(posted.status).toBe(202);
    return storedCase(posted.json.trackingNo as string);
  };

  it("merges a second call from the same number, and flags a callback number typed as that caller's", async () => {
    // Act
    const first = await place(call(caller, 1));
    const again = await place(call(caller, 2));
    const typed = await place(call(uniquePhone(), 3, { callbackPhone: caller }));

    // Assess
    expect(first.status).toBe('dispatched');
    expect(again).toMatchObject({ status: 'merged', mergedInto: first.caseId });
    expect(typed).toMatchObject({
      status: 'dispatched',
      possibleDuplicateOf: first.caseId,
      repeatOf: again.caseId,
    });
    expect(typed).not.toHaveProperty('mergedInto');
  });
});
