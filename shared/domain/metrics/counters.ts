// The counters of the metrics table (the metrics contract): names shared by the projection, the
// rebuild and the metrics API, so a counter is spelled in one place.

/** Counted per case, in the dimensions all, department, channel and category. */
export const CASE_COUNTERS = [
  'appeals',
  'directResolutions',
  'repeats',
  'merged',
  'dispatches',
  'returns',
  'completed',
  'handlingSecondsSum',
  'slaDue',
  'slaOnTime',
  'ratings',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  // 满意率 by how the rating was taken (feedback.via; for a rating from before via was kept, phone
  // when an agent recorded it, else web). satisfiedOrBasic = satisfied + basically satisfied.
  'ratingsViaWeb',
  'ratingsViaWechat',
  'ratingsViaPhone',
  'satisfiedOrBasicViaWeb',
  'satisfiedOrBasicViaWechat',
  'satisfiedOrBasicViaPhone',
  // 回访率: completed cases the follow-up reached (a rating, or a call that ended rated or refused),
  // counted with `completed` on the day of completion.
  'followUpContacted',
  // 通知送达率: the case's notices, on the day each was queued; delivered once its receipt says so.
  'noticesQueued',
  'noticesDelivered',
  // 依申请公开: requests answered by a reviewed reply, counted with `completed` on the reply's day.
  // They take no rating (the issue: no satisfaction loop), so the follow-up rates leave them out of
  // their denominators (completed − disclosureReplies). Zero in every aggregate written before it
  // existed, which is exact: no request was answered that way before.
  'disclosureReplies',
] as const;

/**
 * Counted per call record, in the dimensions call (the city) and line (the line dialled), on the
 * day the call entered the queue.
 */
export const CALL_COUNTERS = [
  'callsQueued',
  'callsAnswered',
  'callsAnsweredIn15s',
  'callsAbandoned',
] as const;

/**
 * 漏接回拨: counted per missed call of a callback task, in the dimensions call and line (the missed
 * call's own line), on the missed call's day. The rule is callback-contributions.ts's, and only there.
 */
export const CALLBACK_COUNTERS = [
  'callbacksDue',
  'callbacksReached',
  'callbacksReachedOnTime',
  'callbacksSelfResolved',
] as const;

/** What the hotline's dimensions (call, line) hold: the call and callback counters. */
export const HOTLINE_COUNTERS = [...CALL_COUNTERS, ...CALLBACK_COUNTERS] as const;

export const COUNTERS = [...CASE_COUNTERS, ...HOTLINE_COUNTERS] as const;
export type CounterName = (typeof COUNTERS)[number];

/** Counter values; an absent counter is 0. */
export type Counters = Partial<Record<CounterName, number>>;

const COUNTER_SET: ReadonlySet<string> = new Set(COUNTERS);

export function isCounterName(name: string): name is CounterName {
  return COUNTER_SET.has(name);
}

/** a + sign·b, without zero entries. */
export function addCounters(a: Counters, b: Counters, sign: 1 | -1 = 1): Counters {
  const out: Counters = { ...a };
  for (const [name, value] of Object.entries(b) as [CounterName, number][]) {
    const sum = (out[name] ?? 0) + sign * value;
    if (sum === 0) delete out[name];
    else out[name] = sum;
  }
  return out;
}

export function isZero(c: Counters): boolean {
  return Object.values(c).every((v) => v === 0);
}
