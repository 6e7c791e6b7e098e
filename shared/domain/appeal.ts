import { z } from 'zod';

/** 诉求 appeal: one inbound request from a citizen, normalised from any channel. */
export const CHANNELS = ['webform', 'hotline', 'wechat'] as const;
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
export const MainlandMobileSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+?86)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'must be a mainland mobile number (11 digits starting 13–19)'));

/**
 * The caller's contact as the core keeps it: never the number in clear, only a keyed hash (for
 * repeat detection) and a masked form (138****5678) whose last four digits the citizen proves.
 */
export const ContactSchema = z.object({
  phoneHash: z.string().min(16),
  phoneMasked: z.string().regex(/^\d{3}\*{4}\d{4}$/),
  name: z.string().max(50).optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const AppealSchema = z.object({
  caseId: z.string().min(8),
  trackingNo: z.string().min(8),
  channel: ChannelSchema,
  /** The channel's own id for this appeal (WeChat MsgId, CTI call id, web-form idempotency key). */
  sourceId: z.string().min(1).max(128),
  receivedAt: z.iso.datetime({ offset: true }),
  type: CaseTypeSchema,
  urgency: UrgencySchema,
  category: z.string().min(1).max(64),
  district: z.string().min(1).max(64),
  address: z.string().max(200).optional(),
  content: z.string().min(1).max(4000),
  contact: ContactSchema,
  attachments: z.array(z.string().max(512)).max(3),
});
export type Appeal = z.infer<typeof AppealSchema>;

/**
 * What a channel puts on the intake queue: the normalised appeal and the raw inbound payload, so
 * the dispatcher can archive the original beside the case it creates.
 */
export const IntakeMessageSchema = z.object({
  appeal: AppealSchema,
  raw: z.object({
    contentType: z.string(),
    body: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
});
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;
