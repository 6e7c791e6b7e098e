import * as z from 'zod/mini';
import { type Appeal, CaseTypeSchema, ChannelSchema, ContactSchema, UrgencySchema } from './appeal.js';
import { computeDeadlines } from './deadline-policy.js';
import type { Directory } from './directory.js';
import { DISCLOSURE_FIELDS } from './disclosure/case-fields.js';
import { disclosureDeadlines } from './disclosure/deadlines.js';
import { intakeHoldNote } from './intake-hold.js';
import { LIFECYCLE_FIELDS } from './lifecycle/fields.js';
import { NoticeSchema, queuedNotice } from './notices/notice.js';
import { route } from './routing.js';
import type { WorkingCalendar } from './working-days.js';

/** The lifecycle of DESIGN §5. */
export const CASE_STATUSES = [
  'received',
  'pending_dispatch',
  'dispatched',
  'acknowledged',
  'returned',
  'completed',
  'dissatisfied',
  'reopened',
  'closed',
  'merged',
] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const HistoryEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  actor: z.string().check(z.minLength(1)),
  action: z.string().check(z.minLength(1)),
  note: z.optional(z.string()),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const CaseSchema = z.object({
  caseId: z.string(),
  trackingNo: z.string(),
  version: z.int().check(z.nonnegative()),
  type: CaseTypeSchema,
  urgency: UrgencySchema,
  status: CaseStatusSchema,
  channel: ChannelSchema,
  sourceId: z.string(),
  category: z.string(),
  district: z.string(),
  address: z.optional(z.string()),
  content: z.string(),
  contact: ContactSchema,
  attachments: z.array(z.string()),
  /**
   * Photos the appeal named that did not reach the archive: never uploaded (or expired from
   * staging), or bytes that did not hash to the checksum their upload grant signed. The appeal is
   * a case all the same; staff see what the citizen meant to send.
   */
  missingAttachments: z.optional(
    z.array(z.object({ key: z.string(), reason: z.enum(['not_uploaded', 'checksum_mismatch']) })),
  ),
  departmentId: z.optional(z.string()),
  coHandlers: z.array(z.string()),
  receivedAt: z.iso.datetime({ offset: true }),
  ackDueAt: z.iso.datetime({ offset: true }),
  dueAt: z.iso.datetime({ offset: true }),
  completedAt: z.optional(z.iso.datetime({ offset: true })),
  slaOutcome: z.optional(z.enum(['on_time', 'late'])),
  /** 直接办结: answered at intake, never dispatched. */
  resolvedAtIntake: z.optional(z.boolean()),
  /** The reply the citizen is given on completion. */
  reply: z.optional(z.string()),
  rawKey: z.optional(z.string()),
  /**
   * What the call centre's agent typed for a category or district the catalogue did not resolve
   * (the appeal's `typedCategory` / `typedDistrict`): the dispatcher reads it to set the case right.
   */
  typedCategory: z.optional(z.string()),
  typedDistrict: z.optional(z.string()),
  ...LIFECYCLE_FIELDS,
  /** 依申请公开: the request and the office's steps on it (disclosure/case-fields.ts); disclosure cases only. */
  ...DISCLOSURE_FIELDS,
  /** 通知: what the citizen was told and whether it reached them (notices/notice.ts). */
  notices: z.optional(z.array(NoticeSchema)),
  history: z.array(HistoryEntrySchema),
});
export type Case = z.infer<typeof CaseSchema>;

export const SYSTEM_ACTOR = 'system';

/**
 * 受理 and 派单 in one step: the case an appeal becomes. Dispatched when the catalogue has a rule
 * for its category and district, otherwise waiting for a dispatcher; waiting too, whatever the rules,
 * when intake could not settle the appeal (a typed category or district, a request not taken). A disclosure request
 * (依申请公开, `disclosureRequest`) carries its file, its 20 working days run from its receipt day
 * (第三十一条、第三十三条), and it goes straight to the body it is addressed to (第二十七条) when the
 * directory has that department.
 */
