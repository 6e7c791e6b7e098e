import * as z from 'zod/mini';
import { secretString } from './secrets.js';

/**
 * The WeChat Official Account's server settings (服务器配置). In AWS one Secrets Manager secret holds
 * them as JSON (`WECHAT_SECRET_ARN`); locally each comes from its own variable, which the local stack
 * fills with generated dev values.
 */
export interface WechatSecrets {
  /** 令牌 Token: 3–32 letters and digits, the same as in the WeChat console. */
  readonly token: string;
  /** 消息加解密密钥 EncodingAESKey: 43 characters. */
  readonly encodingAesKey: string;
  /** The key before the last change, accepted until WeChat has switched over (a rotation). */
  readonly previousEncodingAesKey?: string;
  /** The account's AppID, checked inside every decrypted message. */
  readonly appId: string;
  /**
   * 开发者密码 AppSecret, for the server API (the completion notice's customer-service message).
   * Optional: receiving messages needs none, and without it notices to WeChat users are not sent.
   */
  readonly appSecret?: string;
}

const AesKey = z.string().check(z.regex(/^[A-Za-z0-9+/]{43}$/, 'EncodingAESKey must be 43 characters'));

export const WechatSecretsSchema = z.object({
  token: z.string().check(z.regex(/^[A-Za-z0-9]{3,32}$/, 'the token must be 3-32 letters or digits')),
  encodingAesKey: AesKey,
  previousEncodingAesKey: z.optional(z.union([AesKey, z.literal('')])),
  appId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'the AppID looks wrong')),
  appSecret: z.optional(
    z.union([z.string().check(z.regex(/^[A-Za-z0-9]{16,64}$/, 'the AppSecret looks wrong')), z.literal('')]),
  ),
});

/** The local variables; their names are documented in the README. */
export const WECHAT_ENV = {
  token: 'WECHAT_TOKEN',
  encodingAesKey: 'WECHAT_ENCODING_AES_KEY',
  previousEncodingAesKey: 'WECHAT_PREVIOUS_ENCODING_AES_KEY',
  appId: 'WECHAT_APP_ID',
  appSecret: 'WECHAT_APP_SECRET',
} as const;

let cached: { raw: string; secrets: WechatSecrets } | undefined;

/** The settings, validated; a malformed secret fails here with a message naming the field. */
export async function wechatSecrets(): Promise<WechatSecrets> {
  const raw = process.env[WECHAT_ENV.token]
    ? JSON.stringify({
        token: process.env[WECHAT_ENV.token],
        encodingAesKey: process.env[WECHAT_ENV.encodingAesKey],
        previousEncodingAesKey: process.env[WECHAT_ENV.previousEncodingAesKey] || undefined,
        appId: process.env[WECHAT_ENV.appId],
        appSecret: process.env[WECHAT_ENV.appSecret] || undefined,
      })
    : await secretString({ localEnv: 'WECHAT_SECRET_JSON', arnEnv: 'WECHAT_SECRET_ARN' });
  // Parsed once per value: Powertools caches the fetch, this caches the validation.
  if (cached?.raw !== raw) {
    const parsed = WechatSecretsSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      throw new Error(
        `the WeChat secret is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const { previousEncodingAesKey, appSecret, ...rest } = parsed.data;
    cached = {
      raw,
      secrets: {
        ...rest,
        ...(previousEncodingAesKey ? { previousEncodingAesKey } : {}),
        ...(appSecret ? { appSecret } : {}),
      },
    };
  }
  return cached.secrets;
}
