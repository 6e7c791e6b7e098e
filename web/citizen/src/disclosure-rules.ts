import { checkCreditCode, checkDocumentNumber } from '../../../shared/domain/disclosure/identity-numbers.js';

// 政府信息公开申请 on the citizen page, without the DOM: the fields, the checks done before sending
// (the identity number's check character with the very code the server runs), the body sent to
// POST /v1/channels/webform, and where each of the server's problems is shown.

/** The fields a message can be shown beside, in the order the form lists them (the first gets focus). */
export const DISCLOSURE_FIELDS = [
  'dr-kind',
  'dr-name',
  'dr-doc-kind',
  'dr-doc-number',
  'dr-org-name',
  'dr-credit-code',
  'dr-org-kind',
  'dr-rep-role',
  'dr-rep-name',
  'dr-phone',
  'dr-code',
  'dr-email',
  'dr-address',
  'dr-postcode',
  'dr-department',
  'dr-description',
  'dr-title',
  'dr-document-no',
  'dr-purpose',
  'dr-medium',
  'dr-delivery',
] as const;
export type DisclosureField = (typeof DISCLOSURE_FIELDS)[number];
export type DisclosureErrors = Partial<Record<DisclosureField, string>>;

/** The form as typed: every field a string, the applicant kind chosen or empty. */
export type DisclosureInput = Record<Exclude<DisclosureField, 'dr-kind'>, string> & {
  'dr-kind': '' | 'citizen' | 'organisation';
};

/** 纸质: 邮寄 or 自行领取; 电子邮件: 电子邮件; 网上获取: 网上查阅 (request.ts WantedFormSchema). */
export const DELIVERIES_OF: Readonly<Record<string, readonly string[]>> = {
  paper: ['post', 'pickup'],
  email: ['email'],
  online: ['online_view'],
};

