// Tencent Cloud SMS (腾讯云短信) through its official SDK: API 2021-01-11, action SendSms.

import { lookup } from 'node:dns';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { maskPhone } from '../../domain/identity.js';
import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import { type SmsTemplates, templateFor, templateValues } from './templates.js';

type SdkClient = InstanceType<typeof sms.v20210111.Client>;
export type TencentSendSmsRequest = Parameters<SdkClient['SendSms']>[0];
export type TencentSendSmsResponse = Awaited<ReturnType<SdkClient['SendSms']>>;

/** The one call the adapter makes: the SDK's client, or a test's stand-in for it. */
export interface TencentSmsClient {
  SendSms(request: TencentSendSmsRequest): Promise<TencentSendSmsResponse>;
}

export interface TencentSmsOptions {
  readonly credentials: () => Promise<{ readonly secretId: string; readonly secretKey: string }>;
  /** 短信 SdkAppId of the application in the Tencent Cloud SMS console. */
  readonly sdkAppId: string;
  /** 短信签名: the approved signature's text, e.g. 某市12345. */
  readonly signName: string;
  readonly templates: SmsTemplates;
  /** Default ap-guangzhou. */
  readonly region?: string;
  /**
   * Set by the local stack only: its fake of the SMS API, `host:port` (HTTPS) or a URL. Plain
   * `http://` is taken only for a loopback host (the fake is `http://sms.localhost:<port>`).
   */
  readonly endpoint?: string;
  /** Unit tests: a stand-in for the SDK's client (then `credentials`, region and endpoint are unused). */
  readonly client?: TencentSmsClient;
}

/**
 * SendSms codes (SendStatusSet[].Code, or Response.Error.Code) after which sending the same notice
 * again cannot succeed, with the stable reason recorded on the notice. Every other code is thrown,
 * so the notice is `failed`, retried with backoff and, if it never passes, dead-lettered with an
 * alarm. Thrown on purpose: AuthFailure.* (a rotated or wrong key: fixed by the operator, then the
 * retry or a redrive sends), InternalError.* and RequestLimitExceeded* (Tencent's side, passes),
 * LimitExceeded.* (per-number and daily frequency limits: pass with time),
 * FailedOperation.InsufficientBalanceInSmsPackage and UnauthorizedOperation.* (arrears, a disabled
 * app, an IP allow-list: the whole account, fixed by the operator), InvalidParameterValue.
 * SdkAppIdNotExist (the deployment's configuration, not this notice), FailedOperation.
 * FailResolvePacket / JsonParseFail / MissingParameter.* (a fault of ours, which must be seen), and
 * any code not listed here (unknown means not known to be final).
 * Source: Tencent Cloud's 短信 API 3.0 发送错误码 table (document 382/59177).
 */
const UNDELIVERABLE: Readonly<Record<string, string>> = {
  // The number itself: wrong, unparsable, or not a mainland number (we only send +86).
  'InvalidParameterValue.IncorrectPhoneNumber': 'invalid_phone',
  'FailedOperation.PhoneNumberParseFail': 'invalid_phone',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': 'invalid_phone',
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone': 'invalid_phone',
  'UnsupportedOperation.UnsupportedRegion': 'invalid_phone',
  // 免打扰名单: the citizen unsubscribed (退订) or the carrier blocks the number; only they lift it.
  'FailedOperation.PhoneNumberInBlacklist': 'phone_blacklisted',
  // The kind's template or the signature is not approved (审核): no retry changes an approval; a
  // notice of this kind cannot go until the console says otherwise, so it is recorded, not looped.
  'FailedOperation.TemplateIncorrectOrUnapproved': 'template_not_approved',
  'FailedOperation.TemplateUnapprovedOrNotExist': 'template_not_approved',
  'FailedOperation.SignatureIncorrectOrUnapproved': 'signature_not_approved',
  // This message's parameters do not fit its approved template (count, a verification code that is
  // not 0–6 digits, a parameter too long, a URL where the template forbids one): same each time.
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': 'template_params_rejected',
  'InvalidParameterValue.TemplateParameterFormatError': 'template_params_rejected',
  'InvalidParameterValue.TemplateParameterLengthLimit': 'template_params_rejected',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': 'template_params_rejected',
  // The content: a sensitive word (敏感词) or too long for the template; the same text each time.
  'FailedOperation.ContainSensitiveWord': 'content_rejected',
  'InvalidParameterValue.ContentLengthLimit': 'content_too_long',
};

/** The reason a code is final, or undefined when it is not (then the caller throws). */
export function tencentUndeliverableReason(code: string): string | undefined {
  return Object.hasOwn(UNDELIVERABLE, code) ? UNDELIVERABLE[code] : undefined;
}

