// A local fake of Tencent Cloud SMS (SendSms, API 2021-01-11) that checks requests as Tencent does,
// so the official SDK runs for real against it. Never used in AWS.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { beijingTime } from '../../shared/adapters/notifiers/beijing-time.js';
import { maskPhone } from '../../shared/domain/identity.js';
import { smsParts } from '../../shared/domain/notices/index.js';
import { LOOPBACK } from '../loopback.js';
import { listenOnLoopback, PendingPushes, readBoundedBody } from './fake-server.js';
import type { OutboxEntry } from './outbox-entry.js';
import { verifyTc3 } from './tencent-tc3.js';

/** An approved template (正文模板) as the console holds it: text with {1}, {2} … placeholders. */
export interface FakeTencentTemplate {
  readonly text: string;
  /** A verification-code template (验证码类): Tencent takes only 0–6 digits in its parameters. */
  readonly verificationCode?: boolean;
}

export interface TencentSmsFakeOptions {
  /** The one API key the fake knows (the local stack's dev credentials). */
  readonly secretId: string;
  readonly secretKey: string;
  readonly sdkAppId: string;
  /** The approved signature's text (签名), without 【】. */
  readonly signName: string;
  /** TemplateId → the approved template. */
  readonly templates: Readonly<Record<string, FakeTencentTemplate>>;
  readonly onMessage?: (entry: OutboxEntry) => void;
  /** Where Tencent's console would push delivery receipts (短信下发状态回调), when set. */
  readonly receiptUrl?: () => string | undefined;
  /** Whether a message reaches the handset; default: numbers ending in 0000 fail. */
  readonly receipts?: (message: FakeMessage) => 'delivered' | 'failed';
  /** How long after accepting the receipt is pushed (default 200 ms). */
  readonly receiptDelayMs?: number;
  /** The fake's clock in ms (tests of the five-minute window); default Date.now. */
  readonly now?: () => number;
}

/**
 * A message the fake accepted: the outbox entry, and what the request carried. `phoneNumber` is in
 * clear (E.164) because Tencent has it too and the receipt carries it; it stays in this process.
 */
export interface FakeMessage extends OutboxEntry {
  readonly phoneNumber: string;
  readonly sdkAppId: string;
  readonly signName: string;
  readonly templateId: string;
  readonly templateParams: readonly string[];
  readonly sessionContext?: string;
  readonly secretId: string;
}

export interface TencentSmsFake {
  /** `http://sms.localhost:<port>`: the SDK signs for the service named by the host's first label. */
  readonly url: string;
  close(): Promise<void>;
  /** The next `count` sends fail: `transient` with InternalError.Timeout, `permanent` with a blacklisted number. */
  failNext(count: number, mode: 'transient' | 'permanent'): void;
  sent(): FakeMessage[];
  /** A receipt is still to be pushed (scheduled, in flight or waiting to be pushed again). */
  busy(): boolean;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_KEPT = 1000;
const RECEIPT_ATTEMPTS = 4;
/** What Tencent's review takes for a link in a parameter: a scheme, www., or a host with a path. */
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|www\.|[a-z0-9-]+\.[a-z]{2,}(?:\.[a-z]{2,})?\//i;

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return readBoundedBody(req, MAX_BODY_BYTES);
}

function answer(res: ServerResponse, response: Record<string, unknown>, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }));
}

/** Tencent answers a refused call with HTTP 200 and an Error in the Response. */
function answerError(res: ServerResponse, code: string, message: string, status = 200): void {
  answer(res, { Error: { Code: code, Message: message } }, status);
}

