import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import {
  freshMessage,
  localWechatSecrets,
  sendWechat,
  trackingNoIn,
  type WechatMode,
} from './wechat-client.js';

// The WeChat part of `npm run demo`: the sample messages in both modes, one of them delivered three
// times as WeChat retries, then the citizen's 查询 — as a WeChat server would post them.

const SAMPLES: readonly (readonly [string, WechatMode])[] = [
  ['text.xml', 'plain'],
  ['voice.xml', 'safe'],
  ['location.xml', 'safe'],
  ['image.xml', 'plain'],
  ['subscribe.xml', 'safe'],
];

function sample(name: string): string {
  return readFileSync(new URL(`../events/wechat/${name}`, import.meta.url), 'utf8');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.slice(0, 60) ?? '';
}

/**
 * Sends the samples to a running stack; the dev secrets are read from its data dir. Returns the
 * tracking numbers of the cases the messages became.
 */
export async function demoWechat(
  url: string,
  dataDir = process.env.LOCAL_DATA_DIR ?? '.local',
  log: (line: string) => void = console.log,
): Promise<string[]> {
  let secrets: WechatSecrets;
  try {
    secrets = localWechatSecrets(resolve(dataDir));
  } catch {
    log(`\n微信公众号：未找到 ${dataDir}/dev-secrets.json，跳过（用 --data-dir 指定 npm start 的数据目录）`);
    return [];
  }
  log('\n微信公众号消息（明文与安全模式）：');
  let tracked: { trackingNo: string; from: string } | undefined;
  const trackingNos = new Set<string>();
  for (const [name, mode] of SAMPLES) {
    const xml = freshMessage(sample(name));
    const reply = await sendWechat(url, xml, secrets, mode);
    log(
      `  ${name.padEnd(14)} ${mode.padEnd(5)} → ${reply.status}  ${firstLine(reply.content ?? reply.body)}`,
    );
    const trackingNo = trackingNoIn(reply.content);
    if (trackingNo) trackingNos.add(trackingNo);
    const from = /<FromUserName><!\[CDATA\[([^\]]+)/.exec(xml)?.[1];
    if (trackingNo && from && !tracked) tracked = { trackingNo, from };
  }

  // WeChat's retries: the same MsgId three times gives one case and the same reply.
  const retried = freshMessage(sample('text.xml'));
  const replies = [];
  for (let i = 0; i < 3; i++)
    replies.push(trackingNoIn((await sendWechat(url, retried, secrets, 'safe')).content));
  for (const trackingNo of replies) if (trackingNo) trackingNos.add(trackingNo);
  log(`  同一 MsgId 重发 3 次 → 工单号 ${[...new Set(replies)].join('、')}（只建一单）`);

  if (tracked) {
    // The case exists once the dispatcher has drained the queue behind it: after a burst of demo
    // traffic that can take a few seconds, so ask again (as a citizen would) until it is there.
    let reply: Awaited<ReturnType<typeof sendWechat>> | undefined;
    for (let attempt = 0; attempt < 15; attempt++) {
      await new Promise((r) => setTimeout(r, 1000));
      const query = freshMessage(sample('query.xml'), {
        from: tracked.from,
        content: `查询 ${tracked.trackingNo}`,
      });
      reply = await sendWechat(url, query, secrets, 'safe');
      if (!(reply.content ?? '').startsWith('未找到')) break;
    }
    if (reply) log(`  查询 ${tracked.trackingNo} →\n${(reply.content ?? reply.body).replace(/^/gm, '    ')}`);
  }
  return [...trackingNos];
}
