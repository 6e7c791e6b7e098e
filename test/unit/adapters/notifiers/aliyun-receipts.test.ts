import { describe, expect, it } from 'vitest';
import {
  ALIYUN_RECEIPT_ACK,
  parseAliyunReceipts,
} from '../../../../shared/adapters/notifiers/aliyun-receipts.js';
import { ReceiptFormatError } from '../../../../shared/adapters/notifiers/receipt-error.js';

const delivered = {
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

describe('Function: parseAliyunReceipts', () => {
  it('reads a delivered report with Beijing time as UTC', () => {
    // Act
    const receipts = parseAliyunReceipts([delivered]);

    // Assess
    expect(receipts).toEqual([
      {
        provider: 'aliyun',
        messageId: '900619746936498440^0',
        delivered: true,
        at: '2026-12-03T02:00:05.000Z',
      },
    ]);
  });

  it('reads a failed report with its error code as the reason', () => {
    // Prepare
    const failed = { ...delivered, success: false, err_code: 'MN:0001', err_msg: '空号', biz_id: '2' };

    // Act
    const [receipt] = parseAliyunReceipts([failed]);

    // Assess
    expect(receipt).toEqual({
      provider: 'aliyun',
      messageId: '2',
      delivered: false,
      at: '2026-12-03T02:00:05.000Z',
      reason: 'MN:0001',
    });
  });

  it('reads a batch, a number for sms_size, the words true and false and unknown fields', () => {
    // Prepare
    const batch = [
      { ...delivered, success: 'true', sms_size: 2, extra: 'x' },
      {
        ...delivered,
        biz_id: '3',
        success: 'false',
        err_code: 'UNDELIV',
        report_time: '2026-01-01 07:59:59',
      },
    ];

    // Act
    const receipts = parseAliyunReceipts(batch);

    // Assess
    expect(receipts.map((r) => [r.delivered, r.at, r.reason])).toEqual([
      [true, '2026-12-03T02:00:05.000Z', undefined],
      [false, '2025-12-31T23:59:59.000Z', 'UNDELIV'],
    ]);
  });

  it('takes an empty push as no receipts', () => {
    // Act & Assess
    expect(parseAliyunReceipts([])).toEqual([]);
  });

  it.each([
    ['not an array', { ...delivered }],
    ['a string', JSON.stringify([delivered])],
    ['null', null],
    ['no biz_id', [{ ...delivered, biz_id: undefined }]],
    ['an empty biz_id', [{ ...delivered, biz_id: '' }]],
    ['a biz_id with odd characters', [{ ...delivered, biz_id: '1<script>' }]],
    ['success as a number', [{ ...delivered, success: 1 }]],
    ['no report_time', [{ ...delivered, report_time: undefined }]],
    ['an ISO report_time', [{ ...delivered, report_time: '2026-12-03T10:00:05Z' }]],
    ['a report_time that is no date', [{ ...delivered, report_time: '2026-02-30 10:00:00' }]],
    ['an hour past 23', [{ ...delivered, report_time: '2026-12-03 24:00:00' }]],
    ['too many reports', Array.from({ length: 1001 }, () => delivered)],
  ])('refuses %s with ReceiptFormatError', (_name, body) => {
    // Act & Assess
    expect(() => parseAliyunReceipts(body)).toThrow(ReceiptFormatError);
  });

  it('exports the answer the push documents', () => {
    // Assess
    expect(JSON.stringify(ALIYUN_RECEIPT_ACK)).toBe('{"code":0,"msg":"成功"}');
  });
});