/** The placeholders a template takes: {1} … {n}. */
function placeholderCount(text: string): number {
  return Math.max(0, ...[...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
}

/** A mainland mobile number in the forms SendSms takes (+86…, 0086…, 86…, bare), or undefined. */
function mainlandNumber(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const bare = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(raw);
  return bare?.[1];
}

function serialNo(): string {
  const digits = [...randomBytes(20)].map((b) => String(b % 10)).join('');
  return `2433:${digits}`;
}

/** The tracking number and link the rendered text carries, for the outbox. */
function textFacts(text: string): { trackingNo?: string; link?: string } {
  const trackingNo = /工单号([0-9A-Z-]+)/.exec(text)?.[1];
  const link = /https?:\/\/[^\s，。]+/.exec(text)?.[0];
  return { ...(trackingNo ? { trackingNo } : {}), ...(link ? { link } : {}) };
}

/** What the outbox may show of a message: no clear number, nothing of the request's credentials. */
function outboxEntryOf(message: FakeMessage): OutboxEntry {
  const { at, provider, via, to, messageId, templateId, params, text, trackingNo, link } = message;
  return {
    at,
    provider,
    via,
    to,
    messageId,
    templateId,
    ...(params ? { params } : {}),
    text,
    ...(trackingNo ? { trackingNo } : {}),
    ...(link ? { link } : {}),
  };
}

interface SendSmsBody {
  PhoneNumberSet?: unknown;
  SmsSdkAppId?: unknown;
  SignName?: unknown;
  TemplateId?: unknown;
  TemplateParamSet?: unknown;
  SessionContext?: unknown;
}

/**
 * Starts the fake on 127.0.0.1 and a random port.
 *
 * @example
 * const fake = await startTencentSmsFake({ secretId, secretKey, sdkAppId: '1400000001',
 *   signName: '某市12345', templates: { '2001': { text: '您的诉求（工单号{1}）已办结：{2}' } } });
 * // TENCENTCLOUD_SMS_ENDPOINT=fake.url
 */
export async function startTencentSmsFake(options: TencentSmsFakeOptions): Promise<TencentSmsFake> {
  const now = options.now ?? Date.now;
  const messages: FakeMessage[] = [];
  const pending = new PendingPushes();
  let transientLeft = 0;
  let permanentLeft = 0;

  const pushReceipt = (url: string, body: unknown[], attempt: number): void => {
    void pending
      .track(
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        }).then((res) => {
          if (!res.ok) throw new Error(`receipt answered ${res.status}`);
          return res.body?.cancel();
        }),
      )
      .catch(() => {
        // Tencent pushes again when the callback fails; so does the fake, a few times.
        if (attempt < RECEIPT_ATTEMPTS)
          pending.later(200 * 2 ** attempt, () => pushReceipt(url, body, attempt + 1));
      });
  };

  const scheduleReceipts = (accepted: readonly FakeMessage[]): void => {
    const url = options.receiptUrl?.();
    if (!url || accepted.length === 0) return;
    pending.later(options.receiptDelayMs ?? 200, () => {
      const body = accepted.map((message) => {
        const fate =
          options.receipts?.(message) ?? (message.phoneNumber.endsWith('0000') ? 'failed' : 'delivered');
        return {
          user_receive_time: beijingTime(new Date(now())),
          nationcode: '86',
          mobile: message.phoneNumber.replace(/^\+86/, ''),
          report_status: fate === 'delivered' ? 'SUCCESS' : 'FAIL',
          errmsg: fate === 'delivered' ? 'DELIVRD' : '002',
          description: fate === 'delivered' ? '用户短信送达成功' : '关机/停机/无法接通手机/不在服务区',
          sid: message.messageId,
        };
      });
      pushReceipt(url, body, 1);
    });
  };

  /** The checks SendSms makes of its parameters, after the signature; a refusal throws. */
  const checkParameters = (body: SendSmsBody): { template: FakeTencentTemplate; params: string[] } => {
    if (body.SmsSdkAppId !== options.sdkAppId) {
      throw new Refusal('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId not exist.');
    }
    if (body.SignName !== options.signName) {
      throw new Refusal(
        'FailedOperation.SignatureIncorrectOrUnapproved',
        'signature format error or signature not approved',
      );
    }
    const templateId = typeof body.TemplateId === 'string' ? body.TemplateId : '';
    const template = Object.hasOwn(options.templates, templateId) ? options.templates[templateId] : undefined;
    if (!template) {
      throw new Refusal(
        'FailedOperation.TemplateIncorrectOrUnapproved',
        'template format error or template not approved',
      );
    }
    const params = body.TemplateParamSet ?? [];
    if (!Array.isArray(params) || !params.every((p) => typeof p === 'string')) {
      throw new Refusal('InvalidParameter', 'TemplateParamSet must be an array of strings.');
    }
    if (params.length !== placeholderCount(template.text)) {
      throw new Refusal(
        'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
        'the number of template parameters does not match the approved template',
      );
    }
    // 变量不允许透传链接: a link, even a short one, may only be the template's own fixed text.
    if (params.some((p) => URL_LIKE.test(p))) {
      throw new Refusal(
        'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
        'URLs are not allowed in template parameters',
      );
    }
    if (template.verificationCode && !params.every((p) => /^\d{0,6}$/.test(p))) {
      throw new Refusal(
        'InvalidParameterValue.TemplateParameterFormatError',
        'verification code template parameters must be 0-6 digits',
      );
    }
    if (!Array.isArray(body.PhoneNumberSet) || body.PhoneNumberSet.length === 0) {
      throw new Refusal('MissingParameter.EmptyPhoneNumberSet', 'PhoneNumberSet is empty.');
    }
    if (body.PhoneNumberSet.length > 200) {
      throw new Refusal('LimitExceeded.PhoneNumberCountLimit', 'more than 200 phone numbers in one request');
    }
    if (body.SessionContext !== undefined && typeof body.SessionContext !== 'string') {
      throw new Refusal('InvalidParameter', 'SessionContext must be a string.');
    }
    return { template, params: params as string[] };
  };

  const sendSms = (body: SendSmsBody, secretId: string): Record<string, unknown> => {
    const { template, params } = checkParameters(body);
    const text = `【${options.signName}】${template.text.replace(/\{(\d+)\}/g, (_, n: string) => params[Number(n) - 1] ?? '')}`;
    const sessionContext = body.SessionContext as string | undefined;
    const accepted: FakeMessage[] = [];
    const statuses = (body.PhoneNumberSet as unknown[]).map((raw) => {
      const number = mainlandNumber(raw);
      const common = { PhoneNumber: String(raw), SessionContext: sessionContext ?? '', IsoCode: 'CN' };
      if (!number) {
        return {
          ...common,
          SerialNo: '',
          Fee: 0,
          Code: 'InvalidParameterValue.IncorrectPhoneNumber',
          Message: 'incorrect phone number',
        };
      }
      if (permanentLeft > 0) {
        permanentLeft--;
        return {
          ...common,
          SerialNo: '',
          Fee: 0,
          Code: 'FailedOperation.PhoneNumberInBlacklist',
          Message: 'phone number in blacklist',
        };
      }
      const message: FakeMessage = {
        at: new Date(now()).toISOString(),
        provider: 'tencent',
        via: 'sms',
        to: maskPhone(number),
        messageId: serialNo(),
        templateId: body.TemplateId as string,
        params: Object.fromEntries(params.map((value, i) => [String(i + 1), value])),
        text,
        ...textFacts(text),
        phoneNumber: `+86${number}`,
        sdkAppId: options.sdkAppId,
        signName: options.signName,
        templateParams: params,
        ...(sessionContext !== undefined ? { sessionContext } : {}),
        secretId,
      };
      messages.push(message);
      if (messages.length > MAX_KEPT) messages.shift();
      accepted.push(message);
      options.onMessage?.(outboxEntryOf(message));
      return {
        ...common,
        SerialNo: message.messageId,
        Fee: smsParts(text),
        Code: 'Ok',
        Message: 'send success',
      };
    });
    scheduleReceipts(accepted);
    return { SendStatusSet: statuses };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (!body) return answerError(res, 'InvalidParameter', 'The request body is too large.', 413);
    const url = new URL(req.url ?? '/', 'http://sms.localhost');
    if (req.method !== 'POST' || url.pathname !== '/') {
      return answerError(
        res,
        'InvalidParameter',
        'This fake takes POST / with a JSON body, as the SDK sends.',
      );
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return answerError(res, 'InvalidParameter', 'Content-Type must be application/json.');
    }
    const verdict = verifyTc3(
      { method: req.method, path: url.pathname, query: url.search.slice(1), headers: req.headers, body },
      { keys: { [options.secretId]: options.secretKey }, service: 'sms', now: now() / 1000 },
    );
    if (!verdict.ok) return answerError(res, verdict.code, verdict.message);
    if (req.headers['x-tc-action'] !== 'SendSms') {
      return answerError(
        res,
        'InvalidAction',
        `The action ${String(req.headers['x-tc-action'])} is not found.`,
      );
    }
    if (req.headers['x-tc-version'] !== '2021-01-11') {
      return answerError(
        res,
        'NoSuchVersion',
        `The API version ${String(req.headers['x-tc-version'])} does not exist.`,
      );
    }
    if (!req.headers['x-tc-region']) {
      return answerError(res, 'MissingParameter', 'The request is missing a required parameter `Region`.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return answerError(res, 'FailedOperation.JsonParseFail', 'The request body is not JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return answerError(res, 'FailedOperation.JsonParseFail', 'The request body is not a JSON object.');
    }
    if (transientLeft > 0) {
      transientLeft--;
      return answerError(res, 'InternalError.Timeout', 'request timeout, please retry');
    }
    try {
      answer(res, sendSms(parsed as SendSmsBody, verdict.secretId));
    } catch (error) {
      if (error instanceof Refusal) return answerError(res, error.code, error.message);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answerError(res, 'InternalError', 'internal error', 500);
      else res.destroy();
    });
  });
  const listening = await listenOnLoopback(server, LOOPBACK);

  return {
    url: `http://sms.localhost:${listening.port}`,
    async close() {
      pending.cancel();
      await listening.close();
    },
    failNext(count, mode) {
      if (mode === 'transient') transientLeft += count;
      else permanentLeft += count;
    },
    sent: () => [...messages],
    busy: () => pending.busy(),
  };
}
