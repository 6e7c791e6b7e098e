// What a notice says, as each provider needs it: the plain Chinese text (customer-service
// messages, AWS SMS, the local outbox) and the named parameters of an approved template (Tencent
// and Alibaba SMS, WeChat template messages), which carry the same facts.

/** Every kind of message the notifier port carries. */
export const NOTICE_MESSAGE_KINDS = [
  'completion',
  'correction_request',
  'verification_code',
  'disclosure_registration',
  'disclosure_extension',
  'disclosure_reply',
] as const;
export type NoticeMessageKind = (typeof NOTICE_MESSAGE_KINDS)[number];

/**
 * The template parameters each kind fills, by name. A deployment's template configuration says
 * which of them its approved template takes, in which order (Tencent's TemplateParamSet is a list;
 * Alibaba's TemplateParam and WeChat's data are named).
 */
export const TEMPLATE_PARAMS = {
  completion: ['trackingNo', 'link', 'linkCode'],
  correction_request: ['trackingNo', 'days', 'link', 'linkCode'],
  verification_code: ['code', 'minutes'],
  disclosure_registration: ['trackingNo', 'link', 'linkCode'],
  disclosure_extension: ['trackingNo', 'dueOn', 'link', 'linkCode'],
  disclosure_reply: ['trackingNo', 'link', 'linkCode'],
} as const satisfies Record<NoticeMessageKind, readonly string[]>;

export type TemplateParamName = (typeof TEMPLATE_PARAMS)[NoticeMessageKind][number];

export interface NoticeMessage {
  readonly kind: NoticeMessageKind;
  /** Unique per case (`completion#<completedAt>`) or per verification; providers' out id. */
  readonly noticeId: string;
  readonly caseId?: string;
  readonly trackingNo?: string;
  /** The whole message in plain Chinese, within SMS length rules (see smsParts). */
  readonly text: string;
  readonly params: Readonly<Partial<Record<TemplateParamName, string>>>;
  /** Where the citizen acts (the short link): a WeChat template message's `url`. */
  readonly link?: string;
}

/**
 * The short link's code (`Ab3dE5gH7k` of `https://…/n/Ab3dE5gH7k`), for templates that hold the
 * link's fixed part as text: Tencent Cloud SMS refuses a URL, even a short one, as a template
 * parameter (变量不允许透传链接; error InvalidParameterValue.ProhibitedUseUrlInTemplateParameter),
 * so an approved template there reads `…：https://12345.example.gov.cn/n/{2}`.
 */
function linkCodeParam(link: string): { linkCode?: string } {
  const code = /\/n\/([A-Za-z0-9_-]{1,64})$/.exec(link)?.[1];
  return code ? { linkCode: code } : {};
}

/** The sender's signature (短信签名) as the texts show it; providers add their approved one. */
export const SMS_SIGNATURE = '【12345】';

/** One SMS part holds 70 UCS-2 characters; a long message's parts 67 each (3 go to the header). */
export const SMS_PART_CHARS = 70;
export const SMS_LONG_PART_CHARS = 67;

/**
 * How many SMS parts `text` takes (the signature counted, as carriers count it). Characters
 * outside the Basic Multilingual Plane take two UCS-2 units, as they do on the air.
 *
 * @example smsParts('【12345】您的验证码为 123456') // 1
 */
export function smsParts(text: string): number {
  const units = text.length;
  if (units === 0) return 0;
  return units <= SMS_PART_CHARS ? 1 : Math.ceil(units / SMS_LONG_PART_CHARS);
}

/** The most parts a notice may take: a two-part message still arrives as one on every handset. */
export const MAX_NOTICE_PARTS = 2;

/**
 * 办结告知: the case is done; the link opens the reply and, while the follow-up window is open,
 * the rating.
 *
 * @example
 * completionMessage({ caseId, trackingNo: '261122-K7M3-9XQ2', completedAt }, { link: 'https://…/n/Ab3dE5gH7k' }).text
 * // '【12345】您的诉求（工单号261122-K7M3-9XQ2）已办结，查看答复并评价：https://…/n/Ab3dE5gH7k'
 */
