import { APPEAL_FIELDS, type AppealField, type FieldErrors } from './appeal-rules.js';
import { TEXT } from './text.js';

/** The API's error envelope (shared/http/json-errors.ts): a code, a Chinese message, zod's details. */
export interface ErrorEnvelope {
  error?: {
    code?: string;
    message?: string;
    details?: { path?: string; message: string }[];
    /** A refused 政府信息公开申请's problems, each with its path and code. */
    problems?: { path?: string; code?: string; message: string }[];
  };
}

/** Codes that belong to one field, so their message is shown beside it. */
const FIELD_OF_CODE: Readonly<Record<string, AppealField>> = {
  unknown_category: 'category',
  unknown_district: 'district',
  invalid_code: 'code',
  code_expired: 'code',
  verification_required: 'code',
  invalid_phone: 'phone',
};

function isAppealField(name: string): name is AppealField {
  return (APPEAL_FIELDS as readonly string[]).includes(name);
}

/**
 * The server's refusal as the page shows it: its message as the title, and the messages it names a
 * field for beside that field.
 *
 * @example
 * serverRefusal({ error: { code: 'invalid_phone', message: '须为中国大陆手机号（11 位，13–19 开头）' } })
 * // { title: '须为中国大陆手机号（11 位，13–19 开头）', byField: { phone: '须为…' } }
 */
export function serverRefusal(body: ErrorEnvelope | undefined): { title: string; byField: FieldErrors } {
  const error = body?.error ?? {};
  const byField: FieldErrors = {};
  for (const detail of error.details ?? []) {
    const name = String(detail.path ?? '').split('.')[0] ?? '';
    if (isAppealField(name)) byField[name] = detail.message;
  }
  const field = error.code ? FIELD_OF_CODE[error.code] : undefined;
  if (field && error.message) byField[field] = error.message;
  return { title: error.message || TEXT.submitFailed, byField };
}
