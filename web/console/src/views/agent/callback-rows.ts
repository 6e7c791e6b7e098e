import { CALLBACK_OUTCOME_TEXT } from '../../../../../shared/domain/labels';
import type { CallbackAttemptInput, CallbackItem, CallbackOutcome } from '../../api/callbacks';
import type { CountdownTone } from '../../components/countdown';

// 漏接回拨 as the agent reads it: the order of the list, the countdown to the callback deadline, how
// long ago the caller was lost, the attempts, who holds a task, and the 409s in Chinese. Pure, so
// web/test/console/callback-rows.test.ts pins it.

const MINUTE_MS = 60_000;

/**
 * Oldest callback deadline first (the API's order too; kept here so a page that merges two answers
 * cannot show them out of order), then the earliest missed call, then the id for a stable order.
 */
export function byDeadline(a: CallbackItem, b: CallbackItem): number {
  return (
    Date.parse(a.callbackDueAt) - Date.parse(b.callbackDueAt) ||
    Date.parse(a.firstMissedAt) - Date.parse(b.firstMissedAt) ||
    (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0)
  );
}

export function sortedByDeadline(items: readonly CallbackItem[]): CallbackItem[] {
  return [...items].sort(byDeadline);
}

/** "N 分钟" / "N 小时 M 分" / "N 天": a duration as a shift leader says it. */
export function spanText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 1) return '不到 1 分钟';
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} 小时 ${minutes % 60} 分` : `${hours} 小时`;
  return `${Math.floor(hours / 24)} 天`;
}

/** 漏接于 N 分钟前: how long the caller has been waiting for us. */
export function sinceText(iso: string, now: Date): string {
  return `${spanText(now.getTime() - Date.parse(iso))}前`;
}

export interface CallbackCountdown {
  readonly text: string;
  readonly tone: CountdownTone;
}

/**
 * The countdown to the callback deadline. The tone follows the supervision job's own verdicts
 * (`warned`, `overdue` on the item) so the list and the warnings agree, and the clock alone when
 * the job has not run yet.
 *
 * @example
 * callbackCountdown({ callbackDueAt: '2026-12-03T10:00:00Z', warned: false, overdue: false }, new Date('2026-12-03T09:20:00Z'))
 * // { text: '剩余 40 分钟', tone: 'ok' }
 */
export function callbackCountdown(
  item: Pick<CallbackItem, 'callbackDueAt' | 'warned' | 'overdue'>,
  now: Date,
): CallbackCountdown {
  const left = Date.parse(item.callbackDueAt) - now.getTime();
  if (Number.isNaN(left)) return { text: '—', tone: 'muted' };
  if (left < 0 || item.overdue) {
    return { text: left < 0 ? `已超时 ${spanText(-left)}` : '已超时', tone: 'danger' };
  }
  return { text: `剩余 ${spanText(left)}`, tone: item.warned ? 'warning' : 'ok' };
}

/** 预警 / 超时: the supervision state as a word (a tag beside the countdown, never colour alone). */
export function callbackSupervision(
  item: Pick<CallbackItem, 'callbackDueAt' | 'warned' | 'overdue'>,
  now: Date,
): 'warned' | 'overdue' | undefined {
  if (item.overdue || Date.parse(item.callbackDueAt) < now.getTime()) return 'overdue';
  return item.warned ? 'warned' : undefined;
}

export const CALLBACK_SUPERVISION_TEXT = { warned: '即将超时', overdue: '已超时' } as const;

/** 已回拨 1/3 次. */
export function attemptsText(item: Pick<CallbackItem, 'attempts' | 'maxAttempts'>): string {
  return `已回拨 ${item.attempts}/${item.maxAttempts} 次`;
}

/** 上次：无人接听（09:40）, or nothing before the first attempt. */
export function lastOutcomeText(
  item: Pick<CallbackItem, 'lastAttempt'>,
  clock: (iso: string) => string,
): string {
  const last = item.lastAttempt;
  return last ? `上次：${CALLBACK_OUTCOME_TEXT[last.outcome]}（${clock(last.at)}）` : '';
}

/** `agent:A001` → 坐席 A001: who holds a task, as the supervisor's list shows it. */
export function holderText(heldBy: string | null): string {
  if (!heldBy) return '';
  const [kind, id] = heldBy.includes(':') ? heldBy.split(':', 2) : ['', heldBy];
  return kind === 'agent' ? `坐席 ${id}` : (id ?? heldBy);
}

/** Whether a task is held by someone now (a hold that ran out no longer counts). */
export function heldNow(item: Pick<CallbackItem, 'heldBy' | 'heldUntil'>, now: Date): boolean {
  return Boolean(item.heldBy && item.heldUntil && Date.parse(item.heldUntil) > now.getTime());
}

/** A number to dial as a `tel:` link: digits and a leading + only. */
export function telHref(number: string): string {
  const plus = number.trim().startsWith('+') ? '+' : '';
  return `tel:${plus}${number.replace(/\D/g, '')}`;
}

/** 138 1234 5678: a mobile number grouped for reading out; anything else as it came. */
export function numberText(number: string): string {
  const digits = number.replace(/\D/g, '');
  return /^1\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : number;
}

/** What the API's 409s on a callback mean, in Chinese; each comes with a reload, never a retry. */
export const CALLBACK_CONFLICT_TEXT: Readonly<Record<string, string>> = {
  held_by_other: '已被其他坐席领取',
  too_soon: '未到下次回拨时间',
  version_conflict: '已被他人更新，请刷新',
  not_open: '该回拨任务已结束（来电人已接通或已处理完毕）',
  not_held: '领取已超时，请刷新后重新领取',
};

/** The Chinese for a 409's code; an unknown code says the task changed. */
export function conflictText(code: string): string {
  return CALLBACK_CONFLICT_TEXT[code] ?? CALLBACK_CONFLICT_TEXT.version_conflict ?? code;
}

/** The API's bound on an attempt's note (CallbackAttemptSchema). */
export const NOTE_MAX = 500;

/** What keeps an outcome from being sent, in Chinese; undefined when it can be. */
export function outcomeError(outcome: CallbackOutcome | '', note: string): string | undefined {
  if (!outcome) return '请选择回拨结果';
  if (note.trim().length > NOTE_MAX) return `备注最多 ${NOTE_MAX} 字`;
  return undefined;
}

/**
 * The body of POST /v1/callbacks/{taskId}/attempts: the note trimmed and left out when empty.
 *
 * @example attemptBody('no_answer', '  关机 ') // { outcome: 'no_answer', note: '关机' }
 */
export function attemptBody(
  outcome: CallbackOutcome,
  note: string,
  appeal?: CallbackAttemptInput['appeal'],
): CallbackAttemptInput {
  const text = note.trim();
  return {
    outcome,
    ...(text ? { note: text } : {}),
    ...(outcome === 'reached' && appeal ? { appeal } : {}),
  };
}

/** The line's name as the API gives it, else its code. */
export function lineText(item: Pick<CallbackItem, 'line' | 'lineName'>): string {
  return item.lineName && item.lineName !== item.line ? `${item.lineName}（${item.line}）` : item.line;
}

/** The count on the tab: the first page's rows, "20+" when more follow. */
export function countText(shown: number, more: boolean): string {
  return more ? `${shown}+` : String(shown);
}

/** The outcome buttons, in the glossary's order: 回拨成功, 无人接听, 号码错误, 拒接. */
export const CALLBACK_OUTCOMES = Object.keys(CALLBACK_OUTCOME_TEXT) as readonly CallbackOutcome[];
