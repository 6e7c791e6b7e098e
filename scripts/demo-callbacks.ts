import { resolve } from 'node:path';
import { CALLBACK_OUTCOME_TEXT } from '../shared/domain/labels.js';
import { pick, type Random, randomWebformBody, seededRandom } from '../shared/seed/appeals.js';
import { localHotlineSecret, postHotline } from './hotline-client.js';
import { DemoStaff, type Json, request } from './staff-client.js';

// 漏接回拨 in `npm run demo`: an agent works the callback list the demo's abandoned calls made, over
// the staff API as the console does: takes each task (the number shown to the agent alone) and
// records the call; some callers are reached and bring an appeal, which becomes a case like any.

export interface CallbackDemoSummary {
  /** Tasks on the agent's list when the work began. */
  listed: number;
  /** The attempts recorded, by outcome. */
  outcomes: Record<'reached' | 'no_answer' | 'wrong_number' | 'refused', number>;
  /** Tracking numbers of the appeals reached callers brought (cases like any other). */
  trackingNos: string[];
  /** Takes or attempts the API refused (another agent held the task meanwhile, …), by code. */
  refusals: Record<string, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;

/** One missed call of `phone`: abandoned in the queue, or never past the IVR for `missed`'s reason. */
function missedCall(
  callId: string,
  phone: string,
  line: string,
  startedMs: number,
  missed?: 'after_hours' | 'agent_requested',
): Record<string, unknown> {
  const endedMs = startedMs + 40_000;
  return {
    callId,
    caller: phone,
    line,
    startedAt: iso(startedMs),
    ...(missed ? { missed } : { queuedAt: iso(startedMs + 12_000) }),
    disposition: missed ? 'ivr_only' : 'abandoned',
    endedAt: iso(endedMs),
    recordedAt: iso(endedMs + 1000),
  };
}

/**
 * The missed calls of the last half hour: three callers who rang two or three times (one task each,
 * with a count), one after hours, one who asked for an agent in the IVR, and one who got through on
 * a later call (the task closes by itself). Ids carry the seed, so a rerun resends the same calls.
 */
export function missedCallRecords(rng: Random, seed: number, lines: readonly string[], now = Date.now()) {
  const records: Record<string, unknown>[] = [];
  const id = (n: string) => `demo-${seed}-missed-${n}`;
  for (let caller = 0; caller < 3; caller++) {
    const phone = randomWebformBody(rng).phone;
    const line = pick(rng, lines);
    const rings = 2 + (caller % 2);
    for (let ring = 0; ring < rings; ring++) {
      records.push(
        missedCall(id(`${caller}-${ring}`), phone, line, now - (30 - caller * 5 - ring * 3) * MINUTE),
      );
    }
  }
  records.push(
    missedCall(id('night'), randomWebformBody(rng).phone, pick(rng, lines), now - 20 * MINUTE, 'after_hours'),
  );
  records.push(
    missedCall(
      id('ivr'),
      randomWebformBody(rng).phone,
      pick(rng, lines),
      now - 15 * MINUTE,
      'agent_requested',
    ),
  );
  // Lost, then through on the next try five minutes later.
  const patient = randomWebformBody(rng).phone;
  const line = pick(rng, lines);
  records.push(missedCall(id('patient-1'), patient, line, now - 12 * MINUTE));
  const answeredMs = now - 7 * MINUTE + 8000;
  records.push({
    callId: id('patient-2'),
    caller: patient,
    line,
    startedAt: iso(now - 7 * MINUTE),
    queuedAt: iso(now - 7 * MINUTE + 3000),
    answeredAt: iso(answeredMs),
    endedAt: iso(answeredMs + 120_000),
    disposition: 'answered',
    agentId: 'a-007',
    recordedAt: iso(answeredMs + 121_000),
  });
  return records;
}

/**
 * Posts the missed calls of `missedCallRecords`, signed as the CTI signs them; answers how many of
 * the missed ones the stack accepted (0 without the stack's hotline secret).
 */
export async function sendMissedCalls(opts: {
  url: string;
  dataDir: string;
  seed: number;
  lines: readonly string[];
}): Promise<number> {
  let secret: string;
  try {
    secret = localHotlineSecret(resolve(opts.dataDir));
  } catch {
    return 0;
  }
  let missed = 0;
  for (const record of missedCallRecords(seededRandom(opts.seed + 2468), opts.seed, opts.lines)) {
    const answer = await postHotline(opts.url, JSON.stringify(record), secret);
    if (answer.status === 202 && record.disposition !== 'answered') missed++;
  }
  return missed;
}

/** Shares of the callers reached, and of those with an appeal. */
const SHARE = { reached: 0.6, withAppeal: 0.35, noAnswer: 0.25, refused: 0.1 } as const;

/**
 * One pass over the agent's list, oldest deadline first. A caller not reached stays on the list after
 * the gap (CALLBACK_ATTEMPT_GAP_MINUTES, 10 minutes by default): the demo does not wait for it. The
 * same seed draws the same outcomes for the same list.
 *
 * @example const callbacks = await workDemoCallbacks({ url, dataDir, seed: 42 });
 */
export async function workDemoCallbacks(opts: {
  url: string;
  dataDir: string;
  seed: number;
}): Promise<CallbackDemoSummary> {
  const staff = await DemoStaff.load(opts.url, opts.dataDir);
  const agent = await staff.agent();
  const post = (path: string, body?: unknown) =>
    request(opts.url, 'POST', path, { token: agent, ...(body === undefined ? {} : { body }) });
  const rng = seededRandom(opts.seed ^ 0x5eed_cb);
  const items = await staff.list('/v1/callbacks', Promise.resolve(agent));
  const summary: CallbackDemoSummary = {
    listed: items.length,
    outcomes: { reached: 0, no_answer: 0, wrong_number: 0, refused: 0 },
    trackingNos: [],
    refusals: {},
  };
  const refused = (answer: { json: Json }) => {
    const code = answer.json.error?.code ?? 'unknown';
    summary.refusals[code] = (summary.refusals[code] ?? 0) + 1;
  };
  // One agent, one call at a time, as on a softphone.
  for (const item of items) {
    const path = `/v1/callbacks/${encodeURIComponent(String(item.taskId))}`;
    const take = await post(`${path}/take`);
    if (take.status !== 200) {
      refused(take);
      continue;
    }
    const roll = rng();
    const outcome =
      roll < SHARE.reached
        ? 'reached'
        : roll < SHARE.reached + SHARE.noAnswer
          ? 'no_answer'
          : roll < SHARE.reached + SHARE.noAnswer + SHARE.refused
            ? 'refused'
            : 'wrong_number';
    const body = randomWebformBody(rng);
    const appeal =
      outcome === 'reached' && rng() < SHARE.withAppeal
        ? { type: body.type, category: body.category, district: body.district, content: body.content }
        : undefined;
    const attempt = await post(`${path}/attempts`, {
      outcome,
      note: CALLBACK_OUTCOME_TEXT[outcome],
      ...(appeal ? { appeal } : {}),
    });
    if (attempt.status !== 200) {
      refused(attempt);
      continue;
    }
    summary.outcomes[outcome]++;
    const made = attempt.json.case as { trackingNo?: string } | undefined;
    if (made?.trackingNo) summary.trackingNos.push(made.trackingNo);
  }
  return summary;
}

/** The summary's line, in the demo's words. */
export function printCallbacks(
  summary: CallbackDemoSummary,
  log: (line: string) => void = console.log,
): void {
  const o = summary.outcomes;
  log(
    `  漏接回拨：回拨名单 ${summary.listed} 个任务，${CALLBACK_OUTCOME_TEXT.reached} ${o.reached}` +
      `（其中录入诉求 ${summary.trackingNos.length} 件），${CALLBACK_OUTCOME_TEXT.no_answer} ${o.no_answer}，` +
      `${CALLBACK_OUTCOME_TEXT.refused} ${o.refused}，${CALLBACK_OUTCOME_TEXT.wrong_number} ${o.wrong_number}`,
  );
}
