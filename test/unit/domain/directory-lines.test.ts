import { describe, expect, it } from 'vitest';
import {
  checkLine,
  DEFAULT_LINE_ANSWER_RATE_TARGET,
  HotlineLineSchema,
} from '../../../shared/domain/index.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

// 热线线路 in the directory: what a line must be before the admin API stores it.

describe('Schema: HotlineLineSchema', () => {
  it('takes a merged line and fills in the city target', () => {
    // Act
    const line = HotlineLineSchema.parse({
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'water-group',
    });

    // Assess
    expect(line).toEqual({
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'water-group',
      answerRateTarget: DEFAULT_LINE_ANSWER_RATE_TARGET,
    });
    expect(DEFAULT_LINE_ANSWER_RATE_TARGET).toBe(0.98);
  });

  it.each([
    ['a code of 32 digits, letters and -', { code: `A-${'1'.repeat(30)}`, name: '某热线' }],
    ['a target of exactly 1', { code: '96123', name: '供水服务热线', answerRateTarget: 1 }],
    ['a name of 64 characters', { code: '12319', name: '城'.repeat(64) }],
    ['a name mixing digits and Chinese', { code: '12345', name: '12345政务服务便民热线' }],
  ])('accepts %s', (_what, line) => {
    // Act & Assess
    expect(HotlineLineSchema.safeParse(line).success).toBe(true);
  });

  it.each([
    ['an empty code', { code: '', name: '某热线' }],
    ['a code of 33 characters', { code: '1'.repeat(33), name: '某热线' }],
    ['a code with # (the metrics key separator)', { code: '123#45', name: '某热线' }],
    ['a name without Chinese', { code: '12315', name: '12315 hotline' }],
    ['a name of spaces', { code: '12315', name: '   ' }],
    ['a name of 65 characters', { code: '12315', name: '热'.repeat(65) }],
    ['a target of 0', { code: '12315', name: '某热线', answerRateTarget: 0 }],
    ['a target above 1 (a percentage)', { code: '12315', name: '某热线', answerRateTarget: 98 }],
    [
      'a former department that is no id',
      { code: '12315', name: '某热线', formerDepartmentId: '市场监管局' },
    ],
  ])('refuses %s', (_what, line) => {
    // Act
    const result = HotlineLineSchema.safeParse(line);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('Function: checkLine', () => {
  const line = (over: Record<string, unknown>) =>
    HotlineLineSchema.parse({ code: '12315', name: '消费者投诉举报热线', ...over });

  it('accepts a line without a former department, or with a known one', () => {
    // Act & Assess
    expect(checkLine(line({}), TEST_DIRECTORY)).toBeUndefined();
    expect(checkLine(line({ formerDepartmentId: 'water-group' }), TEST_DIRECTORY)).toBeUndefined();
  });

  it('refuses an unknown former department and the reserved code', () => {
    // Act & Assess
    expect(checkLine(line({ formerDepartmentId: 'nobody' }), TEST_DIRECTORY)).toEqual({
      code: 'unknown_department',
      message: '未知的单位：nobody',
    });
    expect(checkLine(line({ code: 'total' }), TEST_DIRECTORY)?.code).toBe('reserved_id');
  });
});
