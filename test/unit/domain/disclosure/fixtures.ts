import { makeCreditCode, makeIdNumber } from './numbers.js';

/** A valid citizen's request as a channel would send it: its number ends in x, typed in lower case. */
export function citizenRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: {
      kind: 'citizen',
      name: '张三',
      document: { kind: 'resident_id_card', number: makeIdNumber('110105', '19870615', '006').toLowerCase() },
      contact: { phone: '138 0013 8000', email: 'zhang@example.com' },
    },
    information: {
      description: '2025 年本区老旧小区改造项目的立项批复文件',
      documentNo: '京朝发改〔2025〕12号',
    },
    form: { medium: 'email', delivery: 'email' },
    departmentId: 'housing',
    arrival: { way: 'online', submittedAt: '2026-12-01T15:59:00Z', confirmedAt: '2026-12-01T16:00:05Z' },
    ...overrides,
  };
}

/** A valid organisation's request. */
export function organisationRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: {
      kind: 'organisation',
      name: '某某律师事务所',
      creditCode: makeCreditCode('31110000E12345678'),
      organisationKind: 'legal_service_institution',
      representative: { role: 'contact_person', name: '李四' },
      contact: { phone: '010-12345678', address: '北京市朝阳区某某路 1 号', postcode: '100020' },
    },
    information: { description: '某地块国有土地使用权出让合同' },
    purpose: '代理诉讼',
    form: { medium: 'paper', delivery: 'post' },
    departmentId: 'land',
    arrival: { way: 'post', signedForAt: '2026-12-02T02:00:00Z', postmarkedOn: '2026-11-28' },
    ...overrides,
  };
}
