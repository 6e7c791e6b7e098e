import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * A secret the function needs: in AWS a Secrets Manager secret whose ARN is in `arnEnv` (fetched
 * once and cached by Powertools); in the local stack, which has no Secrets Manager, the value itself
 * in `localEnv` (generated dev values, or the developer's own).
 */
export interface SecretRef {
  readonly localEnv: string;
  readonly arnEnv: string;
}

/** Fifteen minutes: a rotated secret reaches warm functions within that time. */
const MAX_AGE_SECONDS = 900;

export async function secretString(ref: SecretRef): Promise<string> {
  const local = process.env[ref.localEnv];
  if (local) return local;
  const arn = process.env[ref.arnEnv];
  if (!arn) throw new Error(`neither ${ref.localEnv} nor ${ref.arnEnv} is set`);
  const value = await getSecret<string>(arn, { maxAge: MAX_AGE_SECONDS });
  if (!value) throw new Error(`the secret in ${ref.arnEnv} is empty`);
  return value;
}

/** The key of the callers' keyed hash (phones, WeChat openids). */
export const CONTACT_HASH_KEY: SecretRef = {
  localEnv: 'CONTACT_HASH_KEY',
  arnEnv: 'CONTACT_HASH_SECRET_ARN',
};

export function contactHashKey(): Promise<string> {
  return secretString(CONTACT_HASH_KEY);
}

/**
 * The key of the disclosure applicants' identity numbers' keyed hash (身份证件号码、统一社会信用代码,
 * 《政府信息公开条例》第二十九条 asks for them; toKeptRequest keeps only this hash and the last four).
 * A key of its own, not the contact key: it may be held by fewer functions (the disclosure intake
 * only), and a leak of one does not let anyone confirm guesses of the other's values.
 */
export const DISCLOSURE_IDENTITY_KEY: SecretRef = {
  localEnv: 'DISCLOSURE_IDENTITY_KEY',
  arnEnv: 'DISCLOSURE_IDENTITY_SECRET_ARN',
};

export function disclosureIdentityKey(): Promise<string> {
  return secretString(DISCLOSURE_IDENTITY_KEY);
}
