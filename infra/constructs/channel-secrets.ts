import { CfnOutput, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** The keys the channels and the notices sign, verify and hash with. */
export interface ChannelSecrets {
  /** The HMAC key of the callers' keyed hash (caller history, repeat detection). */
  readonly contactHashSecret: secretsmanager.Secret;
  /** 依申请公开: the HMAC key of applicants' identity numbers (ID card, USCC), kept hashed only. */
  readonly disclosureIdentitySecret: secretsmanager.Secret;
  /** The WeChat Official Account's token, EncodingAESKey(s) and AppID, as one JSON secret. */
  readonly wechatSecret: secretsmanager.Secret;
  /** The HMAC key of the one-time feedback tokens in completion notices (回访). */
  readonly feedbackTokenSecret: secretsmanager.Secret;
  /** The shared secret the call centre signs hotline call records with (HMAC-SHA256). */
  readonly hotlineHmacSecret: secretsmanager.Secret;
  /**
   * The SMS provider's API credentials: Tencent `{"secretId","secretKey"}` or Alibaba
   * `{"accessKeyId","accessKeySecret"}` (AWS SMS uses the function's role and ignores it).
   */
  readonly smsProviderSecret: secretsmanager.Secret;
  /** The random key in the SMS providers' receipt callback address (状态报告回调). */
  readonly noticeReceiptSecret: secretsmanager.Secret;
}

/** A generated 64-character key: the HMAC keys. */
const HMAC_KEY = { passwordLength: 64, excludePunctuation: true } as const;

/**
 * The secrets, each RETAINed and each with the reason it is rotated by procedure rather than by
 * a rotation Lambda (the cdk-nag AwsSolutions-SMG4 acknowledgement). Made in `scope` itself, so the
 * logical ids are the stack's own: a replaced secret is a new key, and what it signed or hashed is
 * lost.
 *
 * @example
 * const { contactHashSecret } = channelSecrets(this);
 * contactHashSecret.grantRead(fn);
 */
export function channelSecrets(scope: Construct): ChannelSecrets {
  // RETAIN: without it no stored hash can be matched again.
  const contactHashSecret = retainedSecret(scope, 'contact-hash-key', {
    description: '12345 hotline: HMAC key for callers contact hashes',
    generateSecretString: HMAC_KEY,
    noRotation:
      'Rotating the HMAC key would orphan every stored caller hash; it is re-keyed by a planned ' +
      'procedure that rehashes the caller index, not by a rotation Lambda',
  });

  // 依申请公开: applicants' identity numbers are kept as a keyed hash and the last four only. Its own
  // key, read by the disclosure channels only. RETAIN: without it a new request from the same person
  // (第三十五条, 第三十六条第（六）项 repeats) can no longer be matched with their earlier ones.
  const disclosureIdentitySecret = retainedSecret(scope, 'disclosure-identity-key', {
    description: '12345 hotline: HMAC key for disclosure applicants identity numbers',
    generateSecretString: HMAC_KEY,
    noRotation:
      'Rotating the HMAC key would orphan every kept identity hash of disclosure applicants; it is ' +
      're-keyed by a planned procedure, not by a rotation Lambda',
  });

  // The WeChat account's server settings (服务器配置). The token is generated here for the operator
  // to paste into the WeChat console; the EncodingAESKey and AppID come from that console and
  // replace the placeholders (docs/channels.md, "WeChat Official Account"). Until then the function refuses
  // messages with a 500 naming the placeholder, rather than accepting unverifiable ones.
  const wechatSecret = retainedSecret(scope, 'wechat-secret', {
    description: '12345 hotline: WeChat Official Account token, EncodingAESKey, previous key, AppID (JSON)',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({
        encodingAesKey: 'REPLACE_WITH_THE_43_CHARACTER_ENCODING_AES_KEY',
        previousEncodingAesKey: '',
        appId: 'REPLACE_WITH_THE_APPID',
      }),
      generateStringKey: 'token',
      passwordLength: 32,
      excludePunctuation: true,
    },
    noRotation:
      'The token and EncodingAESKey are set in the WeChat console by hand, which no rotation Lambda ' +
      'can reach; a key change is a procedure (new key as encodingAesKey, old one as previousEncodingAesKey)',
  });

  // The key of the feedback tokens (回访). Its own secret, not derived from the contact-hash key:
  // that one can never rotate, this one may (it only voids the links still open, at most the
  // follow-up window), and the feedback function holds no key that could hash a phone number.
  const feedbackTokenSecret = retainedSecret(scope, 'feedback-token-key', {
    description: '12345 hotline: HMAC key of the one-time feedback tokens in completion notices',
    generateSecretString: HMAC_KEY,
    noRotation:
      'Rotating it voids every feedback link still open (up to the 7-day follow-up window), so it is ' +
      'rotated by a planned procedure at a quiet time, not on a rotation Lambda schedule',
  });

  // The call centre's signing secret: generated here, read by the operator from Secrets Manager
  // and configured in the CTI. Stateful (the CTI holds a copy), so it lives in this stack.
  const hotlineHmacSecret = retainedSecret(scope, 'hotline-hmac-secret', {
    description: '12345 hotline: HMAC-SHA256 secret of the CTI call-record webhook',
    generateSecretString: HMAC_KEY,
    noRotation:
      'The secret is shared with the external call centre, which cannot fetch it: a rotation ' +
      'Lambda would break signing until the CTI is reconfigured, so it is rotated by procedure',
  });

  // The SMS provider's API key pair, issued in the provider's console (a sub-account with SMS
  // rights only): an empty JSON object until the operator puts it in (docs/channels.md). Until
  // then a notice to a phone fails its attempts (the credentials do not parse) and dead-letters,
  // alarmed; nothing is recorded sent.
  const smsProviderSecret = retainedSecret(scope, 'sms-provider-secret', {
    description: '12345 hotline: SMS provider API credentials (JSON, filled by the operator)',
    secretStringValue: SecretValue.unsafePlainText('{}'),
    noRotation:
      "The key pair is issued in the SMS provider's console, which no rotation Lambda can reach; it " +
      'is rotated by procedure (a new key pair in the console, then here, then the old one disabled)',
  });

  // Tencent's and Alibaba's receipt pushes are unsigned: the callback address, with this key in
  // its path, is the only secret they carry. The operator reads it and configures the address in
  // each provider's console (docs/notices.md).
  const noticeReceiptSecret = retainedSecret(scope, 'notice-receipt-key', {
    description: '12345 hotline: the key in the SMS providers delivery-receipt callback address',
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
    noRotation:
      'The key is part of an address configured by hand in each SMS provider console, which no ' +
      'rotation Lambda can reach; it is changed by procedure (new address, then the old key retired)',
  });

  return {
    contactHashSecret,
    disclosureIdentitySecret,
    wechatSecret,
    feedbackTokenSecret,
    hotlineHmacSecret,
    noticeReceiptSecret,
    smsProviderSecret,
  };
}

function retainedSecret(
  scope: Construct,
  id: string,
  props: {
    description: string;
    /** A generated value, or (a placeholder the operator replaces) a fixed one. */
    generateSecretString?: secretsmanager.SecretStringGenerator;
    secretStringValue?: SecretValue;
    noRotation: string;
  },
): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: props.description,
    ...(props.generateSecretString ? { generateSecretString: props.generateSecretString } : {}),
    ...(props.secretStringValue ? { secretStringValue: props.secretStringValue } : {}),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: props.noRotation });
  // Its ARN for `npm run setup -- secret <id>` (docs/deploy.md): the ARN only, never the value.
  new CfnOutput(scope, `${id}-arn`, {
    value: secret.secretArn,
    description: `npm run setup -- secret ${id}`,
  });
  return secret;
}
