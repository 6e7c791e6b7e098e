// Alibaba Cloud SMS (阿里云短信服务) through its official SDK: the approved template under the
// approved signature, one message per call (action SendSms, API version 2017-05-25).
import Dysmsapi, { SendSmsRequest, type SendSmsResponse } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { maskPhone, type NoticeMessage } from '../../domain/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import { type SmsTemplates, templateFor, templateValues } from './templates.js';

export interface AliyunSmsOptions {
  readonly credentials: () => Promise<{ readonly accessKeyId: string; readonly accessKeySecret: string }>;
  /** 短信签名: the approved signature's text, e.g. 某市12345. */
  readonly signName: string;
  readonly templates: SmsTemplates;
  /** Default cn-hangzhou. */
  readonly region?: string;
  /**
   * Set by the local stack only: its fake of the SMS API, `http://127.0.0.1:port` (a bare
   * `host:port` on the loopback is spoken to over http too; any other bare host over https).
   * Default dysmsapi.aliyuncs.com.
   */
  readonly endpoint?: string;
  /** Unit tests only: the SDK client to call instead of one built from the credentials. */
  readonly client?: AliyunSmsClient;
}

/** The one call of the SDK's client this adapter makes. */
export interface AliyunSmsClient {
  sendSms(request: SendSmsRequest): Promise<SendSmsResponse>;
}

/**
 * Alibaba's SendSms refused the message for a reason time may cure (flow control, a daily
 * limit, the balance, the account, a refused credential, its own fault), or the call failed on
 * the way. Thrown, so the notice is recorded `failed` and retried, then dead-lettered with an
 * alarm. Its message never holds the phone in clear nor the request's query.
 */
export class AliyunSmsError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly statusCode?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'AliyunSmsError';
  }
}

// The SDK is CommonJS with an `exports.default` class: Node (and the ESM bundle) hand the whole
// exports object to a default import, vitest's interop the class itself. Either way, the class.
const SdkClient: typeof Dysmsapi.default =
  (Dysmsapi as unknown as { default?: typeof Dysmsapi.default }).default ??
  (Dysmsapi as unknown as typeof Dysmsapi.default);

export const ALIYUN_DEFAULT_ENDPOINT = 'dysmsapi.aliyuncs.com';

/**
 * SendSms codes that the same message can never get past, and the stable reason recorded for
 * each (Alibaba's API error codes, help.aliyun.com document 101346). Every other code is thrown:
 * - flow control passes with time: isv.BUSINESS_LIMIT_CONTROL (per number: 1/min, 5/h, 10/day
 *   for codes; 50/day per template for notices), isv.DAY_LIMIT_CONTROL, isv.MONTH_LIMIT_CONTROL;
 * - the account is the operator's to fix, after which a redrive of the DLQ sends what waited:
 *   isv.AMOUNT_NOT_ENOUGH and isv.OUT_OF_SERVICE (余额不足, 业务停机), isv.DENY_IP_RANGE (calls
 *   from outside the mainland), isp.RAM_PERMISSION_DENY, isv.PRODUCT_UN_SUBSCRIPT,
 *   isv.ACCOUNT_NOT_EXISTS, isv.ACCOUNT_ABNORMAL;
 * - Alibaba's own faults: isp.SYSTEM_ERROR, isp.GATEWAY_ERROR;
 * - any code not known here: an alarm is better than a citizen silently never told.
 */
const UNDELIVERABLE: Readonly<Record<string, string>> = {
  // 手机号码格式错误: this address is wrong, whenever it is tried.
  'isv.MOBILE_NUMBER_ILLEGAL': 'invalid_phone',
  // One number a call: more than the limit means the field itself is malformed.
  'isv.MOBILE_COUNT_OVER_LIMIT': 'invalid_phone',
  // 黑名单管控 / 内容包含禁止发送内容: the parameters hit a blocked keyword and will again.
  'isv.BLACK_KEY_CONTROL_LIMIT': 'content_blocked',
  'isv.SMS_CONTENT_ILLEGAL': 'content_blocked',
  'isv.TEMPLATE_PARAMS_ILLEGAL': 'content_blocked',
  // The parameters do not fit the approved template (a URL where none may go, too long, missing):
  // the configuration must change, and the same values would be refused again.
  'isv.PARAM_NOT_SUPPORT_URL': 'template_params_rejected',
  'isv.PARAM_LENGTH_LIMIT': 'template_params_rejected',
  'isv.INVALID_JSON_PARAM': 'template_params_rejected',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'template_params_rejected',
  'isv.INVALID_PARAMETERS': 'template_params_rejected',
  // 模板不合法 (unknown or not approved), or an international template for a mainland number.
  'isv.SMS_TEMPLATE_ILLEGAL': 'template_rejected',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED': 'template_rejected',
  // 签名不合法, 签名禁止使用, 签名不可用, 签名和模板类型不一致.
  'isv.SMS_SIGNATURE_ILLEGAL': 'signature_rejected',
  'isv.SMS_SIGN_ILLEGAL': 'signature_rejected',
  'isv.SIGN_STATE_ILLEGAL': 'signature_rejected',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL': 'signature_rejected',
};

/** A mainland mobile number as the port carries it: 11 digits from 1, no country code. */
const MAINLAND_MOBILE = /^1\d{10}$/;

