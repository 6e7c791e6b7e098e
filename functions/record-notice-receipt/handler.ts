import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { noticeOfMessage, recordNoticeEvent } from '../../shared/adapters/notice-events.js';
import { applyReceipts } from '../../shared/adapters/notice-receipts.js';
import { ALIYUN_RECEIPT_ACK, parseAliyunReceipts } from '../../shared/adapters/notifiers/aliyun-receipts.js';
import type { ProviderReceipt } from '../../shared/adapters/notifiers/port.js';
import { ReceiptFormatError } from '../../shared/adapters/notifiers/receipt-error.js';
import {
  parseTencentReceipts,
  TENCENT_RECEIPT_ACK,
} from '../../shared/adapters/notifiers/tencent-receipts.js';
import { type SecretRef, secretString } from '../../shared/adapters/secrets.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { verifyReceiptKey } from './verify-receipt-key.js';

// POST /v1/notices/receipts/{tencent|aliyun}/{key}: the SMS providers' delivery receipts (状态报告),
// pushed in batches. Key first, then size, JSON and the provider's documented shape.

/** The random key in the receipt callback address (see verify-receipt-key.ts). */
export const NOTICE_RECEIPT_KEY: SecretRef = {
  localEnv: 'NOTICE_RECEIPT_KEY',
  arnEnv: 'NOTICE_RECEIPT_SECRET_ARN',
};

interface Provider {
  parse(body: unknown): ProviderReceipt[];
  /** What the provider expects back, or it pushes the batch again. */
  answer: unknown;
}

const PROVIDERS: Readonly<Record<string, Provider>> = {
  tencent: { parse: parseTencentReceipts, answer: TENCENT_RECEIPT_ACK },
  aliyun: { parse: parseAliyunReceipts, answer: ALIYUN_RECEIPT_ACK },
};

/** A provider's batch is a few hundred receipts of ~300 bytes; 256 KB leaves room and no more. */
const MAX_BODY_BYTES = 256 * 1024;

type Event = APIGatewayProxyEventV2 & WithJsonBody<unknown>;

function providerOf(event: APIGatewayProxyEventV2): [string, Provider] {
  const name = /\/v1\/notices\/receipts\/([a-z]+)\//.exec(event.rawPath)?.[1] ?? '';
  const provider = PROVIDERS[name];
  // The routes name the providers; anything else never reaches here in AWS, but say so plainly.
  if (!provider) throw new BadRequestError('unknown_provider', '不支持的短信服务商');
  return [name, provider];
}

async function recordReceipts(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const [name, provider] = providerOf(event);
  let receipts: ProviderReceipt[];
  try {
    receipts = provider.parse(event.parsedBody);
  } catch (error) {
    if (error instanceof ReceiptFormatError) {
      throw new BadRequestError('invalid_receipt', `回执格式有误：${error.message}`, { cause: error });
    }
    throw error;
  }
  const tally = await applyReceipts(receipts, { noticeOfMessage, recordNoticeEvent });
  if (tally.unknown > 0) logger.warn('receipts of no known notice', { provider: name, ...tally });
  else logger.info('receipts recorded', { provider: name, ...tally });
  return json(200, provider.answer);
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(verifyReceiptKey({ key: () => secretString(NOTICE_RECEIPT_KEY) }))
  .use(jsonBody({ schema: z.unknown(), maxBytes: MAX_BODY_BYTES }))
  .handler((event) => recordReceipts(event as Event));
