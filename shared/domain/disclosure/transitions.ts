// 依申请公开: the disclosure actions' guards and effects, spread into the lifecycle's transition table
// (lifecycle/transitions.ts). Each rule cites the article of the 《中华人民共和国政府信息公开条例》
// (2019 revision) it rests on; the steps the other actions take on a disclosure request (补正,
// 延期告知, 视为放弃申请, no 办结 without 审核) are in lifecycle-rules.ts.
import type { CaseType } from '../appeal.js';
import { addSpanChecked } from '../calendar/load-calendar.js';
import type { Case } from '../case.js';
import { policyFor } from '../deadline-policy.js';
import {
  DISCLOSURE_OUTCOME_TEXT,
  REGISTER_DECISION_TEXT,
  REVIEW_KIND_TEXT,
  REVIEW_RESULT_TEXT,
  TYPE_TEXT,
} from '../labels.js';
import { ACTION_RULES, type DISCLOSURE_ACTION_NAMES } from '../lifecycle/action-rules.js';
import { type ActionOf, type Actor, actorLabel, type Refusal } from '../lifecycle/actions.js';
import {
  blank,
  decideOnCompletion,
  isDisclosureRequest,
  joinNote,
  latestDueOfPause,
  pauseAllowance,
  refuse,
  resumeOf,
} from '../lifecycle/clock.js';
import type { LifecycleContext, Transition, TransitionEffect } from '../lifecycle/transitions.js';
import { queuedNotice, withQueuedNotice } from '../notices/notice.js';
import { shanghaiDate } from '../working-days.js';
import type { DisclosureFile, ReviewRecord } from './case-fields.js';
import { THIRD_PARTY_WORKING_DAYS, thirdPartyDueAt } from './deadlines.js';
import {
  type PetitionCaseType,
  REGISTER_DECISIONS,
  type RegisterDecision,
  registerDecision,
} from './register.js';
import { type Reply, ReplySchema } from './reply.js';
import { REVIEW_KINDS, REVIEW_RESULTS, type ReviewKind, type ReviewResult } from './template.js';

type DisclosureActionName = (typeof DISCLOSURE_ACTION_NAMES)[number];

/** What a third party that let its 15 working days pass is recorded as having said (第三十二条). */
export const THIRD_PARTY_LAPSED_OPINION = '逾期未提出意见';

/** The disclosure actions are for a disclosure request with its file only. */
export function onlyDisclosure(k: Case): Refusal | undefined {
  return isDisclosureRequest(k)
    ? undefined
    : refuse('not_a_disclosure_request', '该工单不是政府信息公开申请');
}

/** 第四十五条 申请登记: the steps of handling wait for the registration. */
export function onlyRegistered(k: Case): Refusal | undefined {
  return (
    onlyDisclosure(k) ??
    (k.disclosure?.registration ? undefined : refuse('not_registered', '该申请尚未登记，请先登记'))
  );
}

function fileOf(k: Case): DisclosureFile {
  return k.disclosure as DisclosureFile;
}

function withFile(k: Case, change: Partial<DisclosureFile>): DisclosureFile {
  return { ...fileOf(k), ...change };
}

/** The third party still to give its opinion, if any (the last consultation, unanswered). */
export function openThirdParty(
  k: Pick<Case, 'disclosure'>,
): NonNullable<DisclosureFile['thirdParties']>[number] | undefined {
  const last = k.disclosure?.thirdParties?.at(-1);
  return last && !last.answeredAt ? last : undefined;
}

function registrationOf(k: Case, a: ActionOf<'register'>, actor: Actor, ctx: LifecycleContext) {
  return registerDecision({
    decision: a.decision as RegisterDecision,
    receivedOn: fileOf(k).request.receivedOn,
    registeredBy: actorLabel(actor),
    registeredAt: ctx.now.toISOString(),
    ...(a.petitionCaseType !== undefined ? { petitionCaseType: a.petitionCaseType as PetitionCaseType } : {}),
    ...(a.explanation !== undefined ? { explanation: a.explanation } : {}),
  });
}

