import { describe, expect, it } from 'vitest';
import { maskIdentity as maskOnItsOwn } from '../../../../shared/domain/disclosure/masked-identity.js';
import { maskIdentity, protectIdentity } from '../../../../shared/domain/disclosure/protected-identity.js';
import { makeCreditCode, makeIdNumber } from './numbers.js';

const KEY = 'test-identity-key';

describe('Function: protectIdentity', () => {
  it('keeps the kind, a keyed hash and the last four, and never the number or a run of it', () => {
    // Prepare
    const n = makeIdNumber('320102', '19800101', '321');

    // Act
    const kept = protectIdentity('resident_id_card', n, KEY);
    const stored = JSON.stringify(kept);

    // Assess: not the number, nor its region, birth date or any 8 characters of it
    expect(Object.keys(kept).sort()).toEqual(['hash', 'kind', 'last4']);
    expect(kept.last4).toBe(n.slice(-4));
    expect(kept.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(n);
    for (let i = 0; i + 8 <= n.length; i++) expect(stored).not.toContain(n.slice(i, i + 8));
  });

  it('gives the same hash for the same number, so a repeat request is recognised', () => {
    // Prepare
    const n = makeCreditCode('91310000MA1FL0001');

    // Act & Assess
    expect(protectIdentity('credit_code', n, KEY)).toEqual(protectIdentity('credit_code', n, KEY));
  });

  it('gives another hash with another key, and for the same characters under another kind', () => {
    // Prepare
    const n = 'E12345678';

    // Act & Assess
    expect(protectIdentity('passport', n, KEY).hash).not.toBe(
      protectIdentity('passport', n, 'other-key').hash,
    );
    expect(protectIdentity('passport', n, KEY).hash).not.toBe(
      protectIdentity('hk_macao_permit', n, KEY).hash,
    );
  });
});

describe('Function: maskIdentity', () => {
  it('shows only the last four, behind as many stars as the usual length hides', () => {
    // Prepare
    const n = makeIdNumber('110105', '19491231', '002');

    // Act
    const masked = maskIdentity(protectIdentity('resident_id_card', n, KEY));

    // Assess
    expect(masked).toBe(`**************${n.slice(-4)}`);
    expect(masked).toHaveLength(18);
    expect(maskIdentity(protectIdentity('hk_macao_permit', 'H12345678', KEY))).toBe('*****5678');
  });
});

describe('Module: masked-identity (the mask without node:crypto, for the console)', () => {
  it('is the function protected-identity re-exports, and masks from the kind and last four alone', () => {
    // Assess
    expect(maskOnItsOwn).toBe(maskIdentity);
    expect(maskOnItsOwn({ kind: 'credit_code', last4: '3PR5' })).toBe('**************3PR5');
    expect(maskOnItsOwn({ kind: 'passport', last4: '1234' })).toBe('*****1234');
    expect(maskOnItsOwn({ kind: 'unknown', last4: '1234' })).toBe('****1234');
  });
});
