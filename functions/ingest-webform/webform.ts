import * as z from 'zod/mini';
import { ATTACHMENT_KEY, MAX_ATTACHMENTS } from '../../shared/domain/attachment.js';
import {
  type Appeal,
  CaseTypeSchema,
  type ContactVerification,
  type Directory,
  deriveCaseId,
  deriveTrackingNo,
  hashPhone,
  MainlandMobileSchema,
  maskPhone,
  UnknownReferenceError,
} from '../../shared/domain/index.js';

/** The web form's body (documented in docs/channels.md). Unknown fields are refused, so typos surface. */
export const WebformSubmissionSchema = z.strictObject({
  type: CaseTypeSchema,
  category: z.string().check(z.minLength(1), z.maxLength(64)),
  district: z.string().check(z.minLength(1), z.maxLength(64)),
  address: z.optional(z.string().check(z.trim(), z.maxLength(200, '地址最多 200 字'))),
  content: z
    .string()
    .check(z.trim(), z.minLength(5, '诉求内容至少 5 个字'), z.maxLength(2000, '诉求内容最多 2000 字')),
  phone: MainlandMobileSchema,
  name: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  // Only keys the upload function hands out (uploads/YYYY/MM/DD/<uuid>.<ext>): a submission cannot
  // point a case at raw/ payloads, another prefix or a foreign URL.
  // 短信验证码 (where the deployment has an SMS provider): the id POST …/verifications answered and
  // the code the phone received. Checked by the handler (verification.ts), never part of the appeal.
  verificationId: z.optional(z.string().check(z.maxLength(64))),
  code: z.optional(z.string().check(z.maxLength(16))),
  attachments: z._default(
    z
      .array(z.string().check(z.regex(ATTACHMENT_KEY, '附件须为本页面上传的图片')))
      .check(z.maxLength(MAX_ATTACHMENTS, `最多 ${MAX_ATTACHMENTS} 个附件`)),
    [],
  ),
});
export type WebformSubmission = z.infer<typeof WebformSubmissionSchema>;

/**
 * 政府信息公开申请 on the web form (《政府信息公开条例》第二十九条): `type: 'disclosure'` with the request
 * (request.ts `DisclosureRequest` without `arrival`: the channel sets it, 第三十一条第（三）项). The
 * request itself is checked by `parseDisclosureRequest` in the handler, so its problems come back
 * with their codes (`invalid_id_number` …). Not strict: a free-text disclosure submission in the
 * ordinary shape (content, category …) reaches the handler, which tells the citizen to use the form
 * (422 `disclosure_request_required`) instead of naming every field it does not take.
 */
export const DisclosureSubmissionSchema = z.object({
  type: z.literal('disclosure'),
  disclosureRequest: z.optional(z.record(z.string(), z.unknown())),
  verificationId: z.optional(z.string().check(z.maxLength(64))),
  code: z.optional(z.string().check(z.maxLength(16))),
});
export type DisclosureSubmission = z.infer<typeof DisclosureSubmissionSchema>;

const isDisclosure = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'disclosure';

/**
 * What the web form's route takes: a disclosure request (above) when `type` is `disclosure`,
 * otherwise an appeal (`WebformSubmissionSchema`), each with its own field-by-field refusals (a
 * union would answer every mistake with both shapes' complaints).
 */
export const WebformBodySchema = z.pipe(
  z.unknown(),
  z.transform((value, ctx): WebformSubmission | DisclosureSubmission => {
    const parsed = isDisclosure(value)
      ? DisclosureSubmissionSchema.safeParse(value)
      : WebformSubmissionSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: value } as never);
    return z.NEVER;
  }),
);
export type WebformBody = WebformSubmission | DisclosureSubmission;

/** `WebformBodySchema` gives a `disclosure` body only in the disclosure shape. */
export function isDisclosureSubmission(body: WebformBody): body is DisclosureSubmission {
  return body.type === 'disclosure';
}

/** 8–128 characters, so a client can use a UUID, a ULID or its own scheme. */
export const IdempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/));

/** Refuses a category or district the directory does not know, before anything is written. */
export function checkReferences(submission: WebformSubmission, directory: Directory): void {
  if (!directory.categories.has(submission.category)) {
    throw new UnknownReferenceError('unknown_category', `未知的诉求类别：${submission.category}`);
  }
  if (!directory.districts.has(submission.district)) {
    throw new UnknownReferenceError('unknown_district', `未知的区县：${submission.district}`);
  }
}

// Shared with the disclosure office's staff entry.
export { caseKeyOf } from '../../shared/adapters/first-receipt.js';

/**
 * The web form's submission as an appeal. `sourceId` is the Idempotency-Key, or a fresh id;
 * `caseKey` (default `sourceId`) is what the case id is derived from (`caseKeyOf`).
 */
export function toAppeal(
  submission: WebformSubmission,
  context: {
    sourceId: string;
    caseKey?: string;
    receivedAt: Date;
    contactHashKey: string;
    /** Set by the handler only (a code checked): never from the body. */
    verifiedBy?: ContactVerification;
  },
): Appeal {
  const caseId = deriveCaseId('webform', context.caseKey ?? context.sourceId);
  return {
    caseId,
    trackingNo: deriveTrackingNo(caseId, context.receivedAt),
    channel: 'webform',
    sourceId: context.sourceId,
    receivedAt: context.receivedAt.toISOString(),
    type: submission.type,
    // Urgency is an agent's judgement; a public form cannot claim it.
    urgency: 'normal',
    category: submission.category,
    district: submission.district,
    ...(submission.address ? { address: submission.address } : {}),
    content: submission.content,
    contact: {
      phoneHash: hashPhone(submission.phone, context.contactHashKey),
      phoneMasked: maskPhone(submission.phone),
      ...(submission.name ? { name: submission.name } : {}),
      ...(context.verifiedBy ? { verifiedBy: context.verifiedBy } : {}),
    },
    attachments: submission.attachments,
  };
}
