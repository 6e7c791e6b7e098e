import { describe, expect, it } from 'vitest';
import {
  birthDateOf,
  checkCreditCode,
  checkDocumentNumber,
  checkIdNumber,
} from '../../../../shared/domain/disclosure/identity-numbers.js';
import { makeCreditCode, makeIdNumber, wrongCheck } from './numbers.js';

const refusalOf = (check: ReturnType<typeof checkIdNumber>) => (check.ok ? undefined : check.refusal);

describe('Function: checkIdNumber', () => {
  it('accepts numbers whose check character the algorithm gives, X included', () => {
    // Prepare: sequences chosen until one ends in X, so both kinds of check character are covered
    const numbers = Array.from({ length: 40 }, (_, i) =>
      makeIdNumber('110105', '19870615', String(i).padStart(3, '0')),
    );
    const withX = numbers.find((n) => n.endsWith('X'));

    // Act & Assess
    expect(withX).toBeDefined();
    for (const n of numbers)
      expect(checkIdNumber(n, { notAfter: '2026-12-01' })).toEqual({ ok: true, value: n });
  });

  it("accepts the standard's own example, 11010519491231002X", () => {
    // Act & Assess
    expect(checkIdNumber('11010519491231002X').ok).toBe(true);
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
  });

  it('normalises a lower-case x, spaces and full-width digits', () => {
    // Act & Assess
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber(' 110105 19491231 002X ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it.each([
    ['too short', '1101051949123100', /应为 18 位，现为 16 位/],
    ['too long', '11010519491231002X1', /应为 18 位，现为 19 位/],
    ['a 15-digit first-generation number', '110105491231002', /应为 18 位，现为 15 位/],
    ['a letter before the end', '1101051949A231002X', /前 17 位须为数字/],
    ['a letter other than X at the end', '11010519491231002A', /最后一位为数字或 X/],
  ])('refuses %s, saying what is wrong with the length or the characters', (_, input, message) => {
    // Act
    const refusal = refusalOf(checkIdNumber(input));

    // Assess
    expect(refusal?.code).toBe('invalid_id_number');
    expect(refusal?.message).toMatch(message);
  });

  it('refuses a region whose province does not exist', () => {
    // Act
    const refusal = refusalOf(checkIdNumber(makeIdNumber('990105', '19870615', '123')));

    // Assess
    expect(refusal).toEqual({
      code: 'invalid_id_number',
      message: expect.stringMatching(/（省级行政区划代码）“99”不存在/),
    });
  });

  it.each([
    ['30 February', '19870230'],
    ['month 13', '19871315'],
    ['before 1900', '18991231'],
  ])('refuses a birth date that is not a real date (%s)', (_, birth) => {
    // Act
    const refusal = refusalOf(checkIdNumber(makeIdNumber('110105', birth, '123')));

    // Assess
    expect(refusal?.code).toBe('invalid_id_number');
    expect(refusal?.message).toContain(`出生日期“${birth}”不是有效日期`);
  });

  it('refuses a birth date after the date given, and accepts one on it', () => {
    // Prepare
    const born = makeIdNumber('310101', '20261202', '001');

    // Act & Assess
    expect(refusalOf(checkIdNumber(born, { notAfter: '2026-12-01' }))?.message).toContain('晚于 2026-12-01');
    expect(checkIdNumber(born, { notAfter: '2026-12-02' }).ok).toBe(true);
  });

  it('refuses a wrong check character', () => {
    // Act
    const refusal = refusalOf(
      checkIdNumber(wrongCheck(makeIdNumber('440305', '19950101', '456'), '0123456789X')),
    );

    // Assess
    expect(refusal).toEqual({ code: 'invalid_id_number', message: expect.stringContaining('校验码不符') });
  });

  it('refuses a single mistyped digit, which the check character exists to catch', () => {
    // Prepare: change the 10th digit (the birth year's last) by one
    const n = makeIdNumber('440305', '19950101', '456');
    const typo = `${n.slice(0, 9)}${(Number(n.charAt(9)) + 1) % 10}${n.slice(10)}`;

    // Act & Assess
    expect(refusalOf(checkIdNumber(typo))?.message).toContain('校验码不符');
  });
});

describe('Function: checkIdNumber and checkCreditCode, against every single mistyped character', () => {
  it('refuses every number with one character replaced by another of its alphabet', () => {
    // Prepare
    const id = makeIdNumber('510104', '20010909', '818');
    const credit = makeCreditCode('91510100MA6CKEY39');
    const mistypes = (n: string, alphabet: string) =>
      [...n].flatMap((c, i) =>
        [...alphabet].filter((o) => o !== c).map((o) => n.slice(0, i) + o + n.slice(i + 1)),
      );

    // Act
    const idAccepted = mistypes(id, '0123456789X').filter((n) => checkIdNumber(n).ok);
    const creditAccepted = mistypes(credit, '0123456789ABCDEFGHJKLMNPQRTUWXY').filter(
      (n) => checkCreditCode(n).ok,
    );

    // Assess: MOD 11-2 and MOD 31 catch any single substitution
    expect(checkIdNumber(id).ok && checkCreditCode(credit).ok).toBe(true);
    expect(idAccepted).toEqual([]);
    expect(creditAccepted).toEqual([]);
  });
});

describe('Function: checkCreditCode', () => {
  const codes = [
    makeCreditCode('91110108MA01KEY3P'), // 市场监管 · 企业
    makeCreditCode('92440300L12345678'), // 市场监管 · 个体工商户
    makeCreditCode('12100000400012345'), // 机构编制 · 事业单位
    makeCreditCode('53310000501234567'), // 民政 · 基金会
    makeCreditCode('31110000E12345678'), // 司法行政 · 律师执业机构
  ];

  it('accepts codes whose check character the algorithm gives', () => {
    // Act & Assess
    for (const c of codes) expect(checkCreditCode(c)).toEqual({ ok: true, value: c });
  });

  it('normalises lower case and spaces', () => {
    // Prepare
    const [c] = codes as [string];

    // Act & Assess
    expect(checkCreditCode(` ${c.toLowerCase().slice(0, 9)} ${c.toLowerCase().slice(9)}`)).toEqual({
      ok: true,
      value: c,
    });
  });

  it.each([
    ['too short', '91110108MA01KEY3', /应为 18 位，现为 16 位/],
    ['too long', '91110108MA01KEY3PQ1', /应为 18 位，现为 19 位/],
    ['the letter I', '91110108MA01IEY3PQ', /不允许的字符“I”/],
    ['the letter O', '91110108MA01OEY3PQ', /不允许的字符“O”/],
    ['the letter Z', '91110108MA01ZEY3PQ', /不允许的字符“Z”/],
    ['the letter S', '91110108MA01SEY3PQ', /不允许的字符“S”/],
    ['the letter V', '91110108MA01VEY3PQ', /不允许的字符“V”/],
    ['punctuation', '91110108MA01.EY3PQ', /不允许的字符“.”/],
  ])('refuses %s, saying what is wrong', (_, input, message) => {
    // Act
    const check = checkCreditCode(input);

    // Assess
    expect(check).toEqual({
      ok: false,
      refusal: { code: 'invalid_credit_code', message: expect.stringMatching(message) },
    });
  });

  it('refuses an unknown registration authority and a type the authority does not give', () => {
    // Act
    const authority = checkCreditCode(makeCreditCode('B1110108MA01KEY3P'));
    const type = checkCreditCode(makeCreditCode('94110108MA01KEY3P'));

    // Assess
    expect(authority.ok ? '' : authority.refusal.message).toContain('登记管理部门代码“B”不存在');
    expect(type.ok ? '' : type.refusal.message).toContain('机构类别代码“4”不属于登记管理部门“9”');
  });

  it('refuses a region that is not six digits', () => {
    // Act
    const check = checkCreditCode(makeCreditCode('9111A108MA01KEY3P'));

    // Assess
    expect(check.ok ? '' : check.refusal.message).toContain('第 3–8 位');
  });

  it('refuses a wrong check character', () => {
    // Act
    const check = checkCreditCode(wrongCheck(codes[0] as string, '0123456789ABCDEFGHJKLMNPQRTUWXY'));

    // Assess
    expect(check).toEqual({
      ok: false,
      refusal: { code: 'invalid_credit_code', message: expect.stringContaining('校验码不符') },
    });
  });
});

describe('Function: checkDocumentNumber', () => {
  it.each([
    ['hk_macao_permit', 'h12345678', 'H12345678'],
    ['hk_macao_permit', 'M1234567890', 'M1234567890'],
    ['taiwan_permit', '12345678', '12345678'],
    ['taiwan_permit', '1234567890', '1234567890'],
    ['passport', 'e12345678', 'E12345678'],
    ['passport', 'X1234567', 'X1234567'],
    ['foreign_permanent_residence', 'usa110012345678', 'USA110012345678'],
    ['foreign_permanent_residence', '911840199001010011', '911840199001010011'],
  ] as const)('accepts a %s number of the printed format (%s)', (kind, input, value) => {
    // Act & Assess
    expect(checkDocumentNumber(kind, input)).toEqual({ ok: true, value });
  });

  it.each([
    ['hk_macao_permit', 'K12345678', '港澳居民来往内地通行证'],
    ['hk_macao_permit', 'H1234567', '港澳居民来往内地通行证'],
    ['taiwan_permit', '1234567', '台湾居民来往大陆通行证'],
    ['taiwan_permit', 'T12345678', '台湾居民来往大陆通行证'],
    ['passport', 'E12', '护照'],
    ['passport', 'E1234567/8', '护照'],
    ['foreign_permanent_residence', 'US1100123456789', '外国人永久居留身份证'],
    ['foreign_permanent_residence', '811840199001010011', '外国人永久居留身份证'],
  ] as const)('refuses a %s number of another shape (%s), naming the document', (kind, input, name) => {
    // Act
    const check = checkDocumentNumber(kind, input);

    // Assess
    expect(check).toEqual({
      ok: false,
      refusal: { code: 'invalid_document_number', message: expect.stringContaining(`${name}号码格式有误`) },
    });
  });

  it('checks an identity card to GB 11643, not for its format only', () => {
    // Act
    const check = checkDocumentNumber(
      'resident_id_card',
      wrongCheck(makeIdNumber('110105', '19870615', '001'), '0123456789X'),
    );

    // Assess
    expect(check.ok ? '' : check.refusal.code).toBe('invalid_id_number');
  });
});
