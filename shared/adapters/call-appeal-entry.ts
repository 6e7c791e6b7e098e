// 坐席录入: an appeal typed for a call, queued once as the CTI's record carrying it would be. Shared by
// the agent's desk and the callback desk, so both refuse a second, different appeal for one call alike.
import { type CallAppealMessage, canonicalAppeal, sameIntake } from '../domain/call-appeal.js';
import type { CallAppeal } from '../domain/call-record.js';
import type { Case } from '../domain/index.js';
import type { AppealQueue } from './appeal-queue.js';
import { bodyHashOf, type MarkOutcome, type RequestMark } from './request-marks.js';

export interface CallAppealEntryDeps {
  readonly cases: { getById(caseId: string): Promise<Case | undefined> };
  readonly queue: AppealQueue;
  readonly marks: { markOnce(mark: RequestMark, now: Date): Promise<MarkOutcome> };
}

export interface CallAppealEntryInput {
  readonly callId: string;
  /** What the agent typed: its hash tells a resend from another appeal. */
  readonly typed: CallAppeal;
  readonly contactHashKey: string;
  readonly message: CallAppealMessage;
  /** The CTI's own record carried an appeal (only its records link a call to a case). */
  readonly recordCarriesAppeal: boolean;
  readonly now: Date;
  /**
   * For an appeal whose receipt time is not the call's (the callback desk's): the message received at
   * the first try's time, so a resend queues exactly the first message (the same clock, the same
   * tracking number) and the mark keeps that time.
   */
  readonly receivedAgain?: (receivedAt: string) => CallAppealMessage;
}

/** queued (or queued again, for a resend), exists (the case answers for itself), or another appeal is the call's. */
export type CallAppealEntryResult =
  | { readonly outcome: 'queued' | 'exists'; readonly caseId: string; readonly trackingNo: string }
  | { readonly outcome: 'other_appeal' };

/**
 * reserved: marked as this call's appeal, `message` to be queued (the first try's, for a resend);
 * exists: the case answers for itself, nothing to queue; other_appeal: another appeal is the call's.
 */
export type CallAppealReservation =
  | {
      readonly outcome: 'reserved';
      readonly caseId: string;
      readonly trackingNo: string;
      readonly message: CallAppealMessage;
    }
  | { readonly outcome: 'exists'; readonly caseId: string; readonly trackingNo: string }
  | { readonly outcome: 'other_appeal' };

/**
 * The actor an appeal's original names as its typist: the history's `role:sub`, with the 工号.
 *
 * @example typistOf({ role: 'agent', sub: 'u-1', agentId: 'a-017' }) // 'agent:u-1#a-017'
 */
export function typistOf(staff: {
  readonly role: string;
  readonly sub: string;
  readonly agentId?: string;
}): string {
  return `${staff.role}:${staff.sub}${staff.agentId ? `#${staff.agentId}` : ''}`;
}

/** A typed appeal's mark outlives any resend of it; after that the case itself answers. */
const APPEAL_MARK_TTL_MS = 30 * 86_400_000;

/**
 * The once-only part of entering an appeal for a call, without queuing it: a case that exists
 * answers for itself (the same appeal → its numbers, another → other_appeal), as does one the CTI's
 * record brought that is not a case yet (other_appeal); otherwise the appeal is marked once with its
 * hash (`CALLAPPEAL#<callId>`), so a second, different appeal for the call is refused even before the
 * first became a case. The callback desk records its attempt between this and the queue.
 */
export async function reserveCallAppeal(
  deps: Pick<CallAppealEntryDeps, 'cases' | 'marks'>,
  input: CallAppealEntryInput,
): Promise<CallAppealReservation> {
  const { appeal } = input.message;
  const existing = await deps.cases.getById(appeal.caseId);
  if (existing) {
    if (!sameIntake(existing, appeal)) return { outcome: 'other_appeal' };
    return { outcome: 'exists', trackingNo: existing.trackingNo, caseId: existing.caseId };
  }
  // The CTI's record's appeal is still on its way to becoming the case: a second one would be
  // dropped there unseen, so it is refused here.
  if (input.recordCarriesAppeal) return { outcome: 'other_appeal' };
  const mark = await deps.marks.markOnce(
    {
      pk: `CALLAPPEAL#${input.callId}`,
      bodyHash: bodyHashOf(canonicalAppeal(input.typed), input.contactHashKey),
      expiresAt: new Date(input.now.getTime() + APPEAL_MARK_TTL_MS),
      details: {
        trackingNo: appeal.trackingNo,
        caseId: appeal.caseId,
        ...(input.receivedAgain ? { receivedAt: appeal.receivedAt } : {}),
      },
    },
    input.now,
  );
  if (mark.kind === 'other-body') return { outcome: 'other_appeal' };
  const firstAt = mark.kind === 'same-body' ? mark.details.receivedAt : undefined;
  const message = firstAt && input.receivedAgain ? input.receivedAgain(firstAt) : input.message;
  const trackingNo =
    mark.kind === 'same-body' ? (mark.details.trackingNo ?? message.appeal.trackingNo) : appeal.trackingNo;
  return { outcome: 'reserved', caseId: appeal.caseId, trackingNo, message };
}

/**
 * The appeal reserved (above) and queued. A resend queues again: the first send may have failed
 * after the mark; the dispatcher's conditional create keeps it to one case either way.
 *
 * @example
 * const entered = await enterCallAppeal(deps, { callId, typed, contactHashKey, message, recordCarriesAppeal: false, now });
 * if (entered.outcome === 'other_appeal') throw appealExists();
 */
export async function enterCallAppeal(
  deps: CallAppealEntryDeps,
  input: CallAppealEntryInput,
): Promise<CallAppealEntryResult> {
  const reserved = await reserveCallAppeal(deps, input);
  if (reserved.outcome !== 'reserved') return reserved;
  await deps.queue.send({ kind: 'appeal', ...reserved.message });
  return { outcome: 'queued', caseId: reserved.caseId, trackingNo: reserved.trackingNo };
}
