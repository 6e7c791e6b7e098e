// 政府信息公开申请: what a disclosure request holds, as the 《政府信息公开条例》 (2019) 第二十九条 lists it,
// and the stored form in which no identity number is in clear.
import * as z from 'zod/mini';
import { CallerNumberSchema } from '../call-record.js';
import {
  birthDateOf,
  checkCreditCode,
  checkDocumentNumber,
  IDENTITY_DOCUMENT_KINDS,
} from './identity-numbers.js';
import { type ProtectedIdentity, protectIdentity } from './protected-identity.js';
import { ARRIVAL_WAYS, type Arrival, ArrivalSchema, receiptDateOf } from './receipt-date.js';
import { APPLICANT_KINDS } from './template.js';

export { ARRIVAL_WAYS, type Arrival, ArrivalSchema, receiptDateOf };

/** 申请公开的政府信息的描述: 第二十九条第二款第（二）项 ("名称、文号或者便于行政机关查询的其他特征性描述"). */
export const INFORMATION_MAX_CHARS = 2000;

const text = (max: number, what: string) =>
  z.string().check(z.trim(), z.minLength(1, `请填写${what}`), z.maxLength(max, `${what}最多 ${max} 个字`));

/**
 * 联系方式 (第二十九条第二款第（一）项): at least one way to reach the applicant. Which one the reply
 * needs depends on the form wanted (a posted letter needs the address, an e-mail the address).
 */
export const ApplicantContactSchema = z
  .strictObject({
    phone: z.optional(CallerNumberSchema),
    address: z.optional(text(200, '通信地址')),
    postcode: z.optional(z.string().check(z.regex(/^\d{6}$/, '邮政编码须为 6 位数字'))),
    email: z.optional(z.email('电子邮箱格式有误')),
  })
  .check(
    z.refine(
      (c) => Boolean(c.phone || c.address || c.email),
      '请至少填写一种联系方式（电话、通信地址或电子邮箱）',
    ),
  );
export type ApplicantContact = z.infer<typeof ApplicantContactSchema>;

/** An issue carrying the refusal's machine code, so `parseDisclosureRequest` can report it. */
function numberIssue(input: string, refusal: { code: string; message: string }, path: PropertyKey[]) {
  return { code: 'custom' as const, input, message: refusal.message, path, params: { code: refusal.code } };
}

/** 身份证明: the document and its number, checked for its kind (identity-numbers.ts) and normalised. */
export const IdentityDocumentSchema = z.pipe(
  z.strictObject({ kind: z.enum(IDENTITY_DOCUMENT_KINDS), number: z.string().check(z.maxLength(32)) }),
  z.transform((d, ctx) => {
    const check = checkDocumentNumber(d.kind, d.number);
    if (check.ok) return { kind: d.kind, number: check.value };
    ctx.issues.push(numberIssue(d.number, check.refusal, ['number']));
    return z.NEVER;
  }),
);

/** 统一社会信用代码, checked (GB 32100-2015) and normalised. */
export const CreditCodeSchema = z.pipe(
  z.string().check(z.maxLength(32)),
  z.transform((s, ctx) => {
    const check = checkCreditCode(s);
    if (check.ok) return check.value;
    ctx.issues.push(numberIssue(s, check.refusal, []));
    return z.NEVER;
  }),
);

/** A citizen (公民): the report's 自然人 column. */
const CitizenSchema = z.strictObject({
  kind: z.literal('citizen'),
  name: text(50, '申请人姓名'),
  document: IdentityDocumentSchema,
  contact: ApplicantContactSchema,
});

/** The organisation columns of the annual report (法人或其他组织): every applicant kind but 自然人. */
export const ORGANISATION_KINDS = APPLICANT_KINDS.filter(
  (k): k is Exclude<(typeof APPLICANT_KINDS)[number], 'natural_person'> => k !== 'natural_person',
);

/** 法定代表人 or 联系人. */
export const REPRESENTATIVE_ROLES = ['legal_representative', 'contact_person'] as const;
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

