// 电话回访: the agents' call list and the take of one item. The core decides (who holds an item,
// whether it is still on the list); this file reads, resolves the caller's number and writes.
import type { QueuePage } from '../../shared/adapters/case-store.js';
import { addressOf } from '../../shared/adapters/citizen-address.js';
import type { RawPayloadReader } from '../../shared/adapters/raw-archive.js';
import { updateCase, type VersionedCaseStore } from '../../shared/adapters/update-case.js';
import {
  type Actor,
  actorLabel,
  type Case,
  completionNoticeOf,
  FOLLOW_UP_CALL_MAX_ATTEMPTS,
  followUpCallDueAt,
  followUpCallHolder,
  replyExcerpt,
  takeFollowUpCall,
} from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';
import { refusalError } from '../../shared/http/refusal-status.js';

export interface FollowUpCallDeps {
  readonly cases: VersionedCaseStore & {
    listFollowUpCalls(now: Date, page: { limit: number; cursor?: string }): Promise<QueuePage>;
  };
  readonly raw: RawPayloadReader;
  readonly contactHashKey: () => Promise<string>;
  /** The deployment's `FOLLOW_UP_CALL_AFTER_HOURS`: when each listed item fell due. */
  readonly afterHours: () => number;
  readonly now: () => Date;
}

/** One item of the call list, as an agent reads it: the number masked, never in clear. */
export interface FollowUpCallItem {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly completedAt: string;
  /** When the item fell due for a call. */
  readonly dueAt: string;
  readonly channel: Case['channel'];
  readonly category: string;
  readonly departmentId: string | null;
  readonly replyExcerpt: string;
  /** The completion notice's state (queued, sent, delivered, failed, undeliverable), if recorded. */
  readonly notice: { readonly state: string; readonly reason?: string } | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastAttempt: { readonly at: string; readonly by: string; readonly outcome: string } | null;
  /** 138****5678: the clear number is shown only to the agent who takes the item. */
  readonly callerMasked: string | null;
  /** Who holds the item now (took it within the hold and has not recorded the call yet). */
  readonly takenBy: string | null;
}

export function itemOf(kase: Case, afterHours: number, now: Date): FollowUpCallItem {
  const notice = completionNoticeOf(kase);
  const attempts = kase.followUpCall?.attempts ?? [];
  const last = attempts.at(-1);
  return {
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    completedAt: kase.completedAt ?? '',
    dueAt: followUpCallDueAt(kase, afterHours)?.toISOString() ?? '',
    channel: kase.channel,
    category: kase.category,
    departmentId: kase.departmentId ?? null,
    replyExcerpt: replyExcerpt(kase.reply),
    notice: notice ? { state: notice.state, ...(notice.reason ? { reason: notice.reason } : {}) } : null,
    attempts: attempts.length,
    maxAttempts: FOLLOW_UP_CALL_MAX_ATTEMPTS,
    lastAttempt: last ? { at: last.at, by: last.by, outcome: last.outcome } : null,
    callerMasked: kase.contact.phoneMasked ?? null,
    takenBy: followUpCallHolder(kase, now) ?? null,
  };
}

/**
 * The due items, oldest first, one page of the by-follow-up-call index. Each item's own data came
 * with its key (the index projects the whole case), so the page holds the cases as they were when
 * keyed; the index may lag the latest write by a moment, which the take then finds (a consistent read).
 */
export async function listFollowUpCalls(
  deps: FollowUpCallDeps,
  page: { limit: number; cursor?: string },
): Promise<{ items: FollowUpCallItem[]; nextCursor: string | null }> {
  const now = deps.now();
  const found = await deps.cases.listFollowUpCalls(now, page);
  const hours = deps.afterHours();
  const items = found.items.map((kase) => itemOf(kase, hours, now));
  return { items, nextCursor: found.nextCursor ?? null };
}

export interface TakenCall {
  readonly item: FollowUpCallItem;
  /** In clear, for the agent who took the item; recorded in the case's history. */
  readonly callerNumber: string;
  readonly version: number;
}

const notOnList = () => new HttpError(404, 'not_found', '未找到该回访项');
/** Two agents taking one item at once: the loser is told who won on its next read. */
const TAKE_ATTEMPTS = 2;

/**
 * 领取回访: reads the caller's number from the channel's original (checked against the case's keyed
 * hash, as the notices do), then records the take on the case; only then is the number returned.
 * Nothing is written when there is no number to show, nor when the holder takes it again.
 */
export async function takeCall(deps: FollowUpCallDeps, caseId: string, actor: Actor): Promise<TakenCall> {
  const kase = await deps.cases.getById(caseId);
  const hours = deps.afterHours();
  if (!kase || followUpCallDueAt(kase, hours) === undefined) throw notOnList();
  const callerNumber = await callerNumberOf(deps, kase);
  if (!callerNumber) {
    throw new HttpError(409, 'no_caller_number', '该工单的原始记录中没有可拨打的来电号码');
  }
  const now = deps.now();
  const written = await updateCase(
    deps.cases,
    kase,
    // The holder taking it again (a reload) is shown the number its open take already records:
    // nothing is written, so repeated takes cannot fill the case's history.
    (current) =>
      followUpCallHolder(current, now) === actorLabel(actor)
        ? undefined
        : takeFollowUpCall(current, actor, now),
    { attempts: TAKE_ATTEMPTS },
  );
  if (written.outcome === 'missing') throw notOnList();
  if (written.outcome === 'refused') throw refusalError(written.refusal);
  if (written.outcome === 'conflict') {
    throw new HttpError(409, 'version_conflict', '工单已被他人更新，请刷新后重试');
  }
  const taken = written.outcome === 'updated' ? written.case : written.current;
  return { item: itemOf(taken, hours, now), callerNumber, version: taken.version };
}

async function callerNumberOf(deps: FollowUpCallDeps, kase: Case): Promise<string | undefined> {
  if (!kase.rawKey) return undefined;
  const address = addressOf(kase, await deps.raw.get(kase.rawKey), await deps.contactHashKey());
  return address?.kind === 'sms' ? address.phone : undefined;
}
