// zod/mini: the same schemas as classic zod at a thirtieth of the bundle, which Lambda cold
// starts pay for on every function.
import * as z from 'zod/mini';
import { SealedNumberSchema } from './callbacks/task.js';
import { KeptRequestSchema } from './disclosure/case-fields.js';

/** 诉求 appeal: one inbound request from a citizen, normalised from any channel. */
/**
 * office: 来信来访, a letter or a walk-in request entered by staff (the disclosure office's entry,
 * 《政府信息公开条例》第二十九条、第三十一条).
 */
export const CHANNELS = ['webform', 'hotline', 'wechat', 'office'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/** 投诉 complaint, 求助 help, 咨询 consultation, 建议 suggestion, 举报 report, 表扬 praise, 依申请公开 disclosure. */
export const CASE_TYPES = [
  'complaint',
  'help',
  'consultation',
  'suggestion',
  'report',
  'praise',
  'disclosure',
] as const;
export const CaseTypeSchema = z.enum(CASE_TYPES);
export type CaseType = z.infer<typeof CaseTypeSchema>;

export const UrgencySchema = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof UrgencySchema>;

/** A mainland China mobile number: 11 digits starting 13–19, with an optional +86 / 86 prefix. */
export const MainlandMobileSchema = z.pipe(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((s: string) => s.replace(/[\s-]/g, '').replace(/^(\+?86)/, '')),
  ),
  z.string().check(z.regex(/^1[3-9]\d{9}$/, '须为中国大陆手机号（11 位，13–19 开头）')),
);

/** The ways a channel proves the caller's identity (see `Contact.verifiedBy`). */
export const CONTACT_VERIFICATIONS = ['wechat_openid', 'network_caller', 'sms_code'] as const;
export type ContactVerification = (typeof CONTACT_VERIFICATIONS)[number];

/**
 * The caller's contact as the core keeps it: never a number or an openid in clear, only keyed
 * hashes (for repeat detection and for matching a WeChat user to their case) and a masked number
 * (138****5678) whose last four digits the citizen proves. A contact has a phone, an openid, or both.
 */
export const ContactSchema = z
  .object({
    phoneHash: z.optional(z.string().check(z.minLength(16))),
    phoneMasked: z.optional(z.string().check(z.regex(/^\d{3}\*{4}\d{4}$/))),
    /** Keyed hash of the WeChat openid (FromUserName). */
    openIdHash: z.optional(z.string().check(z.minLength(16))),
    name: z.optional(z.string().check(z.maxLength(50))),
    /**
     * How the channel proved the identity the contact's caller key (`CALLER#…`) stands for, set by
     * each channel's normaliser and never taken from a citizen's input: the WeChat openid
     * (`wechat_openid`), the hotline's calling number as the network gives it (`network_caller`),
     * a phone confirmed by an SMS code (`sms_code`). Absent: unverified (a web-form phone, a
     * callback number typed by an agent). Only verified identities are merged at intake (并单).
     */
    verifiedBy: z.optional(z.enum(CONTACT_VERIFICATIONS)),
  })
  .check(
    z.refine((c) => Boolean(c.phoneHash || c.openIdHash), 'a contact needs a phone or an openid'),
    z.refine((c) => !c.phoneHash === !c.phoneMasked, 'a phone comes as a hash and a masked form together'),
  );
export type Contact = z.infer<typeof ContactSchema>;

export const AppealSchema = z.object({
  caseId: z.string().check(z.minLength(8)),
  trackingNo: z.string().check(z.minLength(8)),
  channel: ChannelSchema,
  /** The channel's own id for this appeal (WeChat MsgId, CTI call id, web-form idempotency key). */
  sourceId: z.string().check(z.minLength(1), z.maxLength(128)),
  receivedAt: z.iso.datetime({ offset: true }),
  type: CaseTypeSchema,
  urgency: UrgencySchema,
  category: z.string().check(z.minLength(1), z.maxLength(64)),
  district: z.string().check(z.minLength(1), z.maxLength(64)),
  address: z.optional(z.string().check(z.maxLength(200))),
  content: z.string().check(z.minLength(1), z.maxLength(4000)),
  contact: ContactSchema,
  attachments: z.array(z.string().check(z.maxLength(512))).check(z.maxLength(3)),
  /**
   * Set when the agent resolved the appeal at intake (a consultation answered on the call): the
   * case is created completed, and counts as a direct resolution.
   */
  resolution: z.optional(
    z.object({
      at: z.iso.datetime({ offset: true }),
      by: z.string().check(z.minLength(1)),
      reply: z.string().check(z.minLength(1), z.maxLength(2000)),
    }),
  ),
  /**
   * 依申请公开: a `disclosure` appeal's request, validated by the channel (parseDisclosureRequest) and
   * kept with its identity numbers protected (toKeptRequest). The case takes it as `disclosure.request`.
   */
  disclosureRequest: z.optional(KeptRequestSchema),
  /**
   * What a call centre's agent typed for a category or district the catalogue did not resolve
   * (catalogue-lookup.ts): `category` is then `other` and `district` `unknown`, and the case waits for
   * a dispatcher, who reads the typed text. Hotline only: the other channels refuse an unknown code.
   */
  typedCategory: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  typedDistrict: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /**
   * 依申请公开 by telephone: the problems of a request a call carried that could not be taken (its
   * fields did not validate, or it names a body the directory does not hold). The call's appeal is
   * taken all the same, without the request, and waits for a dispatcher with these problems noted.
   */
  requestProblems: z.optional(
    z
      .array(
        z.object({
          path: z.string().check(z.maxLength(200)),
          code: z.string().check(z.minLength(1), z.maxLength(64)),
          message: z.string().check(z.maxLength(300)),
        }),
      )
      .check(z.minLength(1), z.maxLength(20)),
  ),
});
export type Appeal = z.infer<typeof AppealSchema>;

