// Which notifier a deployment uses, from its configuration (DESIGN §12): one SMS provider or none,
// and WeChat when the account's AppSecret is set. Nothing here points at a fake: the local stack
// sets the same variables, with endpoints of its own fakes.
import * as z from 'zod/mini';
import { type SecretRef, secretString } from '../secrets.js';
import { wechatSecrets } from '../wechat-secrets.js';
import type { CitizenNotifier } from './port.js';
import { parseSmsTemplates } from './templates.js';
import { parseWechatTemplates, WechatTemplateNotifier } from './wechat-template.js';

// The providers' SDKs are imported when the deployment's provider is chosen, not before: the
// bundle holds all three (one build serves every deployment), but a function evaluates only the
// one it uses (measured with bench/bundles.ts: send-notice's cold import fell from 269 to 202 ms,
// 3.7× to 2.2× its SDK floor).

export const SMS_PROVIDERS = ['tencent', 'aliyun', 'aws', 'none'] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];

/**
 * The SMS provider's credentials: Tencent `{"secretId","secretKey"}`, Alibaba
 * `{"accessKeyId","accessKeySecret"}` (AWS uses the function's role). In AWS a Secrets Manager
 * secret (`SMS_PROVIDER_SECRET_ARN`); locally `SMS_PROVIDER_CREDENTIALS`.
 */
export const SMS_PROVIDER_CREDENTIALS: SecretRef = {
  localEnv: 'SMS_PROVIDER_CREDENTIALS',
  arnEnv: 'SMS_PROVIDER_SECRET_ARN',
};

/** Tencent's credentials, as send-notice reads them (and `npm run setup -- secret` checks them). */
export const TencentCredentials = z.object({ secretId: z.string(), secretKey: z.string() });
/** Alibaba's credentials, likewise. */
export const AliyunCredentials = z.object({ accessKeyId: z.string(), accessKeySecret: z.string() });

async function credentialsOf<T>(schema: z.ZodMiniType<T>): Promise<T> {
  return schema.parse(JSON.parse(await secretString(SMS_PROVIDER_CREDENTIALS)));
}

/** `NOTICE_SMS_PROVIDER`: tencent, aliyun, aws or none (the default: no SMS is sent). */
export function smsProviderName(): SmsProviderName {
  const raw = process.env.NOTICE_SMS_PROVIDER ?? 'none';
  if (!(SMS_PROVIDERS as readonly string[]).includes(raw)) {
    throw new Error(`NOTICE_SMS_PROVIDER must be one of ${SMS_PROVIDERS.join(', ')}, not ${raw}`);
  }
  return raw as SmsProviderName;
}

export const PHONE_VERIFICATION_MODES = ['required', 'optional', 'off'] as const;
export type PhoneVerificationMode = (typeof PHONE_VERIFICATION_MODES)[number];

/**
 * Whether the web form asks for a 短信验证码: 'off' where the deployment sends no SMS (whatever
 * else is set); otherwise `WEBFORM_PHONE_VERIFICATION`, 'required' (the default: an appeal needs
 * the code) or 'optional' (an appeal without one is taken with its phone unverified; one with a code
 * has it checked). Any other value is a configuration error, thrown rather than guessed.
 */
export function phoneVerificationMode(): PhoneVerificationMode {
  if (smsProviderName() === 'none') return 'off';
  const raw = process.env.WEBFORM_PHONE_VERIFICATION || 'required';
  if (raw !== 'required' && raw !== 'optional') {
    throw new Error(`WEBFORM_PHONE_VERIFICATION must be required or optional, not ${raw}`);
  }
  return raw;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set, and NOTICE_SMS_PROVIDER needs it`);
  return value;
}

let sms: CitizenNotifier | undefined;
let wechat: CitizenNotifier | undefined;

/**
 * The deployment's SMS notifier, or undefined when it has none (notices to phones are then
 * undeliverable, and the web form asks for no verification code). Module-level, so a warm
 * function keeps its client.
 */
export async function smsNotifier(): Promise<CitizenNotifier | undefined> {
  if (sms) return sms;
  const provider = smsProviderName();
  const templates = () => parseSmsTemplates(process.env.NOTICE_SMS_TEMPLATES);
  switch (provider) {
    case 'none':
      return undefined;
    case 'tencent': {
      const endpoint = process.env.TENCENTCLOUD_SMS_ENDPOINT;
      const { TencentSmsNotifier } = await import('./tencent-sms.js');
      sms = new TencentSmsNotifier({
        credentials: () => credentialsOf(TencentCredentials),
        sdkAppId: required('TENCENT_SMS_SDK_APP_ID'),
        signName: required('NOTICE_SMS_SIGN_NAME'),
        templates: templates(),
        ...(process.env.TENCENT_SMS_REGION ? { region: process.env.TENCENT_SMS_REGION } : {}),
        ...(endpoint ? { endpoint } : {}),
      });
      return sms;
    }
    case 'aliyun': {
      const endpoint = process.env.ALIBABA_CLOUD_SMS_ENDPOINT;
      const { AliyunSmsNotifier } = await import('./aliyun-sms.js');
      sms = new AliyunSmsNotifier({
        credentials: () => credentialsOf(AliyunCredentials),
        signName: required('NOTICE_SMS_SIGN_NAME'),
        templates: templates(),
        ...(endpoint ? { endpoint } : {}),
      });
      return sms;
    }
    case 'aws': {
      const [{ AwsSmsNotifier }, { PinpointSMSVoiceV2Client }] = await Promise.all([
        import('./aws-sms.js'),
        import('@aws-sdk/client-pinpoint-sms-voice-v2'),
      ]);
      sms = new AwsSmsNotifier({
        // The endpoint, locally, comes from AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 (the SDK reads it).
        client: new PinpointSMSVoiceV2Client({}),
        ...(process.env.AWS_SMS_ORIGINATION_IDENTITY
          ? { originationIdentity: process.env.AWS_SMS_ORIGINATION_IDENTITY }
          : {}),
        ...(process.env.AWS_SMS_CONFIGURATION_SET
          ? { configurationSetName: process.env.AWS_SMS_CONFIGURATION_SET }
          : {}),
      });
      return sms;
    }
  }
}

/**
 * The WeChat notifier (template messages, customer-service messages as the fallback), or
 * undefined when the account has no AppSecret: it then only receives, and notices to WeChat users
 * are undeliverable.
 */
export async function wechatNotifier(): Promise<CitizenNotifier | undefined> {
  if (wechat) return wechat;
  if (!(await wechatSecrets()).appSecret) return undefined;
  wechat = new WechatTemplateNotifier({
    credentials: async () => {
      const secrets = await wechatSecrets();
      return { appId: secrets.appId, appSecret: secrets.appSecret ?? '' };
    },
    templates: parseWechatTemplates(process.env.WECHAT_TEMPLATES),
    ...(process.env.WECHAT_API_BASE_URL ? { baseUrl: process.env.WECHAT_API_BASE_URL } : {}),
  });
  return wechat;
}

/** Tests change the environment between cases; this forgets the notifiers made. */
export function resetNotifiers(): void {
  sms = undefined;
  wechat = undefined;
}
