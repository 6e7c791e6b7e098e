import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/record-notice-receipt/handler.js';
import { fieldValue, jsonBody, mutate, pathSegment } from './arbitraries.js';
import { FUZZ_ENV } from './env.js';
import { type FuzzCase, fuzzEntryPoint, fuzzMocks } from './harness.js';

// POST /v1/notices/receipts/{tencent|aliyun}/{key}: the SMS providers' delivery receipts, with the
// deployment's key in the address so hostile batches reach the parsers, or a tampered key (refused).

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const KEY = FUZZ_ENV.NOTICE_RECEIPT_KEY;
/** Each provider's route, before its `{key}`. */
const ROUTES = { tencent: '/v1/notices/receipts/tencent/', aliyun: '/v1/notices/receipts/aliyun/' };

const TENCENT: Record<string, unknown> = {
  user_receive_time: '2026-11-23 10:03:04',
  nationcode: '86',
  mobile: '13800138000',
  report_status: 'SUCCESS',
  errmsg: 'DELIVRD',
  description: '用户短信送达成功',
  sid: '2433:12345678901234567890',
};
const ALIYUN: Record<string, unknown> = {
  phone_number: '13800138000',
  send_time: '2026-12-03 10:00:00',
  report_time: '2026-12-03 10:00:05',
  success: true,
  err_code: 'DELIVERED',
  err_msg: '用户接收成功',
  sms_size: '1',
  biz_id: '900619746936498440^0',
  out_id: 'completion#2026-12-03T01:59:00.000Z',
};

/** A batch of receipts, each the sample with up to two fields made hostile. */
function batches(sample: Record<string, unknown>): fc.Arbitrary<string | Uint8Array> {
  const receipt = fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(sample)), fieldValue), { maxLength: 2 })
    .map((changes) => changes.reduce((r, [k, v]) => mutate(r, [k], v), sample));
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(receipt, { maxLength: 5 }).map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: jsonBody(Object.fromEntries(Object.keys(sample).map((k) => [k, fieldValue]))) },
  );
}

function cases(provider: 'tencent' | 'aliyun', sample: Record<string, unknown>): fc.Arbitrary<FuzzCase> {
  const tamperedKey = fc.oneof(
    pathSegment,
    fc.constantFrom(
      KEY.slice(0, -1),
      `${KEY}x`,
      KEY.toUpperCase(),
      `${KEY.slice(0, -1)}${KEY.endsWith('f') ? 'e' : 'f'}`,
    ),
  );
  return fc
    .record({
      key: fc.oneof({ weight: 3, arbitrary: fc.constant(KEY) }, { weight: 1, arbitrary: tamperedKey }),
      body: batches(sample),
      type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
    })
    .map(({ key, body, type }) => ({
      request: {
        method: 'POST',
        target: `${ROUTES[provider]}${key}`,
        headers: { 'content-type': type },
        body,
      },
      refused: key !== KEY,
    }));
}

describe('Fuzz: record-notice-receipt', () => {
  it.each([
    ['tencent' as const, TENCENT, 31],
    ['aliyun' as const, ALIYUN, 32],
  ])(
    'answers every hostile %s receipt batch with 2xx or 4xx, refusing every tampered key',
    async (provider, sample, salt) => {
      // Act
      const statuses = await fuzzEntryPoint({
        functionName: 'record-notice-receipt',
        handler,
        mocks,
        cases: cases(provider, sample),
        salt,
      });

      // Assess: batches parsed and acknowledged, malformed ones refused, wrong keys refused
      expect(statuses.get(200)).toBeGreaterThan(0);
      expect(statuses.get(400)).toBeGreaterThan(0);
      expect(statuses.get(403)).toBeGreaterThan(0);
    },
  );
});
