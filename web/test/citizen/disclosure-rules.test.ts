import { describe, expect, it } from 'vitest';
import { parseDisclosureRequest } from '../../../shared/domain/disclosure/request.js';
import { makeIdNumber } from '../../../test/unit/domain/disclosure/numbers.js';
import html from '../../citizen/index.html?raw';
import {
  DISCLOSURE_FIELDS,
  type DisclosureInput,
  disclosureBody,
  problemsByField,
  validateDisclosure,
} from '../../citizen/src/disclosure-rules.js';

const ID = makeIdNumber('110105', '19870615', '006');

function citizen(overrides: Partial<DisclosureInput> = {}): DisclosureInput {
  return {
    'dr-kind': 'citizen',
    'dr-name': ' 张三 ',
    'dr-doc-kind': 'resident_id_card',
    'dr-doc-number': ID,
    'dr-org-name': '',
    'dr-credit-code': '',
    'dr-org-kind': '',
    'dr-rep-role': '',
    'dr-rep-name': '',
    'dr-phone': '138 0013 8000',
    'dr-code': '',
    'dr-email': '',
    'dr-address': '江城市鼓楼区人民路 1 号',
    'dr-postcode': '',
    'dr-department': 'housing',
    'dr-description': '2025 年本市老旧小区改造项目的立项批复',
    'dr-title': '',
    'dr-document-no': '',
    'dr-purpose': '',
    'dr-medium': 'paper',
    'dr-delivery': 'post',
    ...overrides,
  };
}

describe('Module: disclosure-rules', () => {
  it('sends a body the server parses once the channel adds its arrival', () => {
    // Act
    const body = disclosureBody(citizen()) as { type: string; disclosureRequest: Record<string, unknown> };

    // Assess
    expect(validateDisclosure(citizen())).toEqual({});
    expect(body.type).toBe('disclosure');
    const parsed = parseDisclosureRequest({
      ...body.disclosureRequest,
      arrival: { way: 'online', confirmedAt: '2026-12-02T02:00:00Z' },
    });
    expect(parsed.ok).toBe(true);
  });

  it('refuses a wrong check character with the message the server gives', () => {
    // Prepare
    const wrong = `${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}`;

    // Act
    const errors = validateDisclosure(citizen({ 'dr-doc-number': wrong }));

    // Assess
    expect(errors['dr-doc-number']).toContain('校验码');
  });

  it('asks for the address a posted reply needs and the e-mail an e-mailed one needs', () => {
    // Act & Assess
    expect(validateDisclosure(citizen({ 'dr-address': '' }))['dr-address']).toBe(
      '选择邮寄的，请填写通信地址',
    );
    expect(validateDisclosure(citizen({ 'dr-medium': 'email', 'dr-delivery': 'email' }))['dr-email']).toBe(
      '选择电子邮件的，请填写电子邮箱',
    );
  });

  it('asks for the SMS code where the deployment requires one, and sends it with its id', () => {
    // Prepare
    const required = { on: true, required: true, verificationId: null };

    // Act & Assess
    expect(validateDisclosure(citizen(), required)['dr-code']).toBe('请先获取短信验证码');
    expect(
      validateDisclosure(citizen({ 'dr-code': '12' }), { ...required, verificationId: 'v'.repeat(22) })[
        'dr-code'
      ],
    ).toBe('请输入 6 位短信验证码');
    expect(
      disclosureBody(citizen({ 'dr-code': '123456' }), { verificationId: 'v'.repeat(22) }),
    ).toMatchObject({ verificationId: 'v'.repeat(22), code: '123456' });
    expect(validateDisclosure(citizen())).toEqual({});
  });

  it("places the server's problems beside their fields", () => {
    // Act
    const errors = problemsByField(
      [
        { path: 'applicant.name', message: '请填写单位名称' },
        { path: 'applicant.creditCode', message: '统一社会信用代码校验码不符' },
        { path: 'departmentId', message: '未知的行政机关' },
      ],
      'organisation',
    );

    // Assess
    expect(errors).toEqual({
      'dr-org-name': '请填写单位名称',
      'dr-credit-code': '统一社会信用代码校验码不符',
      'dr-department': '未知的行政机关',
    });
  });

  it('has a labelled field and an error line for every field in the page', () => {
    // Assess
    expect(html).toContain('<form id="disclosure-form"');
    for (const id of DISCLOSURE_FIELDS) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`id="err-${id}"`);
      if (id !== 'dr-kind') expect(html).toContain(`<label for="${id}">`);
    }
  });
});
