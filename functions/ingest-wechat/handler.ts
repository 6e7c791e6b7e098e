import { timingSafeEqual } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { isMerged } from '../../shared/adapters/citizen-case.js';
import { disclosureFormUrl } from '../../shared/adapters/config.js';
import { isTemplateReceipt } from '../../shared/adapters/notifiers/wechat-receipts.js';
import { bodyHashOf } from '../../shared/adapters/request-marks.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import {
  appealQueue,
  caseStore,
  directoryStore,
  requestMarks,
  senderLimit,
} from '../../shared/adapters/stores.js';
import { type WechatSecrets, wechatSecrets } from '../../shared/adapters/wechat-secrets.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
  signatureMatches,
} from '../../shared/channels/wechat-crypto.js';
import {
  type Intent,
  interpret,
  receivedAtOf,
  type WechatMessage,
  WechatMessageSchema,
} from '../../shared/channels/wechat-message.js';
import {
  encryptedReplyXml,
  extractEncrypt,
  guardXml,
  MAX_BODY_BYTES,
  parseFlatXml,
  textReplyXml,
  WechatXmlError,
} from '../../shared/channels/wechat-xml.js';
import { hashPhone } from '../../shared/domain/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { logger } from '../../shared/logger.js';
import { answerCorrectionByWechat } from './correction-answer.js';
import { statusQueryReply } from './status-query.js';
import { recordTemplateReceipt, templateReceiptOf } from './template-receipt.js';
import {
  acceptedReply,
  disclosureReply,
  HINT_REPLY,
  MALFORMED_QUERY_REPLY,
  mergedReply,
  notFoundReply,
  SENDER_LIMITED_REPLY,
  WELCOME_REPLY,
} from './wechat-replies.js';

// GET and POST /v1/channels/wechat: WeChat's server verification, and messages in plain or safe
// mode. Checks run cheapest first and each refuses before the next: size, query, timestamp, mode
// (plain refused when the account is in safe mode), signature, DTD guard, decryption, parse, then in
// plain mode the replay mark (a refused body writes nothing). A template message's delivery report (TEMPLATESENDJOBFINISH) updates
// its notice and stops there. A message becomes an appeal on the queue before the reply, once the
// sender's count admits it (a flood from one openid gets a friendly refusal and queues nothing).

function deps() {
  return { directory: directoryStore(), cases: caseStore(), queue: appealQueue(), senders: senderLimit() };
}

/** WeChat signs with its clock; five minutes either way allows skew and its 15 s of retries. */
const TIMESTAMP_WINDOW_SECONDS = 300;

const Hex40 = z.string().check(z.regex(/^[0-9a-fA-F]{40}$/));
const Timestamp = z.string().check(z.regex(/^\d{1,12}$/));
const Nonce = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));

const VerifyQuerySchema = z.object({
  signature: Hex40,
  timestamp: Timestamp,
  nonce: Nonce,
  // Echoed back as it is, so only what WeChat sends (digits) and nothing a browser could run.
  echostr: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)),
});

const MessageQuerySchema = z.object({
  signature: z.optional(Hex40),
  timestamp: Timestamp,
  nonce: Nonce,
  encrypt_type: z.optional(z.enum(['aes', 'raw'])),
  msg_signature: z.optional(Hex40),
});
type MessageQuery = z.infer<typeof MessageQuerySchema>;

class SignatureError extends HttpError {
  constructor(
    code: 'invalid_signature' | 'stale_timestamp' | 'app_id_mismatch' | 'replayed_nonce',
    message: string,
  ) {
    super(401, code, message);
    this.name = 'SignatureError';
  }
}

function parseQuery<S extends z.ZodMiniType>(schema: S, event: APIGatewayProxyEventV2): z.infer<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new BadRequestError('invalid_query', '缺少或有误的签名参数（signature、timestamp、nonce）');
  return parsed.data;
}

function checkTimestamp(timestamp: string, now: Date): void {
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS) {
    throw new SignatureError('stale_timestamp', '时间戳已过期或无效');
  }
}

function text(
  statusCode: number,
  body: string,
  contentType = 'text/plain',
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': `${contentType}; charset=utf-8` }, body };
}

/** 服务器配置 verification: WeChat checks the URL answers with its `echostr`. */
async function verify(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const query = parseQuery(VerifyQuerySchema, event);
  checkTimestamp(query.timestamp, new Date());
  const { token } = await wechatSecrets();
  if (!signatureMatches(sha1Signature([token, query.timestamp, query.nonce]), query.signature)) {
    throw new SignatureError('invalid_signature', '签名校验失败');
  }
  return text(200, query.echostr);
}

