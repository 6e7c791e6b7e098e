import { describe, expect, it } from 'vitest';
import { ApiError } from '../../console/src/api/http';
import {
  formErrorsOf,
  lineBody,
  lineFormOf,
  parseTargetPercent,
  targetPercentText,
} from '../../console/src/views/admin/admin-form';

describe('Function: parseTargetPercent', () => {
  it.each([
    ['98', 0.98],
    [' 99.5 ', 0.995],
    ['98%', 0.98],
    ['97.25％', 0.9725],
    ['99.9', 0.999],
    ['100', 1],
    ['1', 0.01],
  ])('reads %j as the fraction %d', (text, fraction) => {
    // Act & Assess
    expect(parseTargetPercent(text)).toEqual({ ok: true, value: fraction });
  });

  it('refuses a fraction typed for a percentage rather than storing 0.98 %', () => {
    // Act & Assess
    expect(parseTargetPercent('0.98')).toEqual({ ok: false, error: '请按百分比填写：0.98 应写作 98' });
  });

  it.each([
    ['', '请填写接通率目标'],
    ['101', '不能超过 100%'],
    ['九十八', '“九十八”不是百分比'],
    ['98.123', '不是百分比'],
    ['-5', '不是百分比'],
  ])('refuses %j in Chinese', (text, message) => {
    // Act
    const parsed = parseTargetPercent(text);

    // Assess
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });
});

describe('Function: targetPercentText', () => {
  it('shows a fraction as a percentage without trailing zeros or binary noise', () => {
    // Act & Assess
    expect([0.98, 0.995, 1, 0.29, 0.9725].map(targetPercentText)).toEqual([
      '98%',
      '99.5%',
      '100%',
      '29%',
      '97.25%',
    ]);
  });
});

describe('Function: lineFormOf', () => {
  it('starts a new line at the city target of 98 %', () => {
    // Act & Assess
    expect(lineFormOf(undefined)).toEqual({ code: '', name: '', formerDepartmentId: '', target: '98' });
  });

  it('shows a stored line with its target as a percentage', () => {
    // Act
    const form = lineFormOf({
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'market-regulation',
      answerRateTarget: 0.995,
    });

    // Assess
    expect(form).toEqual({
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'market-regulation',
      target: '99.5',
    });
  });
});

describe('Function: lineBody', () => {
  it('sends the line trimmed, its target as a fraction, without an unchosen former department', () => {
    // Act
    const body = lineBody({ code: ' 96123 ', name: ' 测试热线 ', formerDepartmentId: '', target: '95' });

    // Assess
    expect(body).toEqual({ ok: true, value: { code: '96123', name: '测试热线', answerRateTarget: 0.95 } });
  });

  it('keeps the former department when one is chosen', () => {
    // Act
    const body = lineBody({ code: '12319', name: '城建热线', formerDepartmentId: 'housing', target: '98' });

    // Assess
    expect(body).toEqual({
      ok: true,
      value: { code: '12319', name: '城建热线', formerDepartmentId: 'housing', answerRateTarget: 0.98 },
    });
  });

  it('puts a target that does not parse beside the field the API names', () => {
    // Act & Assess
    expect(lineBody({ code: '12319', name: '城建热线', formerDepartmentId: '', target: '0.98' })).toEqual({
      ok: false,
      errors: { answerRateTarget: '请按百分比填写：0.98 应写作 98' },
    });
  });
});

describe('Function: formErrorsOf for a line', () => {
  it('puts an unknown former department beside its picker', () => {
    // Prepare
    const refusal = new ApiError(422, 'unknown_department', '未知的单位：nobody');

    // Act
    const errors = formErrorsOf(refusal, ['code', 'name', 'formerDepartmentId', 'answerRateTarget'], {
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'nobody',
      answerRateTarget: 0.98,
    });

    // Assess
    expect(errors).toEqual({ fields: { formerDepartmentId: '未知的单位：nobody' }, form: undefined });
  });

  it('puts a reserved code beside the code', () => {
    // Prepare
    const refusal = new ApiError(422, 'reserved_id', '编号 total 为系统保留，请换一个');

    // Act
    const errors = formErrorsOf(refusal, ['code', 'name'], {
      code: 'total',
      name: '测试',
      answerRateTarget: 0.98,
    });

    // Assess
    expect(errors.fields).toEqual({ code: '编号 total 为系统保留，请换一个' });
  });
});
