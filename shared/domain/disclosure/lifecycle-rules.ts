// 依申请公开: how the lifecycle's common actions (补正, 补正答复, 未补正, 延期, 办结) differ on a disclosure
// request, by the 《中华人民共和国政府信息公开条例》 (2019). lifecycle/transitions.ts asks these first;
// on any other case they say nothing and the common rule applies unchanged.
import type { Case } from '../case.js';
import type { Actor, Refusal } from '../lifecycle/actions.js';
import { isDisclosureRequest, openCorrection, refuse } from '../lifecycle/clock.js';
import type { LifecycleContext, TransitionEffect } from '../lifecycle/transitions.js';
import { queuedNotice, withQueuedNotice } from '../notices/notice.js';
import { shanghaiDate } from '../working-days.js';
import type { DisclosureFile } from './case-fields.js';
import {
  CORRECTION_NOTICE_WORKING_DAYS,
  correctionNoticeDeadline,
  REPLY_WORKING_DAYS,
  restartedDueAt,
} from './deadlines.js';

export { isDisclosureRequest };

/**
 * 补正 (第三十条): the notice goes once (一次性告知), within 7 working days of receipt, and only on a
 * registered request.
 */
export function disclosureCorrectionRefusal(k: Case, ctx: LifecycleContext): Refusal | undefined {
  if (!isDisclosureRequest(k)) return undefined;
  const file = k.disclosure as DisclosureFile;
  if (!file.registration) return refuse('not_registered', '该申请尚未登记，请先登记');
  if (k.correction) {
    return refuse('already_done', '补正须一次性告知（第三十条），本申请已告知过补正');
  }
  const latest = correctionNoticeDeadline(file.request.receivedOn, ctx.calendar);
  return ctx.now > latest
    ? refuse(
        'correction_too_late',
        `补正告知须在收到申请之日起 ${CORRECTION_NOTICE_WORKING_DAYS} 个工作日内发出（第三十条），已超过（${shanghaiDate(latest)}）`,
      )
    : undefined;
}

/**
 * 补正答复 on a disclosure request (第三十条 "答复期限自行政机关收到补正的申请之日起计算"): the period
 * restarts, 20 working days from the day the correction arrived, instead of moving by the paused time.
 * The wait is recorded as a pause (for the record; it does not count against the pause cap).
 */
export function restartAfterCorrection(
  k: Case,
  ctx: LifecycleContext,
): { patch: TransitionEffect['patch']; note: string; uncoveredYears: readonly number[] } {
  const restarted = restartedDueAt(ctx.now, ctx.calendar);
  const since = k.pausedSince;
  const dueAt = restarted.dueAt.toISOString();
  return {
    patch: {
      dueAt,
      pausedSince: undefined,
      ...(since?.reason === 'awaiting_correction'
        ? {
            pauses: [
              ...(k.pauses ?? []),
              { from: since.at, to: ctx.now.toISOString(), reason: since.reason },
            ],
          }
        : {}),
    },
    note: `收到补正，答复期限自收到补正之日起重新计算 ${REPLY_WORKING_DAYS} 个工作日（第三十条），至 ${dueAt}`,
    uncoveredYears: restarted.uncoveredYears,
  };
}

/** 未补正: on a disclosure request the system may close it too, once the correction period passed. */
export function uncorrectedActorRefusal(k: Case, actor: Actor): Refusal | undefined {
  return actor.role === 'system' && !isDisclosureRequest(k)
    ? refuse('forbidden', '系统只对政府信息公开申请自动办理未补正')
    : undefined;
}

/**
 * 视为放弃申请 (第三十条: 申请人无正当理由逾期不补正的，视为放弃申请): closed as withdrawn, counted in
 * the annual report under 其他处理 / 申请人无正当理由逾期不补正, on the day it lapsed.
 */
export function withdrawnPatch(
  k: Case,
  ctx: LifecycleContext,
): { patch: TransitionEffect['patch']; note: string } {
  const file = k.disclosure as DisclosureFile;
  const since = k.pausedSince;
  return {
    patch: {
      closeReason: 'withdrawn',
      pendingExtension: undefined,
      pausedSince: undefined,
      ...(since
        ? {
            pauses: [
              ...(k.pauses ?? []),
              { from: since.at, to: ctx.now.toISOString(), reason: since.reason },
            ],
          }
        : {}),
      disclosure: { ...file, outcome: 'other_no_correction', decidedOn: shanghaiDate(ctx.now) },
    },
    note: `补正期限 ${openCorrection(k)?.dueAt ?? ''} 届满未补正，视为放弃申请（第三十条）`,
  };
}

/** 依申请公开 is answered only by a reviewed reply (拟稿 → 审核 → 答复), never by 办结. */
export function disclosureCompleteRefusal(k: Case): Refusal | undefined {
  if (!isDisclosureRequest(k)) return undefined;
  return k.disclosure?.registration
    ? refuse('illegal_transition', '依申请公开须经拟稿、审核后答复，不能直接办结')
    : refuse('not_registered', '该申请尚未登记，请先登记');
}

/** 延期 (第三十三条第二款): the applicant is told the extension and the new deadline. */
export function extensionNoticePatch(k: Case, ctx: LifecycleContext): TransitionEffect['patch'] {
  if (!isDisclosureRequest(k)) return {};
  return {
    notices: withQueuedNotice(k.notices, queuedNotice('disclosure_extension', ctx.now.toISOString())),
  };
}

/**
 * 中止计时 by hand on a disclosure request: a third party's wait is `consult_third_party` (recorded,
 * capped at 15 working days, 第三十二条) and a 补正 is `request_correction` (第三十条), so a plain
 * pause for either reason is refused; and a department does not resume a consultation still open
 * (the opinion, or its lapse, resumes it). A supervisor's decision stays free.
 */
export function disclosurePauseRefusal(k: Case, actor: Actor, resuming: boolean): Refusal | undefined {
  if (!isDisclosureRequest(k) || actor.role === 'supervisor') return undefined;
  if (!resuming) {
    return refuse(
      'invalid_reason',
      '依申请公开请通过"征求第三方意见"或"补正"中止计时（第三十条、第三十二条）',
    );
  }
  const last = k.disclosure?.thirdParties?.at(-1);
  return k.pausedSince?.reason === 'third_party' && last && !last.answeredAt
    ? refuse('paused', '正在征求第三方意见，请登记第三方意见后恢复计时（第三十二条）')
    : undefined;
}
