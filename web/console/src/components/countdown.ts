import { policyFor } from '../../../../shared/domain/deadline-policy';
import type { CaseStatus, CaseType, Urgency } from '../api/types';

// 剩余时间 the words and the urgency of a deadline, for the queue and the case page. Working days come
// from the server (the holiday calendar is its to read); hours are counted here from dueAt.

/** How pressing a deadline is: ok, near (warning), due today or past (danger), or not running. */
export type CountdownTone = 'ok' | 'warning' | 'danger' | 'muted';

export interface Countdown {
  readonly text: string;
  readonly tone: CountdownTone;
}

export interface CountdownInput {
  readonly status: CaseStatus;
  readonly type: CaseType;
  readonly urgency: Urgency;
  readonly dueAt?: string;
  readonly workingDaysLeft?: number;
  /** 中止计时, as the case API's rows and case read say. */
  readonly paused?: boolean;
}

/** Statuses in which the completion deadline no longer runs for the department. */
const STOPPED: ReadonlySet<CaseStatus> = new Set(['completed', 'dissatisfied', 'closed', 'merged']);

const HOUR_MS = 3_600_000;

/** An urgent case's clock counts hours (DESIGN §6); a disclosure request keeps its statutory days. */
export function countsHours(type: CaseType, urgency: Urgency): boolean {
  return 'hours' in policyFor(type, urgency).complete;
}

/**
 * The countdown of a case on its completion deadline at `now`.
 *
 * @example
 * countdownOf({ status: 'acknowledged', type: 'help', urgency: 'normal', dueAt, workingDaysLeft: 3 }, now)
 * // { text: '剩余 3 个工作日', tone: 'ok' }
 */
export function countdownOf(row: CountdownInput, now: Date): Countdown {
  if (STOPPED.has(row.status)) return { text: '—', tone: 'muted' };
  if (!row.dueAt) return { text: '—', tone: 'muted' };
  if (row.paused) return { text: '计时中止', tone: 'muted' };
  const msLeft = new Date(row.dueAt).getTime() - now.getTime();
  if (countsHours(row.type, row.urgency)) return hoursText(msLeft);
  // A list that does not count working days (none of the case API's): the deadline, and whether past.
  if (row.workingDaysLeft === undefined) {
    return msLeft < 0
      ? { text: '已超期', tone: 'danger' }
      : { text: `截止 ${dueText(row.dueAt)}`, tone: 'ok' };
  }
  return workingDaysText(row.workingDaysLeft, msLeft < 0);
}

function hoursText(msLeft: number): Countdown {
  if (msLeft < 0) {
    const late = Math.floor(-msLeft / HOUR_MS);
    return { text: late < 1 ? '已超期' : `已超期 ${late} 小时`, tone: 'danger' };
  }
  const hours = Math.floor(msLeft / HOUR_MS);
  if (hours < 1) return { text: '剩余不足 1 小时', tone: 'danger' };
  return { text: `剩余 ${hours} 小时`, tone: hours <= 4 ? 'danger' : hours <= 8 ? 'warning' : 'ok' };
}

function workingDaysText(left: number, past: boolean): Countdown {
  if (past) return { text: left < 0 ? `已超期 ${-left} 个工作日` : '已超期', tone: 'danger' };
  if (left <= 0) return { text: '今日到期', tone: 'danger' };
  return { text: `剩余 ${left} 个工作日`, tone: left <= 1 ? 'warning' : 'ok' };
}

/** 截止 12月05日 23:59, in Beijing time whatever the browser's zone. */
export function dueText(iso: string | undefined): string {
  if (!iso) return '—';
  return formatBeijing(iso);
}

const FORMAT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026/12/05 23:59 in Asia/Shanghai. */
export function formatBeijing(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : FORMAT.format(d);
}
