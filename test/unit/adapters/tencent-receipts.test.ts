import { describe, expect, it } from 'vitest';
import { ReceiptFormatError } from '../../../shared/adapters/notifiers/receipt-error.js';
import {
  parseTencentReceipts,
  TENCENT_RECEIPT_ACK,
} from '../../../shared/adapters/notifiers/tencent-receipts.js';

// Tencent's 短信下发状态回调 body, as its documentation shows it.

const delivered = {
  user_receive_time: '2026-11-23 10:03:04',
  nationcode: '86',
  mobile: '13800138000',
  report_status: 'SUCCESS',
  errmsg: 'DELIVRD',
  description: '用户短信送达成功',
  sid: '2433:12345678901234567890',
};

describe('Function: parseTencentReceipts', () => {
  it('reads a delivered receipt, its Beijing time as UTC, and drops the number', () => {
    // Act
    const receipts = parseTencentReceipts([delivered]);

    // Assess
    expect(receipts).toEqual([
      {
        provider: 'tencent',
        messageId: '2433:12345678901234567890',
        delivered: true,
        at: '2026-11-23T02:03:04.000Z',
      },
    ]);
    expect(JSON.stringify(receipts)).not.toContain('13800138000');
  });

  it('reads a failed receipt with its code as the reason, several in one body', () => {
    // Prepare
    const failed = { ...delivered, sid: '2433:2', report_status: 'FAIL', errmsg: '002', description: '关机' };

    // Act
    const receipts = parseTencentReceipts([delivered, failed]);

    // Assess
    expect(receipts[1]).toEqual({
      provider: 'tencent',
      messageId: '2433:2',
      delivered: false,
      at: '2026-11-23T02:03:04.000Z',
      reason: '002',
    });
  });

  it('crosses midnight back to the previous UTC day', () => {
    // Act
    const [receipt] = parseTencentReceipts([{ ...delivered, user_receive_time: '2026-01-01 07:59:59' }]);

    // Assess
    expect(receipt?.at).toBe('2025-12-31T23:59:59.000Z');
  });

  it('takes an empty array and fields Tencent may add', () => {
    // Assess
    expect(parseTencentReceipts([])).toEqual([]);
    expect(parseTencentReceipts([{ ...delivered, ext: 'x' }])).toHaveLength(1);
  });

  it.each([
    ['an object, not an array', delivered],
    ['a string', '[]'],
    ['null', null],
    ['a missing sid', [{ ...delivered, sid: undefined }]],
    ['an empty sid', [{ ...delivered, sid: '' }]],
    ['a lower-case status', [{ ...delivered, report_status: 'success' }]],
    ['an ISO time', [{ ...delivered, user_receive_time: '2026-11-23T10:03:04Z' }]],
    ['a day that does not exist', [{ ...delivered, user_receive_time: '2026-02-30 10:00:00' }]],
    ['an hour that does not exist', [{ ...delivered, user_receive_time: '2026-02-03 24:00:00' }]],
    ['a numeric sid', [{ ...delivered, sid: 42 }]],
  ])('throws ReceiptFormatError for %s', (_what, body) => {
    // Act
    const parse = () => parseTencentReceipts(body);

    // Assess
    expect(parse).toThrow(ReceiptFormatError);
  });

  it('keeps the number out of the error message', () => {
    // Act
    const error = (() => {
      try {
        parseTencentReceipts([{ ...delivered, report_status: 'MAYBE' }]);
      } catch (e) {
        return e as Error;
      }
    })();

    // Assess
    expect(error?.name).toBe('ReceiptFormatError');
    expect(error?.message).not.toContain('13800138000');
  });

  it('answers Tencent as its documentation says', () => {
    // Assess
    expect(TENCENT_RECEIPT_ACK).toEqual({ result: 0, errmsg: 'OK' });
  });
});
