import { describe, expect, it } from 'vitest';
import {
  deriveCaseId,
  deriveTrackingNo,
  hashPhone,
  maskPhone,
  normaliseTrackingNo,
  TRACKING_ALPHABET,
} from '../../../shared/domain/identity.js';

describe('Function: deriveCaseId', () => {
  it('returns the same id for the same channel and source id', () => {
    // Act & Assess
    expect(deriveCaseId('webform', 'key-123456')).toBe(deriveCaseId('webform', 'key-123456'));
  });

  it('returns different ids for different channels with the same source id', () => {
    // Act
    const web = deriveCaseId('webform', '42');
    const wechat = deriveCaseId('wechat', '42');

    // Assess
    expect(web).not.toBe(wechat);
    expect(web.startsWith('wf')).toBe(true);
    expect(wechat.startsWith('wx')).toBe(true);
  });
});

describe('Function: deriveTrackingNo', () => {
  it('is date-prefixed by the Shanghai receipt date and uses only unambiguous symbols', () => {
    // Prepare: 2026-11-21 20:00 UTC is 2026-11-22 in Shanghai
    const caseId = deriveCaseId('webform', 'abc-12345');

    // Act
    const trackingNo = deriveTrackingNo(caseId, new Date('2026-11-21T20:00:00Z'));

    // Assess
    expect(trackingNo).toMatch(/^261122-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    for (const ch of trackingNo.slice(7).replace('-', '')) expect(TRACKING_ALPHABET).toContain(ch);
    expect(trackingNo.slice(7)).not.toMatch(/[01IOLU]/);
  });

  it('is stable for a case and differs between cases', () => {
    // Prepare
    const at = new Date('2026-11-22T02:00:00Z');
    const numbers = new Set<string>();

    // Act
    for (let i = 0; i < 20_000; i++) numbers.add(deriveTrackingNo(deriveCaseId('webform', `k-${i}`), at));

    // Assess: no collision among a busy day's worth of cases
    expect(numbers.size).toBe(20_000);
    expect(deriveTrackingNo(deriveCaseId('webform', 'k-1'), at)).toBe(
      deriveTrackingNo(deriveCaseId('webform', 'k-1'), at),
    );
  });
});

describe('Function: normaliseTrackingNo', () => {
  it('accepts what a citizen types: lower case, spaces, no dashes', () => {
    // Act & Assess
    expect(normaliseTrackingNo('261122 k7m3 9xq2')).toBe('261122-K7M3-9XQ2');
    expect(normaliseTrackingNo('261122K7M39XQ2')).toBe('261122-K7M3-9XQ2');
  });

  it('refuses symbols outside the alphabet and wrong lengths', () => {
    // Act & Assess
    expect(normaliseTrackingNo('261122-K7M3-9XQO')).toBeUndefined();
    expect(normaliseTrackingNo('261122-K7M3')).toBeUndefined();
    expect(normaliseTrackingNo('../../etc/passwd')).toBeUndefined();
  });
});

describe('Function: maskPhone and hashPhone', () => {
  it('keeps only the first three and last four digits', () => {
    // Act & Assess
    expect(maskPhone('13912345678')).toBe('139****5678');
  });

  it('hashes with the key, so another key gives another hash', () => {
    // Act & Assess
    expect(hashPhone('13912345678', 'a')).not.toBe(hashPhone('13912345678', 'b'));
    expect(hashPhone('13912345678', 'a')).toMatch(/^[0-9a-f]{64}$/);
  });
});
