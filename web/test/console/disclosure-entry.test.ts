import { describe, expect, it } from 'vitest';
import { DisclosureRequestSchema } from '../../../shared/domain/disclosure/request';
import {
  ARRIVAL_TIMES,
  beijingInstant,
  beijingLocalNow,
  type EntryDraft,
  emptyEntry,
  entryErrors,
  problemsByField,
  toDisclosureRequest,
} from '../../console/src/views/disclosure-entry/entry-draft';

const NOW = new Date('2026-12-03T02:00:00Z'); // 10:00 Beijing time
const ID = '11010519491231002X';
const CREDIT_CODE = '91110108MA01KEY3PR';

const citizen = (over: Partial<EntryDraft> = {}): EntryDraft => ({
  ...emptyEntry(NOW),
  name: ' 张三 ',
  documentNumber: ' 11010519491231002x ',
  phone: '13800138000',
  address: '鼓楼区中山路 1 号',
  description: ' 2025 年本区老旧小区改造项目的立项批复 ',
  departmentId: 'housing',
  ...over,
});

describe('Function: entryErrors', () => {
  it('finds nothing wrong in a complete citizen request handed in at the counter', () => {
    // Act
    const errors = entryErrors(citizen(), NOW);

    // Assess
    expect(errors).toEqual({});
  });

  it('names the identity number whose check character is wrong, with the standard check’s words', () => {
    // Act
    const errors = entryErrors(citizen({ documentNumber: '110105194912310021' }), NOW);

    // Assess
    expect(errors.documentNumber).toContain('校验码不符');
  });

  it('checks a credit code for an organisation, and asks for its kind and representative', () => {
    // Prepare
    const draft = citizen({
      applicantKind: 'organisation',
      name: '某某公司',
      creditCode: '91110108MA01KEY3P0',
    });

    // Act
    const errors = entryErrors(draft, NOW);

    // Assess
    expect(errors.creditCode).toContain('统一社会信用代码');
    expect(errors.organisationKind).toBe('请选择单位类别');
    expect(errors.representativeName).toBe('请填写法定代表人或联系人姓名');
    expect(errors.documentNumber).toBeUndefined();
  });

  it('asks for the phone the case is keyed on, and for the address when the information is posted', () => {
    // Act
    const none = entryErrors(citizen({ phone: '', address: '' }), NOW);
    const posted = entryErrors(citizen({ address: '', medium: 'paper', delivery: 'post' }), NOW);

    // Assess
    expect(none.phone).toContain('请填写申请人的联系电话');
    expect(posted.address).toBe('选择邮寄的，请填写通信地址');
  });

  it('asks for the times of the way the request arrived, and only those', () => {
    // Prepare
    const draft = citizen({ arrivalWay: 'ordinary_post', handedInAt: '' });

    // Act
    const errors = entryErrors(draft, NOW);

    // Assess
    expect(Object.keys(errors).sort()).toEqual(['arrivedAt', 'confirmedAt']);
    expect(ARRIVAL_TIMES.ordinary_post.required).toEqual(['arrivedAt', 'confirmedAt']);
  });
});

describe('Function: toDisclosureRequest', () => {
  it('builds a request the server’s schema accepts, trimmed, with the handing-in time in Beijing time', () => {
    // Act
    const body = toDisclosureRequest(citizen({ handedInAt: '2026-12-03T09:30' }));

    // Assess
    expect(body).toEqual({
      applicant: {
        kind: 'citizen',
        name: '张三',
        document: { kind: 'resident_id_card', number: '11010519491231002x' },
        contact: { phone: '13800138000', address: '鼓楼区中山路 1 号' },
      },
      information: { description: '2025 年本区老旧小区改造项目的立项批复' },
      form: { medium: 'paper', delivery: 'post' },
      departmentId: 'housing',
      arrival: { way: 'in_person', handedInAt: '2026-12-03T09:30:00+08:00' },
    });
    expect(DisclosureRequestSchema.safeParse(body).success).toBe(true);
  });

  it('sends an organisation’s fields only, and a fax’s times only', () => {
    // Prepare
    const draft = citizen({
      applicantKind: 'organisation',
      name: '某某律师事务所',
      creditCode: CREDIT_CODE,
      organisationKind: 'legal_service_institution',
      representativeRole: 'contact_person',
      representativeName: '李四',
      arrivalWay: 'fax',
      confirmedAt: '2026-12-02T16:00',
      signedForAt: '2026-12-01T10:00',
      purpose: '诉讼',
    });

    // Act
    const body = toDisclosureRequest(draft);

    // Assess
    expect(body.applicant).toEqual({
      kind: 'organisation',
      name: '某某律师事务所',
      creditCode: CREDIT_CODE,
      organisationKind: 'legal_service_institution',
      representative: { role: 'contact_person', name: '李四' },
      contact: { phone: '13800138000', address: '鼓楼区中山路 1 号' },
    });
    expect(body.arrival).toEqual({ way: 'fax', confirmedAt: '2026-12-02T16:00:00+08:00' });
    expect(body.purpose).toBe('诉讼');
    expect(DisclosureRequestSchema.safeParse(body).success).toBe(true);
  });

  it('keeps a registered letter’s postmark for the record beside its signing time', () => {
    // Act
    const body = toDisclosureRequest(
      citizen({ arrivalWay: 'post', signedForAt: '2026-12-01T16:30', postmarkedOn: '2026-11-27' }),
    );

    // Assess
    expect(body.arrival).toEqual({
      way: 'post',
      signedForAt: '2026-12-01T16:30:00+08:00',
      postmarkedOn: '2026-11-27',
    });
  });
});

describe('Function: problemsByField', () => {
  it('puts each of the server’s problems on its field, and an unknown path above the form', () => {
    // Prepare
    const details = {
      problems: [
        { path: 'applicant.document.number', code: 'invalid_id_number', message: '身份证号码校验码不符' },
        { path: 'applicant.contact', code: 'invalid_field', message: '请至少填写一种联系方式' },
        { path: 'arrival.confirmedAt', code: 'invalid_field', message: '须为带时区的时间' },
        { path: 'surprise', code: 'invalid_field', message: '未知字段：surprise' },
      ],
    };

    // Act
    const errors = problemsByField(details);

    // Assess
    expect(errors).toEqual({
      documentNumber: '身份证号码校验码不符',
      phone: '请至少填写一种联系方式',
      confirmedAt: '须为带时区的时间',
      form: '未知字段：surprise',
    });
  });

  it('reads a bare list of problems and ignores what is not one', () => {
    // Act
    const errors = problemsByField([{ path: 'departmentId', message: '请选择受理申请的行政机关' }, 42]);

    // Assess
    expect(errors).toEqual({ departmentId: '请选择受理申请的行政机关' });
    expect(problemsByField(undefined)).toEqual({});
  });
});

describe('Function: beijingLocalNow', () => {
  it('gives the Beijing wall clock for a datetime-local input, which beijingInstant turns back', () => {
    // Act
    const local = beijingLocalNow(NOW);

    // Assess
    expect(local).toBe('2026-12-03T10:00');
    expect(new Date(beijingInstant(local)).toISOString()).toBe(NOW.toISOString());
  });
});

describe('Constant: the test numbers', () => {
  it('are valid, so the refusals above are about the changed digit', () => {
    // Assess
    expect(entryErrors(citizen({ documentNumber: ID }), NOW).documentNumber).toBeUndefined();
  });
});