function bodyOf(event: APIGatewayProxyEventV2): string {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `请求内容过大，最多 ${MAX_BODY_BYTES / 1024} KB`);
  }
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** The message's XML once its signature holds (and, in safe mode, once it is decrypted). */
function open(
  body: string,
  query: MessageQuery,
  secrets: WechatSecrets,
): { xml: string; replyKey: Buffer | undefined } {
  const { token } = secrets;
  if (query.encrypt_type === 'aes') {
    const encrypt = wrapXmlErrors(() => extractEncrypt(body));
    if (
      !signatureMatches(sha1Signature([token, query.timestamp, query.nonce, encrypt]), query.msg_signature)
    ) {
      throw new SignatureError('invalid_signature', '消息签名校验失败');
    }
    wrapXmlErrors(() => guardXml(body));
    const keys = [secrets.encodingAesKey, secrets.previousEncodingAesKey].flatMap((k) =>
      k ? [aesKeyOf(k)] : [],
    );
    try {
      const { xml, key } = decryptMessage(encrypt, keys, secrets.appId);
      return { xml, replyKey: key };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'app_id_mismatch') throw new SignatureError('app_id_mismatch', '消息的 AppID 不符');
      throw new BadRequestError('decrypt_failed', '消息解密失败', { cause: error });
    }
  }
  if (!signatureMatches(sha1Signature([token, query.timestamp, query.nonce]), query.signature)) {
    throw new SignatureError('invalid_signature', '签名校验失败');
  }
  return { xml: body, replyKey: undefined };
}

/**
 * A plain-mode signature covers the token, timestamp and nonce but not the body, so one observed
 * request could carry any other body within the window. Each timestamp and nonce is marked once with
 * its body's hash: WeChat's own retries resend the very same request and go on (the appeal is
 * derived from its MsgId, so they get the same reply); another body under them is refused.
 */
async function refuseReplay(body: string, query: MessageQuery, hashKey: string, now: Date): Promise<void> {
  const outcome = await requestMarks().markOnce(
    {
      pk: `NONCE#${query.timestamp}#${query.nonce}`,
      bodyHash: bodyHashOf(body, hashKey),
      // Past this the timestamp is refused as stale anyway; a minute more for clock skew.
      expiresAt: new Date((Number(query.timestamp) + TIMESTAMP_WINDOW_SECONDS + 60) * 1000),
    },
    now,
  );
  if (outcome.kind === 'other-body') {
    throw new SignatureError('replayed_nonce', '该时间戳与随机数已用于另一条消息');
  }
}

function wrapXmlErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WechatXmlError)
      throw new BadRequestError(error.code, error.message, { cause: error });
    throw error;
  }
}

async function receive(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = bodyOf(event);
  const query = parseQuery(MessageQuerySchema, event);
  const now = new Date();
  checkTimestamp(query.timestamp, now);
  const secrets = await wechatSecrets();
  if (query.encrypt_type !== 'aes' && secrets.requireSafeMode) {
    throw new HttpError(403, 'safe_mode_required', '本公众号已启用安全模式，只接受加密消息');
  }
  const { xml, replyKey } = open(body, query, secrets);
  const fields = wrapXmlErrors(() => parseFlatXml(xml));
  const parsed = WechatMessageSchema.safeParse(fields);
  if (!parsed.success) throw new BadRequestError('invalid_message', '消息字段缺失或有误');
  const message = parsed.data;
  const receipt = isTemplateReceipt(fields) ? templateReceiptOf(fields) : undefined;
  // Marked only once the message parsed: a refused body leaves nothing behind, and only a body
  // that could act needs its timestamp and nonce guarded against another.
  const hashKey = await contactHashKey();
  if (!replyKey) await refuseReplay(body, query, hashKey, now);
  // A template message's delivery report: it updates the notice and is answered with a bare
  // `success` (encrypting it is not required), whatever became of it.
  if (receipt) {
    await recordTemplateReceipt(receipt);
    return text(200, 'success');
  }

  const { directory, cases, queue, senders } = deps();
  // 补正 answers the sender's open correction request; without one the message goes on as usual.
  const corrected = await answerCorrectionByWechat(message, { now, hashKey, cases, directory });
  if (corrected !== undefined) return passiveReply(message, corrected, now, query, replyKey, secrets);
  const intent = interpret(message, {
    directory: await directory.load(),
    contactHashKey: hashKey,
    receivedAt: receivedAtOf(message, now, TIMESTAMP_WINDOW_SECONDS),
  });
  const content = await act(intent, {
    message,
    now,
    xml,
    encrypted: replyKey !== undefined,
    hashKey,
    cases,
    queue,
    directory,
    senders,
  });
  if (content === undefined) return text(200, 'success');
  return passiveReply(message, content, now, query, replyKey, secrets);
}

