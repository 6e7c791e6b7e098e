import * as z from 'zod/mini';
import { DispositionSchema } from '../appeal.js';
import type { CallbackTask } from '../callbacks/task.js';
import type { Case, HistoryEntry } from '../case.js';
import type { FeedbackVia } from '../lifecycle/fields.js';
import { shanghaiDate } from '../working-days.js';
import { callbackContributions } from './callback-contributions.js';
import { addCounters, type Counters } from './counters.js';
import { type AggregateId, aggregateId, aggregateKey, type Dimension } from './keys.js';

/**
 * What one cases-table item counts towards: aggregate item → counters. The aggregates are, by
 * definition, the sum of these over the items of the cases table, so the stream projection adds
 * `contributions(after) − contributions(before)` and a rebuild sums them afresh: both give the
 * same numbers, and no counter can go below zero.
 */
export type Contributions = Map<AggregateId, Counters>;

/** The facts of a `CALL#` item the call counters need (the rest of the item is ignored). */
export const CallFactsSchema = z.object({
  callId: z.string(),
  /** The line dialled (the merged hotline's code): the call counts under it in the line dimension. */
  line: z.string().check(z.minLength(1)),
  disposition: DispositionSchema,
  queuedAt: z.optional(z.iso.datetime({ offset: true })),
  answeredAt: z.optional(z.iso.datetime({ offset: true })),
  /** A deploy's smoke-test call (the signed record's `test`): stored, counted nowhere. */
  test: z.optional(z.boolean()),
});
export type CallFacts = z.infer<typeof CallFactsSchema>;

/** A cases-table item the metrics read: a case, a call record, or a callback task (漏接回拨). */
export type MetricSource =
  | { readonly kind: 'case'; readonly case: Case }
  | { readonly kind: 'call'; readonly call: CallFacts }
  | { readonly kind: 'callback'; readonly task: CallbackTask };

/** 15 s: answeredIn15sRate's threshold (DESIGN §7). */
export const ANSWER_WITHIN_SECONDS = 15;

const day = (iso: string) => shanghaiDate(new Date(iso));

function add(
  into: Contributions,
  dimension: Dimension,
  date: string,
  value: string | undefined,
  c: Counters,
) {
  const id = aggregateId(aggregateKey(dimension, date, value));
  into.set(id, addCounters(into.get(id) ?? {}, c));
}

/**
 * A case counts in `all`, its channel and its category, and in its current department when it has
 * one. `department` overrides the case's own (dispatches and returns count for the department the
 * history entry concerns).
 */
function addForCase(
  into: Contributions,
  kase: Case,
  at: string,
  c: Counters,
  department = kase.departmentId,
) {
  const date = day(at);
  add(into, 'all', date, undefined, c);
  add(into, 'channel', date, kase.channel, c);
  add(into, 'category', date, kase.category, c);
  if (department) add(into, 'department', date, department, c);
}

/** The department a dispatch entry sent the case to: its note starts with the department id. */
function dispatchedTo(entry: HistoryEntry): string | undefined {
  const id = entry.note?.split(': ')[0]?.trim();
  return id ? id : undefined;
}

/**
 * 回访率's numerator: the follow-up reached the citizen, by a rating (any way it was taken) or by a
 * call the citizen answered (rated, or refused to rate). A case counts once, whichever came first,
 * as `completed` does: a re-completed case moves both to its latest completion day.
 */
function followUpReached(kase: Case): boolean {
  const outcome = kase.followUpCall?.outcome;
  return kase.feedback !== undefined || outcome === 'rated' || outcome === 'refused';
}

/**
 * How the case's rating was taken. A rating from before `via` was kept tells by who recorded it: an
 * agent took it on the phone (电话回访, through the staff API), anyone else came by the web link.
 */
function viaOf(kase: Case): FeedbackVia {
  const via = kase.feedback?.via;
  if (via) return via;
  const entry = kase.history.findLast((h) => h.action === 'rate');
  return entry?.actor.startsWith('agent:') ? 'phone' : 'web';
}

/** The rating's share of 满意率 by how it was taken. */
function ratingByVia(via: FeedbackVia, content: boolean): Counters {
  switch (via) {
    case 'web':
      return { ratingsViaWeb: 1, ...(content ? { satisfiedOrBasicViaWeb: 1 } : {}) };
    case 'wechat':
      return { ratingsViaWechat: 1, ...(content ? { satisfiedOrBasicViaWechat: 1 } : {}) };
    case 'phone':
      return { ratingsViaPhone: 1, ...(content ? { satisfiedOrBasicViaPhone: 1 } : {}) };
  }
}

