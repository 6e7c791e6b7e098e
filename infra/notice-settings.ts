// The one place where a deployment's notice settings (CDK context) become the functions' environment,
// read by shared/adapters/notifiers/select.ts. Checked at synth, so a typo fails the deploy, not a notice.
import { parseSmsTemplates } from '../shared/adapters/notifiers/templates.js';

/** The SMS providers `-c smsProvider=…` takes; `none` (the default) sends no SMS. */
const PROVIDERS = ['tencent', 'aliyun', 'aws', 'none'] as const;
type Provider = (typeof PROVIDERS)[number];

/** A context lookup: CDK's `node.tryGetContext`. */
export type ContextOf = (key: string) => unknown;

function text(context: ContextOf, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}

/** A JSON context value, given on the command line (a string) or in cdk.json (an object). */
function json(context: ContextOf, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === '') return undefined;
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    JSON.parse(raw);
  } catch {
    throw new Error(`context ${key} must be JSON`);
  }
  return raw;
}

function need(context: ContextOf, key: string, provider: Provider): string {
  const value = text(context, key);
  if (!value) throw new Error(`context ${key} is required with smsProvider=${provider}`);
  return value;
}

/** `-c smsProvider`, checked; absent, `none`. */
export function smsProviderOf(context: ContextOf): Provider {
  const raw = text(context, 'smsProvider') ?? 'none';
  if (!(PROVIDERS as readonly string[]).includes(raw)) {
    throw new Error(`context smsProvider must be one of ${PROVIDERS.join(', ')}, not ${raw}`);
  }
  return raw as Provider;
}

/** The modes `-c webformPhoneVerification=…` takes (with an SMS provider; without one no code is asked). */
const PHONE_VERIFICATION = ['required', 'optional'] as const;

/**
 * Whether the web form's 短信验证码 is required (the default, also when the key is absent) or
 * optional: `WEBFORM_PHONE_VERIFICATION` for the functions, read by `phoneVerificationMode()`.
 *
 * @example
 * // cdk deploy -c smsProvider=tencent … -c webformPhoneVerification=optional
 * phoneVerificationEnvironment((key) => app.node.tryGetContext(key)) // { WEBFORM_PHONE_VERIFICATION: 'optional' }
 */
export function phoneVerificationEnvironment(context: ContextOf): Record<string, string> {
  const raw = text(context, 'webformPhoneVerification');
  if (raw === undefined) return {};
  if (!(PHONE_VERIFICATION as readonly string[]).includes(raw)) {
    throw new Error(
      `context webformPhoneVerification must be one of ${PHONE_VERIFICATION.join(', ')}, not ${raw}`,
    );
  }
  return { WEBFORM_PHONE_VERIFICATION: raw };
}

/**
 * The sender's environment from the context keys `smsProvider`, `smsSignName`, `smsTemplates`,
 * `tencentSmsSdkAppId`, `tencentSmsRegion`, `awsSmsOriginationIdentity`, `awsSmsConfigurationSet`
 * and `wechatTemplates`.
 *
 * @example
 * // cdk deploy -c smsProvider=tencent -c smsSignName=某市12345 -c tencentSmsSdkAppId=1400000000 \
 * //   -c smsTemplates='{"completion":{"templateId":"1234567","params":["trackingNo","link"]}}'
 * noticeEnvironment((key) => app.node.tryGetContext(key))
 */
export function noticeEnvironment(context: ContextOf): Record<string, string> {
  const provider = smsProviderOf(context);
  const env: Record<string, string> = { NOTICE_SMS_PROVIDER: provider };
  const wechatTemplates = json(context, 'wechatTemplates');
  if (wechatTemplates) env.WECHAT_TEMPLATES = wechatTemplates;
  if (provider === 'none') return env;
  const templates = json(context, 'smsTemplates');
  if (templates) {
    parseSmsTemplates(templates); // throws on a bad kind, id or parameter name
    env.NOTICE_SMS_TEMPLATES = templates;
  }
  if (provider === 'tencent' || provider === 'aliyun') {
    env.NOTICE_SMS_SIGN_NAME = need(context, 'smsSignName', provider);
  }
  if (provider === 'tencent') {
    env.TENCENT_SMS_SDK_APP_ID = need(context, 'tencentSmsSdkAppId', provider);
    const region = text(context, 'tencentSmsRegion');
    if (region) env.TENCENT_SMS_REGION = region;
  }
  if (provider === 'aws') {
    const identity = text(context, 'awsSmsOriginationIdentity');
    if (identity) env.AWS_SMS_ORIGINATION_IDENTITY = identity;
    const set = text(context, 'awsSmsConfigurationSet');
    if (set) env.AWS_SMS_CONFIGURATION_SET = set;
  }
  return env;
}
