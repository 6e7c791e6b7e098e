import {
  checkCreditCode,
  checkDocumentNumber,
  type IdentityDocumentKind,
} from '../../../../../shared/domain/disclosure/identity-numbers';
import type {
  DeliveryWay,
  DisclosureRequest,
  InformationMedium,
  RepresentativeRole,
} from '../../../../../shared/domain/disclosure/request';
import type { ApplicantKind } from '../../../../../shared/domain/disclosure/template';

// 来信来访登记: a disclosure request that came by letter, fax or in person, as staff type it (《政府信息
// 公开条例》第二十九条 lists what a request holds; 第三十一条 dates it by how it arrived). The form's
// fields as plain strings, their checks (the identity numbers to their standards, as the server will),
// the server's problems put back on their fields, and the body of POST /v1/disclosure/requests.

/** The ways a request reaches the office on paper or in person (online and phone have their channels). */
export const OFFICE_ARRIVAL_WAYS = ['in_person', 'post', 'ordinary_post', 'fax'] as const;
export type OfficeArrivalWay = (typeof OFFICE_ARRIVAL_WAYS)[number];

/** The media and, for each, how it reaches the applicant (request.ts WantedFormSchema). */
export const DELIVERIES_OF: Readonly<Record<InformationMedium, readonly DeliveryWay[]>> = {
  paper: ['post', 'pickup'],
  email: ['email'],
  online: ['online_view'],
};

export type OrganisationKind = Exclude<ApplicantKind, 'natural_person'>;

export interface EntryDraft {
  applicantKind: 'citizen' | 'organisation';
  name: string;
  documentKind: IdentityDocumentKind;
  documentNumber: string;
  creditCode: string;
  organisationKind: OrganisationKind | '';
  representativeRole: RepresentativeRole;
  representativeName: string;
  phone: string;
  address: string;
  postcode: string;
  email: string;
  description: string;
  title: string;
  documentNo: string;
  purpose: string;
  medium: InformationMedium;
  delivery: DeliveryWay;
  departmentId: string;
  arrivalWay: OfficeArrivalWay;
  /** Beijing time as `<input type="datetime-local">` gives it, `YYYY-MM-DDTHH:mm`. */
  handedInAt: string;
  signedForAt: string;
  arrivedAt: string;
  confirmedAt: string;
  faxedAt: string;
  /** `YYYY-MM-DD`, kept for the record only (第三十一条 counts from signing, not posting). */
  postmarkedOn: string;
}

export type EntryField = keyof EntryDraft;
export type EntryErrors = Partial<Record<EntryField | 'form', string>>;

/** The times each arrival way asks for, required ones first (receipt-date.ts ArrivalSchema). */
export const ARRIVAL_TIMES: Readonly<
  Record<OfficeArrivalWay, { required: readonly EntryField[]; optional: readonly EntryField[] }>
> = {
  in_person: { required: ['handedInAt'], optional: [] },
  post: { required: ['signedForAt'], optional: ['postmarkedOn'] },
  ordinary_post: { required: ['arrivedAt', 'confirmedAt'], optional: ['postmarkedOn'] },
  fax: { required: ['confirmedAt'], optional: ['faxedAt'] },
};

/** Each time field's words on the form (the article's own terms). */
export const TIME_LABELS: Readonly<Partial<Record<EntryField, string>>> = {
  handedInAt: '提交时间（北京时间）',
  signedForAt: '签收时间（北京时间）',
  arrivedAt: '信件到达时间（北京时间）',
  confirmedAt: '与申请人确认时间（北京时间）',
  faxedAt: '传真收到时间（北京时间，选填）',
  postmarkedOn: '邮戳日期（选填，仅作记录）',
};

