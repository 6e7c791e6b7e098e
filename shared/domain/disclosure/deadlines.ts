// 依申请公开: the statutory periods of the 《中华人民共和国政府信息公开条例》 (2019) as working-day
// deadlines, counted as every deadline of the product is (working-days.ts: the starting day is not
// counted, a deadline ends at 23:59:59 Asia/Shanghai of its last working day).
import { addSpanChecked, type CheckedDeadline } from '../calendar/load-calendar.js';
import { policyFor } from '../deadline-policy.js';
import type { WorkingCalendar } from '../working-days.js';

/** 第三十三条第一款: the reply within 20 working days of receipt. */
export const REPLY_WORKING_DAYS = 20;
/** 第三十条: the correction notice (补正告知) within 7 working days of receipt. */
export const CORRECTION_NOTICE_WORKING_DAYS = 7;
/** 第三十二条: the third party gives its opinion within 15 working days; the wait is not counted. */
export const THIRD_PARTY_WORKING_DAYS = 15;

/** Noon in Shanghai on a `YYYY-MM-DD` day: an instant of that day, whatever the offset arithmetic. */
export function onShanghaiDay(day: string): Date {
  return new Date(`${day}T12:00:00+08:00`);
}

/**
 * A request's deadlines from its receipt day (收到申请之日, 第三十一条): the reply after 20 working
 * days (第三十三条第一款) and the acknowledgement as the deadline policy sets it, from the same day.
 *
 * @example
 * disclosureDeadlines('2026-12-01', calendar).dueAt // 2026-12-29T15:59:59Z (Tuesday 23:59:59 +08:00)
 */
export function disclosureDeadlines(
  receivedOn: string,
  calendar: WorkingCalendar,
): { ackDueAt: Date; dueAt: Date; uncoveredYears: readonly number[] } {
  const start = onShanghaiDay(receivedOn);
  const ack = addSpanChecked(start, policyFor('disclosure', 'normal').ack, calendar);
  const due = addSpanChecked(start, { workingDays: REPLY_WORKING_DAYS }, calendar);
  return {
    ackDueAt: ack.dueAt,
    dueAt: due.dueAt,
    uncoveredYears: [...new Set([...ack.uncoveredYears, ...due.uncoveredYears])].sort(),
  };
}

/** 第三十条: the last moment a correction notice may be sent (7 working days after receipt). */
export function correctionNoticeDeadline(receivedOn: string, calendar: WorkingCalendar): Date {
  return addSpanChecked(onShanghaiDay(receivedOn), { workingDays: CORRECTION_NOTICE_WORKING_DAYS }, calendar)
    .dueAt;
}

/**
 * 第三十条: "答复期限自行政机关收到补正的申请之日起计算" — the period restarts, 20 working days from
 * the day the correction arrived (that day not counted), instead of moving by the paused time.
 */
export function restartedDueAt(correctedAt: Date, calendar: WorkingCalendar): CheckedDeadline {
  return addSpanChecked(correctedAt, { workingDays: REPLY_WORKING_DAYS }, calendar);
}

/** 第三十二条: the end of a third party's 15 working days, from the day it was asked. */
export function thirdPartyDueAt(askedAt: Date, calendar: WorkingCalendar): Date {
  return addSpanChecked(askedAt, { workingDays: THIRD_PARTY_WORKING_DAYS }, calendar).dueAt;
}