const PHONE = /^\d{7,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const compactPhone = (s: string) => s.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');

function required(errors: DisclosureErrors, input: DisclosureInput, field: DisclosureField, message: string) {
  if (!String(input[field]).trim()) errors[field] = message;
}

/**
 * The checks the page makes before sending, with the server's own wording where it has one. The
 * identity number and the credit code are checked by identity-numbers.ts itself, so a wrong check
 * character is refused here exactly as the server would refuse it.
 *
 * @example validateDisclosure(input)['dr-doc-number'] // '身份证号码校验码不符…'
 */
export function validateDisclosure(
  input: DisclosureInput,
  code: { on: boolean; required: boolean; verificationId: string | null } = {
    on: false,
    required: false,
    verificationId: null,
  },
): DisclosureErrors {
  const errors: DisclosureErrors = {};
  if (!input['dr-kind']) errors['dr-kind'] = '请选择申请人类型';
  if (input['dr-kind'] === 'citizen') {
    required(errors, input, 'dr-name', '请填写申请人姓名');
    required(errors, input, 'dr-doc-kind', '请选择证件类型');
    if (!input['dr-doc-number'].trim()) errors['dr-doc-number'] = '请填写证件号码';
    else if (input['dr-doc-kind']) {
      const check = checkDocumentNumber(
        input['dr-doc-kind'] as Parameters<typeof checkDocumentNumber>[0],
        input['dr-doc-number'],
      );
      if (!check.ok) errors['dr-doc-number'] = check.refusal.message;
    }
  }
  if (input['dr-kind'] === 'organisation') {
    required(errors, input, 'dr-org-name', '请填写单位名称');
    if (!input['dr-credit-code'].trim()) errors['dr-credit-code'] = '请填写统一社会信用代码';
    else {
      const check = checkCreditCode(input['dr-credit-code']);
      if (!check.ok) errors['dr-credit-code'] = check.refusal.message;
    }
    required(errors, input, 'dr-org-kind', '请选择单位类型');
    required(errors, input, 'dr-rep-role', '请选择法定代表人或联系人');
    required(errors, input, 'dr-rep-name', '请填写法定代表人或联系人姓名');
  }
  const phone = compactPhone(input['dr-phone']);
  if (!phone) errors['dr-phone'] = '请填写联系电话：查询办理进度和接收告知均以此电话为凭';
  else if (!PHONE.test(phone)) errors['dr-phone'] = '须为 7–15 位电话号码（可带 +86）';
  // 短信验证码, as on the appeal form: required where the deployment says so, else optional.
  const typed = input['dr-code'].trim();
  if (code.on && (code.required || typed) && !code.verificationId) errors['dr-code'] = '请先获取短信验证码';
  else if (code.on && code.verificationId && (code.required || typed) && !/^\d{6}$/.test(typed)) {
    errors['dr-code'] = '请输入 6 位短信验证码';
  }
  const email = input['dr-email'].trim();
  if (email && !EMAIL.test(email)) errors['dr-email'] = '电子邮箱格式有误';
  const postcode = input['dr-postcode'].trim();
  if (postcode && !/^\d{6}$/.test(postcode)) errors['dr-postcode'] = '邮政编码须为 6 位数字';
  required(errors, input, 'dr-department', '请选择受理申请的行政机关');
  required(errors, input, 'dr-description', '请填写所需政府信息的描述');
  if ([...input['dr-description'].trim()].length > 2000)
    errors['dr-description'] = '所需政府信息的描述最多 2000 个字';
  required(errors, input, 'dr-medium', '请选择信息的形式');
  required(errors, input, 'dr-delivery', '请选择获取方式');
  const medium = input['dr-medium'];
  const delivery = input['dr-delivery'];
  if (medium && delivery && !DELIVERIES_OF[medium]?.includes(delivery)) {
    errors['dr-delivery'] =
      '获取方式与信息形式不符：纸质可邮寄或自行领取，电子邮件以电子邮件发送，网上获取为网上查阅';
  } else if (delivery === 'post' && !input['dr-address'].trim()) {
    errors['dr-address'] = '选择邮寄的，请填写通信地址';
  } else if (delivery === 'email' && !email) {
    errors['dr-email'] = '选择电子邮件的，请填写电子邮箱';
  }
  return errors;
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/**
 * The body POST /v1/channels/webform takes: `type: 'disclosure'` and the request without its
 * arrival (the channel dates it when it acknowledges, 第三十一条第（三）项). Empty fields are left out.
 */
export function disclosureBody(
  input: DisclosureInput,
  verification?: { verificationId: string },
): Record<string, unknown> {
  const contact = Object.fromEntries(
    Object.entries({
      phone: optional(input['dr-phone']),
      email: optional(input['dr-email']),
      address: optional(input['dr-address']),
      postcode: optional(input['dr-postcode']),
    }).filter(([, v]) => v !== undefined),
  );
  const applicant =
    input['dr-kind'] === 'organisation'
      ? {
          kind: 'organisation',
          name: input['dr-org-name'].trim(),
          creditCode: input['dr-credit-code'].trim(),
          organisationKind: input['dr-org-kind'],
          representative: { role: input['dr-rep-role'], name: input['dr-rep-name'].trim() },
          contact,
        }
      : {
          kind: 'citizen',
          name: input['dr-name'].trim(),
          document: { kind: input['dr-doc-kind'], number: input['dr-doc-number'].trim() },
          contact,
        };
  const information = Object.fromEntries(
    Object.entries({
      description: input['dr-description'].trim(),
      title: optional(input['dr-title']),
      documentNo: optional(input['dr-document-no']),
    }).filter(([, v]) => v !== undefined),
  );
  const purpose = optional(input['dr-purpose']);
  const code = input['dr-code'].trim();
  return {
    type: 'disclosure',
    // 短信验证码 for the applicant's phone, where the deployment asks for one (as for an appeal).
    ...(verification && code ? { verificationId: verification.verificationId, code } : {}),
    disclosureRequest: {
      applicant,
      information,
      ...(purpose ? { purpose } : {}),
      form: { medium: input['dr-medium'], delivery: input['dr-delivery'] },
      departmentId: input['dr-department'],
    },
  };
}

/** Where the web form's verification refusals are shown (they carry a code, not a path). */
export const FIELD_OF_CODE: Readonly<Record<string, DisclosureField>> = {
  invalid_code: 'dr-code',
  code_expired: 'dr-code',
  verification_required: 'dr-code',
};

/** Where each problem path of the server's refusal (request.ts parseDisclosureRequest) is shown. */
const FIELD_OF_PATH: Readonly<Record<string, DisclosureField>> = {
  'applicant.kind': 'dr-kind',
  'applicant.document.kind': 'dr-doc-kind',
  'applicant.document.number': 'dr-doc-number',
  'applicant.document': 'dr-doc-number',
  'applicant.creditCode': 'dr-credit-code',
  'applicant.organisationKind': 'dr-org-kind',
  'applicant.representative.role': 'dr-rep-role',
  'applicant.representative.name': 'dr-rep-name',
  'applicant.representative': 'dr-rep-name',
  'applicant.contact.phone': 'dr-phone',
  'applicant.contact.email': 'dr-email',
  'applicant.contact.address': 'dr-address',
  'applicant.contact.postcode': 'dr-postcode',
  'applicant.contact': 'dr-phone',
  'information.description': 'dr-description',
  'information.title': 'dr-title',
  'information.documentNo': 'dr-document-no',
  information: 'dr-description',
  purpose: 'dr-purpose',
  'form.medium': 'dr-medium',
  'form.delivery': 'dr-delivery',
  form: 'dr-delivery',
  departmentId: 'dr-department',
};

/**
 * The server's `problems` as field messages (the applicant's name goes beside the citizen's or the
 * organisation's name field); a problem of no field is left for the summary.
 *
 * @example
 * problemsByField([{ path: 'applicant.document.number', code: 'invalid_id_number', message: '…' }], 'citizen')
 * // { 'dr-doc-number': '…' }
 */
export function problemsByField(
  problems: readonly { path?: string; message: string }[],
  kind: DisclosureInput['dr-kind'],
): DisclosureErrors {
  const errors: DisclosureErrors = {};
  for (const problem of problems) {
    const path = problem.path ?? '';
    const field =
      path === 'applicant.name' ? (kind === 'organisation' ? 'dr-org-name' : 'dr-name') : FIELD_OF_PATH[path];
    if (field && !errors[field]) errors[field] = problem.message;
  }
  return errors;
}
