import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../../shared/domain/calendar/index.js';
import {
  applyReleaseAction,
  createRelease,
  dueOnOf,
  parseReleaseId,
  type Release,
  type ReleaseAction,
  releaseIdOf,
  timelinessOf,
} from '../../../../shared/domain/releases/index.js';
import { WEEKENDS_ONLY } from '../../../../shared/domain/working-days.js';
import { SEED_CALENDAR_YEARS } from '../../../../shared/seed/calendar/index.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const AT = '2026-11-22T04:00:00.000Z';
const DRAFTER = { id: 's-1', role: 'supervisor' as const };
const REVIEWER = { id: 's-2', role: 'supervisor' as const };
const ANALYST = { id: 'n-1', role: 'analyst' as const };
const FIGURES = {
  kind: 'monthly_figures' as const,
  figures: {
    month: '2026-10',
    city: {
      appeals: 0,
      completed: 0,
      onTimeRate: { numerator: 0, denominator: 0, value: null, target: 0.96, met: null },
      satisfactionRate: { numerator: 0, denominator: 0, value: null, target: 0.9, met: null },
      followUpContactRate: { numerator: 0, denominator: 0, value: null },
      answerRate: { numerator: 0, denominator: 0, value: null, target: 0.9, met: null },
    },
    departments: [],
    lines: [],
  },
  targets: { answerRate: 0.9, onTimeRate: 0.96, satisfactionRate: 0.9 },
};
const FROZEN = { key: 'releases/2026-10-figures-01.json', sha256: 'a'.repeat(64), bytes: 100 };

function draft(overrides: Partial<Release> = {}): Release {
  const result = createRelease(
    { kind: 'monthly_figures', period: '2026-10', responsible: { id: 's-1', name: '王主任' } },
    { existing: [], calendar, actor: 's-1', at: AT },
  );
  if (!result.ok) throw new Error(result.refusal.code);
  return { ...result.release, ...overrides };
}

function act(release: Release, action: ReleaseAction, actor: { id: string; role: 'supervisor' | 'analyst' }) {
  return applyReleaseAction(release, action, { actor, at: AT, figures: FIGURES, frozen: FROZEN });
}

function step(
  release: Release,
  action: ReleaseAction,
  actor: { id: string; role: 'supervisor' | 'analyst' } = DRAFTER,
): Release {
  const result = act(release, action, actor);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.release;
}

describe('Release ids and due days', () => {
  it('makes ids that sort by period, kind and number, and parses them back', () => {
    // Act
    const id = releaseIdOf('2026-11', 'typical_cases', 2);

    // Assess
    expect(id).toBe('2026-11-cases-02');
    expect(parseReleaseId(id)).toEqual({ period: '2026-11', kind: 'typical_cases', sequence: 2 });
    expect(parseReleaseId('2026-13-cases-01')).toBeUndefined();
    expect(parseReleaseId('../etc')).toBeUndefined();
  });

  it('is due on the 10th working day after the month ends, skipping holidays and counting make-up days', () => {
    // Assess: September 2026 ends before 国庆节 (1–7 Oct) and the make-up Saturday 10 Oct.
    expect(dueOnOf('2026-09', calendar)).toBe('2026-10-20');
    expect(dueOnOf('2026-09', WEEKENDS_ONLY)).toBe('2026-10-14');
    expect(dueOnOf('2026-11', WEEKENDS_ONLY)).toBe('2026-12-14');
    expect(dueOnOf('2026-10', calendar)).toBe('2026-11-13');
  });

  it('counts a release published by the end of its due day as on time, after it late, unpublished past it overdue', () => {
    // Assess
    expect(timelinessOf({ dueOn: '2026-12-14', publishedAt: '2026-12-14T15:59:59.000Z' }, '2026-12-20')).toBe(
      'on_time',
    );
    expect(timelinessOf({ dueOn: '2026-12-14', publishedAt: '2026-12-14T16:00:00.000Z' }, '2026-12-20')).toBe(
      'late',
    );
    expect(timelinessOf({ dueOn: '2026-12-14' }, '2026-12-14')).toBe('pending');
    expect(timelinessOf({ dueOn: '2026-12-14' }, '2026-12-15')).toBe('overdue');
  });
});

