import { resolve } from 'node:path';
import { eachLimited } from '../shared/each-limited.js';
import { seededRandom } from '../shared/seed/appeals.js';
import { localHotlineSecret, postHotline, randomCallRecord } from './hotline-client.js';

// The hotline's share of `npm run demo`: a morning of call records, signed as the CTI signs them,
// some answered with an appeal, some answered on the call, some abandoned in the queue.

export interface HotlineDemoOptions {
  url: string;
  dataDir: string;
  count: number;
  seed: number;
  concurrency: number;
  /** Where the summary lines go; the console by default. */
  log?: (line: string) => void;
}

/** Posts `count` call records (and a resend of every tenth, as a CTI retry) and prints a summary. */
export async function sendHotlineCalls(
  opts: HotlineDemoOptions,
): Promise<{ accepted: number; refused: number; trackingNos: string[] }> {
  const log = opts.log ?? console.log;
  let secret: string;
  try {
    secret = localHotlineSecret(resolve(opts.dataDir));
  } catch (error) {
    log(`\n跳过热线话单：${(error as Error).message}（用 --data-dir 指向 npm start 的数据目录）`);
    return { accepted: 0, refused: 0, trackingNos: [] };
  }
  const rng = seededRandom(opts.seed + 12345);
  // The same seed gives the same call ids, so a repeated run resends the same calls: no new cases.
  const records = Array.from({ length: opts.count }, (_, i) =>
    randomCallRecord(rng, `demo-${opts.seed}-call-${i}`),
  );
  const dispositions = new Map<string, number>();
  const errors = new Map<string, number>();
  const trackingNos: string[] = [];
  let accepted = 0;
  await eachLimited(records, opts.concurrency, async (item, i) => {
    const record = item as Record<string, unknown>;
    const body = JSON.stringify(record);
    const sends = i % 10 === 0 ? 2 : 1;
    for (let s = 0; s < sends; s++) {
      const answer = await postHotline(opts.url, body, secret).catch(() => ({
        status: 0,
        json: {} as Record<string, unknown>,
      }));
      if (answer.status === 202) {
        if (s === 0) accepted++;
        if (s === 0 && typeof answer.json.trackingNo === 'string') trackingNos.push(answer.json.trackingNo);
      } else {
        const code = (answer.json as { error?: { code?: string } }).error?.code ?? `http_${answer.status}`;
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
    const disposition = record.appeal
      ? (record.appeal as { answeredDirectly?: boolean }).answeredDirectly
        ? 'answered_directly'
        : 'answered_with_appeal'
      : (record.disposition as string);
    dispositions.set(disposition, (dispositions.get(disposition) ?? 0) + 1);
  });

  const label: Record<string, string> = {
    answered_with_appeal: '接通并受理诉求',
    answered_directly: '接通并当场答复',
    answered: '接通无诉求',
    abandoned: '排队中放弃',
    ivr_only: '仅语音导航',
  };
  log('');
  log(
    `热线话单：已受理 ${accepted} / ${records.length} 条（每第十条重发一次，模拟 CTI 重试）：` +
      [...dispositions].map(([d, n]) => `${label[d] ?? d} ${n}`).join('，'),
  );
  if (errors.size > 0) log(`  拒绝原因：${[...errors].map(([c, n]) => `${c} × ${n}`).join('，')}`);
  if (trackingNos[0]) log(`  示例热线工单 ${trackingNos[0]}（来电号码后四位可查询）`);
  log(`  话单接口  POST ${opts.url}/v1/channels/hotline/calls（HMAC 签名，见 README「Hotline (CTI)」）`);
  return { accepted, refused: records.length - accepted, trackingNos };
}
