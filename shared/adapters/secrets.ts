import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The key of the callers' keyed hash. In AWS it is a Secrets Manager secret (cached by Powertools);
 * the local stack, which has no Secrets Manager, hands a generated dev key in `CONTACT_HASH_KEY`.
 */
export async function contactHashKey(): Promise<string> {
  const local = process.env.CONTACT_HASH_KEY;
  if (local) return local;
  const arn = process.env.CONTACT_HASH_SECRET_ARN;
  if (!arn) throw new Error('neither CONTACT_HASH_KEY nor CONTACT_HASH_SECRET_ARN is set');
  const value = await getSecret<string>(arn, { maxAge: 900 });
  if (!value) throw new Error('the contact hash secret is empty');
  return value;
}