/** A legal person or other organisation (法人或者其他组织), and the person who acts for it. */
const OrganisationSchema = z.strictObject({
  kind: z.literal('organisation'),
  name: text(100, '单位名称'),
  creditCode: CreditCodeSchema,
  /** Its column in the annual report (商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他). */
  organisationKind: z.enum(ORGANISATION_KINDS),
  /** 法定代表人 or 联系人: who signs for the organisation and whom the office calls. */
  representative: z.strictObject({
    role: z.enum(REPRESENTATIVE_ROLES),
    name: text(50, '法定代表人或联系人姓名'),
  }),
  contact: ApplicantContactSchema,
});

export const ApplicantSchema = z.discriminatedUnion('kind', [CitizenSchema, OrganisationSchema]);
export type Applicant = z.infer<typeof ApplicantSchema>;

/**
 * 所需政府信息的形式要求，包括获取信息的方式、途径 (第二十九条第二款第（三）项; the office then decides the
 * form with 第四十条): the medium (纸质, 电子邮件, 网上获取) and how it reaches the applicant (邮寄,
 * 自行领取, 电子邮件, 网上查阅). Paper is posted or collected; e-mail is e-mailed; on-line is viewed on-line.
 */
export const INFORMATION_MEDIA = ['paper', 'email', 'online'] as const;
export const DELIVERY_WAYS = ['post', 'pickup', 'email', 'online_view'] as const;
export type InformationMedium = (typeof INFORMATION_MEDIA)[number];
export type DeliveryWay = (typeof DELIVERY_WAYS)[number];
const DELIVERIES_OF: Readonly<Record<(typeof INFORMATION_MEDIA)[number], readonly string[]>> = {
  paper: ['post', 'pickup'],
  email: ['email'],
  online: ['online_view'],
};

export const WantedFormSchema = z
  .strictObject({ medium: z.enum(INFORMATION_MEDIA), delivery: z.enum(DELIVERY_WAYS) })
  .check(
    z.refine((f) => DELIVERIES_OF[f.medium].includes(f.delivery), {
      message: '获取方式与信息形式不符：纸质可邮寄或自行领取，电子邮件以电子邮件发送，网上获取为网上查阅',
      path: ['delivery'],
    }),
  );
export type WantedForm = z.infer<typeof WantedFormSchema>;

/**
 * 政府信息公开申请 (第二十九条): who applies, what information, in what form, to which body, and how
 * it arrived (the receipt date follows from it, 第三十一条). The purpose is optional: the 2019
 * revision removed the 2007 text's "特殊需要" test, so a request is never refused for giving none.
 *
 * @example
 * DisclosureRequestSchema.safeParse({
 *   applicant: { kind: 'citizen', name: '张三', document: { kind: 'resident_id_card', number: '…' },
 *                contact: { phone: '13800138000' } },
 *   information: { description: '2025 年本区老旧小区改造项目的立项批复' },
 *   form: { medium: 'email', delivery: 'email' },
 *   departmentId: 'housing',
 *   arrival: { way: 'online', confirmedAt: '2026-12-01T10:00:00+08:00' },
 * })
 */
export const DisclosureRequestSchema = z
  .strictObject({
    applicant: ApplicantSchema,
    information: z.strictObject({
      description: text(INFORMATION_MAX_CHARS, '所需政府信息的描述'),
      /** 名称 and 文号 when the applicant knows them. */
      title: z.optional(text(200, '信息名称')),
      documentNo: z.optional(text(100, '文号')),
    }),
    purpose: z.optional(text(500, '用途')),
    form: WantedFormSchema,
    /** The body addressed (第二十七条): a department of the directory. */
    departmentId: z.string().check(z.minLength(1, '请选择受理申请的行政机关'), z.maxLength(64)),
    arrival: ArrivalSchema,
  })
  .check(
    z.superRefine((r, ctx) => {
      const { contact } = r.applicant;
      // Asked only of a form and a contact that are valid on their own, so one mistake is named once.
      const formFits = DELIVERIES_OF[r.form.medium].includes(r.form.delivery);
      const reachable = Boolean(contact.phone || contact.address || contact.email);
      if (formFits && reachable && r.form.delivery === 'post' && !contact.address) {
        ctx.addIssue({
          code: 'custom',
          input: contact,
          message: '选择邮寄的，请填写通信地址',
          path: ['applicant', 'contact', 'address'],
        });
      }
      if (formFits && reachable && r.form.delivery === 'email' && !contact.email) {
        ctx.addIssue({
          code: 'custom',
          input: contact,
          message: '选择电子邮件的，请填写电子邮箱',
          path: ['applicant', 'contact', 'email'],
        });
      }
      // A birth date after the request arrived cannot be an applicant's: a typing error.
      const doc = r.applicant.kind === 'citizen' ? r.applicant.document : undefined;
      const received = receiptDateOf(r.arrival);
      if (doc?.kind === 'resident_id_card' && birthDateOf(doc.number) > received) {
        ctx.addIssue(
          numberIssue(
            doc.number,
            {
              code: 'invalid_id_number',
              message: `身份证号码中的出生日期 ${birthDateOf(doc.number)} 晚于收到申请之日 ${received}`,
            },
            ['applicant', 'document', 'number'],
          ),
        );
      }
    }),
  );
