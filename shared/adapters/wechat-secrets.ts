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
  /**
   * 消息加解密密钥 EncodingAESKey: 43 characters. Absent only for an account in plain mode (明文模式),
   * which then cannot take encrypted messages.
   */
  readonly encodingAesKey?: string;
  /** The key before the last change, accepted until WeChat has switched over (a rotation). */
  readonly previousEncodingAesKey?: string;
  /** The account's AppID, checked inside every decrypted message. */
  readonly appId: string;
  /**
   * 开发者密码 AppSecret, for the server API (the completion notice's customer-service message).
   * Optional: receiving messages needs none, and without it notices to WeChat users are not sent.
   */
  readonly appSecret?: string;
  /**
   * Refuse plain-mode messages (no `encrypt_type=aes`): their signature covers only the token,
   * timestamp and nonce, not the body. The secret's `requireSafeMode`; true by default when an
   * EncodingAESKey is set (the account is in safe or compatible mode, 安全/兼容模式, and WeChat
   * encrypts every message), false without one.
   */
  readonly requireSafeMode: boolean;
}

const AesKey = z.string().check(z.regex(/^[A-Za-z0-9+/]{43}$/, 'EncodingAESKey must be 43 characters'));

export const WechatSecretsSchema = z.object({
  token: z.string().check(z.regex(/^[A-Za-z0-9]{3,32}$/, 'the token must be 3-32 letters or digits')),
  encodingAesKey: z.optional(z.union([AesKey, z.literal('')])),
  previousEncodingAesKey: z.optional(z.union([AesKey, z.literal('')])),
  appId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'the AppID looks wrong')),
  appSecret: z.optional(
    z.union([z.string().check(z.regex(/^[A-Za-z0-9]{16,64}$/, 'the AppSecret looks wrong')), z.literal('')]),
  ),
  requireSafeMode: z.optional(z.boolean()),
});

/** The local variables; their names are documented in the README. */
export const WECHAT_ENV = {
  token: 'WECHAT_TOKEN',
  encodingAesKey: 'WECHAT_ENCODING_AES_KEY',
  previousEncodingAesKey: 'WECHAT_PREVIOUS_ENCODING_AES_KEY',
  appId: 'WECHAT_APP_ID',
  appSecret: 'WECHAT_APP_SECRET',
  /** `true` or `false`; unset means true when an EncodingAESKey is set. */
  requireSafeMode: 'WECHAT_REQUIRE_SAFE_MODE',
} as const;

/** The variable's text as the secret's boolean; anything but true/false is left for zod to refuse. */
function flag(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '') return undefined;
  return value === 'true' ? true : value === 'false' ? false : value;
}

let cached: { raw: string; secrets: WechatSecrets } | undefined;

/** The settings, validated; a malformed secret fails here with a message naming the field. */
export async function wechatSecrets(): Promise<WechatSecrets> {
  const raw = process.env[WECHAT_ENV.token]
    ? JSON.stringify({
        token: process.env[WECHAT_ENV.token],
        encodingAesKey: process.env[WECHAT_ENV.encodingAesKey] || undefined,
        previousEncodingAesKey: process.env[WECHAT_ENV.previousEncodingAesKey] || undefined,
        appId: process.env[WECHAT_ENV.appId],
        appSecret: process.env[WECHAT_ENV.appSecret] || undefined,
        requireSafeMode: flag(process.env[WECHAT_ENV.requireSafeMode]),
      })
    : await secretString({ localEnv: 'WECHAT_SECRET_JSON', arnEnv: 'WECHAT_SECRET_ARN' });
  // Parsed once per value: Powertools caches the fetch, this caches the validation.
  if (cached?.raw !== raw) cached = { raw, secrets: parseWechatSecrets(JSON.parse(raw)) };
  return cached.secrets;
}

/**
 * The secret's JSON value as the functions use it, or an error naming each bad field (never its
 * value). `npm run setup -- secret wechat-secret` checks an operator's value with it before storing.
 *
 * @example
 * parseWechatSecrets({ token: 'abc123', appId: 'wx0123' }) // { token: 'abc123', appId: 'wx0123', requireSafeMode: false }
 */
export function parseWechatSecrets(value: unknown): WechatSecrets {
  const parsed = WechatSecretsSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `the WeChat secret is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const { encodingAesKey, previousEncodingAesKey, appSecret, requireSafeMode, ...rest } = parsed.data;
  if (requireSafeMode === true && !encodingAesKey) {
    throw new Error('the WeChat secret is invalid: requireSafeMode needs an encodingAesKey');
  }
  return {
    ...rest,
    ...(encodingAesKey ? { encodingAesKey } : {}),
    ...(previousEncodingAesKey ? { previousEncodingAesKey } : {}),
    ...(appSecret ? { appSecret } : {}),
    requireSafeMode: requireSafeMode ?? Boolean(encodingAesKey),
  };
}