/** The raw inbound payload, queued so the dispatcher can archive the original beside the case. */
export const RawPayloadSchema = z.object({
  contentType: z.string(),
  body: z.string(),
  headers: z.optional(z.record(z.string(), z.string())),
});
export type RawPayload = z.infer<typeof RawPayloadSchema>;

/**
 * What the web form and WeChat put on the intake queue: the normalised appeal and the raw inbound
 * payload. `kind` is optional so the messages those channels send (and any still queued) stay valid.
 */
export const AppealMessageSchema = z.object({
  kind: z.optional(z.literal('appeal')),
  appeal: AppealSchema,
  raw: RawPayloadSchema,
  /**
   * The web form's photos: the SHA-256 (base64) each one's upload grant signed, by attachment key.
   * The dispatcher copies a photo into the archive only when its bytes hash to it.
   */
  attachmentChecksums: z.optional(z.record(z.string(), z.string())),
});
export type AppealMessage = z.infer<typeof AppealMessageSchema>;

/** answered: an agent took the call; abandoned: it hung up in the queue; ivr_only: never queued. */
export const DISPOSITIONS = ['answered', 'abandoned', 'ivr_only'] as const;
export const DispositionSchema = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof DispositionSchema>;

const UtcInstant = z.iso.datetime();

/**
 * A call record as the ingest function normalised it (`toCallItem` in call-record.ts): the very
 * item the dispatcher stores. Strict, so the caller's number can only travel as a keyed hash and a
 * masked form; and its key must be the call's own, since the dispatcher may also write cases.
 */
export const QueuedCallSchema = z
  .strictObject({
    pk: z.string(),
    sk: z.literal('CALL'),
    callId: z.string().check(z.minLength(1), z.maxLength(128)),
    line: z.string().check(z.minLength(1), z.maxLength(32)),
    disposition: DispositionSchema,
    day: z.iso.date(),
    recordedAt: UtcInstant,
    startedAt: z.optional(UtcInstant),
    queuedAt: z.optional(UtcInstant),
    answeredAt: z.optional(UtcInstant),
    endedAt: z.optional(UtcInstant),
    agentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    recordingKey: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
    waitSeconds: z.optional(z.number()),
    callerHash: z.optional(z.string().check(z.minLength(16))),
    callerMasked: z.optional(z.string().check(z.regex(/^\d{3}\*{4}\d{4}$/))),
    caseId: z.optional(z.string().check(z.minLength(8))),
    /**
     * Why an IVR-only call left without an agent, as the call centre's record says (the record's
     * `missed`): 非服务时间来电 after_hours, 转人工未接通 agent_requested. Such a call needs a callback.
     */
    missedReason: z.optional(z.enum(['after_hours', 'agent_requested'])),
    /** A deploy's smoke-test call (the record's `test`): stored like any, counted in no figure. */
    test: z.optional(z.literal(true)),
  })
  .check(z.refine((c) => c.pk === `CALL#${c.callId}`, { message: 'pk must be CALL#<callId>', path: ['pk'] }));
export type QueuedCall = z.infer<typeof QueuedCallSchema>;

/**
 * What the hotline puts on the intake queue: the call record, and the appeal the agent typed with
 * the raw payload when there is one. One message, so the queue is the channel's only write.
 */
export const CallMessageSchema = z
  .object({
    kind: z.literal('call'),
    call: QueuedCallSchema,
    appeal: z.optional(AppealSchema),
    raw: z.optional(RawPayloadSchema),
    /**
     * 漏接回拨: the caller's number sealed at the door (phone-vault.ts) for the callback, present only
     * for a call that needs one (abandoned, or IVR-only with a missedReason, with a caller number).
     */
    callerSealed: z.optional(SealedNumberSchema),
  })
  .check(
    z.refine((m) => !m.appeal === !m.raw, 'an appeal comes with its raw payload, and only then'),
    z.refine(
      (m) =>
        !m.callerSealed ||
        (m.callerSealed.callId === m.call.callId &&
          m.call.callerHash !== undefined &&
          (m.call.disposition === 'abandoned' ||
            (m.call.disposition === 'ivr_only' && !!m.call.missedReason))),
      { message: "a sealed number comes only with a missed call's own record", path: ['callerSealed'] },
    ),
    z.refine((m) => !m.appeal || (m.appeal.channel === 'hotline' && m.appeal.caseId === m.call.caseId), {
      message: "the appeal must be the call's own",
      path: ['appeal', 'caseId'],
    }),
  );
export type CallMessage = z.infer<typeof CallMessageSchema>;

/** Everything the intake queue carries, told apart by `kind` (absent: an appeal). */
export const IntakeMessageSchema = z.union([CallMessageSchema, AppealMessageSchema]);
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;
