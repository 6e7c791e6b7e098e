// 依申请公开 intake: a validated request and the channel's facts → the Appeal every channel queues, so
// the web form, the hotline and the staff entry (来信来访) make the same case from the same request.
import type { Appeal, Channel, Contact } from '../appeal.js';
import type { Directory } from '../directory.js';
import { hashPhone, maskPhone } from '../identity.js';
import { CITY_LEVEL_DISTRICT, DISCLOSURE_CATEGORY } from './catalogue.js';
import { type DisclosureRequest, type RequestRefusal, toKeptRequest } from './request.js';

export { CITY_LEVEL_DISTRICT, DISCLOSURE_CATEGORY };

/** What a channel knows besides the request: its own ids, when it received the request, its contact. */
export interface DisclosureIntakeFacts {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly channel: Channel;
  readonly sourceId: string;
  /** When the channel received the request (the appeal's receivedAt); 收到申请之日 is the request's own. */
  readonly receivedAt: string;
  /** The channel's own proven contact (the hotline's calling number); else the applicant's phone. */
  readonly contact?: Contact;
  readonly contactHashKey: string;
  /** The identity hash key (configuration): the only thing toKeptRequest needs besides the request. */
  readonly identityHashKey: string;
  readonly directory: Pick<Directory, 'departments'>;
}

const MEDIUM_TEXT: Readonly<Record<string, string>> = {
  paper: '纸质',
  email: '电子邮件',
  online: '网上获取',
};
const DELIVERY_TEXT: Readonly<Record<string, string>> = {
  post: '邮寄',
  pickup: '自行领取',
  email: '电子邮件发送',
  online_view: '网上查阅',
};

/**
 * The case's content: what a handler reads first, in Chinese, with the information asked for, its
 * name and 文号, the purpose and the form wanted. Never the applicant's identity number (it is in the
 * kept request as a hash and the last four only) nor their contact.
 *
 * @example
 * disclosureSummary(request) // '申请公开：2025 年老旧小区改造项目的立项批复；用途：了解本小区改造计划；获取方式：电子邮件（电子邮件发送）'
 */
export function disclosureSummary(request: DisclosureRequest): string {
  const { information } = request;
  const parts = [`申请公开：${information.description}`];
  if (information.title) parts.push(`信息名称：${information.title}`);
  if (information.documentNo) parts.push(`文号：${information.documentNo}`);
  parts.push(`用途：${request.purpose ?? '未说明'}`);
  parts.push(
    `获取方式：${MEDIUM_TEXT[request.form.medium] ?? request.form.medium}（${DELIVERY_TEXT[request.form.delivery] ?? request.form.delivery}）`,
  );
  // AppealSchema allows 4000 characters; a description may use 2000 of them.
  return [...parts.join('；')].slice(0, 4000).join('');
}

/** The applicant's name as the case's contact shows it: the citizen, or the organisation. */
function nameOf(request: DisclosureRequest): string {
  return [...request.applicant.name].slice(0, 50).join('');
}

/**
 * A request no channel can make a case of: the body addressed is not in the directory (第二十七条:
 * the request goes to a body that holds the information), or there is no phone to key the case's
 * contact on (the citizen's status lookup proves the phone's last four). Same shape as a parse's
 * refusal, so the channel answers both alike.
 */
export function intakeRefusal(
  request: DisclosureRequest,
  directory: Pick<Directory, 'departments'>,
  options: { channelContact: boolean },
): RequestRefusal | undefined {
  const problems = [];
  if (!directory.departments.has(request.departmentId)) {
    problems.push({
      path: 'departmentId',
      code: 'unknown_department',
      message: `未知的行政机关：${request.departmentId.slice(0, 64)}，请从列表中选择`,
    });
  }
  if (!options.channelContact && !request.applicant.contact.phone) {
    problems.push({
      path: 'applicant.contact.phone',
      code: 'phone_required',
      message: '请填写申请人的联系电话：查询办理进度和接收告知均以此电话为凭',
    });
  }
  return problems.length === 0
    ? undefined
    : { code: 'invalid_request', message: '申请内容有误，请按提示修改', problems };
}

/**
 * The Appeal of a validated request: type `disclosure`, urgency normal (the period is statutory, not
 * an agent's judgement), the case's content a readable summary, category 政府信息公开, district the
 * body's (or 市本级), the contact the channel's or the applicant's phone (hash + masked, as every
 * channel keeps a number), and the request kept with its identity number protected.
 * Call `intakeRefusal` first: a body missing from the directory or a missing phone throws here.
 *
 * @example
 * disclosureAppeal(parsed.request, { caseId, trackingNo, channel: 'office', sourceId: key, receivedAt,
 *   contactHashKey, identityHashKey, directory })
 */
export function disclosureAppeal(request: DisclosureRequest, facts: DisclosureIntakeFacts): Appeal {
  const department = facts.directory.departments.get(request.departmentId);
  if (!department) throw new Error(`the body addressed is not in the directory: ${request.departmentId}`);
  const phone = request.applicant.contact.phone;
  const contact: Contact | undefined =
    facts.contact ??
    (phone
      ? {
          phoneHash: hashPhone(phone, facts.contactHashKey),
          phoneMasked: maskPhone(phone),
          name: nameOf(request),
        }
      : undefined);
  if (!contact) throw new Error('a disclosure request needs a contact phone');
  return {
    caseId: facts.caseId,
    trackingNo: facts.trackingNo,
    channel: facts.channel,
    sourceId: facts.sourceId,
    receivedAt: facts.receivedAt,
    type: 'disclosure',
    urgency: 'normal',
    category: DISCLOSURE_CATEGORY,
    district: department.district ?? CITY_LEVEL_DISTRICT,
    content: disclosureSummary(request),
    contact,
    attachments: [],
    disclosureRequest: toKeptRequest(request, facts.identityHashKey),
  };
}

/**
 * The raw payload's body with the identity numbers blanked (the raw archive keeps what a channel
 * received, but never an identity number in clear). Works on the JSON as sent, at any depth: every
 * `document.number` and `creditCode` string becomes `[已隐去，尾号 XXXX]`. Not JSON → unchanged (the
 * channel refused it before archiving).
 *
 * @example
 * redactIdentityNumbers('{"applicant":{"document":{"number":"11010519491231002X"}}}')
 * // '{"applicant":{"document":{"number":"[已隐去，尾号 002X]"}}}'
 */
export function redactIdentityNumbers(rawBody: string): string {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
  return JSON.stringify(redact(value, undefined));
}

const hidden = (s: string) => `[已隐去，尾号 ${s.trim().slice(-4)}]`;

function redact(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, parentKey));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (typeof v === 'string' && (k === 'creditCode' || (k === 'number' && parentKey === 'document'))) {
        return [k, hidden(v)];
      }
      return [k, redact(v, k)];
    }),
  );
}
