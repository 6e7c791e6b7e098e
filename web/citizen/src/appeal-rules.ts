import {
  isAttachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from '../../../shared/domain/attachment.js';
import { TEXT } from './text.js';

// The appeal form's checks and the body it sends, without the DOM: what the citizen typed in, the
// field errors or the JSON out. The DOM side (submit-form.ts) only reads the fields and shows these.

/** The fields a message can be shown beside, in the order the form lists them (the first gets focus). */
export const APPEAL_FIELDS = [
  'type',
  'category',
  'district',
  'address',
  'content',
  'phone',
  'code',
  'name',
  'attachments',
] as const;
export type AppealField = (typeof APPEAL_FIELDS)[number];
export type FieldErrors = Partial<Record<AppealField, string>>;

/** What a chosen photo tells before it is read: enough for the limits. */
export interface FileFacts {
  name: string;
  type: string;
  size: number;
}

/** The form as typed (untrimmed), the chosen photos and where the 短信验证码 stands. */
export interface AppealInput {
  type: string;
  category: string;
  district: string;
  address: string;
  content: string;
  phone: string;
  code: string;
  name: string;
  files: readonly FileFacts[];
}

/** 短信验证码: offered where the deployment sends SMS, insisted on where it is required. */
export interface CodeState {
  on: boolean;
  required: boolean;
  /** The id of the code last sent to the number in the form, until the number changes. */
  verificationId: string | null;
}

/** The body of POST /v1/channels/webform. */
export interface AppealBody {
  type: string;
  category: string;
  district: string;
  content: string;
  phone: string;
  attachments: string[];
  address?: string;
  name?: string;
  verificationId?: string;
  code?: string;
}

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The number as the server keeps it: spaces, dashes and a +86 / 86 prefix dropped.
 *
 * @example normalisePhone('+86 138-1234-5678') // '13812345678'
 */
export function normalisePhone(value: string): string {
  return value
    .trim()
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86)/, '');
}

export function isMobile(phone: string): boolean {
  return MOBILE.test(phone);
}

/**
 * Whether this submission carries a code: always where it is required; where optional only when the
 * citizen typed one (then it is checked as where it is required: a typo is said, not dropped).
 */
export function codeGiven(input: Pick<AppealInput, 'code'>, code: CodeState): boolean {
  return code.on && (code.required || input.code.trim() !== '');
}

/** The field errors of the form, empty when it may be sent. */
export function validateAppeal(input: AppealInput, code: CodeState): FieldErrors {
  const errors: FieldErrors = {};
  const content = input.content.trim();
  const phone = input.phone.trim();
  if (!input.type) errors.type = TEXT.type;
  if (!input.category) errors.category = TEXT.category;
  if (!input.district) errors.district = TEXT.district;
  if (input.address.trim().length > 200) errors.address = TEXT.addressTooLong;
  if (content.length < 5) errors.content = TEXT.contentTooShort;
  else if (content.length > 2000) errors.content = TEXT.contentTooLong;
  if (!phone) errors.phone = TEXT.phoneMissing;
  else if (!isMobile(normalisePhone(phone))) errors.phone = TEXT.phoneInvalid;
  if (codeGiven(input, code) && !code.verificationId) errors.code = TEXT.codeNotRequested;
  else if (codeGiven(input, code) && !/^\d{6}$/.test(input.code.trim())) errors.code = TEXT.codeInvalid;
  if (input.name.trim().length > 50) errors.name = TEXT.nameTooLong;
  if (input.files.length > MAX_ATTACHMENTS) errors.attachments = TEXT.tooManyFiles;
  for (const file of input.files) {
    if (!isAttachmentType(file.type)) errors.attachments = TEXT.fileType + file.name;
    else if (file.size > MAX_ATTACHMENT_BYTES) errors.attachments = TEXT.fileTooLarge + file.name;
    else if (file.size < 1) errors.attachments = TEXT.fileEmpty + file.name;
  }
  return errors;
}

/** The JSON sent for a valid form, with the keys of the photos already uploaded. */
export function appealBody(input: AppealInput, code: CodeState, attachments: string[]): AppealBody {
  const body: AppealBody = {
    type: input.type,
    category: input.category,
    district: input.district,
    content: input.content.trim(),
    phone: normalisePhone(input.phone),
    attachments,
  };
  const address = input.address.trim();
  const name = input.name.trim();
  if (codeGiven(input, code) && code.verificationId) {
    body.verificationId = code.verificationId;
    body.code = input.code.trim();
  }
  if (address) body.address = address;
  if (name) body.name = name;
  return body;
}