export function createCase(
  appeal: Appeal,
  context: {
    directory: Directory;
    calendar: WorkingCalendar;
    now: Date;
    rawKey?: string;
    /** false: recorded (受理) only, not routed, for an appeal about to be merged into its master. */
    route?: boolean;
  },
): Case {
  const receivedAt = new Date(appeal.receivedAt);
  const request = appeal.type === 'disclosure' ? appeal.disclosureRequest : undefined;
  // 第三十三条: 20 working days from 收到申请之日 (第三十一条: the day the channel's rule gives), not
  // from when the hotline recorded it (a letter signed for on Friday and entered on Monday).
  const { ackDueAt, dueAt } = request
    ? disclosureDeadlines(request.receivedOn, context.calendar)
    : computeDeadlines(appeal.type, appeal.urgency, receivedAt, context.calendar);
  const base: Case = {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    version: 1,
    type: appeal.type,
    urgency: appeal.urgency,
    status: 'received',
    channel: appeal.channel,
    sourceId: appeal.sourceId,
    category: appeal.category,
    district: appeal.district,
    ...(appeal.address ? { address: appeal.address } : {}),
    content: appeal.content,
    contact: appeal.contact,
    attachments: appeal.attachments,
    coHandlers: [],
    receivedAt: receivedAt.toISOString(),
    ackDueAt: ackDueAt.toISOString(),
    dueAt: dueAt.toISOString(),
    ...(context.rawKey ? { rawKey: context.rawKey } : {}),
    ...(request ? { disclosure: { request } } : {}),
    ...(appeal.typedCategory ? { typedCategory: appeal.typedCategory } : {}),
    ...(appeal.typedDistrict ? { typedDistrict: appeal.typedDistrict } : {}),
    history: [{ at: receivedAt.toISOString(), actor: `channel:${appeal.channel}`, action: 'receive' }],
  };

  if (appeal.resolution) {
    // Resolved at intake (直接办结): completed on the spot, SLA decided on time, never dispatched.
    const { at, by, reply } = appeal.resolution;
    return {
      ...base,
      status: 'completed',
      completedAt: at,
      slaOutcome: 'on_time',
      resolvedAtIntake: true,
      reply,
      // 办结告知, queued in the same write as the completion: nothing can complete a case unnoticed.
      notices: [queuedNotice('completion', at)],
      history: [...base.history, { at, actor: by, action: 'complete', note: 'resolved at intake' }],
    };
  }

  if (context.route === false) return base;
  const at = context.now.toISOString();
  // What intake could not settle (intake-hold.ts) is a person's to decide: a wildcard rule would
  // otherwise route a case whose category or district is only a placeholder.
  const held = intakeHoldNote(appeal);
  if (held) {
    return {
      ...base,
      status: 'pending_dispatch',
      history: [...base.history, { at, actor: SYSTEM_ACTOR, action: 'await_dispatch', note: held }],
    };
  }
  // 第二十七条: the request is made to the body that holds the information; it goes there directly.
  const addressed =
    request && context.directory.departments.has(request.departmentId)
      ? { departmentId: request.departmentId, coHandlers: [] as readonly string[] }
      : undefined;
  const assignment = addressed ?? route(context.directory, appeal.category, appeal.district);
  if (!assignment) {
    return {
      ...base,
      status: 'pending_dispatch',
      history: [
        ...base.history,
        { at, actor: SYSTEM_ACTOR, action: 'await_dispatch', note: 'no routing rule matched' },
      ],
    };
  }
  return {
    ...base,
    status: 'dispatched',
    departmentId: assignment.departmentId,
    coHandlers: [...assignment.coHandlers],
    history: [
      ...base.history,
      {
        at,
        actor: SYSTEM_ACTOR,
        action: 'dispatch',
        note: addressed
          ? `${assignment.departmentId}（第二十七条：申请所向的行政机关）`
          : assignment.departmentId,
      },
    ],
  };
}

/** Does the citizen's claim to own this case hold? Compared in constant shape, no early exit. */
export function phoneLast4Matches(kase: Pick<Case, 'contact'>, last4: string): boolean {
  const expected = kase.contact.phoneMasked?.slice(-4) ?? '';
  if (!expected) return false;
  let diff = expected.length ^ last4.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (last4.charCodeAt(i) || 0);
  return diff === 0;
}