/** The text reply in the chat, encrypted when the message was. */
function passiveReply(
  message: WechatMessage,
  content: string,
  now: Date,
  query: MessageQuery,
  replyKey: Buffer | undefined,
  secrets: WechatSecrets,
): APIGatewayProxyStructuredResultV2 {
  const reply = textReplyXml({
    to: message.FromUserName,
    from: message.ToUserName,
    createTime: Math.floor(now.getTime() / 1000),
    content,
  });
  if (!replyKey) return text(200, reply, 'application/xml');
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const encrypt = encryptMessage(reply, replyKey, secrets.appId);
  const msgSignature = sha1Signature([secrets.token, timestamp, query.nonce, encrypt]);
  return text(
    200,
    encryptedReplyXml({ encrypt, msgSignature, timestamp, nonce: query.nonce }),
    'application/xml',
  );
}

/** Does what the message asks and returns the reply's text, or undefined for a bare `success`. */
async function act(
  intent: Intent,
  ctx: {
    message: WechatMessage;
    now: Date;
    xml: string;
    encrypted: boolean;
    hashKey: string;
  } & ReturnType<typeof deps>,
): Promise<string | undefined> {
  switch (intent.kind) {
    case 'appeal': {
      const { appeal } = intent;
      if (!(await admitted(appeal, ctx))) return SENDER_LIMITED_REPLY;
      // No read first: a retry derives the same caseId and tracking number, and the dispatcher's
      // conditional put makes the second message a no-op. The reply goes out only once SQS has it.
      await ctx.queue.send({
        appeal,
        raw: {
          contentType: 'text/xml',
          body: ctx.xml,
          headers: { 'x-wechat-encrypt-type': ctx.encrypted ? 'aes' : 'raw' },
        },
      });
      logger.info('appeal queued', {
        caseId: appeal.caseId,
        trackingNo: appeal.trackingNo,
        msgType: ctx.message.MsgType,
        category: appeal.category,
        district: appeal.district,
      });
      return acceptedReply(appeal.trackingNo);
    }
    case 'query': {
      if (!intent.trackingNo) return MALFORMED_QUERY_REPLY;
      const own = await ctx.cases.getByTrackingNo(intent.trackingNo);
      const sender = hashPhone(ctx.message.FromUserName, ctx.hashKey);
      if (!own || !sameHash(own.contact.openIdHash, sender)) return notFoundReply(intent.trackingNo);
      // A merged case answers with itself, never its master (the sender proved only their own case).
      if (isMerged(own)) return mergedReply(own);
      const directory = await ctx.directory.load();
      const department = own.departmentId ? directory.departments.get(own.departmentId)?.name : undefined;
      return statusQueryReply(own, department, ctx.now);
    }
    case 'welcome':
      return WELCOME_REPLY;
    case 'hint':
      return HINT_REPLY;
    case 'disclosure':
      logger.info('disclosure request pointed to the form', { msgType: ctx.message.MsgType });
      return disclosureReply(disclosureFormUrl());
    case 'ignore':
      logger.debug('message acknowledged without action', {
        msgType: ctx.message.MsgType,
        event: ctx.message.Event,
      });
      return undefined;
  }
}

/**
 * The sender's count (per openid, per window and day) admits the appeal, or it is refused before it
 * is queued. Only appeals are counted: 查询, a follow and a hint cost nothing and always answer.
 * WeChat's retry of an admitted MsgId derives the same case id, so the count lets it through again
 * uncounted and the retry gets the same tracking number; a refused one is refused again. When the
 * count cannot be reached the appeal is admitted (and logged): a lost appeal is worse than a
 * moment without the limit, which DynamoDB's fault does not make any cheaper for the flooder.
 */
async function admitted(
  appeal: Extract<Intent, { kind: 'appeal' }>['appeal'],
  ctx: { now: Date; senders: ReturnType<typeof deps>['senders'] },
): Promise<boolean> {
  const sender = appeal.contact.openIdHash;
  if (!sender) return true;
  try {
    const admission = await ctx.senders.admit('wechat', sender, appeal.caseId, ctx.now);
    if (admission.kind !== 'limited') return true;
    logger.warn('appeal refused: the sender is over the limit', {
      caseId: appeal.caseId,
      limit: admission.limit,
      until: admission.until.toISOString(),
    });
    return false;
  } catch (error) {
    logger.error('the sender count failed; the appeal is admitted', { caseId: appeal.caseId, error });
    return true;
  }
}

function sameHash(stored: string | undefined, sender: string): boolean {
  if (!stored || stored.length !== sender.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(sender));
}

async function ingestWechat(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return event.requestContext.http.method === 'GET' ? verify(event) : receive(event);
}

/**
 * WeChat gives up 5 s after it sent the message, and the function's timeout is those same 5 s
 * (infra/functions.ts), but API Gateway, the network and a cold start spend part of WeChat's 5 s
 * before the handler runs: so a wider margin than other functions'. The 503 it answers is retried
 * by WeChat (three deliveries of one MsgId), and the retry derives the same case and reply.
 */
export const WECHAT_ANSWER_EARLY_MS = 1_500;

export const handler = httpHandler({ answerEarlyMs: WECHAT_ANSWER_EARLY_MS })
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(ingestWechat);