describe('Release creation', () => {
  it('drafts one release per kind and period, refuses a second while one is open, and a month not yet ended', () => {
    // Prepare
    const first = draft();

    // Act
    const again = createRelease(
      { kind: 'monthly_figures', period: '2026-10' },
      { existing: [first], calendar, actor: 's-1', at: AT },
    );
    const current = createRelease(
      { kind: 'monthly_figures', period: '2026-11' },
      { existing: [], calendar, actor: 's-1', at: AT },
    );

    // Assess
    expect(first).toMatchObject({
      releaseId: '2026-10-figures-01',
      state: 'draft',
      version: 0,
      dueOn: '2026-11-13',
    });
    expect(again).toMatchObject({ ok: false, refusal: { code: 'release_open' } });
    expect(current).toMatchObject({ ok: false, refusal: { code: 'period_not_ended' } });
  });

  it('takes a correction only of a published release of the same kind and period, once', () => {
    // Prepare
    const published = draft({ state: 'published', publishedAt: AT, frozen: FROZEN });
    const ctx = { calendar, actor: 's-1', at: AT };

    // Act
    const plain = createRelease(
      { kind: 'monthly_figures', period: '2026-10' },
      { ...ctx, existing: [published] },
    );
    const wrong = createRelease(
      { kind: 'monthly_figures', period: '2026-10', corrects: '2026-10-cases-01' },
      { ...ctx, existing: [published] },
    );
    const correction = createRelease(
      { kind: 'monthly_figures', period: '2026-10', corrects: published.releaseId },
      { ...ctx, existing: [published] },
    );
    const corrected = correction.ok ? { ...correction.release, state: 'published' as const } : published;
    const twice = createRelease(
      { kind: 'monthly_figures', period: '2026-10', corrects: published.releaseId },
      { ...ctx, existing: [published, corrected] },
    );

    // Assess
    expect(plain).toMatchObject({ ok: false, refusal: { code: 'already_published' } });
    expect(wrong).toMatchObject({ ok: false, refusal: { code: 'bad_correction' } });
    expect(correction).toMatchObject({
      ok: true,
      release: { releaseId: '2026-10-figures-02', corrects: '2026-10-figures-01' },
    });
    expect(twice).toMatchObject({ ok: false, refusal: { code: 'already_corrected' } });
  });
});

describe('Release actions', () => {
  it('walks draft → submitted → published by two people, freezing the figures at submit', () => {
    // Act
    const submitted = step(draft(), { action: 'submit', expectedVersion: 0 }, ANALYST);
    const published = step(submitted, { action: 'publish', expectedVersion: 1 }, REVIEWER);

    // Assess
    expect(submitted).toMatchObject({ state: 'submitted', submittedBy: 'n-1', content: FIGURES, version: 1 });
    expect(published).toMatchObject({ state: 'published', publishedBy: 's-2', frozen: FROZEN, version: 2 });
    expect(published.history.map((h) => h.action)).toEqual(['create', 'submit', 'publish']);
  });

  it('refuses the submitter publishing their own release (self_approval)', () => {
    // Prepare
    const submitted = step(draft(), { action: 'submit', expectedVersion: 0 });

    // Act
    const result = act(submitted, { action: 'publish', expectedVersion: 1 }, DRAFTER);

    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { code: 'self_approval' } });
  });

  it('refuses every action on a published release, whoever asks', () => {
    // Prepare
    const published = step(
      step(draft(), { action: 'submit', expectedVersion: 0 }),
      { action: 'publish', expectedVersion: 1 },
      REVIEWER,
    );

    // Act
    const actions: ReleaseAction[] = [
      { action: 'assign_responsible', expectedVersion: 2, responsible: { id: 'x', name: '李四' } },
      { action: 'submit', expectedVersion: 2 },
      { action: 'reject', expectedVersion: 2, reason: '数据有误' },
      { action: 'publish', expectedVersion: 2 },
      { action: 'remove_case', expectedVersion: 2, caseId: 'c' },
    ];

    // Assess
    for (const action of actions) {
      expect(act(published, action, REVIEWER)).toMatchObject({
        ok: false,
        refusal: { code: 'release_published' },
      });
    }
  });

  it('sends a rejected release back to draft with the reason, clearing its content', () => {
    // Prepare
    const submitted = step(draft(), { action: 'submit', expectedVersion: 0 }, ANALYST);

    // Act
    const back = step(submitted, { action: 'reject', expectedVersion: 1, reason: '口径需复核' }, REVIEWER);

    // Assess
    expect(back.state).toBe('draft');
    expect(back.content).toBeUndefined();
    expect(back.rejection).toMatchObject({ by: 's-2', reason: '口径需复核' });
    expect(back.history.at(-1)).toMatchObject({ action: 'reject', note: '口径需复核' });
  });

  it('refuses a submit without a responsible person, an analyst publishing, and actions from the wrong state', () => {
    // Prepare
    const { responsible: _r, ...withoutResponsible } = draft();

    // Assess
    expect(act(withoutResponsible, { action: 'submit', expectedVersion: 0 }, DRAFTER)).toMatchObject({
      ok: false,
      refusal: { code: 'no_responsible' },
    });
    expect(act(draft(), { action: 'publish', expectedVersion: 0 }, REVIEWER)).toMatchObject({
      ok: false,
      refusal: { code: 'wrong_state' },
    });
    expect(
      act(
        draft({ state: 'submitted', submittedBy: 's-1' }),
        { action: 'publish', expectedVersion: 0 },
        ANALYST,
      ),
    ).toMatchObject({ ok: false, refusal: { code: 'forbidden' } });
    expect(act(draft(), { action: 'remove_case', expectedVersion: 0, caseId: 'x' }, DRAFTER)).toMatchObject({
      ok: false,
      refusal: { code: 'wrong_kind' },
    });
  });
});
