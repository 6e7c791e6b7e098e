import { resolve } from 'node:path';
import { caseIdOfCall } from '../shared/domain/call-record.js';
import {
  buildDirectory,
  buildWorkingCalendar,
  isWorkingDay,
  route,
  shanghaiDate,
  type WorkingCalendar,
} from '../shared/domain/index.js';
import { eachLimited } from '../shared/each-limited.js';
import { type Random, randomWebformBody, seededRandom } from '../shared/seed/appeals.js';
import { SEED_CALENDAR_YEARS } from '../shared/seed/calendar/index.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
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
  // By record, not by arrival: the demo keys each case's draws by its place (demo-handling.ts).
  const byRecord: (string | undefined)[] = new Array(records.length);
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
        if (s === 0 && typeof answer.json.trackingNo === 'string') byRecord[i] = answer.json.trackingNo;
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
  const trackingNos = byRecord.filter((t): t is string => t !== undefined);

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
  log(
    `  话单接口  POST ${opts.url}/v1/channels/hotline/calls（HMAC 签名，见 docs/channels.md「Hotline (CTI)」）`,
  );
  return { accepted, refused: records.length - accepted, trackingNos };
}

/**
 * How far back the backdated calls were taken, in working days: past the 5 working days a help
 * request (求助) has, so by now both its acknowledgement and completion deadlines have passed.
 */
export const BACKDATED_WORKING_DAYS = 8;

/** A backdated call's case: the demo leaves it to the supervision job (逾期), nobody works it. */
export interface BackdatedCase {
  trackingNo: string;
  caseId: string;
  /** The day of the call (Asia/Shanghai), when the case was received. */
  day: string;
}

/** The date (Asia/Shanghai) `days` working days before `now`'s. */
export function workingDaysBefore(now: Date, days: number, calendar: WorkingCalendar): string {
  let date = shanghaiDate(now);
  for (let counted = 0; counted < days; ) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return date;
}

/**
 * Call records of a morning `BACKDATED_WORKING_DAYS` working days ago, each answered by an agent
 * who typed a help request (求助) routed by the catalogue. The case's `receivedAt` is the call's
 * `answeredAt` (toAppealFromCall), so its deadlines are computed from that day and have passed.
 */
export function backdatedCallRecords(
  rng: Random,
  seed: number,
  count: number,
  now = new Date(),
): Record<string, unknown>[] {
  const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
  const directory = buildDirectory(SEED_DIRECTORY);
  const day = workingDaysBefore(now, BACKDATED_WORKING_DAYS, calendar);
  // 09:30 Asia/Shanghai that day, a call every 17 minutes.
  const morning = Date.parse(`${day}T01:30:00Z`);
  return Array.from({ length: count }, (_, i) => {
    let citizen = randomWebformBody(rng);
    while (!route(directory, citizen.category, citizen.district)) citizen = randomWebformBody(rng);
    const queuedMs = morning + i * 17 * 60_000;
    const answeredMs = queuedMs + 8_000 + Math.floor(rng() * 20_000);
    const endedMs = answeredMs + 180_000 + Math.floor(rng() * 240_000);
    const iso = (ms: number) => new Date(ms).toISOString();
    // The date is in the id: a run on another day backdates other calls, the same day the same ones.
    const callId = `demo-${seed}-late-${day}-${i}`;
    return {
      callId,
      caller: citizen.phone,
      line: '12345',
      startedAt: iso(queuedMs - 15_000),
      queuedAt: iso(queuedMs),
      answeredAt: iso(answeredMs),
      endedAt: iso(endedMs),
      disposition: 'answered',
      agentId: `a-${String(1 + Math.floor(rng() * 40)).padStart(3, '0')}`,
      recordingKey: `recordings/${day.replaceAll('-', '/')}/${callId}.wav`,
      recordedAt: iso(endedMs + 1000),
      appeal: {
        type: 'help',
        category: citizen.category,
        district: citizen.district,
        ...(citizen.address ? { address: citizen.address } : {}),
        content: `市民来电反映：${citizen.content}`,
        urgency: 'normal',
      },
    };
  });
}

/**
 * Posts `count` backdated call records (补录: the CTI sends a morning's records late). The
 * signature's X-Timestamp is the time of sending, as the 5-minute replay window requires; only the
 * call times inside the record lie in the past.
 */
export async function sendBackdatedCalls(
  opts: Omit<HotlineDemoOptions, 'concurrency'>,
): Promise<{ cases: BackdatedCase[]; day?: string }> {
  const log = opts.log ?? console.log;
  let secret: string;
  try {
    secret = localHotlineSecret(resolve(opts.dataDir));
  } catch (error) {
    log(`\n跳过补录话单：${(error as Error).message}`);
    return { cases: [] };
  }
  const records = backdatedCallRecords(seededRandom(opts.seed + 54321), opts.seed, opts.count);
  const cases: BackdatedCase[] = [];
  const errors = new Map<string, number>();
  for (const record of records) {
    const answer = await postHotline(opts.url, JSON.stringify(record), secret).catch(() => ({
      status: 0,
      json: {} as Record<string, unknown>,
    }));
    if (answer.status === 202 && typeof answer.json.trackingNo === 'string') {
      cases.push({
        trackingNo: answer.json.trackingNo,
        caseId: caseIdOfCall(record.callId as string),
        day: shanghaiDate(new Date(record.answeredAt as string)),
      });
    } else {
      const code = (answer.json as { error?: { code?: string } }).error?.code ?? `http_${answer.status}`;
      errors.set(code, (errors.get(code) ?? 0) + 1);
    }
  }
  const first = records[0]?.queuedAt as string | undefined;
  const day = first ? shanghaiDate(new Date(first)) : undefined;
  log('');
  log(
    `补录热线话单：${cases.length} / ${records.length} 条，通话在 ${BACKDATED_WORKING_DAYS} 个工作日前（${day}），` +
      '坐席受理了求助诉求；办理期限（5 个工作日）已过，督办任务会将其标记为逾期',
  );
  if (errors.size > 0) log(`  拒绝原因：${[...errors].map(([c, n]) => `${c} × ${n}`).join('，')}`);
  return { cases, ...(day ? { day } : {}) };
}
