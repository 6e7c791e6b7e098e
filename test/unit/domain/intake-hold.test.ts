import { describe, expect, it } from 'vitest';
import { AppealSchema } from '../../../shared/domain/appeal.js';
import { CaseSchema, createCase } from '../../../shared/domain/case.js';
import { heldAtIntake, intakeHoldNote, keptTypedText } from '../../../shared/domain/intake-hold.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const context = { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') };

describe('Module: intake-hold', () => {
  it('blanks an identity number typed into free text, keeping its last four', () => {
    // Act
    const kept = keptTypedText(' 身份证11010519491231002X ');

    // Assess
    expect(kept).toBe('身份证[已隐去，尾号 002X]');
    expect(kept).not.toContain('110105');
  });

  it('keeps an ordinary typed text, clipped to the limit', () => {
    // Act & Assess
    expect(keptTypedText('  井盖丢了 ')).toBe('井盖丢了');
    expect(keptTypedText('illegal-construction-and-more')).toBe('illegal-construction-and-more');
    expect([...keptTypedText('水'.repeat(100))]).toHaveLength(64);
  });

  it('names what the agent typed and the request problems in one note, and nothing when all was settled', () => {
    // Act
    const note = intakeHoldNote({
      typedCategory: '井盖丢了',
      typedDistrict: '火星区',
      requestProblems: [{ path: 'form.delivery', code: 'invalid_field', message: '获取方式与载体不符' }],
    });

    // Assess
    expect(note).toContain('“井盖丢了”');
    expect(note).toContain('“火星区”');
    expect(note).toContain('form.delivery：获取方式与载体不符（invalid_field）');
    expect(intakeHoldNote({})).toBeUndefined();
    expect(heldAtIntake({})).toBe(false);
  });
});

describe('Function: createCase (an appeal intake could not settle)', () => {
  it('keeps a routable-looking appeal pending, with the typed text on the case and in its history', () => {
    // Prepare: a wildcard-district rule would route water-supply in any district, `unknown` too.
    const appeal = AppealSchema.parse(
      testAppeal({ channel: 'hotline', district: 'unknown', typedDistrict: '火星区' }),
    );

    // Act
    const kase = createCase(appeal, context);

    // Assess
    expect(CaseSchema.parse(kase)).toEqual(kase);
    expect(kase.status).toBe('pending_dispatch');
    expect(kase.departmentId).toBeUndefined();
    expect(kase.typedDistrict).toBe('火星区');
    expect(kase.history.at(-1)).toMatchObject({ action: 'await_dispatch', actor: 'system' });
    expect(kase.history.at(-1)?.note).toContain('火星区');
  });

  it('keeps an appeal whose disclosure request was not taken pending, its problems noted', () => {
    // Prepare
    const appeal = testAppeal({
      type: 'disclosure',
      requestProblems: [{ path: 'departmentId', code: 'unknown_department', message: '未知的行政机关：x' }],
    });

    // Act
    const kase = createCase(appeal, context);

    // Assess
    expect(kase.status).toBe('pending_dispatch');
    expect(kase.disclosure).toBeUndefined();
    expect(kase.history.at(-1)?.note).toContain('unknown_department');
  });

  it('still dispatches an appeal intake settled', () => {
    // Act & Assess
    expect(createCase(testAppeal({ channel: 'hotline' }), context).status).toBe('dispatched');
  });
});
