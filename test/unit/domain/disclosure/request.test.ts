import { describe, expect, it } from 'vitest';
import {
  type DisclosureRequest,
  parseDisclosureRequest,
  toKeptRequest,
} from '../../../../shared/domain/disclosure/request.js';
import { citizenRequest, organisationRequest } from './fixtures.js';
import { makeCreditCode, makeIdNumber, wrongCheck } from './numbers.js';

const KEY = 'test-identity-key';

function parsed(input: unknown): DisclosureRequest {
  const result = parseDisclosureRequest(input);
  if (!result.ok) throw new Error(JSON.stringify(result.refusal));
  return result.request;
}

function problems(input: unknown) {
  const result = parseDisclosureRequest(input);
  return result.ok ? [] : result.refusal.problems;
}

function withApplicant(base: Record<string, unknown>, patch: Record<string, unknown>) {
  return { ...base, applicant: { ...(base.applicant as object), ...patch } };
}

describe('Function: parseDisclosureRequest', () => {
  it("accepts a citizen's request and normalises the identity number and the phone", () => {
    // Act
    const request = parsed(citizenRequest());

    // Assess
    expect(request.applicant).toMatchObject({
      kind: 'citizen',
      document: { kind: 'resident_id_card', number: '11010519870615006X' },
      contact: { phone: '13800138000' },
    });
  });

  it("accepts an organisation's request with its column of the annual report", () => {
    // Act
    const request = parsed(organisationRequest());

    // Assess
    expect(request.applicant).toMatchObject({
      kind: 'organisation',
      organisationKind: 'legal_service_institution',
      creditCode: makeCreditCode('31110000E12345678'),
    });
    expect(request.purpose).toBe('代理诉讼');
  });

  it('accepts a request without a purpose: the 2019 条例 asks for none', () => {
    // Prepare
    const { purpose: _, ...withoutPurpose } = organisationRequest();

    // Act & Assess
    expect(parseDisclosureRequest(withoutPurpose).ok).toBe(true);
  });

  it('refuses a wrong identity number with its own code and the field it is in', () => {
    // Prepare
    const bad = wrongCheck(makeIdNumber('110105', '19870615', '001'), '0123456789X');

    // Act
    const found = problems(
      withApplicant(citizenRequest(), { document: { kind: 'resident_id_card', number: bad } }),
    );

    // Assess
    expect(found).toEqual([
      {
        path: 'applicant.document.number',
        code: 'invalid_id_number',
        message: expect.stringContaining('校验码不符'),
      },
    ]);
  });

  it('refuses a passport number of the wrong shape with invalid_document_number', () => {
    // Act
    const found = problems(withApplicant(citizenRequest(), { document: { kind: 'passport', number: 'E1' } }));

    // Assess
    expect(found).toEqual([
      {
        path: 'applicant.document.number',
        code: 'invalid_document_number',
        message: expect.stringContaining('护照'),
      },
    ]);
  });

  it('refuses a birth date after the day the request was received', () => {
    // Prepare: born the day after the online confirmation's Shanghai date (2026-12-02)
    const number = makeIdNumber('110105', '20261203', '001');

    // Act
    const found = problems(
      withApplicant(citizenRequest(), { document: { kind: 'resident_id_card', number } }),
    );

    // Assess
    expect(found).toEqual([
      {
        path: 'applicant.document.number',
        code: 'invalid_id_number',
        message: '身份证号码中的出生日期 2026-12-03 晚于收到申请之日 2026-12-02',
      },
    ]);
  });

  it('refuses a wrong credit code with invalid_credit_code', () => {
    // Act
    const found = problems(withApplicant(organisationRequest(), { creditCode: '91110108MA01KEY3P' }));

    // Assess
    expect(found).toEqual([
      {
        path: 'applicant.creditCode',
        code: 'invalid_credit_code',
        message: expect.stringContaining('应为 18 位'),
      },
    ]);
  });

  it("refuses natural_person as an organisation's kind: a citizen applies as a citizen", () => {
    // Act
    const found = problems(withApplicant(organisationRequest(), { organisationKind: 'natural_person' }));

    // Assess
    expect(found.map((p) => [p.path, p.code])).toEqual([['applicant.organisationKind', 'invalid_field']]);
    expect(found[0]?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a request without a description of the information, or with one over 2000 characters', () => {
    // Act
    const missing = problems(citizenRequest({ information: { description: '   ' } }));
    const long = problems(citizenRequest({ information: { description: '文'.repeat(2001) } }));

    // Assess
    expect(missing).toEqual([
      { path: 'information.description', code: 'invalid_field', message: '请填写所需政府信息的描述' },
    ]);
    expect(long[0]?.message).toBe('所需政府信息的描述最多 2000 个字');
    expect(
      parseDisclosureRequest(citizenRequest({ information: { description: '文'.repeat(2000) } })).ok,
    ).toBe(true);
  });

  it('refuses an applicant with no way to be reached', () => {
    // Act
    const found = problems(withApplicant(citizenRequest(), { contact: {} }));

    // Assess
    expect(found).toEqual([
      {
        path: 'applicant.contact',
        code: 'invalid_field',
        message: expect.stringContaining('至少填写一种联系方式'),
      },
    ]);
  });

  it('refuses a delivery that does not fit the form, and one the contact cannot serve', () => {
    // Act
    const mismatch = problems(citizenRequest({ form: { medium: 'online', delivery: 'post' } }));
    const noAddress = problems(citizenRequest({ form: { medium: 'paper', delivery: 'post' } }));
    const noEmail = problems(withApplicant(citizenRequest(), { contact: { phone: '13800138000' } }));

    // Assess
    expect(mismatch.map((p) => p.path)).toEqual(['form.delivery']);
    expect(noAddress).toEqual([
      { path: 'applicant.contact.address', code: 'invalid_field', message: '选择邮寄的，请填写通信地址' },
    ]);
    expect(noEmail).toEqual([
      { path: 'applicant.contact.email', code: 'invalid_field', message: '选择电子邮件的，请填写电子邮箱' },
    ]);
  });

  it('refuses an unknown field and a missing one, each in Chinese', () => {
    // Act
    const found = problems(citizenRequest({ departmentId: undefined, idNumber: '110105' }));

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        { path: '', code: 'invalid_field', message: '未知字段：idNumber' },
        { path: 'departmentId', code: 'invalid_field', message: '字段 departmentId 缺失或格式有误' },
      ]),
    );
  });

  it('refuses an arrival without the fact its receipt date needs', () => {
    // Act
    const found = problems(citizenRequest({ arrival: { way: 'post', postmarkedOn: '2026-11-28' } }));

    // Assess
    expect(found.map((p) => p.path)).toEqual(['arrival.signedForAt']);
  });
});

describe('Function: toKeptRequest', () => {
  it('keeps the identity number only as a keyed hash and the last four, with the receipt date', () => {
    // Prepare
    const request = parsed(citizenRequest());

    // Act
    const kept = toKeptRequest(request, KEY);
    const stored = JSON.stringify(kept);

    // Assess
    expect(kept.applicant).toMatchObject({
      kind: 'citizen',
      name: '张三',
      document: { kind: 'resident_id_card', last4: '006X', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(stored).not.toContain('11010519870615006X');
    expect(stored.toUpperCase()).not.toContain('110105198706');
    expect(kept.receivedOn).toBe('2026-12-02');
  });

  it("keeps an organisation's credit code protected the same way", () => {
    // Prepare
    const request = parsed(organisationRequest());
    const code = makeCreditCode('31110000E12345678');

    // Act
    const kept = toKeptRequest(request, KEY);

    // Assess
    expect(kept.applicant).toMatchObject({ creditCode: { kind: 'credit_code', last4: code.slice(-4) } });
    expect(JSON.stringify(kept)).not.toContain(code);
    expect(kept.receivedOn).toBe('2026-12-02');
  });
});
