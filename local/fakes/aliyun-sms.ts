// A local fake of Alibaba Cloud SMS (dysmsapi, SendSms 2017-05-25) that checks requests as Alibaba
// does, so the official SDK runs for real; and of its SmsReport HTTP push. Never used in AWS.
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { beijingTime } from '../../shared/adapters/notifiers/beijing-time.js';
import { maskPhone, smsParts } from '../../shared/domain/index.js';
import { verifyAcs3 } from './aliyun-acs3.js';
import { listenOnLoopback, PendingPushes, readBoundedBody } from './fake-server.js';
import type { OutboxEntry } from './outbox-entry.js';

/** The fake's AccessKey unless a test gives its own; it opens nothing but this fake. */
export const ALIYUN_FAKE_CREDENTIALS = {
  accessKeyId: 'LTAI5tLocalFakeSmsKey',
  accessKeySecret: 'local-fake-aliyun-sms-secret',
} as const;

export const ALIYUN_FAKE_SIGN_NAME = '某市12345';

/**
 * The fake's approved templates (模板 CODE → text with `${name}` variables), one per kind of
 * notice, worded as the messages' own text. `ALIYUN_FAKE_TEMPLATE_CONFIG` is the matching
 * `NOTICE_SMS_TEMPLATES` a local stack sets.
 */
export const ALIYUN_FAKE_TEMPLATES: Readonly<Record<string, string>> = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
  SMS_465000001: '您的诉求（工单号${trackingNo}）已办结，查看答复并评价：${link}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
  SMS_465000002: '您的诉求（工单号${trackingNo}）需补充材料，请在${days}个工作日内补正：${link}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
  SMS_465000003: '您的验证码为${code}，${minutes}分钟内有效。如非本人操作，请忽略本短信。',
  SMS_465000004:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
    '您提交的政府信息公开申请（工单号${trackingNo}）经登记不作为信息公开申请处理，告知内容请查看：${link}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
  SMS_465000005: '您的政府信息公开申请（工单号${trackingNo}）经批准延长答复期限，将于${dueOn}前答复：${link}',
  SMS_465000006:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Alibaba template's variables
    '您的政府信息公开申请（工单号${trackingNo}）已作出答复，答复书按您选择的方式送达，查看：${link}',
};
export const ALIYUN_FAKE_TEMPLATE_CONFIG = {
  completion: { templateId: 'SMS_465000001', params: ['trackingNo', 'link'] },
  correction_request: { templateId: 'SMS_465000002', params: ['trackingNo', 'days', 'link'] },
  verification_code: { templateId: 'SMS_465000003', params: ['code', 'minutes'] },
  disclosure_registration: { templateId: 'SMS_465000004', params: ['trackingNo', 'link'] },
  disclosure_extension: { templateId: 'SMS_465000005', params: ['trackingNo', 'dueOn', 'link'] },
  disclosure_reply: { templateId: 'SMS_465000006', params: ['trackingNo', 'link'] },
} as const;

export interface AliyunSmsFakeOptions {
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  /** The one approved 短信签名. */
  readonly signName?: string;
  readonly templates?: Readonly<Record<string, string>>;
  readonly onMessage?: (entry: OutboxEntry) => void;
  /** Where to push receipts (SmsReport) shortly after accepting; none pushed while undefined. */
  readonly receiptUrl?: () => string | undefined;
  /** Which messages the handset gets: by default a number ending in 0000 fails (空号). */
  readonly receipts?: (phone: string) => 'delivered' | 'failed';
  readonly receiptDelayMs?: number;
  readonly now?: () => Date;
}

/** What the fake accepted, for a test to look at. */
export interface AliyunFakeMessage extends OutboxEntry {
  readonly signName: string;
  readonly outId?: string;
  readonly receipt: 'delivered' | 'failed';
}

export interface AliyunSmsFake {
  /** The base URL, for `ALIBABA_CLOUD_SMS_ENDPOINT`. */
  readonly url: string;
  close(): Promise<void>;
  /**
   * The next `count` correctly signed SendSms calls fail: 'transient' alternates a 503
   * ServiceUnavailable and isv.BUSINESS_LIMIT_CONTROL (flow control), 'permanent' answers
   * isv.MOBILE_NUMBER_ILLEGAL.
   */
  failNext(count: number, mode: 'transient' | 'permanent'): void;
  sent(): AliyunFakeMessage[];
  /** A receipt is still to be pushed (scheduled, in flight or waiting to be pushed again). */
  busy(): boolean;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGES = 1000;
/** Alibaba allows up to 1,000 numbers a call. */
const MAX_PHONES = 1000;
const RECEIPT_ATTEMPTS = 4;
// The numbers SendSms takes for the mainland: with or without +86, 0086 or 86.
const MAINLAND = /^(?:\+86|0086|86)?(1\d{10})$/;
const VARIABLE = /\$\{(\w+)\}/g;

function variablesOf(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1] as string))];
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return readBoundedBody(req, MAX_BODY_BYTES);
}