/** A Beijing wall-clock time of a datetime-local input as ISO 8601 with its offset. */
export function beijingInstant(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

/** Now as a datetime-local value in Beijing time (the form's default for 提交时间). */
export function beijingLocalNow(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

export function emptyEntry(now: Date = new Date()): EntryDraft {
  return {
    applicantKind: 'citizen',
    name: '',
    documentKind: 'resident_id_card',
    documentNumber: '',
    creditCode: '',
    organisationKind: '',
    representativeRole: 'legal_representative',
    representativeName: '',
    phone: '',
    address: '',
    postcode: '',
    email: '',
    description: '',
    title: '',
    documentNo: '',
    purpose: '',
    medium: 'paper',
    delivery: 'post',
    departmentId: '',
    arrivalWay: 'in_person',
    handedInAt: beijingLocalNow(now),
    signedForAt: '',
    arrivedAt: '',
    confirmedAt: '',
    faxedAt: '',
    postmarkedOn: '',
  };
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What is missing or wrong, by field, in Chinese; empty when the form may be sent. The identity
 * number and the credit code are checked to their standards here (identity-numbers.ts, the same
 * code the server runs), so a clerk corrects a digit before the applicant leaves the counter.
 */
export function entryErrors(d: EntryDraft, now: Date = new Date()): EntryErrors {
  const e: EntryErrors = {};
  const need = (field: EntryField, message: string) => {
    if (!String(d[field]).trim()) e[field] = message;
  };
  if (d.applicantKind === 'citizen') {
    need('name', '请填写申请人姓名');
    if (!d.documentNumber.trim()) e.documentNumber = '请填写身份证明号码';
    else {
      const check = checkDocumentNumber(d.documentKind, d.documentNumber, {
        notAfter: beijingLocalNow(now).slice(0, 10),
      });
      if (!check.ok) e.documentNumber = check.refusal.message;
    }
  } else {
    need('name', '请填写单位名称');
    if (!d.creditCode.trim()) e.creditCode = '请填写统一社会信用代码';
    else {
      const check = checkCreditCode(d.creditCode);
      if (!check.ok) e.creditCode = check.refusal.message;
    }
    need('organisationKind', '请选择单位类别');
    need('representativeName', '请填写法定代表人或联系人姓名');
  }
  // The case's contact is keyed on the phone: the status lookup and the notices go by it.
  if (!d.phone.trim()) e.phone = '请填写申请人的联系电话：查询办理进度和接收告知均以此电话为凭';
  if (d.postcode.trim() && !/^\d{6}$/.test(d.postcode.trim())) e.postcode = '邮政编码须为 6 位数字';
  if (!DELIVERIES_OF[d.medium].includes(d.delivery)) e.delivery = '获取方式与信息形式不符';
  else if (d.delivery === 'post' && !d.address.trim()) e.address = '选择邮寄的，请填写通信地址';
  else if (d.delivery === 'email' && !d.email.trim()) e.email = '选择电子邮件的，请填写电子邮箱';
  need('description', '请填写所需政府信息的描述');
  need('departmentId', '请选择受理申请的行政机关');
  for (const field of ARRIVAL_TIMES[d.arrivalWay].required) {
    const value = String(d[field]).trim();
    if (!value) e[field] = `请填写${(TIME_LABELS[field] ?? '').replace(/（.*$/, '')}`;
    else if (!LOCAL_TIME.test(value)) e[field] = '时间格式有误';
  }
  for (const field of ARRIVAL_TIMES[d.arrivalWay].optional) {
    const value = String(d[field]).trim();
    if (value && !(field === 'postmarkedOn' ? DAY : LOCAL_TIME).test(value)) e[field] = '格式有误';
  }
  return e;
}

/** The arrival as the request states it: only the chosen way's times, in Beijing time with offset. */
function arrivalOf(d: EntryDraft): DisclosureRequest['arrival'] {
  const at = (v: string) => beijingInstant(v.trim());
  const postmark = d.postmarkedOn.trim() ? { postmarkedOn: d.postmarkedOn.trim() } : {};
  switch (d.arrivalWay) {
    case 'in_person':
      return { way: 'in_person', handedInAt: at(d.handedInAt) };
    case 'post':
      return { way: 'post', signedForAt: at(d.signedForAt), ...postmark };
    case 'ordinary_post':
      return {
        way: 'ordinary_post',
        arrivedAt: at(d.arrivedAt),
        confirmedAt: at(d.confirmedAt),
        ...postmark,
      };
    case 'fax':
      return {
        way: 'fax',
        confirmedAt: at(d.confirmedAt),
        ...(d.faxedAt.trim() ? { faxedAt: at(d.faxedAt) } : {}),
      };
  }
}

/**
 * The body of POST /v1/disclosure/requests: trimmed, empty optional fields left out, only the
 * applicant kind's own fields and the arrival way's own times.
 *
 * @example
 * toDisclosureRequest({ ...emptyEntry(), name: '张三', documentNumber: '11010519491231002X', phone: '13800138000', … })
 * // { applicant: { kind: 'citizen', name: '张三', document: { kind: 'resident_id_card', number: '11010519491231002X' }, contact: { phone: '13800138000' } }, … }
 */
export function toDisclosureRequest(d: EntryDraft): DisclosureRequest {
  const opt = <K extends string>(key: K, value: string) =>
    (value.trim() ? { [key]: value.trim() } : {}) as Partial<Record<K, string>>;
  const contact = {
    ...opt('phone', d.phone),
    ...opt('address', d.address),
    ...opt('postcode', d.postcode),
    ...opt('email', d.email),
  };
  const applicant: DisclosureRequest['applicant'] =
    d.applicantKind === 'citizen'
      ? {
          kind: 'citizen',
          name: d.name.trim(),
          document: { kind: d.documentKind, number: d.documentNumber.trim() },
          contact,
        }
      : {
          kind: 'organisation',
          name: d.name.trim(),
          creditCode: d.creditCode.trim(),
          organisationKind: d.organisationKind as OrganisationKind,
          representative: { role: d.representativeRole, name: d.representativeName.trim() },
          contact,
        };
  return {
    applicant,
    information: {
      description: d.description.trim(),
      ...opt('title', d.title),
      ...opt('documentNo', d.documentNo),
    },
    ...opt('purpose', d.purpose),
    form: { medium: d.medium, delivery: d.delivery },
    departmentId: d.departmentId,
    arrival: arrivalOf(d),
  };
}

/** The request's paths (request.ts) and the form field that shows each one's problem. */
const FIELD_OF_PATH: Readonly<Record<string, EntryField>> = {
  'applicant.name': 'name',
  'applicant.document': 'documentNumber',
  'applicant.document.number': 'documentNumber',
  'applicant.document.kind': 'documentKind',
  'applicant.creditCode': 'creditCode',
  'applicant.organisationKind': 'organisationKind',
  'applicant.representative.name': 'representativeName',
  'applicant.representative.role': 'representativeRole',
  'applicant.contact': 'phone',
  'applicant.contact.phone': 'phone',
  'applicant.contact.address': 'address',
  'applicant.contact.postcode': 'postcode',
  'applicant.contact.email': 'email',
  'information.description': 'description',
  'information.title': 'title',
  'information.documentNo': 'documentNo',
  purpose: 'purpose',
  form: 'delivery',
  'form.medium': 'medium',
  'form.delivery': 'delivery',
  departmentId: 'departmentId',
  arrival: 'arrivalWay',
  'arrival.way': 'arrivalWay',
  'arrival.handedInAt': 'handedInAt',
  'arrival.signedForAt': 'signedForAt',
  'arrival.arrivedAt': 'arrivedAt',
  'arrival.confirmedAt': 'confirmedAt',
  'arrival.faxedAt': 'faxedAt',
  'arrival.postmarkedOn': 'postmarkedOn',
};

/**
 * The server's `problems[]` (422 invalid_request) on the form's fields: its message wins over the
 * form's own. A path the form has no field for (or a malformed list) goes to `form`, said above it.
 */
export function problemsByField(details: unknown): EntryErrors {
  const out: EntryErrors = {};
  const problems = (details as { problems?: unknown } | undefined)?.problems ?? details;
  if (!Array.isArray(problems)) return out;
  for (const p of problems as { path?: unknown; message?: unknown }[]) {
    if (typeof p?.message !== 'string') continue;
    const path = typeof p.path === 'string' ? p.path : '';
    const field = FIELD_OF_PATH[path];
    const key = field ?? 'form';
    out[key] = out[key] ? `${out[key]}；${p.message}` : p.message;
  }
  return out;
}

/** The form's fields in order: the first with a problem takes the focus. */
export const ENTRY_FIELD_ORDER: readonly EntryField[] = [
  'name',
  'documentKind',
  'documentNumber',
  'creditCode',
  'organisationKind',
  'representativeName',
  'phone',
  'address',
  'postcode',
  'email',
  'description',
  'title',
  'documentNo',
  'purpose',
  'medium',
  'delivery',
  'departmentId',
  'arrivalWay',
  'handedInAt',
  'signedForAt',
  'arrivedAt',
  'confirmedAt',
  'faxedAt',
  'postmarkedOn',
];
