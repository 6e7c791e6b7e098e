import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { localWechatSecrets, sendWechat, trackingNoIn } from '../../scripts/wechat-client.js';
import { casesByTrackingNo, eventually, routedPair, stack, staffCall, uniquePhone } from './helpers.js';

// 办结告知 on the channels besides the web form (notices.test.ts): a hotline caller is told by SMS
// at the number the call record names (the Tencent fake, the official SDK), and a WeChat citizen by
// a template message of the Official Account (the WeChat API fake), whose receipt comes back as
// WeChat sends it, a signed TEMPLATESENDJOBFINISH event on the account's webhook. Each notice is
// `sent` with the provider's message id, then `delivered` on the receipt, and is sent once.

interface NoticeRecord {
  noticeId: string;
  state: string;
  attempts: number;
  provider?: string;
  via?: string;
  messageId?: string;
}
interface Listed {
  provider: string;
  via: string;
  messageId: string;
  templateId?: string;
  params?: Record<string, string>;
  trackingNo?: string;
  to: string;
}

async function caseOf(trackingNo: string): Promise<Record<string, unknown>> {
  const [item] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 ? items : undefined;
    },
    { timeoutMs: 20_000, what: `the case ${trackingNo}` },
  );
  return item as Record<string, unknown>;
}

async function deliveredNotice(trackingNo: string): Promise<NoticeRecord> {
  return eventually(
    async () => {
      const [item] = await casesByTrackingNo(trackingNo);
      const notice = (item?.notices as NoticeRecord[] | undefined)?.[0];
      return notice?.state === 'delivered' ? notice : undefined;
    },
    { timeoutMs: 25_000, intervalMs: 100, what: `the delivered notice of ${trackingNo}` },
  );
}

async function outboxFor(trackingNo: string): Promise<Listed[]> {
  const all = (await (await fetch(`${stack.url}/_local/notifications`)).json()) as Listed[];
  return all.filter((n) => n.trackingNo === trackingNo);
}

describe('completion notices on the hotline and WeChat channels', () => {
  const { category, district, departmentId } = routedPair();

  /** The case's department acknowledges and completes it. */
  async function complete(caseId: string, by = departmentId): Promise<void> {
    const jwt = await loadDevJwt(stack.dataDir);
    const department = await jwt.issue({ sub: `it-notice-${by}`, role: 'department', departmentId: by });
    const actions = `/v1/cases/by-id/${caseId}/actions`;
    expect((await staffCall(department, 'POST', actions, { action: 'acknowledge' })).status).toBe(200);
    const done = await staffCall(department, 'POST', actions, { action: 'complete', reply: '已处理完毕' });
    expect(done.status).toBe(200);
  }

  it('tells a hotline caller by SMS at the number of the call, once, and records the receipt', async () => {
    // Prepare
    const phone = uniquePhone();
    const record = JSON.stringify({
      callId: `it-${randomUUID()}`,
      caller: phone,
      line: '12345',
      queuedAt: new Date(Date.now() - 300_000).toISOString(),
      answeredAt: new Date(Date.now() - 290_000).toISOString(),
      endedAt: new Date(Date.now() - 60_000).toISOString(),
      disposition: 'answered',
      agentId: 'a-017',
      recordedAt: new Date(Date.now() - 59_000).toISOString(),
      appeal: { type: 'complaint', category, district, content: '市民来电反映：楼道灯坏了一个月无人修理。' },
    });
    const posted = await postHotline(stack.url, record, localHotlineSecret(stack.dataDir));
    const trackingNo = posted.json.trackingNo as string;

    // Act
    await complete((await caseOf(trackingNo)).caseId as string);
    const notice = await deliveredNotice(trackingNo);

    // Assess
    const outbox = await outboxFor(trackingNo);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ provider: 'tencent', via: 'sms', messageId: notice.messageId });
    expect(outbox[0]?.params).toMatchObject({ trackingNo });
    // Masked in the outbox, and the right number: its last four digits.
    expect(outbox[0]?.to).not.toContain(phone);
    expect(outbox[0]?.to.endsWith(phone.slice(-4))).toBe(true);
    expect(notice).toMatchObject({ provider: 'tencent', via: 'sms', attempts: 1 });
  });

  it('tells a WeChat citizen by a template message, and takes WeChat’s signed receipt event', async () => {
    // Prepare
    const from = `oItNotice${randomInt(1, 2 ** 40)}`;
    const xml =
      `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[鼓楼区东街12号路灯不亮，请尽快修理]]></Content>` +
      `<MsgId>${randomInt(1, 2 ** 47)}${randomInt(1000, 9999)}</MsgId></xml>`;
    const reply = await sendWechat(stack.url, xml, localWechatSecrets(stack.dataDir), 'safe');
    const trackingNo = trackingNoIn(reply.content) as string;
    const kase = await caseOf(trackingNo);
    let handler = kase.departmentId as string | undefined;
    if (kase.status !== 'dispatched' || !handler) {
      // The message's words classify it; route it by hand when the catalogue did not.
      const dispatcher = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-d', role: 'dispatcher' });
      const routed = await staffCall(dispatcher, 'POST', `/v1/cases/by-id/${kase.caseId as string}/actions`, {
        action: 'dispatch',
        departmentId,
      });
      expect(routed.status).toBe(200);
      handler = departmentId;
    }

    // Act
    await complete(kase.caseId as string, handler);
    const notice = await deliveredNotice(trackingNo);

    // Assess
    const outbox = await outboxFor(trackingNo);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      provider: 'wechat',
      via: 'wechat_template',
      messageId: notice.messageId,
    });
    expect(outbox[0]?.to).not.toContain(from);
    expect(notice).toMatchObject({ provider: 'wechat', via: 'wechat_template', attempts: 1 });
  });
});