/** A refusal from Tencent that is not final: thrown so the notice is retried. */
export class TencentSmsError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TencentSmsError';
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost');
}

/**
 * RFC 6761 reserves `.localhost` for loopback, but Node's resolver asks DNS for it. The SDK takes
 * the signing service from the endpoint's first label (`sms` of sms.tencentcloudapi.com), so a
 * local endpoint must be named `sms.localhost`, not 127.0.0.1: this lookup answers it.
 */
const loopbackLookup: LookupFunction = (hostname, options, callback) =>
  lookup(hostname.endsWith('.localhost') ? '127.0.0.1' : hostname, options, callback);

/** The SDK's httpProfile for an endpoint option (none: the SDK's own https://sms.tencentcloudapi.com). */
function httpProfileOf(endpoint: string | undefined) {
  if (!endpoint) return {};
  const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
  if (url.protocol === 'https:') return { endpoint: url.host };
  if (url.protocol !== 'http:' || !isLoopback(url.hostname)) {
    throw new Error(`TENCENTCLOUD_SMS_ENDPOINT must be https, or http on a loopback host: ${endpoint}`);
  }
  // An agent of our own also keeps the SDK from routing a loopback call through $http_proxy.
  return {
    endpoint: url.host,
    protocol: 'http://',
    agent: new Agent({ keepAlive: true, lookup: loopbackLookup }),
  };
}

function sdkClient(options: TencentSmsOptions): TencentSmsClient {
  return new sms.v20210111.Client({
    // Read per request, so a rotated secret is picked up without a cold start.
    credential: { getCredential: () => options.credentials() },
    region: options.region ?? 'ap-guangzhou',
    profile: { httpProfile: { reqTimeout: 10, ...httpProfileOf(options.endpoint) } },
  });
}

/** The code of a refusal the SDK threw (TencentCloudSDKHttpException.code), if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : undefined;
}

/**
 * Sends a notice as an approved template (模板) under the approved signature (签名). Accepted when
 * Tencent answers `Ok` for the number, with its SerialNo, which its delivery receipt carries as `sid`.
 *
 * @example
 * const notifier = new TencentSmsNotifier({ credentials, sdkAppId: '1400006666', signName: '某市12345', templates });
 * await notifier.send({ kind: 'sms', phone: '13800138000' }, completionMessage(kase, { link }));
 * // { outcome: 'accepted', provider: 'tencent', via: 'sms', messageId: '2433:…' }
 */
export class TencentSmsNotifier implements CitizenNotifier {
  readonly provider = 'tencent' as const;
  private readonly client: TencentSmsClient;

  constructor(readonly options: TencentSmsOptions) {
    this.client = options.client ?? sdkClient(options);
  }

  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    if (to.kind !== 'sms') throw new Error(`TencentSmsNotifier sends SMS, not to a ${to.kind} address`);
    const template = templateFor(this.options.templates, message.kind);
    if (!template) return this.undeliverable('template_not_configured');
    const request: TencentSendSmsRequest = {
      PhoneNumberSet: [`+86${to.phone}`],
      SmsSdkAppId: this.options.sdkAppId,
      SignName: this.options.signName,
      TemplateId: template.templateId,
      TemplateParamSet: templateValues(template, message),
      // Tencent gives it back as is: it ties a send in Tencent's console to the notice.
      SessionContext: message.noticeId,
    };
    const masked = maskPhone(to.phone);
    let response: TencentSendSmsResponse;
    try {
      response = await this.client.SendSms(request);
    } catch (error) {
      const code = codeOf(error);
      const reason = code && tencentUndeliverableReason(code);
      if (reason) return this.undeliverable(reason);
      throw new TencentSmsError(
        `Tencent SMS ${message.kind} to ${masked} not sent: ${code ?? 'no answer'}`,
        code,
        { cause: error },
      );
    }
    const status = response.SendStatusSet?.[0];
    if (status?.Code === 'Ok' && status.SerialNo) {
      return { outcome: 'accepted', provider: 'tencent', via: 'sms', messageId: status.SerialNo };
    }
    const code = status?.Code;
    const reason = code && tencentUndeliverableReason(code);
    if (reason) return this.undeliverable(reason);
    throw new TencentSmsError(
      `Tencent SMS ${message.kind} to ${masked} not sent: ${code ?? 'no send status'} (RequestId ${response.RequestId ?? '-'})`,
      code,
    );
  }

  private undeliverable(reason: string): SendOutcome {
    return { outcome: 'undeliverable', provider: 'tencent', reason };
  }
}
