import { type PhoneVerificationMode, phoneVerificationMode } from '../../shared/adapters/notifiers/select.js';
import type { PhoneVerifications } from '../../shared/adapters/phone-verifications.js';
import { phoneVerifications } from '../../shared/adapters/stores.js';
import { type ContactVerification, hashPhone } from '../../shared/domain/index.js';
import { BadRequestError } from '../../shared/http/errors.js';

// 短信验证码 on the web form: where the deployment has an SMS provider, an appeal is accepted only
// with the code sent to its phone (POST /v1/channels/webform/verifications). The code is checked and
// consumed for this appeal (its case id) before anything is written: a wrong code leaves no mark, so
// the citizen corrects it and sends again. A verified phone is marked on the contact (`sms_code`),
// and intake may then merge it like a WeChat openid (shared/domain/repeat.ts). Without a provider
// (mode 'off') the form works as before: no code is asked for, and the phone stays unverified. A
// deployment may make the code optional (WEBFORM_PHONE_VERIFICATION=optional): an appeal without
// one is taken with its phone unverified, and one with a code has it checked as where it is required.

export interface VerificationDeps {
  mode(): PhoneVerificationMode;
  verifications(key: string): PhoneVerifications;
}

const DEFAULT_DEPS: VerificationDeps = {
  mode: phoneVerificationMode,
  verifications: phoneVerifications,
};

const VERIFICATION_ID = /^[A-Za-z0-9_-]{22}$/;
const CODE = /^\d{6}$/;

const codeExpired = () => new BadRequestError('code_expired', '验证码已失效，请重新获取验证码');

/**
 * How the submission's phone is verified, or undefined where no code is asked for or, the code
 * being optional, none is given. Refuses a missing code where it is required, or half of one (an id
 * without a code or the reverse) where it is optional (`verification_required`), a wrong one (`invalid_code`, at most 5 tries per code),
 * an expired, spent or already used one (`code_expired`).
 *
 * @example const verifiedBy = await phoneVerifiedBy(submission, appeal.caseId, hashKey, now);
 */
export async function phoneVerifiedBy(
  submission: { phone: string; verificationId?: string | undefined; code?: string | undefined },
  appealId: string,
  hashKey: string,
  now: Date,
  deps: VerificationDeps = DEFAULT_DEPS,
): Promise<ContactVerification | undefined> {
  const mode = deps.mode();
  if (mode === 'off') return undefined;
  const { verificationId, code } = submission;
  // Optional: nothing given is an unverified phone; half given is a citizen who meant to verify,
  // and is told so rather than left to believe the phone verified.
  if (mode === 'optional' && !verificationId && !code) return undefined;
  if (!verificationId || !code) {
    throw new BadRequestError('verification_required', '请先获取短信验证码，并填写收到的 6 位验证码');
  }
  // Malformed: it can match nothing, so it is refused without spending a try.
  if (!CODE.test(code)) throw new BadRequestError('invalid_code', '验证码须为 6 位数字');
  if (!VERIFICATION_ID.test(verificationId)) throw codeExpired();
  const result = await deps
    .verifications(hashKey)
    .check(verificationId, hashPhone(submission.phone, hashKey), code, appealId, now);
  if (result.kind === 'expired') throw codeExpired();
  if (result.kind === 'invalid') {
    if (result.triesLeft <= 0) throw codeExpired();
    throw new BadRequestError('invalid_code', `验证码不正确，还可再试 ${result.triesLeft} 次`);
  }
  return 'sms_code';
}
