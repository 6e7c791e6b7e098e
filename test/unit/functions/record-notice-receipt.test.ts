import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderReceipt } from '../../../shared/adapters/notifiers/port.js';
import { ReceiptFormatError } from '../../../shared/adapters/notifiers/receipt-error.js';
import { httpEvent, testContext } from '../fixtures/lambda.js';

// The parsers are the provider slices' (tested with them); here they are stand-ins, so this
// suite checks what the function adds: the key, the body checks, matching and the answer.
const parsers = vi.hoisted(() => ({
  tencent: vi.fn<(body: unknown) => ProviderReceipt[]>(),
  aliyun: vi.fn<(body: unknown) => ProviderReceipt[]>(),
}));
const events = vi.hoisted(() => ({ noticeOfMessage: vi.fn(), recordNoticeEvent: vi.fn() }));
vi.mock('../../../shared/adapters/notifiers/tencent-receipts.js', () => ({
  parseTencentReceipts: parsers.tencent,
  TENCENT_RECEIPT_ACK: { result: 0, errmsg: 'OK' },
}));
vi.mock('../../../shared/adapters/notifiers/aliyun-receipts.js', () => ({
  parseAliyunReceipts: parsers.aliyun,
  ALIYUN_RECEIPT_ACK: { code: 0, msg: '成功' },
}));
vi.mock('../../../shared/adapters/notice-events.js', () => events);

const { handler } = await import('../../../functions/record-notice-receipt/handler.js');

const KEY = `${'k'.repeat(24)}EY0123456789abcdefXYZ`;

function post(
  provider: string,
  body: unknown,
  options: { key?: string; contentType?: string } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const key = options.key ?? KEY;
  const path = `/v1/notices/receipts/${provider}/${key}`;
  return handler(
    httpEvent({
      method: 'POST',
      path,
      routeKey: `POST /v1/notices/receipts/${provider}/{key}`,
      pathParameters: { key },
      headers: { 'content-type': options.contentType ?? 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    testContext('record-notice-receipt'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);

const delivered: ProviderReceipt = {
  provider: 'tencent',
  messageId: 'sid-1',
  delivered: true,
  at: '2026-12-03T08:00:05.000Z',
};

describe('Function: record-notice-receipt', () => {
  beforeEach(() => {
    vi.stubEnv('NOTICE_RECEIPT_KEY', KEY);
    events.noticeOfMessage.mockResolvedValue({
      caseId: 'c-1',
      noticeId: 'completion#2026-12-03T08:00:00.000Z',
    });
    events.recordNoticeEvent.mockResolvedValue('updated');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetAllMocks();
  });

  it('moves the notice of each receipt and answers as Tencent expects', async () => {
    // Prepare
    parsers.tencent.mockReturnValue([delivered]);

    // Act
    const result = await post('tencent', [{ sid: 'sid-1', report_status: 'SUCCESS' }]);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ result: 0, errmsg: 'OK' });
    expect(events.noticeOfMessage).toHaveBeenCalledWith('tencent', 'sid-1');
    expect(events.recordNoticeEvent).toHaveBeenCalledWith('c-1', 'completion#2026-12-03T08:00:00.000Z', {
      type: 'receipt',
      at: '2026-12-03T08:00:05.000Z',
      delivered: true,
      messageId: 'sid-1',
    });
  });

  it('answers as Alibaba expects and passes a failure reason on', async () => {
    // Prepare
    parsers.aliyun.mockReturnValue([
      { provider: 'aliyun', messageId: 'biz-9', delivered: false, at: delivered.at, reason: 'MK:0001' },
    ]);

    // Act
    const result = await post('aliyun', [{ biz_id: 'biz-9', success: false }]);

    // Assess
    expect(bodyOf(result)).toEqual({ code: 0, msg: '成功' });
    expect(events.recordNoticeEvent).toHaveBeenCalledWith(
      'c-1',
      expect.any(String),
      expect.objectContaining({ delivered: false, reason: 'MK:0001' }),
    );
  });

  it.each([
    ['a wrong key of the right shape', 'x'.repeat(45)],
    ['a key of another length', `${KEY}x`],
    ['a key with odd characters', `${KEY.slice(0, 40)}%2F..`],
    ['a short key', 'abc'],
  ])('refuses %s with 403 before reading the body', async (_name, key) => {
    // Act
    const result = await post('tencent', 'not even json', { key });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result).error.code).toBe('invalid_receipt_key');
    expect(parsers.tencent).not.toHaveBeenCalled();
    expect(events.recordNoticeEvent).not.toHaveBeenCalled();
  });

  it('refuses a body the provider never sends with 400 invalid_receipt and changes nothing', async () => {
    // Prepare
    parsers.tencent.mockImplementation(() => {
      throw new ReceiptFormatError('sid is missing');
    });

    // Act
    const result = await post('tencent', [{ nothing: 1 }]);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.code).toBe('invalid_receipt');
    expect(events.recordNoticeEvent).not.toHaveBeenCalled();
  });

  it.each([
    ['malformed JSON', '[{', 'application/json', 400, 'malformed_json'],
    ['another media type', '[]', 'text/plain', 415, 'unsupported_media_type'],
    ['an oversized batch', `[${'"x",'.repeat(70_000)}"x"]`, 'application/json', 413, 'payload_too_large'],
  ])('refuses %s', async (_name, body, contentType, status, code) => {
    // Act
    const result = await post('tencent', body, { contentType });

    // Assess
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.code).toBe(code);
    expect(parsers.tencent).not.toHaveBeenCalled();
  });

  it('takes a receipt of no known notice without error, so the provider stops pushing it', async () => {
    // Prepare
    parsers.tencent.mockReturnValue([delivered]);
    events.noticeOfMessage.mockResolvedValue(undefined);

    // Act
    const result = await post('tencent', [{}]);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(events.recordNoticeEvent).not.toHaveBeenCalled();
  });

  it('answers 503 when the store fails, so the provider pushes the batch again', async () => {
    // Prepare
    parsers.tencent.mockReturnValue([delivered]);
    events.recordNoticeEvent.mockRejectedValue(
      Object.assign(new Error('throttled'), { $metadata: { httpStatusCode: 400 } }),
    );

    // Act
    const result = await post('tencent', [{}]);

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result).error.code).toBe('service_unavailable');
  });
});