function caseContributions(kase: Case): Contributions {
  const out: Contributions = new Map();
  // 部署冒烟测试: closing a smoke-test case takes back all it counted (the projection adds the delta
  // from what it was to nothing; a rebuild finds nothing), so the figures are as without the smoke.
  if (kase.closeReason === 'smoke') return out;
  addForCase(out, kase, kase.receivedAt, {
    appeals: 1,
    ...(kase.resolvedAtIntake ? { directResolutions: 1 } : {}),
    ...(kase.repeatOf ? { repeats: 1 } : {}),
    ...(kase.status === 'merged' ? { merged: 1 } : {}),
  });

  // 派单 and 退单 from the append-only history: each entry counts on its own day, for the department
  // it concerns. A return is by the department that held the order: the last one dispatched to.
  let holder: string | undefined;
  for (const entry of kase.history) {
    if (entry.action === 'dispatch' || entry.action === 'redispatch') {
      holder = dispatchedTo(entry);
      addForCase(out, kase, entry.at, { dispatches: 1 }, holder);
    } else if (entry.action === 'return') {
      addForCase(out, kase, entry.at, { returns: 1 }, holder);
      holder = undefined;
    }
  }

  if (kase.completedAt) {
    // Whole seconds; a completion stamped before receipt (a skewed clock) counts as zero, never less.
    const seconds = Math.max(
      0,
      Math.floor((Date.parse(kase.completedAt) - Date.parse(kase.receivedAt)) / 1000),
    );
    addForCase(out, kase, kase.completedAt, {
      completed: 1,
      handlingSecondsSum: seconds,
      ...(followUpReached(kase) ? { followUpContacted: 1 } : {}),
      // 依申请公开 answered (approve_reply: closed with completedAt, never `completed`): it counts as
      // completed, once, like any case, and apart so the follow-up rates can leave it out.
      ...(kase.type === 'disclosure' && kase.disclosure ? { disclosureReplies: 1 } : {}),
    });
  }
  if (kase.slaOutcome) {
    addForCase(out, kase, kase.slaDueAt ?? kase.dueAt, {
      slaDue: 1,
      ...(kase.slaOutcome === 'on_time' ? { slaOnTime: 1 } : {}),
    });
  }
  if (kase.feedback) {
    const rating = kase.feedback.rating;
    addForCase(out, kase, kase.feedback.at, {
      ratings: 1,
      ...(rating === 'satisfied' ? { satisfied: 1 } : {}),
      ...(rating === 'basically_satisfied' ? { basicallySatisfied: 1 } : {}),
      ...(rating === 'dissatisfied' ? { dissatisfied: 1 } : {}),
      ...ratingByVia(viaOf(kase), rating !== 'dissatisfied'),
    });
  }
  for (const notice of kase.notices ?? []) {
    addForCase(out, kase, notice.queuedAt, {
      noticesQueued: 1,
      ...(notice.state === 'delivered' ? { noticesDelivered: 1 } : {}),
    });
  }
  return out;
}

function callContributions(call: CallFacts): Contributions {
  const out: Contributions = new Map();
  // An ivr_only call never entered the queue, and a smoke-test call is no citizen's: neither counts.
  if (!call.queuedAt || call.disposition === 'ivr_only' || call.test === true) return out;
  const c: Counters = { callsQueued: 1 };
  if (call.disposition === 'answered') {
    c.callsAnswered = 1;
    const waited = call.answeredAt
      ? (Date.parse(call.answeredAt) - Date.parse(call.queuedAt)) / 1000
      : Infinity;
    if (waited <= ANSWER_WITHIN_SECONDS) c.callsAnsweredIn15s = 1;
  } else {
    c.callsAbandoned = 1;
  }
  // The city's hotline and the line dialled: the line rows of a report sum to the city's calls.
  add(out, 'call', day(call.queuedAt), undefined, c);
  add(out, 'line', day(call.queuedAt), call.line, c);
  return out;
}

/**
 * @example
 * contributionsOf({ kind: 'case', case: kase })
 * // Map { 'all|2026-11-23' => { appeals: 1, dispatches: 1 }, 'channel|2026-11-23#webform' => …, … }
 */
export function contributionsOf(source: MetricSource | undefined): Contributions {
  if (!source) return new Map();
  switch (source.kind) {
    case 'case':
      return caseContributions(source.case);
    case 'call':
      return callContributions(source.call);
    case 'callback':
      return callbackContributions(source.task);
  }
}

/** contributions(after) − contributions(before), without keys whose difference is zero. */
export function deltaOf(before: MetricSource | undefined, after: MetricSource | undefined): Contributions {
  const out: Contributions = new Map(contributionsOf(after));
  for (const [id, counters] of contributionsOf(before)) {
    const diff = addCounters(out.get(id) ?? {}, counters, -1);
    if (Object.keys(diff).length === 0) out.delete(id);
    else out.set(id, diff);
  }
  return out;
}

/** Adds `more` into `into` (in place), dropping keys that come to zero. */
export function sumInto(into: Contributions, more: Contributions): Contributions {
  for (const [id, counters] of more) {
    const sum = addCounters(into.get(id) ?? {}, counters);
    if (Object.keys(sum).length === 0) into.delete(id);
    else into.set(id, sum);
  }
  return into;
}