export type DisclosureRequest = z.infer<typeof DisclosureRequestSchema>;

/** One thing wrong with a request: the field's path, a machine code, a Chinese sentence. */
export interface RequestProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}
/** The refusal of a request that does not validate: nothing is registered, every problem is named. */
export interface RequestRefusal {
  readonly code: 'invalid_request';
  readonly message: string;
  readonly problems: readonly RequestProblem[];
}

const CHINESE = /\p{Script=Han}/u;

/**
 * Validates a request as it comes from a channel or the staff entry. The numbers' refusals keep
 * their codes (`invalid_id_number`, `invalid_credit_code`, `invalid_document_number`); every other
 * problem is `invalid_field`, with the schema's Chinese message or a Chinese sentence naming the field.
 *
 * @example
 * const parsed = parseDisclosureRequest(body);
 * if (!parsed.ok) parsed.refusal.problems // [{ path: 'applicant.document.number', code: 'invalid_id_number', message: '身份证号码校验码不符…' }]
 */
export function parseDisclosureRequest(
  input: unknown,
): { ok: true; request: DisclosureRequest } | { ok: false; refusal: RequestRefusal } {
  const parsed = DisclosureRequestSchema.safeParse(input);
  if (parsed.success) return { ok: true, request: parsed.data };
  const problems = parsed.error.issues.map((issue): RequestProblem => {
    const path = issue.path.map(String).join('.');
    const code = (issue as { params?: { code?: string } }).params?.code ?? 'invalid_field';
    const message = CHINESE.test(issue.message)
      ? issue.message
      : issue.code === 'unrecognized_keys'
        ? `未知字段：${issue.keys.join('、')}`
        : `字段 ${path || '申请'} 缺失或格式有误`;
    return { path, code, message };
  });
  return { ok: false, refusal: { code: 'invalid_request', message: '申请内容有误，请按提示修改', problems } };
}

/**
 * The request as it is stored: the identity document's number and the credit code replaced by
 * their protected form (a keyed hash and the last four), so no table, stream, log or export holds
 * them in clear. The contact stays usable because the reply must reach the applicant (第三十六条);
 * the cases table encrypts it at rest.
 */
export type KeptApplicant =
  | (Omit<Extract<Applicant, { kind: 'citizen' }>, 'document'> & { document: ProtectedIdentity })
  | (Omit<Extract<Applicant, { kind: 'organisation' }>, 'creditCode'> & { creditCode: ProtectedIdentity });
export type KeptDisclosureRequest = Omit<DisclosureRequest, 'applicant'> & {
  applicant: KeptApplicant;
  /** 收到申请之日 (第三十一条), Asia/Shanghai. */
  receivedOn: string;
};

/**
 * The stored form of a validated request, with the receipt date it implies. `hashKey` is the
 * identity hash key from configuration (the adapter passes it, as for `hashPhone`).
 *
 * @example
 * toKeptRequest(request, key).applicant // { kind: 'citizen', document: { kind, hash, last4 }, … }
 */
export function toKeptRequest(request: DisclosureRequest, hashKey: string): KeptDisclosureRequest {
  const { applicant } = request;
  const kept: KeptApplicant =
    applicant.kind === 'citizen'
      ? {
          ...applicant,
          document: protectIdentity(applicant.document.kind, applicant.document.number, hashKey),
        }
      : { ...applicant, creditCode: protectIdentity('credit_code', applicant.creditCode, hashKey) };
  return { ...request, applicant: kept, receivedOn: receiptDateOf(request.arrival) };
}
