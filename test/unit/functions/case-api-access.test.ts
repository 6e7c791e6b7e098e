import { describe, expect, it } from 'vitest';
import { mayReadCase } from '../../../functions/case-api/access.js';
import { createCase } from '../../../shared/domain/case.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { calendar, disclosureCase, sh } from '../fixtures/disclosure-case.js';

describe('Function: mayReadCase', () => {
  it('lets a reviewer (审核人) read disclosure requests and nothing else', () => {
    // Prepare
    const reviewer = { sub: 'head-1', role: 'reviewer' } as const;
    const help = createCase(testAppeal(), {
      directory: TEST_DIRECTORY,
      calendar,
      now: sh('2026-11-20T10:00:05'),
    });

    // Act & Assess
    expect(mayReadCase(reviewer, disclosureCase())).toBe(true);
    expect(mayReadCase(reviewer, help)).toBe(false);
    expect(mayReadCase(reviewer, { ...disclosureCase(), type: 'consultation' })).toBe(false);
  });

  it('keeps a department to the cases it leads or co-handles', () => {
    // Prepare
    const housing = { sub: 'clerk-1', role: 'department', departmentId: 'housing-bureau' } as const;
    const water = { sub: 'u-1', role: 'department', departmentId: 'water-group' } as const;

    // Act & Assess
    expect(mayReadCase(housing, disclosureCase())).toBe(true);
    expect(mayReadCase(water, disclosureCase())).toBe(false);
  });
});
