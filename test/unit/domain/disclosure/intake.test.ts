import { describe, expect, it } from 'vitest';
import { AppealSchema } from '../../../../shared/domain/appeal.js';
import { buildDirectory } from '../../../../shared/domain/directory.js';
import {
  CITY_LEVEL_DISTRICT,
  DISCLOSURE_CATEGORY,
  disclosureAppeal,
  disclosureSummary,
  intakeRefusal,
  redactIdentityNumbers,
} from '../../../../shared/domain/disclosure/intake.js';
import {
  type DisclosureRequest,
  parseDisclosureRequest,
} from '../../../../shared/domain/disclosure/request.js';
import { hashPhone } from '../../../../shared/domain/identity.js';
import { citizenRequest, organisationRequest } from './fixtures.js';
import { makeIdNumber } from './numbers.js';

const directory = buildDirectory({
  departments: [
    { id: 'housing', name: '市住房和城乡建设局' },
    { id: 'land', name: '鼓楼区自然资源局', district: 'gulou' },
  ],
  categories: [],
  districts: [{ code: 'gulou', name: '鼓楼区' }],
  rules: [],
});
const ID = makeIdNumber('110105', '19870615', '006');

function parsed(input: Record<string, unknown>): DisclosureRequest {
  const result = parseDisclosureRequest(input);
  if (!result.ok) throw new Error(JSON.stringify(result.refusal));
  return result.request;
}

const FACTS = {
  caseId: 'of0123456789ABCDEFGHJKMNP',
  trackingNo: '261202-AAAA-BBBB',
  channel: 'office' as const,
  sourceId: 'entry-key-0001',
  receivedAt: '2026-12-02T03:00:00.000Z',
  contactHashKey: 'contact-key',
  identityHashKey: 'identity-key',
  directory,
};

describe('Function: disclosureAppeal', () => {
  it('makes a valid disclosure appeal with the kept request and no identity number in clear', () => {
    // Act
    const appeal = disclosureAppeal(parsed(citizenRequest()), FACTS);

    // Assess
    expect(AppealSchema.safeParse(appeal).success).toBe(true);
    expect(appeal).toMatchObject({
      type: 'disclosure',
      urgency: 'normal',
      category: DISCLOSURE_CATEGORY,
      // 市住房和城乡建设局 is city-level: 市本级.
      district: CITY_LEVEL_DISTRICT,
      channel: 'office',
      contact: {
        phoneHash: hashPhone('13800138000', 'contact-key'),
        phoneMasked: '138****8000',
        name: '张三',
      },
      disclosureRequest: {
        applicant: { document: { kind: 'resident_id_card', last4: '006X' } },
        receivedOn: '2026-12-02',
      },
    });
    expect(JSON.stringify(appeal)).not.toContain(ID);
    expect(JSON.stringify(appeal).toLowerCase()).not.toContain(ID.toLowerCase());
  });

  it("takes the district of the body addressed, and the organisation's credit code only as a hash", () => {
    // Act
    const appeal = disclosureAppeal(parsed(organisationRequest()), FACTS);

    // Assess
    expect(appeal.district).toBe('gulou');
    expect(appeal.disclosureRequest?.applicant).toMatchObject({ creditCode: { kind: 'credit_code' } });
    expect(JSON.stringify(appeal)).not.toContain(
      (organisationRequest().applicant as { creditCode: string }).creditCode,
    );
  });

  it("keeps the channel's own contact (the hotline's calling number) over the applicant's phone", () => {
    // Prepare
    const contact = {
      phoneHash: 'h'.repeat(64),
      phoneMasked: '139****0000',
      verifiedBy: 'network_caller' as const,
    };

    // Act
    const appeal = disclosureAppeal(parsed(citizenRequest()), { ...FACTS, contact });

    // Assess
    expect(appeal.contact).toEqual(contact);
  });
});

describe('Function: disclosureSummary', () => {
  it('reads as Chinese with the information, 文号, purpose and form, and never the identity number', () => {
    // Act
    const summary = disclosureSummary(parsed(citizenRequest({ purpose: '了解本小区改造计划' })));

    // Assess
    expect(summary).toBe(
      '申请公开：2025 年本区老旧小区改造项目的立项批复文件；文号：京朝发改〔2025〕12号；用途：了解本小区改造计划；获取方式：电子邮件（电子邮件发送）',
    );
    expect(summary).not.toContain('006');
  });
});

describe('Function: intakeRefusal', () => {
  it('names an unknown body and a missing phone', () => {
    // Prepare
    const request = parsed(
      citizenRequest({
        departmentId: 'no-such-body',
        applicant: { ...(citizenRequest().applicant as object), contact: { email: 'zhang@example.com' } },
      }),
    );

    // Act
    const refusal = intakeRefusal(request, directory, { channelContact: false });

    // Assess
    expect(refusal?.code).toBe('invalid_request');
    expect(refusal?.problems.map((p) => [p.path, p.code])).toEqual([
      ['departmentId', 'unknown_department'],
      ['applicant.contact.phone', 'phone_required'],
    ]);
  });

  it('takes a request without a phone where the channel has a contact of its own', () => {
    // Prepare
    const request = parsed(
      citizenRequest({
        applicant: { ...(citizenRequest().applicant as object), contact: { email: 'zhang@example.com' } },
      }),
    );

    // Act & Assess
    expect(intakeRefusal(request, directory, { channelContact: true })).toBeUndefined();
  });
});

describe('Function: redactIdentityNumbers', () => {
  it('blanks every document number and credit code at any depth, keeping the last four', () => {
    // Prepare
    const raw = JSON.stringify({
      type: 'disclosure',
      disclosureRequest: citizenRequest(),
      other: organisationRequest(),
      document: { number: 'not-an-identity-field-parent' },
    });

    // Act
    const redacted = redactIdentityNumbers(raw);

    // Assess
    expect(redacted.toLowerCase()).not.toContain(ID.toLowerCase());
    expect(redacted).not.toContain((organisationRequest().applicant as { creditCode: string }).creditCode);
    expect(redacted).toContain('[已隐去，尾号 006x]');
    expect(JSON.parse(redacted).disclosureRequest.information).toEqual(citizenRequest().information);
  });

  it('leaves a body that is not JSON as it is', () => {
    // Act & Assess
    expect(redactIdentityNumbers('<xml/>')).toBe('<xml/>');
  });
});