/** The query (and a form body's fields), refused when a name comes twice: which would count? */
function paramsOf(
  url: URL,
  body: Buffer,
  contentType: string | undefined,
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const sources = [url.searchParams];
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    sources.push(new URLSearchParams(body.toString('utf8')));
  }
  for (const source of sources) {
    for (const [name, value] of source) {
      if (Object.hasOwn(params, name)) return undefined;
      params[name] = value;
    }
  }
  return params;
}

/**
 * Starts the fake on 127.0.0.1 and a free port.
 *
 * @example
 * const fake = await startAliyunSmsFake({ onMessage: (entry) => outbox.push(entry) });
 * process.env.ALIBABA_CLOUD_SMS_ENDPOINT = fake.url;
 */
export async function startAliyunSmsFake(options: AliyunSmsFakeOptions = {}): Promise<AliyunSmsFake> {
  const accessKeyId = options.accessKeyId ?? ALIYUN_FAKE_CREDENTIALS.accessKeyId;
  const accessKeySecret = options.accessKeySecret ?? ALIYUN_FAKE_CREDENTIALS.accessKeySecret;
  const signName = options.signName ?? ALIYUN_FAKE_SIGN_NAME;
  const templates = options.templates ?? ALIYUN_FAKE_TEMPLATES;
  const now = options.now ?? (() => new Date());
  const receiptFor =
    options.receipts ?? ((phone: string) => (phone.endsWith('0000') ? 'failed' : 'delivered'));
  const messages: AliyunFakeMessage[] = [];
  /** Nonces seen within the window a timestamp is accepted in; older ones are refused by time. */
  const nonces = new Map<string, number>();
  const pending = new PendingPushes();
  let failures: { count: number; mode: 'transient' | 'permanent'; served: number } = {
    count: 0,
    mode: 'transient',
    served: 0,
  };

  const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
    answer(res, status, {
      RequestId: randomUUID().toUpperCase(),
      HostId: 'dysmsapi.aliyuncs.com',
      Code: code,
      Message: message,
    });
  const business = (res: ServerResponse, code: string, message: string) =>
    answer(res, 200, { Code: code, Message: message, RequestId: randomUUID().toUpperCase() });

  function rememberNonce(nonce: string, at: number): boolean {
    for (const [seen, time] of nonces) if (at - time > 30 * 60 * 1000) nonces.delete(seen);
    if (nonces.has(nonce)) return false;
    nonces.set(nonce, at);
    return true;
  }

  /** SmsReport, pushed as Alibaba does: a JSON array, retried until answered with code 0. */
  function pushReceipt(report: Record<string, unknown>, attempt = 1): void {
    const url = options.receiptUrl?.();
    if (!url) return;
    void pending
      .track(
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([report]),
          signal: AbortSignal.timeout(5_000),
        }).then(async (res) => {
          const ack = (await res.json().catch(() => undefined)) as { code?: unknown } | undefined;
          if (!res.ok || ack?.code !== 0) throw new Error(`receipt refused: ${res.status}`);
        }),
      )
      .catch(() => {
        if (attempt < RECEIPT_ATTEMPTS)
          pending.later(200 * 2 ** attempt, () => pushReceipt(report, attempt + 1));
      });
  }

  async function sendSms(res: ServerResponse, params: Record<string, string>): Promise<void> {
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode'] as const) {
      if (!params[name]) return refuse(res, 400, `Missing${name}`, `${name} is mandatory for this action.`);
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1, served: failures.served + 1 };
      if (failures.mode === 'permanent') return business(res, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
      if (failures.served % 2 === 1) {
        return refuse(
          res,
          503,
          'ServiceUnavailable',
          'The request has failed due to a temporary failure of the server.',
        );
      }
      return business(res, 'isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
    }
    const phones = (params.PhoneNumbers as string).split(',').map((p) => MAINLAND.exec(p.trim())?.[1]);
    if (phones.length > MAX_PHONES)
      return business(res, 'isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
    if (phones.some((p) => p === undefined)) return business(res, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (params.SignName !== signName)
      return business(res, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    const template = templates[params.TemplateCode as string];
    if (template === undefined) return business(res, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    const variables = variablesOf(template);
    let values: Record<string, unknown> = {};
    if (params.TemplateParam !== undefined) {
      try {
        values = JSON.parse(params.TemplateParam) as Record<string, unknown>;
      } catch {
        return business(res, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      }
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        return business(res, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      }
      if (Object.values(values).some((v) => typeof v !== 'string')) {
        return business(res, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      }
    }
    const missing = variables.filter((name) => !values[name]);
    if (missing.length > 0) {
      return business(res, 'isv.TEMPLATE_MISSING_PARAMETERS', `模板缺少变量: ${missing.join(',')}`);
    }
    // Stricter than Alibaba, which ignores extra names: here one means the configuration is off.
    const extra = Object.keys(values).filter((name) => !variables.includes(name));
    if (extra.length > 0) return business(res, 'isv.INVALID_PARAMETERS', `模板没有变量: ${extra.join(',')}`);
    const strings = values as Record<string, string>;
    if (Object.values(strings).some((v) => v.length > 100)) {
      return business(res, 'isv.PARAM_LENGTH_LIMIT', '参数超出长度限制');
    }

    const bizId = `${randomInt(100_000, 999_999)}${Date.now()}^0`;
    const text = `【${signName}】${template.replace(VARIABLE, (_, name: string) => strings[name] ?? '')}`;
    const at = now();
    for (const phone of phones as string[]) {
      const receipt = receiptFor(phone);
      const entry: OutboxEntry = {
        at: at.toISOString(),
        provider: 'aliyun',
        via: 'sms',
        to: maskPhone(phone),
        messageId: bizId,
        templateId: params.TemplateCode as string,
        params: { ...strings },
        text,
        ...(strings.trackingNo ? { trackingNo: strings.trackingNo } : {}),
        ...(strings.link ? { link: strings.link } : {}),
      };
      messages.push({ ...entry, signName, ...(params.OutId ? { outId: params.OutId } : {}), receipt });
      if (messages.length > MAX_MESSAGES) messages.shift();
      options.onMessage?.(entry);
      pending.later(options.receiptDelayMs ?? 100, () =>
        pushReceipt({
          phone_number: phone,
          send_time: beijingTime(at),
          report_time: beijingTime(now()),
          success: receipt === 'delivered',
          err_code: receipt === 'delivered' ? 'DELIVERED' : 'MN:0001',
          err_msg: receipt === 'delivered' ? '用户接收成功' : '空号',
          sms_size: String(smsParts(text)),
          biz_id: bizId,
          out_id: params.OutId ?? '',
        }),
      );
    }
    answer(res, 200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: randomUUID().toUpperCase() });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (body === undefined)
        return refuse(res, 413, 'RequestEntityTooLarge', 'The request body is too large.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
        return refuse(
          res,
          404,
          'InvalidAction.NotFound',
          'Specified api is not found, please check your url and method.',
        );
      }
      const params = paramsOf(url, body, req.headers['content-type']);
      if (!params) return refuse(res, 400, 'InvalidParameter', 'A parameter is given more than once.');
      const verdict = verifyAcs3(
        {
          method: req.method,
          pathname: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body,
        },
        { secretOf: (id) => (id === accessKeyId ? accessKeySecret : undefined), now: now() },
      );
      if (!verdict.ok) return refuse(res, verdict.status, verdict.code, verdict.message);
      if (!rememberNonce(verdict.nonce, now().getTime())) {
        return refuse(res, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
      }
      if (req.headers['x-acs-action'] !== 'SendSms') {
        return refuse(
          res,
          404,
          'InvalidAction.NotFound',
          'Specified api is not found, please check your url and method.',
        );
      }
      if (req.headers['x-acs-version'] !== '2017-05-25') {
        return refuse(res, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
      }
      await sendSms(res, params);
    })().catch(() => {
      if (!res.headersSent)
        refuse(res, 500, 'InternalError', 'The request processing has failed due to some unknown error.');
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${listening.port}`,
    close: async () => {
      pending.cancel();
      await listening.close();
    },
    failNext: (count, mode) => {
      failures = { count, mode, served: 0 };
    },
    sent: () => [...messages],
    busy: () => pending.busy(),
  };
}