/** 登记 as a consultation or a petition: the case continues as that type, its clock from the receipt. */
function continueAs(
  k: Case,
  type: CaseType,
  ctx: LifecycleContext,
): TransitionEffect['patch'] & {
  uncoveredYears: readonly number[];
} {
  const policy = policyFor(type, k.urgency);
  const receivedAt = new Date(k.receivedAt);
  const ack = addSpanChecked(receivedAt, policy.ack, ctx.calendar);
  const due = addSpanChecked(receivedAt, policy.complete, ctx.calendar);
  return {
    type,
    ackDueAt: ack.dueAt.toISOString(),
    dueAt: due.dueAt.toISOString(),
    uncoveredYears: [...new Set([...ack.uncoveredYears, ...due.uncoveredYears])],
  };
}

/** The reply as drafted: the body's fields with the drafter, who is the acting member of staff. */
function parseDraft(a: ActionOf<'draft_reply'>, actor: Actor) {
  const body = typeof a.reply === 'object' && a.reply !== null && !Array.isArray(a.reply) ? a.reply : {};
  return ReplySchema.safeParse({ ...body, drafter: { id: actor.id, name: a.drafterName } });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(day: string | undefined): boolean {
  return (
    day !== undefined &&
    DAY.test(day) &&
    !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day
  );
}

/** 行政复议 / 行政诉讼: what a recorded review must hold (annual report section 四, 第五十条). */
function guardReview(k: Case, a: ActionOf<'record_review'>, ctx: LifecycleContext): Refusal | undefined {
  const file = fileOf(k);
  if (!file.outcome || !file.decidedOn)
    return refuse('invalid_input', '该申请尚无答复结果，不能登记复议或诉讼');
  if (!(REVIEW_KINDS as readonly string[]).includes(a.kind)) {
    return refuse('invalid_input', `复议、诉讼类型须为 ${REVIEW_KINDS.join('、')} 之一`);
  }
  if (!(REVIEW_RESULTS as readonly string[]).includes(a.result)) {
    return refuse('invalid_input', `复议、诉讼结果须为 ${REVIEW_RESULTS.join('、')} 之一`);
  }
  const today = shanghaiDate(ctx.now);
  if (!validDay(a.filedOn)) return refuse('invalid_input', '申请复议或起诉的日期须为有效日期，如 2026-12-01');
  if (a.filedOn < file.decidedOn)
    return refuse('invalid_input', `申请复议或起诉的日期早于答复日期（${file.decidedOn}）`);
  if (a.filedOn > today) return refuse('invalid_input', '申请复议或起诉的日期不能晚于今天');
  if (a.decidedOn !== undefined) {
    if (!validDay(a.decidedOn))
      return refuse('invalid_input', '复议决定或裁判的日期须为有效日期，如 2026-12-01');
    if (a.decidedOn < a.filedOn)
      return refuse('invalid_input', '复议决定或裁判的日期早于申请复议或起诉的日期');
    if (a.decidedOn > today) return refuse('invalid_input', '复议决定或裁判的日期不能晚于今天');
    if (a.result === 'pending') return refuse('invalid_input', '尚未审结的复议或诉讼不应填写决定日期');
  }
  if (a.reviewId !== undefined && !file.reviews?.some((r) => r.reviewId === a.reviewId)) {
    return refuse('invalid_input', `未找到复议或诉讼记录：${a.reviewId}`);
  }
  return undefined;
}

export const DISCLOSURE_TRANSITIONS: { readonly [N in DisclosureActionName]: Transition<N> } = {
  // 登记 (第四十五条 申请登记; 第三十一条 the receipt day; 第三十九条 what is not a request). The
  // decision is register.ts's; accepting it is the office's sign-off, so the case is acknowledged.
  register: {
    ...ACTION_RULES.register,
    guard: (k, a, actor, ctx) => {
      const refusal = onlyDisclosure(k);
      if (refusal) return refusal;
      if (fileOf(k).registration) return refuse('already_registered', '该申请已登记，不能重复登记');
      if (!(REGISTER_DECISIONS as readonly string[]).includes(a.decision)) {
        return refuse('invalid_input', `登记结果须为 ${REGISTER_DECISIONS.join('、')} 之一`);
      }
      if (a.responsible && (blank(a.responsible.id) || blank(a.responsible.name))) {
        return refuse('invalid_input', '专人负责须写明负责人的编号和姓名');
      }
      const decided = registrationOf(k, a, actor, ctx);
      return decided.ok ? undefined : refuse('invalid_input', decided.refusal.message);
    },
    effect: (k, a, actor, ctx) => {
      const decided = registrationOf(k, a, actor, ctx);
      if (!decided.ok) throw new Error(`register: ${decided.refusal.code}`); // the guard refused it
      const registration = decided.registration;
      const responsible = a.responsible ?? { id: actor.id, name: actor.id };
      const at = ctx.now.toISOString();
      if (registration.decision === 'accept') {
        return {
          patch: { status: 'acknowledged', disclosure: withFile(k, { registration, responsible }) },
          note: joinNote(
            `登记为政府信息公开申请（${registration.article}）`,
            `收到申请之日 ${registration.receivedOn}`,
            a.note,
          ),
        };
      }
      // Not a request: the annual report still counts it (it arrived as one), under its row, decided today.
      const disclosure = withFile(k, {
        registration,
        responsible,
        outcome: registration.reportOutcome,
        decidedOn: shanghaiDate(ctx.now),
      });
      const notices = withQueuedNotice(k.notices, queuedNotice('disclosure_registration', at));
      const note = joinNote(
        `${REGISTER_DECISION_TEXT[registration.decision]}（${registration.article}）`,
        registration.notice,
        a.note,
      );
      if (registration.becomes === undefined) {
        // 公开出版物 (第三十九条第二款): the applicant is told where to get it, and nothing else is opened.
        return {
          patch: {
            status: 'closed',
            closeReason: 'not_a_request',
            pendingExtension: undefined,
            disclosure,
            notices,
          },
          note,
        };
      }
      const { uncoveredYears, ...continued } = continueAs(k, registration.becomes, ctx);
      return {
        patch: { status: 'acknowledged', ...continued, disclosure, notices },
        note: joinNote(note, `转为 ${TYPE_TEXT[registration.becomes]}`),
        uncoveredYears,
      };
    },
  },
  // 专人负责: the office names the person responsible for the request.
  assign_responsible: {
    ...ACTION_RULES.assign_responsible,
    guard: (k, a) =>
      onlyDisclosure(k) ??
      (blank(a.responsible.id) || blank(a.responsible.name)
        ? refuse('invalid_input', '专人负责须写明负责人的编号和姓名')
        : undefined),
    effect: (k, a) => {
      const responsible = { id: a.responsible.id.trim(), name: a.responsible.name.trim() };
      return {
        patch: { disclosure: withFile(k, { responsible }) },
        note: joinNote(`专人负责：${responsible.name}（${responsible.id}）`, a.note),
      };
    },
  },
  // 第三十二条: a third party's rights may be harmed, so its opinion is sought; it has 15 working
  // days, and the time taken is not counted in the period. The clock pauses (third_party), capped
  // at those 15 working days (pausedSince.latestDueAt).
  consult_third_party: {
    ...ACTION_RULES.consult_third_party,
    guard: (k, a, _actor, ctx) => {
      const refusal = onlyRegistered(k);
      if (refusal) return refusal;
      if (blank(a.party)) return refuse('invalid_input', '须写明征求意见的第三方');
      if (k.pausedSince) return refuse('paused', '计时已经中止');
      if (k.slaOutcome) return refuse('sla_decided', '按时办结结果已认定，不能更改');
      if (ctx.now > new Date(k.dueAt)) return refuse('deadline_passed', '已过答复期限');
      return pauseAllowance(k, ctx, 'third_party') > 0
        ? undefined
        : refuse('pause_limit_reached', '中止计时累计已达上限，如需更多时间请申请延期');
    },
    effect: (k, a, actor, ctx) => {
      const askedAt = ctx.now.toISOString();
      const dueAt = thirdPartyDueAt(ctx.now, ctx.calendar).toISOString();
      const consultation = { party: a.party.trim(), askedAt, askedBy: actorLabel(actor), dueAt };
      return {
        patch: {
          pausedSince: {
            at: askedAt,
            reason: 'third_party',
            by: actorLabel(actor),
            latestDueAt: latestDueOfPause(k, new Date(k.dueAt), ctx, 'third_party'),
          },
          disclosure: withFile(k, { thirdParties: [...(fileOf(k).thirdParties ?? []), consultation] }),
        },
        note: joinNote(
          `征求第三方意见，中止计时（第三十二条：第三方 ${THIRD_PARTY_WORKING_DAYS} 个工作日内提出意见，所需时间不计算在答复期限内）`,
          consultation.party,
          `意见期限 ${dueAt}`,
          a.note,
        ),
      };
    },
  },
  // 第三十二条: the opinion arrives (or the system records 逾期未提出意见 once the 15 working days
  // have passed) and the clock runs again; the time waited is not counted.
  record_third_party_opinion: {
    ...ACTION_RULES.record_third_party_opinion,
    guard: (k, a, actor, ctx) => {
      const refusal = onlyDisclosure(k);
      if (refusal) return refusal;
      const open = openThirdParty(k);
      if (!open) return refuse('no_third_party_consultation', '没有待答复的第三方意见征询');
      if (actor.role === 'system') {
        return ctx.now > new Date(open.dueAt) ? undefined : refuse('not_due', '第三方意见期限尚未届满');
      }
      return blank(a.opinion) ? refuse('invalid_input', '须写明第三方的意见') : undefined;
    },
    effect: (k, a, actor, ctx) => {
      const open = openThirdParty(k) as NonNullable<ReturnType<typeof openThirdParty>>;
      const opinion = actor.role === 'system' ? THIRD_PARTY_LAPSED_OPINION : a.opinion.trim();
      const thirdParties = (fileOf(k).thirdParties ?? []).map((t) =>
        t === open ? { ...t, answeredAt: ctx.now.toISOString(), opinion } : t,
      );
      const resumed = k.pausedSince?.reason === 'third_party' ? resumeOf(k, ctx) : undefined;
      return {
        patch: { ...resumed?.patch, disclosure: withFile(k, { thirdParties }) },
        note: joinNote(
          `${open.party}：${opinion}`,
          resumed
            ? `恢复计时，征求意见所需时间不计算在答复期限内（第三十二条），答复期限至 ${resumed.patch.dueAt}`
            : undefined,
          actor.role === 'system' ? undefined : a.note,
        ),
        ...(resumed ? { uncoveredYears: resumed.uncoveredYears } : {}),
      };
    },
  },
  // 拟稿: the handler drafts the reply (reply.ts REPLY_RULES, 第三十六条 … 第四十二条); a new draft
  // replaces the last one and any approval of it.
  draft_reply: {
    ...ACTION_RULES.draft_reply,
    guard: (k, a, actor) => {
      const refusal = onlyRegistered(k);
      if (refusal) return refusal;
      const parsed = parseDraft(a, actor);
      if (parsed.success) return undefined;
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}：` : '';
      return refuse('invalid_input', `答复稿有误：${where}${issue?.message ?? '格式不正确'}`);
    },
    effect: (k, a, actor, ctx) => {
      const reply = parseDraft(a, actor).data as Reply;
      const revision = (fileOf(k).draft?.revision ?? 0) + 1;
      return {
        patch: {
          disclosure: withFile(k, {
            draft: {
              reply,
              draftedAt: ctx.now.toISOString(),
              draftedBy: actorLabel(actor),
              drafterId: actor.id,
              revision,
            },
            approval: undefined,
          }),
        },
        note: joinNote(`第 ${revision} 稿`, DISCLOSURE_OUTCOME_TEXT[reply.outcome], a.note),
      };
    },
  },
  // 审核 and 答复: another person approves after the confidentiality review (第十七条 保密审查;
  // two-person rule), the 答复书 the desk rendered goes with it, and the request is answered
  // (第三十三条 within the period; 第三十六条 the reply's outcome). No satisfaction rating follows.
  approve_reply: {
    ...ACTION_RULES.approve_reply,
    guard: (k, a, actor, ctx) => {
      const refusal = onlyRegistered(k);
      if (refusal) return refusal;
      const draft = fileOf(k).draft;
      if (!draft) return refuse('no_draft', '没有待审核的答复稿');
      if (draft.returnedAt) return refuse('no_draft', '答复稿已退回修改');
      if (actor.id === draft.drafterId)
        return refuse('self_approval', '拟稿人不能审核自己的答复稿，须由另一人审核');
      if (a.confidentialityReviewed !== true) return refuse('invalid_input', '须先完成保密审查（第十七条）');
      if (blank(a.reviewerName)) return refuse('invalid_input', '须填写审核人姓名');
      if (k.pausedSince) return refuse('paused', '计时已中止，须先恢复计时再答复');
      return ctx.letter
        ? undefined
        : refuse('letter_required', '答复须附答复书，请通过政府信息公开审核入口办理');
    },
    effect: (k, a, actor, ctx) => {
      const draft = fileOf(k).draft as NonNullable<DisclosureFile['draft']>;
      const at = ctx.now.toISOString();
      return {
        patch: {
          status: 'closed',
          closeReason: 'replied',
          completedAt: at,
          pendingExtension: undefined,
          ...decideOnCompletion(k, ctx.now),
          disclosure: withFile(k, {
            approval: {
              approvedAt: at,
              approvedBy: actorLabel(actor),
              reviewerId: actor.id,
              reviewerName: a.reviewerName.trim(),
              confidentialityReviewed: true,
              revision: draft.revision,
            },
            ...(ctx.letter ? { letter: ctx.letter } : {}),
            outcome: draft.reply.outcome,
            decidedOn: shanghaiDate(ctx.now),
          }),
          // 答复告知, queued in the same write as the reply: the applicant learns how to obtain the letter.
          notices: withQueuedNotice(k.notices, queuedNotice('disclosure_reply', at)),
        },
        note: joinNote(
          `审核通过（保密审查，第十七条），第 ${draft.revision} 稿`,
          ctx.letter ? `答复书 ${ctx.letter.letterNo}` : undefined,
          DISCLOSURE_OUTCOME_TEXT[draft.reply.outcome],
          a.note,
        ),
      };
    },
  },
  // 审核不通过: the draft goes back to the handler with the reason, marked as returned (out of the
  // review queue, not approvable) until the handler drafts again.
  reject_reply: {
    ...ACTION_RULES.reject_reply,
    guard: (k, a) => {
      const refusal = onlyDisclosure(k);
      if (refusal) return refusal;
      const draft = fileOf(k).draft;
      if (!draft) return refuse('no_draft', '没有待审核的答复稿');
      if (draft.returnedAt) return refuse('no_draft', '答复稿已退回修改');
      return blank(a.note) ? refuse('invalid_input', '退回答复稿须说明理由') : undefined;
    },
    effect: (k, a, actor, ctx) => {
      const draft = fileOf(k).draft as NonNullable<DisclosureFile['draft']>;
      const returnNote = a.note.trim();
      return {
        patch: {
          disclosure: withFile(k, {
            draft: { ...draft, returnedAt: ctx.now.toISOString(), returnedBy: actorLabel(actor), returnNote },
          }),
        },
        note: joinNote(`退回第 ${draft.revision} 稿`, returnNote),
      };
    },
  },
  // 行政复议 / 行政诉讼 about the reply (第五十一条 remedies; 第五十条 the annual report's section 四):
  // recorded on the closed request when they are filed and again when decided.
  record_review: {
    ...ACTION_RULES.record_review,
    guard: (k, a, _actor, ctx) => onlyDisclosure(k) ?? guardReview(k, a, ctx),
    effect: (k, a, actor, ctx) => {
      const reviews = fileOf(k).reviews ?? [];
      const recorded = { recordedAt: ctx.now.toISOString(), recordedBy: actorLabel(actor) };
      const decided = a.decidedOn !== undefined ? { decidedOn: a.decidedOn } : {};
      let next: ReviewRecord[];
      let reviewId: string;
      if (a.reviewId !== undefined) {
        reviewId = a.reviewId;
        next = reviews.map((r) => {
          if (r.reviewId !== a.reviewId) return r;
          const { decidedOn: _old, ...rest } = r;
          return { ...rest, result: a.result as ReviewResult, ...decided, ...recorded };
        });
      } else {
        reviewId = `R${reviews.length + 1}`;
        next = [
          ...reviews,
          {
            reviewId,
            kind: a.kind as ReviewKind,
            filedOn: a.filedOn,
            result: a.result as ReviewResult,
            ...decided,
            ...recorded,
          },
        ];
      }
      return {
        patch: { disclosure: withFile(k, { reviews: next }) },
        note: joinNote(
          reviewId,
          REVIEW_KIND_TEXT[a.kind as ReviewKind],
          `${a.filedOn} 提起`,
          REVIEW_RESULT_TEXT[a.result as ReviewResult],
          a.decidedOn !== undefined ? `${a.decidedOn} 审结` : undefined,
          a.note,
        ),
      };
    },
  },
};
