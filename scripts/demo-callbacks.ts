import { CALLBACK_OUTCOME_TEXT } from '../shared/domain/labels.js';
import { randomWebformBody, seededRandom } from '../shared/seed/appeals.js';
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
