import * as z from 'zod/mini';
import { AliyunCredentials, TencentCredentials } from '../../shared/adapters/notifiers/select.js';
import { parseWechatSecrets, WECHAT_ENV } from '../../shared/adapters/wechat-secrets.js';

// The secrets the data stack declares (infra/constructs/channel-secrets.ts), each with the shape the
// functions read and where the local stack keeps it: what `npm run setup -- secret` may store.

/** What a secret's value becomes in the local stack's dev-secrets.json: each name → its value. */
export type LocalValues = Record<string, string>;

export interface SecretKind {
  /** The data stack's construct id, and the name on the command line. */
  readonly name: string;
  /** The variable the functions read its ARN from in AWS (set by CDK; the stack output gives it). */
  readonly arnEnv: string;
  /** The value's shape, for `--list` and for the operator's file. */
  readonly shape: string;
  /** Replacing it loses data (hashes no longer match): the step asks for --force and says why. */
  readonly replacing?: string;
  /**
   * The value checked as the functions read it, and its dev-secrets.json entries; `undefined` when
   * the local stack has no use for it (its SMS fakes hold credentials of their own). Throws with a
   * message that never contains the value.
   */
  readonly check: (value: string) => LocalValues | undefined;
}

/** An HMAC key: visible ASCII, no spaces (the CDK generates 64 letters and digits). */
function hmacKey(localName: string, minLength: number) {
  return (value: string): LocalValues => {
    if (value.length < minLength || !/^[\x21-\x7e]+$/.test(value)) {
      throw new Error(`需要至少 ${minLength} 个可见 ASCII 字符、不含空格（当前 ${value.length} 个字符）`);
    }
    return { [localName]: value };
  };
}

/** JSON.parse without its message, which quotes the text it could not read (the secret). */
function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new Error('不是合法的 JSON');
  }
}

function wechat(value: string): LocalValues {
  const secrets = parseWechatSecrets(json(value));
  return {
    [WECHAT_ENV.token]: secrets.token,
    [WECHAT_ENV.appId]: secrets.appId,
    ...(secrets.encodingAesKey ? { [WECHAT_ENV.encodingAesKey]: secrets.encodingAesKey } : {}),
    ...(secrets.previousEncodingAesKey
      ? { [WECHAT_ENV.previousEncodingAesKey]: secrets.previousEncodingAesKey }
      : {}),
    ...(secrets.appSecret ? { [WECHAT_ENV.appSecret]: secrets.appSecret } : {}),
    [WECHAT_ENV.requireSafeMode]: String(secrets.requireSafeMode),
  };
}

function smsCredentials(value: string): undefined {
  const raw = json(value);
  if (!z.union([TencentCredentials, AliyunCredentials]).safeParse(raw).success) {
    throw new Error('需要腾讯云 {"secretId","secretKey"} 或阿里云 {"accessKeyId","accessKeySecret"}');
  }
  return undefined;
}

const ORPHANS = '更换后已存的哈希再也匹配不上';

export const SECRET_KINDS: readonly SecretKind[] = [
  {
    name: 'wechat-secret',
    arnEnv: 'WECHAT_SECRET_ARN',
    shape:
      '{"token":"3–32 位字母数字","encodingAesKey":"43 位","previousEncodingAesKey":"","appId":"wx…","appSecret":"…","requireSafeMode":true}（微信公众号 服务器配置）',
    check: wechat,
  },
  {
    name: 'hotline-hmac-secret',
    arnEnv: 'HOTLINE_HMAC_SECRET_ARN',
    shape: '文本，至少 32 个字符（呼叫中心为通话记录签名的 HMAC-SHA256 共享密钥）',
    check: hmacKey('HOTLINE_HMAC_SECRET', 32),
  },
  {
    name: 'sms-provider-secret',
    arnEnv: 'SMS_PROVIDER_SECRET_ARN',
    shape: '{"secretId","secretKey"}（腾讯云）或 {"accessKeyId","accessKeySecret"}（阿里云）；AWS 短信无需',
    check: smsCredentials,
  },
  {
    name: 'notice-receipt-key',
    arnEnv: 'NOTICE_RECEIPT_SECRET_ARN',
    shape: '字母数字，至少 32 个（短信状态报告回调地址中的密钥）',
    check: (value) => {
      if (!/^[A-Za-z0-9]{32,}$/.test(value)) throw new Error('需要至少 32 个字母或数字（它在回调地址里）');
      return { NOTICE_RECEIPT_KEY: value };
    },
  },
  {
    name: 'feedback-token-key',
    arnEnv: 'FEEDBACK_TOKEN_SECRET_ARN',
    shape: '文本，至少 32 个字符（回访链接令牌的 HMAC 密钥；更换只作废未用的回访链接）',
    check: hmacKey('FEEDBACK_TOKEN_KEY', 32),
  },
  {
    name: 'contact-hash-key',
    arnEnv: 'CONTACT_HASH_SECRET_ARN',
    shape: '文本，至少 32 个字符（来电人联系方式的 HMAC 密钥；部署时已生成）',
    replacing: `来电人历史与重复诉求识别靠它：${ORPHANS}`,
    check: hmacKey('CONTACT_HASH_KEY', 32),
  },
  {
    name: 'disclosure-identity-key',
    arnEnv: 'DISCLOSURE_IDENTITY_SECRET_ARN',
    shape: '文本，至少 32 个字符（依申请公开申请人证件号的 HMAC 密钥；部署时已生成）',
    replacing: `同一申请人的重复申请识别靠它：${ORPHANS}`,
    check: hmacKey('DISCLOSURE_IDENTITY_KEY', 32),
  },
];

/** The kind named on the command line, or undefined. */
export function secretKind(name: string): SecretKind | undefined {
  return SECRET_KINDS.find((kind) => kind.name === name);
}

/**
 * The dev secrets with a new value's entries: the kind's variables the value does not set (a
 * previous EncodingAESKey no longer given) are removed, so the stack does not keep a stale one.
 */
export function withLocalValues(
  stored: Readonly<Record<string, string>>,
  kind: SecretKind,
  values: LocalValues,
): Record<string, string> {
  const owned = kind.name === 'wechat-secret' ? Object.values(WECHAT_ENV) : Object.keys(values);
  const kept = Object.fromEntries(Object.entries(stored).filter(([name]) => !owned.includes(name)));
  return { ...kept, ...values };
}
