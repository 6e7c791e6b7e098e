// 重算期限: the stored deadlines of an open case counted again when the holiday calendar changes (a
// year added, or corrected): the transition table's `recompute_deadline` step.
import { calendarYearRevision, clockBasisOf, remapWorkingDeadline } from '../calendar/index.js';
import { isCoveredCalendar } from '../calendar/load-calendar.js';
import type { Case } from '../case.js';
import { onShanghaiDay } from '../disclosure/deadlines.js';
import { DEADLINE_TEXT } from '../labels.js';
import { shanghaiDate, type WorkingCalendar } from '../working-days.js';
import type { Refusal } from './actions.js';
import { isDisclosureRequest, openCorrection, refuse } from './clock.js';
import type { LifecycleContext, TransitionEffect } from './transitions.js';

/** One stored deadline that moved, for the history note. */
export interface DeadlineChange {
  /** 办理期限, 签收期限 … as the note names it (DEADLINE_TEXT). */
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/** An approved extension's note opens with the deadline it set (transitions.ts approve_extension). */
const EXTENSION_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;

function latest(...instants: (Date | undefined)[]): Date | undefined {
  const known = instants.filter((d): d is Date => d !== undefined && !Number.isNaN(d.getTime()));
  return known.length > 0 ? new Date(Math.max(...known.map((d) => d.getTime()))) : undefined;
}

function lastEntryAt(k: Case, actions: readonly string[]): Date | undefined {
  const entry = k.history.findLast((h) => actions.includes(h.action));
  return entry ? new Date(entry.at) : undefined;
}

/** When the case's clock started: its receipt, or a disclosure request's receipt day (收到申请之日). */
function clockStart(k: Case): Date {
  const receivedOn = k.type === 'disclosure' ? k.disclosure?.request.receivedOn : undefined;
  const received = new Date(k.receivedAt);
  return receivedOn ? (latest(received, onShanghaiDay(receivedOn)) as Date) : received;
}

/**
 * The last instant `dueAt` was fixed at, from which every later change only added working days (a
 * resumed pause): receipt, 重办, a disclosure request's restart after 补正 (第三十条), or the date an
 * approved extension chose, which is a date a person picked and is never moved itself. `undefined`
 * when an approved extension's date cannot be read back: the deadline is then left as it is.
 */
function dueAnchor(k: Case): Date | undefined {
  const extension = k.history.findLast((h) => h.action === 'approve_extension');
  const extensionDate = extension?.note?.match(EXTENSION_DATE)?.[0];
  if (extension && !extensionDate) return undefined;
  const restart = k.type === 'disclosure' ? lastEntryAt(k, ['answer_correction']) : undefined;
  return latest(
    clockStart(k),
    lastEntryAt(k, ['reopen']),
    restart,
    extensionDate ? new Date(extensionDate) : undefined,
  );
}

/** The acknowledgement clock starts at receipt and again at each (re)dispatch and 重办. */
function ackAnchor(k: Case): Date {
  return latest(clockStart(k), lastEntryAt(k, ['dispatch', 'redispatch', 'reopen'])) as Date;
}

/**
 * Every stored deadline of the case counted again under `ctx.calendar`, having been counted under
 * `before`: 办理期限 (`dueAt`), 签收期限 (`ackDueAt`), the latest deadline an open capped pause can
 * reach, an open 补正's answer deadline and an open third-party consultation's (第三十二条). An urgent
 * case counts calendar hours, so only its 补正 deadline (working days) can move.
 *
 * Known limit: a pause already closed keeps the working days it was counted as (a pause inside the
 * changed year is only possible when a year is added after it began).
 */
export function recomputedDeadlines(
  k: Case,
  before: WorkingCalendar,
  ctx: LifecycleContext,
): { patch: TransitionEffect['patch']; changes: DeadlineChange[] } {
  const after = ctx.calendar;
  const changes: DeadlineChange[] = [];
  const moved = (label: string, stored: string, anchor: Date | undefined): string => {
    if (!anchor) return stored;
    const next = remapWorkingDeadline(new Date(stored), anchor, before, after).toISOString();
    if (next !== stored) changes.push({ label, from: stored, to: next });
    return next;
  };
  const patch: { -readonly [K in keyof Case]?: Case[K] } = {};
  if (clockBasisOf(k.type, k.urgency) === 'working_days') {
    const anchor = dueAnchor(k);
    const dueAt = moved(
      isDisclosureRequest(k) ? DEADLINE_TEXT.disclosureDue : DEADLINE_TEXT.due,
      k.dueAt,
      anchor,
    );
    if (dueAt !== k.dueAt) patch.dueAt = dueAt;
    const ackDueAt = moved(DEADLINE_TEXT.ack, k.ackDueAt, ackAnchor(k));
    if (ackDueAt !== k.ackDueAt) patch.ackDueAt = ackDueAt;
    const latestDueAt = k.pausedSince?.latestDueAt;
    if (k.pausedSince && latestDueAt) {
      const next = moved(DEADLINE_TEXT.latestWhilePaused, latestDueAt, anchor);
      if (next !== latestDueAt) patch.pausedSince = { ...k.pausedSince, latestDueAt: next };
    }
    const third = k.disclosure?.thirdParties?.at(-1);
    if (k.disclosure?.thirdParties && third && !third.answeredAt) {
      const next = moved(DEADLINE_TEXT.thirdParty, third.dueAt, new Date(third.askedAt));
      if (next !== third.dueAt) {
        patch.disclosure = {
          ...k.disclosure,
          thirdParties: [...k.disclosure.thirdParties.slice(0, -1), { ...third, dueAt: next }],
        };
      }
    }
  }
  const correction = openCorrection(k);
  if (correction) {
    const next = moved(DEADLINE_TEXT.correction, correction.dueAt, new Date(correction.requestedAt));
    if (next !== correction.dueAt) patch.correction = { ...correction, dueAt: next };
  }
  return { patch, changes };
}

/** The calendar the case's deadlines were counted under, or the refusal when the caller gave none. */
function previousCalendar(ctx: LifecycleContext): WorkingCalendar | Refusal {
  return ctx.previousCalendar ?? refuse('invalid_input', '重算期限须给出变更前的节假日安排');
}

/**
 * `recompute_deadline`'s guard: an open case whose outcome is not decided, not yet recomputed for
 * this year's data, with something to move.
 */
export function guardRecompute(k: Case, year: number, ctx: LifecycleContext): Refusal | undefined {
  if (k.slaOutcome) return refuse('sla_decided', '按时办结结果已认定，不能更改');
  const before = previousCalendar(ctx);
  if ('code' in before) return before;
  return k.recomputedFor?.[String(year)] === calendarYearRevision(ctx.calendar, year) ||
    recomputedDeadlines(k, before, ctx).changes.length === 0
    ? refuse('unchanged', '节假日安排的变更不影响本工单的期限')
    : undefined;
}

/** The day a deadline ends on (Asia/Shanghai), as the note shows it. */
function day(instant: string): string {
  return shanghaiDate(new Date(instant));
}

/**
 * `recompute_deadline`'s effect: the moved deadlines, and a note giving the reason and each old and
 * new date, e.g. `2027 年节假日安排已添加：办理期限由 2027-01-06 改为 2027-01-07`.
 */
export function recomputeEffect(k: Case, year: number, ctx: LifecycleContext): TransitionEffect {
  const before = previousCalendar(ctx) as WorkingCalendar;
  const { patch, changes } = recomputedDeadlines(k, before, ctx);
  const verb = isCoveredCalendar(before) && before.coveredYears.has(year) ? '已更新' : '已添加';
  const moves = changes
    .map((c) =>
      day(c.from) === day(c.to)
        ? `${c.label}由 ${c.from} 改为 ${c.to}`
        : `${c.label}由 ${day(c.from)} 改为 ${day(c.to)}`,
    )
    .join('；');
  const recomputedFor = { ...k.recomputedFor, [String(year)]: calendarYearRevision(ctx.calendar, year) };
  return { patch: { ...patch, recomputedFor }, note: `${year} 年节假日安排${verb}：${moves}` };
}
