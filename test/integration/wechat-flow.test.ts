import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  localWechatSecrets,
  sendWechat,
  trackingNoIn,
  type WechatMode,
} from '../../scripts/wechat-client.js';
import { casesByTrackingNo, eventually, idle, stack } from './helpers.js';

// WeChat messages through the local gateway, signed and (in safe mode) encrypted as WeChat does,
// with the dev secrets the stack generated in its data dir.

const secrets = localWechatSecrets(stack.dataDir);

function message(fields: { from: string; content: string; msgId: string }): string {
  return (
    `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${fields.from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${fields.content}]]></Content><MsgId>${fields.msgId}</MsgId></xml>`
  );
}

function msgId(): string {
  return String(randomInt(1, 2 ** 47)) + String(randomInt(1000, 9999));
}

describe.each(['plain', 'safe'] as const)('a WeChat text message in %s mode', (mode: WechatMode) => {
  it('creates one case for three deliveries, and 查询 finds it for its sender only', async () => {
    // Prepare
    const from = `oIt${mode}${msgId()}`;
    const xml = message({ from, content: '鼓楼区东街12号小区停水两天了，请尽快处理', msgId: msgId() });

    // Act: WeChat's three tries of one message.
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await sendWechat(stack.url, xml, secrets, mode));

    // Assess
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const trackingNo = trackingNoIn(replies[0]?.content);
    expect(trackingNo).toBeDefined();
    expect(replies.map((r) => trackingNoIn(r.content))).toEqual([trackingNo, trackingNo, trackingNo]);
    if (mode === 'safe') expect(replies[0]?.body).toContain('<Encrypt>');

    const items = await eventually(
      async () => {
        const found = await casesByTrackingNo(trackingNo as string);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the WeChat case in the cases table' },
    );
    await idle();
    expect(await casesByTrackingNo(trackingNo as string)).toHaveLength(1);
    expect(items[0]).toMatchObject({
      channel: 'wechat',
      category: 'water-supply',
      district: 'gulou',
      status: 'dispatched',
    });
    expect(JSON.stringify(items[0])).not.toContain(from);

    const own = await sendWechat(
      stack.url,
      message({ from, content: `查询 ${trackingNo}`, msgId: msgId() }),
      secrets,
      mode,
    );
    expect(own.content).toContain(`工单 ${trackingNo}`);
    expect(own.content).toContain('状态：已派单');
    expect(own.content).toContain('承办单位：江城水务集团');

    const other = await sendWechat(
      stack.url,
      message({ from: `${from}x`, content: `查询 ${trackingNo}`, msgId: msgId() }),
      secrets,
      mode,
    );
    expect(other.content).toContain('未找到工单');
  });
});

describe('a WeChat request that fails its checks', () => {
  it('is refused with a 401 and a code', async () => {
    // Prepare
    const wrong = { ...secrets, token: 'wrongtoken' };

    // Act
    const reply = await sendWechat(
      stack.url,
      message({ from: 'oIt', content: '停水停水停水', msgId: msgId() }),
      wrong,
      'plain',
    );

    // Assess
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body).error.code).toBe('invalid_signature');
  });
});

describe('a plain-mode timestamp and nonce seen before', () => {
  it('answers WeChat resending the same request alike and refuses another body under them', async () => {
    // Prepare: one observed request, its timestamp and nonce reused for a second sender's message.
    const signing = {
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: String(randomInt(1, 2 ** 31)),
    };
    const first = message({
      from: `oItReplay${msgId()}`,
      content: '鼓楼区东街12号小区停水两天了，请尽快处理',
      msgId: msgId(),
    });
    const forged = message({
      from: `oItForged${msgId()}`,
      content: '鼓楼区东街14号小区停电三天了，请尽快处理',
      msgId: msgId(),
    });

    // Act
    const original = await sendWechat(stack.url, first, secrets, 'plain', signing);
    const retry = await sendWechat(stack.url, first, secrets, 'plain', signing);
    const replay = await sendWechat(stack.url, forged, secrets, 'plain', signing);

    // Assess
    expect([original.status, retry.status]).toEqual([200, 200]);
    const trackingNo = trackingNoIn(original.content);
    expect(trackingNo).toBeDefined();
    expect(trackingNoIn(retry.content)).toBe(trackingNo);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body).error.code).toBe('replayed_nonce');
    await idle();
    expect(await casesByTrackingNo(trackingNo as string)).toHaveLength(1);
  });
});
