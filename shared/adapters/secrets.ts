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
