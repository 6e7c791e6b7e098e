import { describe, expect, it } from 'vitest';
import { correctionLookupFields } from '../../../functions/get-case-status/correction-fields.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const citizen: Actor = { role: 'citizen', id: 'citizen' };

function step(kase: Case, action: LifecycleAction, actor: Actor, at: string): Case {
  const result = applyAction(kase, action, actor, { now: new Date(at), calendar: WEEKENDS_ONLY });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

function requested(): Case {
  const kase = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  return step(
    kase,
    { action: 'request_correction', question: '请补充门牌号' },
    water,
    '2026-11-20T08:00:00Z',
  );
}

describe('Function: get-case-status (补正 fields)', () => {
  it('shows the open request’s question and date to answer by', () => {
    // Act
    const fields = correctionLookupFields(requested());

    // Assess
    expect(fields).toEqual({
      awaitingCorrection: true,
      correction: {
        question: '请补充门牌号',
        requestedAt: '2026-11-20T08:00:00.000Z',
        dueAt: '2026-11-27T15:59:59.000Z',
      },
    });
  });

  it('shows nothing once answered, nor on a case that never had a request or was closed', () => {
    // Prepare
    const answered = step(
      requested(),
      { action: 'answer_correction', answer: '12号', via: 'web' },
      citizen,
      '2026-11-23T02:00:00Z',
    );
    const closed = step(
      requested(),
      { action: 'close', note: '撤诉' },
      { role: 'supervisor', id: 's-1' },
      '2026-11-23T02:00:00Z',
    );

    // Act & Assess
    expect(correctionLookupFields(answered)).toEqual({});
    expect(correctionLookupFields(closed)).toEqual({});
    expect(
      correctionLookupFields(
        createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date() }),
      ),
    ).toEqual({});
  });
});
