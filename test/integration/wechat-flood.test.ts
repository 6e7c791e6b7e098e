import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localWechatSecrets, sendWechat, trackingNoIn } from '../../scripts/wechat-client.js';
import { deriveCaseId } from '../../shared/domain/index.js';
import { ddb, eventually, idle, stack } from './helpers.js';
import { TEST_SENDER_LIMIT } from './sender-limits.js';

// A flood from one sender (issue 10): past the sender's limit in the window, a WeChat appeal gets a
// friendly reply and is not queued; other citizens, 查询, a follow and WeChat's retries of an
// accepted message go on as before. The test stack's limit is TEST_SENDER_LIMIT.

const secrets = localWechatSecrets(stack.dataDir);
const REFUSAL = '您的留言较多，我们已收到前面的诉求，请稍后再提交新的诉求';

function text(from: string, content: string, msgId: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  );
}

function subscribe(from: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    '<Event><![CDATA[subscribe]]></Event></xml>'
  );
}

const msgId = () => String(randomInt(1, 2 ** 47)) + String(randomInt(1000, 9999));

async function send(xml: string): Promise<string> {
  const reply = await sendWechat(stack.url, xml, secrets, 'safe');
  expect(reply.status).toBe(200);
  return reply.content ?? '';
}

/** Windows start on the clock: a burst that would straddle one's end waits for the next to begin. */
async function awayFromWindowEdge(burstMs: number): Promise<void> {
  const windowMs = TEST_SENDER_LIMIT.windowMinutes * 60_000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < burstMs) await new Promise((r) => setTimeout(r, left + 1_000));
}

async function caseItem(caseId: string): Promise<Record<string, unknown> | undefined> {
  const out = await ddb.send(
    new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CASE#${caseId}`, sk: 'CASE' } }),
  );
  return out.Item;
}

describe('a flood of WeChat appeals from one sender', () => {
  const flooder = `oItFlood${msgId()}`;
  const accepted: { msgId: string; xml: string; reply: string }[] = [];
  let refusedMsgId: string;
  let refusedXml: string;
  let refusal: string;

  beforeAll(async () => {
    await awayFromWindowEdge(60_000);
    for (let i = 0; i < TEST_SENDER_LIMIT.perWindow; i++) {
      const id = msgId();
      const xml = text(flooder, `鼓楼区东街${i + 1}号路灯不亮，请尽快修理`, id);
      accepted.push({ msgId: id, xml, reply: await send(xml) });
    }
    refusedMsgId = msgId();
    refusedXml = text(flooder, '鼓楼区东街99号路灯不亮，请尽快修理', refusedMsgId);
    refusal = await send(refusedXml);
  }, 120_000);

  it('accepts the sender up to the limit, then answers the next appeal with a friendly refusal and queues nothing', async () => {
    // Assess
    expect(accepted.map((a) => trackingNoIn(a.reply)).filter(Boolean)).toHaveLength(
      TEST_SENDER_LIMIT.perWindow,
    );
    expect(refusal).toContain(REFUSAL);
    expect(trackingNoIn(refusal)).toBeUndefined();
    await idle();
    expect(await caseItem(deriveCaseId('wechat', refusedMsgId))).toBeUndefined();
    expect(await caseItem(deriveCaseId('wechat', accepted[0]?.msgId as string))).toBeDefined();
  });

  it("answers WeChat's retry of the refused message with the same refusal", async () => {
    // Act
    const again = await send(refusedXml);

    // Assess
    expect(again).toBe(refusal);
  });

  it("answers WeChat's retry of an accepted message with the same tracking number, and counts it once", async () => {
    // Prepare
    const last = accepted[accepted.length - 1] as (typeof accepted)[number];

    // Act
    const again = await send(last.xml);

    // Assess
    expect(trackingNoIn(again)).toBe(trackingNoIn(last.reply));
    expect(again).toBe(last.reply);
  });

  it('still answers the sender’s 查询 and follow', async () => {
    // Prepare
    const trackingNo = trackingNoIn(accepted[0]?.reply) as string;
    await eventually(async () => caseItem(deriveCaseId('wechat', accepted[0]?.msgId as string)), {
      what: 'the first case',
    });

    // Act
    const status = await send(text(flooder, `查询 ${trackingNo}`, msgId()));
    const welcome = await send(subscribe(flooder));

    // Assess
    expect(status).toContain(`工单 ${trackingNo}`);
    expect(status).toContain('状态：');
    expect(welcome).toContain('欢迎关注');
  });

  it('leaves another citizen unaffected', async () => {
    // Act
    const reply = await send(text(`oItOther${msgId()}`, '鼓楼区东街12号小区停水两天了，请尽快处理', msgId()));

    // Assess
    expect(trackingNoIn(reply)).toBeDefined();
  });
});
