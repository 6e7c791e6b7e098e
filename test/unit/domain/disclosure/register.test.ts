import { describe, expect, it } from 'vitest';
import { type RegisterInput, registerDecision } from '../../../../shared/domain/disclosure/register.js';

const base = {
  receivedOn: '2026-12-01',
  registeredBy: 'clerk-1',
  registeredAt: '2026-12-01T09:30:00+08:00',
} as const;

function decide(input: Partial<RegisterInput> & Pick<RegisterInput, 'decision'>) {
  return registerDecision({ ...base, ...input });
}

describe('Function: registerDecision', () => {
  it('accepts a request, keeping its receipt date for the 20 working days of 第三十三条', () => {
    // Act
    const result = decide({ decision: 'accept' });

    // Assess
    expect(result).toEqual({
      ok: true,
      registration: { decision: 'accept', ...base, article: '第三十一条、第三十三条、第四十五条' },
    });
  });

  it('turns a petition into a complaint or a report case, counted as 信访举报投诉类申请 (第三十九条第一款)', () => {
    // Act
    const complaint = decide({
      decision: 'petition',
      petitionCaseType: 'complaint',
      explanation: '您反映的噪声问题已转投诉件办理。',
    });
    const report = decide({
      decision: 'petition',
      petitionCaseType: 'report',
      explanation: '已转举报件办理。',
    });

    // Assess
    expect(complaint).toMatchObject({
      ok: true,
      registration: {
        decision: 'petition',
        becomes: 'complaint',
        reportOutcome: 'not_processed_petition',
        article: '第三十九条第一款',
        notice: expect.stringMatching(
          /第三十九条第一款，不作为政府信息公开申请处理.*您反映的噪声问题已转投诉件办理。$/,
        ),
      },
    });
    expect(report).toMatchObject({ ok: true, registration: { becomes: 'report' } });
  });

  it('turns a question into a consultation case', () => {
    // Act
    const result = decide({ decision: 'consultation', explanation: '办理时间为工作日 9:00–17:00。' });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      registration: { decision: 'consultation', becomes: 'consultation', reportOutcome: 'other' },
    });
  });

  it('answers a request for a publication with where to get it, opening no case (第三十九条第二款)', () => {
    // Act
    const result = decide({
      decision: 'publication',
      explanation: '《某市人民政府公报》2026 年第 3 期可在市政府网站下载。',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      registration: {
        decision: 'publication',
        reportOutcome: 'not_processed_publications',
        notice: expect.stringContaining('告知获取途径如下：《某市人民政府公报》'),
      },
    });
    expect(result.ok && 'becomes' in result.registration).toBe(false);
  });

  it.each(['consultation', 'petition', 'publication'] as const)(
    'refuses %s without what the applicant is to be told',
    (decision) => {
      // Act
      const result = decide({
        decision,
        explanation: '  ',
        ...(decision === 'petition' ? { petitionCaseType: 'complaint' } : {}),
      });

      // Assess
      expect(result).toEqual({
        ok: false,
        refusal: { code: 'explanation_required', message: expect.stringContaining('请填写') },
      });
    },
  );

  it('refuses an explanation over 1000 characters', () => {
    // Act & Assess
    expect(decide({ decision: 'consultation', explanation: '答'.repeat(1001) })).toMatchObject({
      ok: false,
      refusal: { code: 'explanation_required' },
    });
  });

  it('refuses a petition without its case type, and a case type on any other decision', () => {
    // Act
    const missing = decide({ decision: 'petition', explanation: '已转办。' });
    const stray = decide({ decision: 'accept', petitionCaseType: 'report' });

    // Assess
    expect(missing).toEqual({
      ok: false,
      refusal: { code: 'invalid_case_type', message: expect.stringContaining('投诉或举报') },
    });
    expect(stray).toMatchObject({ ok: false, refusal: { code: 'invalid_case_type' } });
  });

  it('refuses a registration dated before the request was received', () => {
    // Act: 2026-11-30 23:00 in Shanghai
    const result = decide({ decision: 'accept', registeredAt: '2026-11-30T15:00:00Z' });

    // Assess
    expect(result).toEqual({
      ok: false,
      refusal: { code: 'registered_before_receipt', message: '登记时间早于收到申请之日（2026-12-01）' },
    });
  });

  it('throws on a registration time that is not a time: the clock passes it, not a person', () => {
    // Act & Assess
    expect(() => decide({ decision: 'accept', registeredAt: 'yesterday' })).toThrow(RangeError);
  });
});
