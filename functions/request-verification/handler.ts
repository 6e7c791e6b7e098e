import { randomBytes, randomInt } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { CitizenNotifier } from '../../shared/adapters/notifiers/port.js';
import { smsNotifier } from '../../shared/adapters/notifiers/select.js';
import {
  DEFAULT_VERIFICATION_POLICY,
  type PhoneVerifications,
} from '../../shared/adapters/phone-verifications.js';
import { bodyHashOf } from '../../shared/adapters/request-marks.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { phoneVerifications } from '../../shared/adapters/stores.js';
import { hashPhone, MainlandMobileSchema, verificationCodeMessage } from '../../shared/domain/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';

// POST /v1/channels/webform/verifications {phone}: 短信验证码 for the web form, where the deployment
// has an SMS provider. A 6-digit code from the crypto RNG, kept only as a keyed hash (5 minutes),
// counted per number and per source address before anything is sent; the code goes through the
// notifier port, and the answer says only whether it went: never whether the number filed appeals.

/** The body; the phone itself is checked after, so a bad one gets its own code (invalid_phone). */
export const VerificationRequestSchema = z.strictObject({ phone: z.string().check(z.maxLength(32)) });
type Event = APIGatewayProxyEventV2 & WithJsonBody<z.infer<typeof VerificationRequestSchema>>;

export interface VerificationDeps {
  /** The SMS port, or undefined where no provider is configured. */
  notifier(): Promise<CitizenNotifier | undefined>;
  hashKey(): Promise<string>;
  verifications(key: string): PhoneVerifications;
  now(): Date;
}

const DEFAULT_DEPS: VerificationDeps = {
  notifier: smsNotifier,
  hashKey: contactHashKey,
  verifications: phoneVerifications,
  now: () => new Date(),
};

/** 128 random bits, URL-safe: names the verification in the appeal, guessing it gains nothing. */
function newVerificationId(): string {
  return randomBytes(16).toString('base64url');
}

/** Six digits, uniform, leading zeros kept. */
function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function tooManyCodes(retryAfterSeconds: number, by: 'number' | 'source'): HttpError {
  const wait =
    retryAfterSeconds < 120 ? `${retryAfterSeconds} 秒` : `${Math.ceil(retryAfterSeconds / 60)} 分钟`;
  const what = by === 'number' ? '该手机号获取验证码过于频繁' : '获取验证码过于频繁';
  return new HttpError(429, 'too_many_codes', `${what}，请 ${wait}后再试`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

export function makeHandler(deps: VerificationDeps) {
  async function requestVerification(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
    const notifier = await deps.notifier();
    if (!notifier) {
      throw new HttpError(404, 'verification_disabled', '本平台未启用短信验证码，提交诉求无需验证码');
    }
    const parsed = MainlandMobileSchema.safeParse(event.parsedBody.phone);
    if (!parsed.success)
      throw new BadRequestError('invalid_phone', '须为中国大陆手机号（11 位，13–19 开头）');
    const phone = parsed.data;
    const key = await deps.hashKey();
    const now = deps.now();
    const verifications = deps.verifications(key);
    const phoneHash = hashPhone(phone, key);
    // The address as the gateway saw the connection (API Gateway's sourceIp, not a header a client
    // sets); hashed so the table keeps no address. The gateway's own public limit applies first.
    const sourceHash = bodyHashOf(`source:${event.requestContext.http.sourceIp}`, key);
    const admission = await verifications.admitSend(phoneHash, sourceHash, now);
    if (admission.kind === 'limited') {
      logger.warn('verification code refused by a limit', { by: admission.by });
      throw tooManyCodes(admission.retryAfterSeconds, admission.by);
    }

    const verificationId = newVerificationId();
    const code = newCode();
    // Stored before it is sent: a code that reaches a phone can always be checked.
    await verifications.create(verificationId, phoneHash, code, now);
    const minutes = Math.round(DEFAULT_VERIFICATION_POLICY.ttlSeconds / 60);
    let outcome: Awaited<ReturnType<CitizenNotifier['send']>>;
    try {
      outcome = await notifier.send(
        { kind: 'sms', phone },
        verificationCodeMessage({ verificationId, code, minutes }),
      );
    } catch (error) {
      logger.error('verification code not sent: provider error', { error, provider: notifier.provider });
      throw new HttpError(503, 'sms_unavailable', '短信发送暂时失败，请稍后重试', {
        headers: { 'retry-after': '30' },
      });
    }
    if (outcome.outcome === 'undeliverable') {
      logger.warn('verification code undeliverable', { provider: outcome.provider, reason: outcome.reason });
      throw new HttpError(422, 'phone_unreachable', '该手机号无法接收短信，请核对号码或拨打 12345 反映诉求');
    }
    logger.info('verification code sent', { provider: outcome.provider, messageId: outcome.messageId });
    return json(
      202,
      { verificationId, expiresInSeconds: DEFAULT_VERIFICATION_POLICY.ttlSeconds },
      { 'cache-control': 'no-store' },
    );
  }

  return httpHandler()
    .use(httpHeaderNormalizer())
    .use(injectLambdaContext(logger))
    .use(jsonErrors({ logger }))
    .use(jsonBody({ schema: VerificationRequestSchema, maxBytes: 1024 }))
    .handler((event) => requestVerification(event as Event));
}

export const handler = makeHandler(DEFAULT_DEPS);
