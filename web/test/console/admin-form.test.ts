import { describe, expect, it } from 'vitest';
import { ApiError } from '../../console/src/api/http';
import {
  calendarBody,
  calendarFormOf,
  cleanKeywords,
  emptyRuleForm,
  formErrorsOf,
  missingRuleFields,
  parseDateList,
  parseHolidays,
  ruleBody,
  ruleFormOf,
} from '../../console/src/views/admin/admin-form';

describe('Function: parseDateList', () => {
  it('reads dates separated by spaces, commas and lines, normalised, sorted and without repeats', () => {
    // Act
    const parsed = parseDateList('2027-02-20，2027/2/7\n2027.2.7  2027年10月9日');

    // Assess
    expect(parsed).toEqual({ ok: true, value: ['2027-02-07', '2027-02-20', '2027-10-09'] });
  });

  it('reads an empty text as no dates', () => {
    // Act & Assess
    expect(parseDateList('  \n ')).toEqual({ ok: true, value: [] });
  });

  it('names the token that is not a date', () => {
    // Act
    const parsed = parseDateList('2027-02-07 二月二十');

    // Assess
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('“二月二十”不是日期') });
  });

  it('leaves whether a date exists to the API (its message is shown beside the field)', () => {
    // Act & Assess
    expect(parseDateList('2027-02-30')).toEqual({ ok: true, value: ['2027-02-30'] });
  });
});

describe('Function: parseHolidays', () => {
  it('reads a name and one or two dates a line, with 至 or ~ between them', () => {
    // Act
    const parsed = parseHolidays(
      '元旦 2027-01-01\n\n春节 2027-02-06 至 2027-02-13\n国庆节 2027-10-01~2027-10-07',
    );

    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
        { name: '春节', from: '2027-02-06', to: '2027-02-13' },
        { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
      ],
    });
  });

  it('names the line that lacks a name or a date', () => {
    // Act
    const [noDate, noName] = [
      parseHolidays('元旦\n'),
      parseHolidays('元旦 2027-01-01\n2027-05-01 2027-05-05'),
    ];

    // Assess
    expect(noDate).toEqual({ ok: false, error: expect.stringContaining('第 1 行') });
    expect(noName).toEqual({ ok: false, error: expect.stringContaining('第 2 行') });
  });

  it('reads back what calendarFormOf wrote', () => {
    // Prepare
    const year = {
      year: 2027,
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
        { name: '清明节', from: '2027-04-05', to: '2027-04-05' },
      ],
      makeUpWorkdays: ['2027-02-07'],
      source: '通知',
    };

    // Act
    const body = calendarBody(2027, calendarFormOf(year));

    // Assess
    expect(body).toEqual({ ok: true, value: year });
  });
});

describe('Function: calendarBody', () => {
  it('collects the message of every field that does not parse', () => {
    // Act
    const body = calendarBody(2027, { holidays: '元旦', makeUpWorkdays: 'x', source: ' ' });

    // Assess
    expect(body.ok).toBe(false);
    expect(!body.ok && Object.keys(body.errors).sort()).toEqual(['holidays', 'makeUpWorkdays', 'source']);
  });
});

describe('Function: ruleBody', () => {
  it('names a new rule as the seed does and drops a co-handler that is the lead or repeated', () => {
    // Prepare
    const form = {
      ...emptyRuleForm(),
      category: 'other',
      district: 'qingshi',
      departmentId: 'qingshi-government',
      coHandlers: ['civil-affairs', 'qingshi-government', 'civil-affairs'],
      priority: 2,
    };

    // Act
    const body = ruleBody(form);

    // Assess
    expect(body).toEqual({
      ruleId: 'other#qingshi#qingshi-government',
      category: 'other',
      district: 'qingshi',
      departmentId: 'qingshi-government',
      coHandlers: ['civil-affairs'],
      priority: 2,
    });
  });

  it('keeps the key of a stored rule when its department changes', () => {
    // Prepare
    const form = ruleFormOf({
      ruleId: 'noise#gulou#gulou-urban-management',
      category: 'noise',
      district: 'gulou',
      departmentId: 'gulou-urban-management',
      coHandlers: [],
      priority: 0,
    });

    // Act
    const body = ruleBody({ ...form, departmentId: 'urban-management' });

    // Assess
    expect(body.ruleId).toBe('noise#gulou#gulou-urban-management');
    expect(body.departmentId).toBe('urban-management');
  });

  it('asks for each picker left empty', () => {
    // Act & Assess
    expect(Object.keys(missingRuleFields(emptyRuleForm()))).toEqual(['category', 'district', 'departmentId']);
  });
});

describe('Function: cleanKeywords', () => {
  it('trims, drops blanks and repeats, keeps the typed order', () => {
    // Act & Assess
    expect(cleanKeywords([' 暖气', '供暖', '', '暖气 ', '  '])).toEqual(['暖气', '供暖']);
  });
});

describe('Function: formErrorsOf', () => {
  it("puts each of the API's details beside the field its path starts with, the rest on the form", () => {
    // Prepare
    const error = new ApiError(422, 'validation_failed', '请求内容有误，请检查各字段', [
      { path: 'makeUpWorkdays.0', message: '2027-02-30 不是日历上存在的日期' },
      { path: 'makeUpWorkdays.2', message: '2027-01-04 不是周六或周日：调休上班日只能是周末' },
      { path: 'year', message: 'year 须不大于 2100' },
    ]);

    // Act
    const errors = formErrorsOf(error, ['holidays', 'makeUpWorkdays', 'source'], {});

    // Assess
    expect(errors).toEqual({
      fields: {
        makeUpWorkdays: '2027-02-30 不是日历上存在的日期；2027-01-04 不是周六或周日：调休上班日只能是周末',
      },
      form: 'year 须不大于 2100',
    });
  });

  it('puts an unknown department on the lead when it is the lead, else on the co-handlers', () => {
    // Prepare
    const body = { departmentId: 'gulou-government', coHandlers: ['nobody'] };
    const lead = new ApiError(422, 'unknown_department', '未知的单位：gulou-government');
    const co = new ApiError(422, 'unknown_department', '未知的单位：nobody');
    const fields = ['category', 'district', 'departmentId', 'coHandlers'];

    // Act & Assess
    expect(formErrorsOf(lead, fields, body).fields).toEqual({ departmentId: '未知的单位：gulou-government' });
    expect(formErrorsOf(co, fields, body).fields).toEqual({ coHandlers: '未知的单位：nobody' });
  });

  it('says a network failure on the form', () => {
    // Act & Assess
    expect(formErrorsOf(new TypeError('Failed to fetch'), ['name'], {})).toEqual({
      fields: {},
      form: '网络异常，请稍后重试',
    });
  });
});
