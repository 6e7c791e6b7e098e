import { describe, expect, it } from 'vitest';
import { type Arrival, receiptDateOf } from '../../../../shared/domain/disclosure/receipt-date.js';

describe('Function: receiptDateOf (条例第三十一条)', () => {
  it.each<[string, Arrival, string]>([
    [
      'in person: the day it is handed in',
      { way: 'in_person', handedInAt: '2026-12-01T09:00:00+08:00' },
      '2026-12-01',
    ],
    [
      'by post: the day the body signs for it, not the postmark',
      { way: 'post', signedForAt: '2026-12-03T10:00:00+08:00', postmarkedOn: '2026-11-28' },
      '2026-12-03',
    ],
    [
      'by ordinary letter: the day the office confirms it with the applicant',
      {
        way: 'ordinary_post',
        arrivedAt: '2026-12-03T10:00:00+08:00',
        confirmedAt: '2026-12-04T09:00:00+08:00',
      },
      '2026-12-04',
    ],
    [
      'online: the day the system confirms it, not the day it was typed',
      { way: 'online', submittedAt: '2026-12-01T23:58:00+08:00', confirmedAt: '2026-12-02T00:00:03+08:00' },
      '2026-12-02',
    ],
    [
      'by fax: the day both sides confirm it',
      { way: 'fax', faxedAt: '2026-12-04T18:00:00+08:00', confirmedAt: '2026-12-07T09:30:00+08:00' },
      '2026-12-07',
    ],
    [
      'by phone: the day the caller confirms the request read back',
      { way: 'phone', callId: 'call-1', confirmedAt: '2026-12-05T11:00:00+08:00' },
      '2026-12-05',
    ],
  ])('dates a request %s', (_, arrival, date) => {
    // Act & Assess
    expect(receiptDateOf(arrival)).toBe(date);
  });

  it('gives the Asia/Shanghai date of an instant written in UTC', () => {
    // Act & Assess: 16:30 UTC is 00:30 the next day in Shanghai
    expect(receiptDateOf({ way: 'in_person', handedInAt: '2026-12-01T16:30:00Z' })).toBe('2026-12-02');
    expect(receiptDateOf({ way: 'in_person', handedInAt: '2026-12-01T15:59:59Z' })).toBe('2026-12-01');
  });

  it('gives a weekend date as it is: only counting the period skips non-working days', () => {
    // Act & Assess: Saturday 2026-12-05
    expect(receiptDateOf({ way: 'online', confirmedAt: '2026-12-05T10:00:00+08:00' })).toBe('2026-12-05');
  });
});
