import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { renderDossierHtml } from '../../../shared/domain/dossier/dossier-html.js';
import {
  type Actor,
  applyAction,
  FOLLOW_UP_CALL_HOLD_MINUTES,
  followUpCallDueAt,
  followUpCallHolder,
  type LifecycleAction,
  LifecycleActionSchema,
  onFollowUpCallList,
  takeFollowUpCall,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { closedCase } from '../fixtures/dossier.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

const agent: Actor = { role: 'agent', id: 'a-1' };
const otherAgent: Actor = { role: 'agent', id: 'a-2' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const dispatcher: Actor = { role: 'dispatcher', id: 'd-1' };
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const citizen: Actor = { role: 'citizen', id: 'citizen' };

function sh(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function apply(kase: Case, action: LifecycleAction, actor: Actor, now: string) {
  return applyAction(kase, action, actor, { now: sh(now), calendar, directory: TEST_DIRECTORY });
}

function run(kase: Case, ...steps: [LifecycleAction, Actor, string][]): Case {
  let current = kase;
  for (const [action, actor, now] of steps) {
    const result = apply(current, action, actor, now);
    if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
    current = result.case;
  }
  return current;
}

function refusal(kase: Case, action: LifecycleAction, actor: Actor, now: string) {
  const result = apply(kase, action, actor, now);
  return result.ok ? undefined : result.refusal.code;
}

/** Completed Wednesday 2026-11-25 16:00 (Shanghai) by water-group. */
function completed(): Case {
  const dispatched = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar,
    now: sh('2026-11-20T10:00:05'),
  });
  return run(
    dispatched,
    [{ action: 'acknowledge' }, water, '2026-11-20T14:00:00'],
    [{ action: 'complete', reply: '已恢复供水' }, water, '2026-11-25T16:00:00'],
  );
}

const call = (outcome: 'rated' | 'not_reached' | 'refused', extra: Record<string, string> = {}) =>
  ({ action: 'record_follow_up_call', outcome, ...extra }) as LifecycleAction;

describe('Transition: rate, how the rating was taken', () => {
  it('records the web link for a citizen by default, WeChat when the rating came that way', () => {
    // Act
    const web = run(completed(), [{ action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00']);
    const wechat = run(completed(), [
      { action: 'rate', rating: 'satisfied', via: 'wechat' },
      citizen,
      '2026-11-26T10:00:00',
    ]);

    // Assess
    expect(web.feedback).toEqual({
      rating: 'satisfied',
      at: sh('2026-11-26T10:00:00').toISOString(),
      via: 'web',
    });
    expect(wechat.feedback?.via).toBe('wechat');
  });

  it('records an agent rating as taken by phone, by that agent', () => {
    // Act
    const rated = run(completed(), [
      { action: 'rate', rating: 'dissatisfied' },
      agent,
      '2026-11-26T10:00:00',
    ]);

    // Assess
    expect(rated.status).toBe('dissatisfied');
    expect(rated.feedback).toMatchObject({ rating: 'dissatisfied', via: 'phone', takenBy: 'agent:a-1' });
  });

  it('refuses a via that does not fit the actor, so the split cannot be steered', () => {
    // Act & Assess
    expect(
      refusal(completed(), { action: 'rate', rating: 'satisfied', via: 'web' }, agent, '2026-11-26T10:00:00'),
    ).toBe('invalid_input');
    expect(
      refusal(
        completed(),
        { action: 'rate', rating: 'satisfied', via: 'phone' },
        citizen,
        '2026-11-26T10:00:00',
      ),
    ).toBe('invalid_input');
    expect(
      refusal(
        completed(),
        { action: 'rate', rating: 'satisfied', via: 'fax' },
        citizen,
        '2026-11-26T10:00:00',
      ),
    ).toBe('invalid_input');
  });
});

describe('Transition: record_follow_up_call 电话回访', () => {
  it('applies a rating as rate does, taken by phone by the agent, and ends the item', () => {
    // Act
    const satisfied = run(completed(), [
      call('rated', { rating: 'satisfied', comment: '满意' }),
      agent,
      '2026-11-26T17:00:00',
    ]);
    const dissatisfied = run(completed(), [
      call('rated', { rating: 'dissatisfied' }),
      supervisor,
      '2026-11-26T17:00:00',
    ]);

    // Assess
    expect(satisfied).toMatchObject({
      status: 'closed',
      closeReason: 'rated',
      feedback: { rating: 'satisfied', comment: '满意', via: 'phone', takenBy: 'agent:a-1' },
      followUpCall: {
        outcome: 'rated',
        attempts: [{ at: sh('2026-11-26T17:00:00').toISOString(), by: 'agent:a-1', outcome: 'rated' }],
      },
    });
    expect(satisfied.history.at(-1)).toMatchObject({
      action: 'record_follow_up_call',
      note: 'rated satisfied',
    });
    expect(dissatisfied).toMatchObject({
      status: 'dissatisfied',
      feedback: { via: 'phone', takenBy: 'supervisor:s-1' },
    });
    expect(onFollowUpCallList(satisfied)).toBe(false);
  });

  it('keeps each attempt in order and in the history, then takes the rating', () => {
    // Act
    const rated = run(
      completed(),
      [call('not_reached', { note: '无人接听' }), agent, '2026-11-26T17:00:00'],
      [call('not_reached'), otherAgent, '2026-11-27T10:00:00'],
      [call('rated', { rating: 'basically_satisfied' }), agent, '2026-11-27T15:00:00'],
    );

    // Assess
    expect(rated.followUpCall?.attempts.map((a) => [a.by, a.outcome, a.note])).toEqual([
      ['agent:a-1', 'not_reached', '无人接听'],
      ['agent:a-2', 'not_reached', undefined],
      ['agent:a-1', 'rated', undefined],
    ]);
    expect(rated.history.slice(-3).map((h) => h.note)).toEqual([
      'not_reached 1/3: 无人接听',
      'not_reached 2/3',
      'rated basically_satisfied',
    ]);
    expect(rated).toMatchObject({
      status: 'closed',
      feedback: { rating: 'basically_satisfied', via: 'phone' },
    });
  });

  it('ends the item as unreachable at the third call nobody answered; the case stays completed', () => {
    // Act
    const missed = run(
      completed(),
      [call('not_reached'), agent, '2026-11-26T17:00:00'],
      [call('not_reached'), agent, '2026-11-27T10:00:00'],
      [call('not_reached'), agent, '2026-11-27T15:00:00'],
    );

    // Assess
    expect(missed.status).toBe('completed');
    expect(missed.feedback).toBeUndefined();
    expect(missed.followUpCall).toMatchObject({ outcome: 'unreachable' });
    expect(missed.history.at(-1)?.note).toBe('not_reached 3/3 unreachable');
    expect(onFollowUpCallList(missed)).toBe(false);
    expect(refusal(missed, call('not_reached'), agent, '2026-11-28T10:00:00')).toBe('already_done');
    // The citizen's link still holds until the follow-up window closes the case.
    expect(
      run(missed, [{ action: 'rate', rating: 'satisfied' }, citizen, '2026-11-28T10:00:00']).status,
    ).toBe('closed');
  });

  it('records a refusal to rate and ends the item', () => {
    // Act
    const refused = run(completed(), [call('refused', { note: '不愿评价' }), agent, '2026-11-26T17:00:00']);

    // Assess
    expect(refused).toMatchObject({ status: 'completed', followUpCall: { outcome: 'refused' } });
    expect(refusal(refused, call('rated', { rating: 'satisfied' }), agent, '2026-11-26T17:05:00')).toBe(
      'already_done',
    );
  });

  it('refuses a missing or unknown rating, a rating with another outcome, and changes nothing', () => {
    // Prepare
    const kase = completed();

    // Act & Assess
    expect(refusal(kase, call('rated'), agent, '2026-11-26T17:00:00')).toBe('invalid_rating');
    expect(refusal(kase, call('rated', { rating: 'great' }), agent, '2026-11-26T17:00:00')).toBe(
      'invalid_rating',
    );
    expect(refusal(kase, call('not_reached', { rating: 'satisfied' }), agent, '2026-11-26T17:00:00')).toBe(
      'invalid_input',
    );
    expect(
      LifecycleActionSchema.safeParse({ action: 'record_follow_up_call', outcome: 'busy' }).success,
    ).toBe(false);
    expect(kase.followUpCall).toBeUndefined();
  });

  it('is for agents and supervisors, on a completed unrated case only', () => {
    // Prepare
    const rated = run(completed(), [
      { action: 'rate', rating: 'dissatisfied' },
      citizen,
      '2026-11-26T10:00:00',
    ]);
    const reworked = run(
      rated,
      [{ action: 'reopen' }, supervisor, '2026-11-26T11:00:00'],
      [{ action: 'acknowledge' }, water, '2026-11-26T12:00:00'],
      [{ action: 'complete', reply: '已复查' }, water, '2026-11-30T12:00:00'],
    );

    // Act & Assess
    expect(refusal(completed(), call('not_reached'), water, '2026-11-26T17:00:00')).toBe('forbidden');
    expect(refusal(completed(), call('not_reached'), dispatcher, '2026-11-26T17:00:00')).toBe('forbidden');
    expect(refusal(rated, call('not_reached'), agent, '2026-11-26T17:00:00')).toBe('illegal_transition');
    expect(refusal(reworked, call('not_reached'), agent, '2026-12-01T17:00:00')).toBe('already_rated');
  });

  it('refuses another agent while the item is held, not its holder', () => {
    // Prepare
    const taken = takeFollowUpCall(completed(), agent, sh('2026-11-26T17:00:00'));
    if (!taken.ok) throw new Error('not taken');

    // Act & Assess
    expect(refusal(taken.case, call('not_reached'), otherAgent, '2026-11-26T17:10:00')).toBe(
      'taken_by_other',
    );
    expect(refusal(taken.case, call('not_reached'), agent, '2026-11-26T17:10:00')).toBeUndefined();
    expect(refusal(taken.case, call('not_reached'), otherAgent, '2026-11-26T17:30:00')).toBeUndefined();
  });
});

describe('Function: takeFollowUpCall 领取回访', () => {
  it('records who took the item and when, with a history entry that the number was shown', () => {
    // Prepare
    const kase = completed();

    // Act
    const taken = takeFollowUpCall(kase, agent, sh('2026-11-26T17:00:00'));

    // Assess
    expect(taken.ok).toBe(true);
    if (!taken.ok) return;
    expect(taken.case.version).toBe(kase.version + 1);
    expect(taken.case.followUpCall).toEqual({
      takenBy: 'agent:a-1',
      takenAt: sh('2026-11-26T17:00:00').toISOString(),
      attempts: [],
    });
    expect(taken.case.history.at(-1)).toEqual({
      at: sh('2026-11-26T17:00:00').toISOString(),
      actor: 'agent:a-1',
      action: 'take_follow_up_call',
    });
    expect(taken.case.status).toBe('completed');
  });

  it(`holds the item for ${FOLLOW_UP_CALL_HOLD_MINUTES} minutes or until its holder records a call`, () => {
    // Prepare
    const taken = takeFollowUpCall(completed(), agent, sh('2026-11-26T17:00:00'));
    if (!taken.ok) throw new Error('not taken');
    const recorded = run(taken.case, [call('not_reached'), agent, '2026-11-26T17:05:00']);

    // Act
    const meanwhile = takeFollowUpCall(taken.case, otherAgent, sh('2026-11-26T17:29:59'));
    const again = takeFollowUpCall(taken.case, agent, sh('2026-11-26T17:10:00'));
    const later = takeFollowUpCall(taken.case, otherAgent, sh('2026-11-26T17:30:00'));
    const afterCall = takeFollowUpCall(recorded, otherAgent, sh('2026-11-26T17:06:00'));

    // Assess
    expect(meanwhile).toMatchObject({ ok: false, refusal: { code: 'taken_by_other' } });
    expect(again.ok).toBe(true);
    expect(later.ok).toBe(true);
    expect(afterCall.ok).toBe(true);
    expect(followUpCallHolder(recorded, sh('2026-11-26T17:06:00'))).toBeUndefined();
  });

  it('refuses roles other than agents and supervisors, and cases off the list', () => {
    // Prepare
    const rated = run(completed(), [{ action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00']);

    // Act & Assess
    expect(takeFollowUpCall(completed(), water, sh('2026-11-26T17:00:00'))).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden' },
    });
    expect(takeFollowUpCall(rated, agent, sh('2026-11-26T17:00:00'))).toMatchObject({
      ok: false,
      refusal: { code: 'already_rated' },
    });
    expect(takeFollowUpCall(completed(), supervisor, sh('2026-11-26T17:00:00')).ok).toBe(true);
  });
});

describe('Function: followUpCallDueAt', () => {
  it('is due the configured hours after completion', () => {
    // Act & Assess
    expect(followUpCallDueAt(completed(), 24)?.toISOString()).toBe(sh('2026-11-26T16:00:00').toISOString());
    expect(followUpCallDueAt(completed(), 1)?.toISOString()).toBe(sh('2026-11-25T17:00:00').toISOString());
  });

  it('is due at once when the completion notice cannot reach the citizen', () => {
    // Prepare
    const kase = completed();
    const undeliverable: Case = {
      ...kase,
      notices: kase.notices?.map((n) => ({
        ...n,
        state: 'undeliverable' as const,
        reason: 'no_verified_address',
      })),
    };

    // Act & Assess
    expect(followUpCallDueAt(undeliverable, 24)?.toISOString()).toBe(kase.completedAt);
  });

  it('is due at once when the receipt says the accepted SMS never arrived, not while a send is retried', () => {
    // Prepare
    const kase = completed();
    const withNotice = (fields: Record<string, unknown>): Case => ({
      ...kase,
      notices: kase.notices?.map((n) => ({ ...n, ...fields })),
    });
    const notArrived = withNotice({ state: 'failed', messageId: 'sid-1', reason: '002' });
    const retrying = withNotice({ state: 'failed', reason: 'InternalError.Timeout' });

    // Act & Assess
    expect(followUpCallDueAt(notArrived, 24)?.toISOString()).toBe(kase.completedAt);
    expect(followUpCallDueAt(retrying, 24)?.toISOString()).toBe(sh('2026-11-26T16:00:00').toISOString());
  });

  it('waits a while after a call nobody answered, and is gone once the item or the case is done', () => {
    // Prepare
    const missed = run(completed(), [call('not_reached'), agent, '2026-11-26T17:00:00']);
    const rated = run(completed(), [{ action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00']);
    const refused = run(completed(), [call('refused'), agent, '2026-11-26T17:00:00']);

    // Act & Assess
    expect(followUpCallDueAt(missed, 24)?.toISOString()).toBe(sh('2026-11-26T19:00:00').toISOString());
    expect(followUpCallDueAt(rated, 24)).toBeUndefined();
    expect(followUpCallDueAt(refused, 24)).toBeUndefined();
  });

  it('leaves out a citizen without a phone number: there is nobody to call', () => {
    // Prepare
    const kase = completed();
    const openIdOnly: Case = { ...kase, contact: { openIdHash: 'b'.repeat(64) } };

    // Act & Assess
    expect(followUpCallDueAt(openIdOnly, 24)).toBeUndefined();
  });
});

describe('Dossier: the follow-up call', () => {
  it('shows how the rating was taken and where the call list ended, only where recorded', () => {
    // Prepare
    const base = closedCase().closed;
    const byPhone: Case = {
      ...base,
      feedback: {
        rating: 'satisfied',
        at: base.feedback?.at ?? base.receivedAt,
        via: 'phone',
        takenBy: 'agent:a-1',
      },
      followUpCall: {
        attempts: [{ at: base.receivedAt, by: 'agent:a-1', outcome: 'rated' }],
        outcome: 'rated',
      },
    };
    const render = (kase: Case) =>
      renderDossierHtml({
        case: kase,
        closedAt: kase.receivedAt,
        objects: [],
        chain: [],
        manifest: { hash: 'h', previous: 'p', method: 'm' },
      } as never);

    // Act
    const html = render(byPhone);

    // Assess
    expect(html).toContain('<p>电话回访（agent:a-1）</p>');
    expect(html).toContain('<p>电话回访：已评价（共 1 次）</p>');
    expect(render(base)).not.toContain('电话回访');
  });
});