/** Where the SDK connects: its Config wants a host and a protocol apart. */
export function aliyunEndpoint(option: string | undefined): {
  readonly endpoint: string;
  readonly protocol: 'http' | 'https';
} {
  if (!option) return { endpoint: ALIYUN_DEFAULT_ENDPOINT, protocol: 'https' };
  const url = /^(https?):\/\/([^/?#]+)\/?$/.exec(option);
  if (url) return { endpoint: url[2] as string, protocol: url[1] as 'http' | 'https' };
  // Only a local fake listens on the loopback, and it has no certificate.
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(option);
  return { endpoint: option, protocol: loopback ? 'http' : 'https' };
}

/**
 * The SDK's messages can carry the request's URL (its network errors append it), whose query
 * holds the phone and the parameters (a verification code): neither may reach a log.
 */
function scrub(text: string, phone: string): string {
  return text.replace(/\?\S*/g, '?…').split(phone).join(maskPhone(phone));
}

function asProviderError(error: unknown, phone: string): AliyunSmsError {
  const fault = error as { code?: unknown; statusCode?: unknown; requestId?: unknown; message?: unknown };
  const code = typeof fault?.code === 'string' ? fault.code : 'NetworkError';
  const message = scrub(typeof fault?.message === 'string' ? fault.message : String(error), phone);
  return new AliyunSmsError(
    `Alibaba Cloud SMS to ${maskPhone(phone)} failed: ${message}`,
    code,
    typeof fault?.statusCode === 'number' ? fault.statusCode : undefined,
    typeof fault?.requestId === 'string' && fault.requestId !== 'undefined' ? fault.requestId : undefined,
  );
}

/**
 * Sends a notice as an approved Alibaba Cloud SMS template: `TemplateParam` carries the
 * message's named parameters the template takes, `OutId` the notice's id (Alibaba gives it back
 * in the receipt). Accepted means Alibaba took it and gave its BizId, by which the receipt
 * (SmsReport) is matched later.
 *
 * @example
 * const notifier = new AliyunSmsNotifier({ credentials, signName: '某市12345', templates });
 * await notifier.send({ kind: 'sms', phone: '13800138000' }, completionMessage(kase, { link }));
 * // { outcome: 'accepted', provider: 'aliyun', via: 'sms', messageId: '900619746936498440^0' }
 */
export class AliyunSmsNotifier implements CitizenNotifier {
  readonly provider = 'aliyun' as const;
  /** A warm function keeps its client while the credentials stay the same. */
  private cached: { readonly key: string; readonly client: AliyunSmsClient } | undefined;

  constructor(readonly options: AliyunSmsOptions) {}

  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    if (to.kind !== 'sms') {
      throw new Error(`AliyunSmsNotifier sends text messages only, not to a ${to.kind} address`);
    }
    const template = templateFor(this.options.templates, message.kind);
    if (!template) return { outcome: 'undeliverable', provider: 'aliyun', reason: 'template_not_configured' };
    if (!MAINLAND_MOBILE.test(to.phone)) {
      return { outcome: 'undeliverable', provider: 'aliyun', reason: 'invalid_phone' };
    }
    // Alibaba's templates name their variables (${trackingNo}): the values go by name.
    const values = templateValues(template, message);
    const params = Object.fromEntries(template.params.map((name, i) => [name, values[i]]));
    const request = new SendSmsRequest({
      phoneNumbers: to.phone,
      signName: this.options.signName,
      templateCode: template.templateId,
      templateParam: JSON.stringify(params),
      outId: message.noticeId,
    });

    const client = await this.client();
    let response: SendSmsResponse;
    try {
      response = await client.sendSms(request);
    } catch (error) {
      throw asProviderError(error, to.phone);
    }

    const body = response.body;
    const code = body?.code;
    if (code === 'OK') {
      if (!body?.bizId) {
        // Accepted without an id no receipt could ever be matched to: not `sent` on our word.
        throw new AliyunSmsError('Alibaba Cloud SMS answered OK without a BizId', 'NoBizId');
      }
      return { outcome: 'accepted', provider: 'aliyun', via: 'sms', messageId: body.bizId };
    }
    const reason = code ? UNDELIVERABLE[code] : undefined;
    if (reason) return { outcome: 'undeliverable', provider: 'aliyun', reason };
    throw new AliyunSmsError(
      `Alibaba Cloud SMS to ${maskPhone(to.phone)} refused: ${code ?? 'no Code'} ${scrub(body?.message ?? '', to.phone)}`,
      code ?? 'NoCode',
      response.statusCode,
      body?.requestId,
    );
  }

  private async client(): Promise<AliyunSmsClient> {
    if (this.options.client) return this.options.client;
    const { accessKeyId, accessKeySecret } = await this.options.credentials();
    const key = `${accessKeyId}\n${accessKeySecret}`;
    if (this.cached?.key === key) return this.cached.client;
    const { endpoint, protocol } = aliyunEndpoint(this.options.endpoint);
    // The SDK signs with ACS3-HMAC-SHA256 (its default) and does not retry by itself: the
    // notice pipeline's queue retries with backoff, so one attempt is one call.
    const client = new SdkClient(
      new $OpenApiUtil.Config({
        accessKeyId,
        accessKeySecret,
        regionId: this.options.region ?? 'cn-hangzhou',
        endpoint,
        protocol,
        // Alibaba advises a timeout of at least 1 s for mainland SMS; a slow answer is retried.
        connectTimeout: 3_000,
        readTimeout: 10_000,
      }),
    );
    this.cached = { key, client };
    return client;
  }
}