export function completionMessage(
  kase: { readonly caseId: string; readonly trackingNo: string; readonly completedAt: string },
  options: { readonly link: string; readonly rateable?: boolean },
): NoticeMessage {
  const action = options.rateable === false ? '查看答复' : '查看答复并评价';
  return {
    kind: 'completion',
    noticeId: `completion#${kase.completedAt}`,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    text: `${SMS_SIGNATURE}您的诉求（工单号${kase.trackingNo}）已办结，${action}：${options.link}`,
    params: { trackingNo: kase.trackingNo, link: options.link, ...linkCodeParam(options.link) },
    link: options.link,
  };
}

/**
 * 补正告知: the handler needs more from the citizen; the question itself is on the status page
 * (an SMS template cannot carry free text a carrier has not approved).
 */
export function correctionRequestMessage(
  kase: { readonly caseId: string; readonly trackingNo: string },
  options: { readonly requestedAt: string; readonly link: string; readonly days: number },
): NoticeMessage {
  return {
    kind: 'correction_request',
    noticeId: `correction_request#${options.requestedAt}`,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    text: `${SMS_SIGNATURE}您的诉求（工单号${kase.trackingNo}）需补充材料，请在${options.days}个工作日内补正：${options.link}`,
    params: {
      trackingNo: kase.trackingNo,
      days: String(options.days),
      link: options.link,
      ...linkCodeParam(options.link),
    },
    link: options.link,
  };
}

/** 短信验证码 for the web form's phone. */
export function verificationCodeMessage(options: {
  readonly verificationId: string;
  readonly code: string;
  readonly minutes: number;
}): NoticeMessage {
  return {
    kind: 'verification_code',
    noticeId: `verification_code#${options.verificationId}`,
    text: `${SMS_SIGNATURE}您的验证码为${options.code}，${options.minutes}分钟内有效。如非本人操作，请忽略本短信。`,
    params: { code: options.code, minutes: String(options.minutes) },
  };
}

/** A disclosure request's notice: the case, the notice's id, and the page the link opens. */
interface DisclosureNoticeInput {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly noticeId: string;
  readonly link: string;
}

function disclosureMessage(
  kind: 'disclosure_registration' | 'disclosure_extension' | 'disclosure_reply',
  input: DisclosureNoticeInput,
  text: string,
  extra: Partial<Record<TemplateParamName, string>> = {},
): NoticeMessage {
  return {
    kind,
    noticeId: input.noticeId,
    caseId: input.caseId,
    trackingNo: input.trackingNo,
    text: `${SMS_SIGNATURE}${text}`,
    params: { trackingNo: input.trackingNo, ...extra, link: input.link, ...linkCodeParam(input.link) },
    link: input.link,
  };
}

/**
 * 登记告知 (第三十九条 and 第二条、第三十八条): what arrived as a disclosure request is not handled as
 * one. The office's explanation is free text no carrier template may carry, so the link leads to it.
 */
export function disclosureRegistrationMessage(input: DisclosureNoticeInput): NoticeMessage {
  return disclosureMessage(
    'disclosure_registration',
    input,
    `您提交的政府信息公开申请（工单号${input.trackingNo}）经登记不作为信息公开申请处理，告知内容请查看：${input.link}`,
  );
}

/** 延期答复告知 (第三十三条第二款): the period is extended; the applicant is told the new last day. */
export function disclosureExtensionMessage(
  input: DisclosureNoticeInput & { readonly dueOn: string },
): NoticeMessage {
  const [year, month, day] = input.dueOn.split('-').map(Number);
  const dueOn = `${year}年${month}月${day}日`;
  return disclosureMessage(
    'disclosure_extension',
    input,
    `您的政府信息公开申请（工单号${input.trackingNo}）经批准延长答复期限，将于${dueOn}前答复：${input.link}`,
    { dueOn },
  );
}

/** 答复告知: the reply is made; the 答复书 goes by the way the applicant chose, and the link shows it. */
export function disclosureReplyMessage(input: DisclosureNoticeInput): NoticeMessage {
  return disclosureMessage(
    'disclosure_reply',
    input,
    `您的政府信息公开申请（工单号${input.trackingNo}）已作出答复，答复书按您选择的方式送达，查看：${input.link}`,
  );
}
