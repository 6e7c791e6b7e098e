import { describe, expect, it } from 'vitest';
import { DEV_SECRET_NAMES } from '../../../../local/secrets.js';
import { SECRET_KINDS, secretKind, withLocalValues } from '../../../../scripts/setup/secret-kinds.js';

// What `npm run setup -- secret` accepts for each secret, and what the local stack then reads.

const AES_KEY = 'abcdefghijABCDEFGHIJ0123456789abcdefghijKLM';
const SECRET_VALUE = 'sup3rS3cretSup3rS3cretSup3rS3cret-do-not-print';

function kind(name: string) {
  const found = secretKind(name);
  if (!found) throw new Error(`no secret kind ${name}`);
  return found;
}

describe('Catalogue: SECRET_KINDS', () => {
  it('names each secret the data stack declares, with the ARN variable the functions read', () => {
    // Assess
    expect(SECRET_KINDS.map((k) => [k.name, k.arnEnv])).toEqual([
      ['wechat-secret', 'WECHAT_SECRET_ARN'],
      ['hotline-hmac-secret', 'HOTLINE_HMAC_SECRET_ARN'],
      ['sms-provider-secret', 'SMS_PROVIDER_SECRET_ARN'],
      ['notice-receipt-key', 'NOTICE_RECEIPT_SECRET_ARN'],
      ['feedback-token-key', 'FEEDBACK_TOKEN_SECRET_ARN'],
      ['contact-hash-key', 'CONTACT_HASH_SECRET_ARN'],
      ['disclosure-identity-key', 'DISCLOSURE_IDENTITY_SECRET_ARN'],
    ]);
  });

  it('asks for --force only on the keys whose replacement orphans stored hashes', () => {
    // Assess
    expect(SECRET_KINDS.filter((k) => k.replacing).map((k) => k.name)).toEqual([
      'contact-hash-key',
      'disclosure-identity-key',
    ]);
  });

  it('writes each local value under a name the local stack loads', () => {
    // Prepare
    const samples: Record<string, string> = {
      'wechat-secret': JSON.stringify({ token: 'tok123', appId: 'wx0123456789', encodingAesKey: AES_KEY }),
      'hotline-hmac-secret': SECRET_VALUE,
      'notice-receipt-key': 'A'.repeat(40),
      'feedback-token-key': SECRET_VALUE,
      'contact-hash-key': SECRET_VALUE,
      'disclosure-identity-key': SECRET_VALUE,
    };
    const loaded: readonly string[] = [
      ...DEV_SECRET_NAMES,
      'WECHAT_PREVIOUS_ENCODING_AES_KEY',
      'WECHAT_REQUIRE_SAFE_MODE',
    ];

    // Act
    const names = Object.entries(samples).flatMap(([name, value]) =>
      Object.keys(kind(name).check(value) ?? {}),
    );

    // Assess
    expect(names.length).toBeGreaterThan(6);
    expect(names.filter((n) => !loaded.includes(n))).toEqual([]);
  });
});

describe('Function: check (wechat-secret)', () => {
  it('maps the JSON to the WECHAT_* variables, safe mode on with a key as in AWS', () => {
    // Act
    const local = kind('wechat-secret').check(
      JSON.stringify({
        token: 'tok123',
        appId: 'wx0123456789',
        encodingAesKey: AES_KEY,
        appSecret: 'a'.repeat(32),
      }),
    );

    // Assess
    expect(local).toEqual({
      WECHAT_TOKEN: 'tok123',
      WECHAT_APP_ID: 'wx0123456789',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_APP_SECRET: 'a'.repeat(32),
      WECHAT_REQUIRE_SAFE_MODE: 'true',
    });
  });

  it('refuses the deploy placeholder, naming the field', () => {
    // Act
    const check = () =>
      kind('wechat-secret').check(
        JSON.stringify({
          token: 'tok123',
          encodingAesKey: 'REPLACE_WITH_THE_43_CHARACTER_ENCODING_AES_KEY',
          appId: 'REPLACE_WITH_THE_APPID',
        }),
      );

    // Assess
    expect(check).toThrow(/encodingAesKey: EncodingAESKey must be 43 characters/);
  });

  it('refuses text that is not JSON without quoting it', () => {
    // Act
    let message = '';
    try {
      kind('wechat-secret').check(`{"token": ${SECRET_VALUE}`);
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toBe('不是合法的 JSON');
    expect(message).not.toContain('sup3r');
  });
});

describe('Function: check (the other secrets)', () => {
  it('refuses a short HMAC key, saying how long it is and not what it is', () => {
    // Act
    const check = () => kind('feedback-token-key').check('short-key');

    // Assess
    expect(check).toThrow('需要至少 32 个可见 ASCII 字符、不含空格（当前 9 个字符）');
  });

  it('refuses a receipt key that cannot sit in a URL path', () => {
    // Act
    const check = () => kind('notice-receipt-key').check(`${'A'.repeat(32)}/x`);

    // Assess
    expect(check).toThrow(/字母或数字/);
  });

  it('takes Tencent or Alibaba SMS credentials and has no local value for them', () => {
    // Prepare
    const check = kind('sms-provider-secret').check;

    // Act
    const tencent = check('{"secretId":"AKID1","secretKey":"k"}');
    const aliyun = check('{"accessKeyId":"LTAI1","accessKeySecret":"k"}');

    // Assess
    expect(tencent).toBeUndefined();
    expect(aliyun).toBeUndefined();
    expect(() => check('{}')).toThrow(/腾讯云/);
  });
});

describe('Function: withLocalValues', () => {
  it('drops a previous EncodingAESKey the new WeChat value no longer gives and keeps other secrets', () => {
    // Prepare
    const stored = {
      CONTACT_HASH_KEY: 'kept',
      WECHAT_TOKEN: 'old',
      WECHAT_PREVIOUS_ENCODING_AES_KEY: AES_KEY,
    };

    // Act
    const next = withLocalValues(stored, kind('wechat-secret'), {
      WECHAT_TOKEN: 'new',
      WECHAT_APP_ID: 'wx1',
    });

    // Assess
    expect(next).toEqual({ CONTACT_HASH_KEY: 'kept', WECHAT_TOKEN: 'new', WECHAT_APP_ID: 'wx1' });
  });
});
