import { describe, expect, it } from 'vitest';
import { guessMode, lookupQuery } from '../../console/src/views/agent/lookup-query';

describe('Function: lookupQuery', () => {
  it('normalises a tracking number typed with spaces and in lower case', () => {
    // Act
    const result = lookupQuery(' 261203 7kq2 m9xa ', 'trackingNo');

    // Assess
    expect(result).toEqual({ query: { trackingNo: '261203-7KQ2-M9XA' } });
  });

  it('puts back the dashes of a tracking number typed without them', () => {
    // Act
    const result = lookupQuery('2612037kq2m9xa', 'trackingNo');

    // Assess
    expect(result).toEqual({ query: { trackingNo: '261203-7KQ2-M9XA' } });
  });

  it('reads a phone number with its prefix and separators', () => {
    // Act
    const result = lookupQuery('+86 139-8765-4321', 'phone');

    // Assess
    expect(result).toEqual({ query: { phone: '13987654321' } });
  });

  it('says in Chinese what is wrong with text that is neither', () => {
    // Act
    const tracking = lookupQuery('12345', 'trackingNo');
    const phone = lookupQuery('abc', 'phone');

    // Assess
    expect(tracking).toEqual({ error: expect.stringContaining('受理编号') });
    expect(phone).toEqual({ error: expect.stringContaining('电话号码') });
  });
});

describe('Function: guessMode', () => {
  it('takes letters or dashes for a tracking number and a mobile or landline for a phone', () => {
    // Act
    const guesses = ['261203-7KQ2', '13987654321', '059187654321', '2612'].map(guessMode);

    // Assess
    expect(guesses).toEqual(['trackingNo', 'phone', 'phone', undefined]);
  });
});
