import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import {
  type Actor,
  ANSWER_MAX_CHARS,
  applyAction,
  type LifecycleAction,
  LifecycleActionSchema,
  type LifecycleContext,
  openCorrection,
  QUESTION_MAX_CHARS,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const urban: Actor = { role: 'department', id: 'u-2', departmentId: 'city-urban' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const agent: Actor = { role: 'agent', id: 'a-1' };
const dispatcher: Actor = { role: 'dispatcher', id: 'd-1' };
const citizen: Actor = { role: 'citizen', id: 'citizen' };

function sh(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function ctx(now: string, extra: Partial<LifecycleContext> = {}): LifecycleContext {
  return { now: sh(now), calendar, directory: TEST_DIRECTORY, ...extra };
}

/** A help case received Friday 2026-11-20 10:00, due Friday 11-27 23:59:59, acknowledged by water-group. */
function acknowledged(type: 'help' | 'disclosure' = 'help'): Case {
  const kase = createCase(testAppeal({ type }), {
    directory: TEST_DIRECTORY,
    calendar,
    now: sh('2026-11-20T10:00:05'),
  });
  return apply(kase, { action: 'acknowledge' }, water, '2026-11-20T14:00:00');
}

function apply(
  kase: Case,
  action: LifecycleAction,
  actor: Actor,
  now: string,
  extra?: Partial<LifecycleContext>,
) {
  const result = applyAction(kase, action, actor, ctx(now, extra));
  if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
  return result.case;
}

function refusal(
  kase: Case,
  action: LifecycleAction,
  actor: Actor,
  now: string,
  extra?: Partial<LifecycleContext>,
) {
  const result = applyAction(kase, action, actor, ctx(now, extra));
  return result.ok ? undefined : result.refusal.code;
}

const REQUEST: LifecycleAction = { action: 'request_correction', question: '请补充门牌号' };

/** Requested on Friday 11-20 at 16:00 by water-group. */
function requested(type: 'help' | 'disclosure' = 'help'): Case {
  return apply(acknowledged(type), REQUEST, water, '2026-11-20T16:00:00');
}

describe('Transition: request_correction', () => {
  it('pauses the clock, records the request with 5 working days and queues its notice', () => {
    // Act
    const kase = requested();

    // Assess
    expect(kase.status).toBe('acknowledged');
    expect(kase.pausedSince).toMatchObject({
      at: sh('2026-11-20T16:00:00').toISOString(),
      reason: 'awaiting_correction',
      by: 'department:u-1@water-group',
    });
    expect(kase.pausedSince?.latestDueAt).toBeDefined();
    expect(kase.correction).toEqual({
      requestedAt: sh('2026-11-20T16:00:00').toISOString(),
      requestedBy: 'department:u-1@water-group',
      question: '请补充门牌号',
      dueAt: sh('2026-11-27T23:59:59').toISOString(),
    });
    expect(kase.notices?.filter((n) => n.kind === 'correction_request')).toEqual([
      expect.objectContaining({
        noticeId: `correction_request#${sh('2026-11-20T16:00:00').toISOString()}`,
        state: 'queued',
      }),
    ]);
    expect(kase.history.at(-1)).toMatchObject({
      action: 'request_correction',
      actor: 'department:u-1@water-group',
    });
    expect(kase.history.at(-1)?.note).toContain('请补充门牌号');
  });

  it('gives a disclosure request 7 working days, and takes the days from the context', () => {
    // Act
    const disclosure = requested('disclosure');
    const configured = apply(acknowledged(), REQUEST, water, '2026-11-20T16:00:00', {
      correctionDays: { disclosure: 10, other: 2 },
    });

    // Assess
    expect(disclosure.correction?.dueAt).toBe(sh('2026-12-01T23:59:59').toISOString());
    expect(configured.correction?.dueAt).toBe(sh('2026-11-24T23:59:59').toISOString());
  });

  it('lets a supervisor ask, with no cap on the pause', () => {
    // Act
    const kase = apply(acknowledged(), REQUEST, supervisor, '2026-11-20T16:00:00');

    // Assess
    expect(kase.pausedSince?.by).toBe('supervisor:s-1');
    expect(kase.pausedSince?.latestDueAt).toBeUndefined();
  });

  it('refuses other roles, another department, a blank or long question and a case not being handled', () => {
    // Prepare
    const kase = acknowledged();
    const long = '问'.repeat(QUESTION_MAX_CHARS + 1);

    // Act & Assess
    expect(refusal(kase, REQUEST, agent, '2026-11-20T16:00:00')).toBe('forbidden');
    expect(refusal(kase, REQUEST, dispatcher, '2026-11-20T16:00:00')).toBe('forbidden');
    expect(refusal(kase, REQUEST, citizen, '2026-11-20T16:00:00')).toBe('forbidden');
    expect(refusal(kase, REQUEST, urban, '2026-11-20T16:00:00')).toBe('forbidden');
    expect(
      refusal(kase, { action: 'request_correction', question: '  ' }, water, '2026-11-20T16:00:00'),
    ).toBe('invalid_input');
    expect(
      refusal(kase, { action: 'request_correction', question: long }, water, '2026-11-20T16:00:00'),
    ).toBe('invalid_input');
    expect(LifecycleActionSchema.safeParse({ action: 'request_correction', question: long }).success).toBe(
      false,
    );
    const done = apply(kase, { action: 'complete', reply: '已处理' }, water, '2026-11-21T10:00:00');
    expect(refusal(done, REQUEST, water, '2026-11-21T11:00:00')).toBe('illegal_transition');
  });

  it('refuses as pause does: already paused, past the deadline, the SLA decided, the cap used', () => {
    // Prepare
    const kase = acknowledged();
    const paused = apply(kase, { action: 'pause', reason: 'third_party' }, water, '2026-11-20T15:00:00');
    const late = { ...kase, slaOutcome: 'late' as const };
    const capUsed = {
      ...kase,
      pauses: [
        {
          from: sh('2026-11-02T10:00:00').toISOString(),
          to: sh('2026-11-09T10:00:00').toISOString(),
          reason: 'third_party' as const,
        },
      ],
    };

    // Act & Assess
    expect(refusal(paused, REQUEST, water, '2026-11-20T16:00:00')).toBe('paused');
    expect(refusal(kase, REQUEST, water, '2026-11-28T10:00:00')).toBe('deadline_passed');
    expect(refusal(late, REQUEST, water, '2026-11-20T16:00:00')).toBe('sla_decided');
    expect(refusal(capUsed, REQUEST, water, '2026-11-20T16:00:00')).toBe('pause_limit_reached');
  });

  it('refuses a second request while the first is open, and queues each request notice once', () => {
    // Prepare
    const first = requested();
    const answered = apply(
      first,
      { action: 'answer_correction', answer: '12号', via: 'web' },
      citizen,
      '2026-11-23T09:00:00',
    );

    // Act
    const second = apply(
      answered,
      { action: 'request_correction', question: '请补充照片' },
      water,
      '2026-11-23T10:00:00',
    );

    // Assess
    expect(refusal(first, REQUEST, water, '2026-11-20T17:00:00')).toBe('correction_open');
    expect(refusal({ ...first, pausedSince: undefined }, REQUEST, water, '2026-11-20T17:00:00')).toBe(
      'correction_open',
    );
    expect(second.notices?.filter((n) => n.kind === 'correction_request')).toHaveLength(2);
    expect(second.correction).toMatchObject({
      question: '请补充照片',
      requestedAt: sh('2026-11-23T10:00:00').toISOString(),
    });
    expect(second.correction?.answeredAt).toBeUndefined();
  });
});

describe('Transition: answer_correction', () => {
  it('resumes the clock: a weekend in the pause costs nothing, the answer is recorded and in the history', () => {
    // Prepare: paused Friday 16:00, answered Monday 10:00 → only Monday is not counted
    const kase = requested();

    // Act
    const answered = apply(
      kase,
      {
        action: 'answer_correction',
        answer: ' 门牌号是12号 ',
        attachments: ['uploads/a.png', 'uploads/a.png'],
        via: 'web',
      },
      citizen,
      '2026-11-23T10:00:00',
    );

    // Assess
    expect(answered.pausedSince).toBeUndefined();
    expect(answered.dueAt).toBe(sh('2026-11-30T23:59:59').toISOString());
    expect(answered.pauses).toEqual([
      {
        from: sh('2026-11-20T16:00:00').toISOString(),
        to: sh('2026-11-23T10:00:00').toISOString(),
        reason: 'awaiting_correction',
      },
    ]);
    expect(answered.correction).toMatchObject({
      answeredAt: sh('2026-11-23T10:00:00').toISOString(),
      answer: '门牌号是12号',
      answeredVia: 'web',
      attachments: ['uploads/a.png'],
    });
    expect(answered.history.at(-1)).toMatchObject({ action: 'answer_correction', actor: 'citizen:citizen' });
    expect(answered.history.at(-1)?.note).toContain('门牌号是12号');
    expect(openCorrection(answered)).toBeUndefined();
  });

  it('takes an agent’s answer by phone, and the citizen’s by WeChat', () => {
    // Act
    const byPhone = apply(
      requested(),
      { action: 'answer_correction', answer: '12号', via: 'phone' },
      agent,
      '2026-11-23T10:00:00',
    );
    const byWechat = apply(
      requested(),
      { action: 'answer_correction', answer: '12号', via: 'wechat' },
      citizen,
      '2026-11-23T10:00:00',
    );

    // Assess
    expect(byPhone.correction?.answeredVia).toBe('phone');
    expect(byWechat.correction?.answeredVia).toBe('wechat');
  });

  it('refuses a second answer, no request, other roles, a blank or long answer and a wrong channel', () => {
    // Prepare
    const kase = requested();
    const answer: LifecycleAction = { action: 'answer_correction', answer: '12号', via: 'web' };
    const answered = apply(kase, answer, citizen, '2026-11-23T10:00:00');

    // Act & Assess
    expect(refusal(answered, answer, citizen, '2026-11-23T11:00:00')).toBe('no_open_correction');
    expect(refusal(acknowledged(), answer, citizen, '2026-11-23T11:00:00')).toBe('no_open_correction');
    expect(refusal(kase, answer, water, '2026-11-23T10:00:00')).toBe('forbidden');
    expect(refusal(kase, answer, supervisor, '2026-11-23T10:00:00')).toBe('forbidden');
    expect(refusal(kase, { ...answer, answer: ' ' } as LifecycleAction, citizen, '2026-11-23T10:00:00')).toBe(
      'invalid_input',
    );
    expect(
      refusal(
        kase,
        { ...answer, answer: '答'.repeat(ANSWER_MAX_CHARS + 1) } as LifecycleAction,
        citizen,
        '2026-11-23T10:00:00',
      ),
    ).toBe('invalid_input');
    expect(
      refusal(kase, { ...answer, via: 'phone' } as LifecycleAction, citizen, '2026-11-23T10:00:00'),
    ).toBe('invalid_input');
    expect(refusal(kase, answer, agent, '2026-11-23T10:00:00')).toBe('invalid_input');
    expect(
      LifecycleActionSchema.safeParse({ ...answer, attachments: ['1', '2', '3', '4', '5', '6'] }).success,
    ).toBe(false);
    expect(LifecycleActionSchema.safeParse({ ...answer, via: 'sms' }).success).toBe(false);
  });

  it('refuses on a closed case', () => {
    // Prepare
    const closed = apply(
      requested(),
      { action: 'close', note: '市民撤回' },
      supervisor,
      '2026-11-23T10:00:00',
    );

    // Act & Assess
    expect(closed.pausedSince).toBeUndefined();
    expect(
      refusal(
        closed,
        { action: 'answer_correction', answer: '12号', via: 'web' },
        citizen,
        '2026-11-23T11:00:00',
      ),
    ).toBe('illegal_transition');
  });
});

describe('Transition: resume while a correction is open', () => {
  it('refuses the department (the answer resumes), lets a supervisor, and the answer then only records', () => {
    // Prepare
    const kase = requested();

    // Act
    const resumed = apply(kase, { action: 'resume', note: '误发' }, supervisor, '2026-11-23T10:00:00');
    const answered = apply(
      resumed,
      { action: 'answer_correction', answer: '12号', via: 'web' },
      citizen,
      '2026-11-24T10:00:00',
    );

    // Assess
    expect(refusal(kase, { action: 'resume' }, water, '2026-11-23T10:00:00')).toBe('correction_open');
    expect(resumed.pausedSince).toBeUndefined();
    expect(openCorrection(resumed)).toBeDefined();
    expect(answered.dueAt).toBe(resumed.dueAt);
    expect(answered.pauses).toEqual(resumed.pauses);
    expect(answered.correction?.answer).toBe('12号');
  });
});

describe('Transition: close_uncorrected', () => {
  it('closes as 未补正 once the citizen’s time has passed, clearing the pause, deciding no SLA outcome', () => {
    // Prepare: due Friday 11-27 23:59:59
    const kase = requested();

    // Act
    const closed = apply(
      kase,
      { action: 'close_uncorrected', note: '逾期未补正' },
      supervisor,
      '2026-11-28T09:00:00',
    );

    // Assess
    expect(closed.status).toBe('closed');
    expect(closed.closeReason).toBe('not_corrected');
    expect(closed.pausedSince).toBeUndefined();
    expect(closed.slaOutcome).toBeUndefined();
    expect(closed.completedAt).toBeUndefined();
    expect(closed.history.at(-1)).toMatchObject({ action: 'close_uncorrected', actor: 'supervisor:s-1' });
  });

  it('refuses before the due date, without an open request, and for anyone but a supervisor', () => {
    // Prepare
    const kase = requested();
    const answered = apply(
      kase,
      { action: 'answer_correction', answer: '12号', via: 'web' },
      citizen,
      '2026-11-23T10:00:00',
    );
    const close: LifecycleAction = { action: 'close_uncorrected' };

    // Act & Assess
    expect(refusal(kase, close, supervisor, '2026-11-27T23:00:00')).toBe('not_due');
    expect(refusal(answered, close, supervisor, '2026-11-28T09:00:00')).toBe('no_open_correction');
    expect(refusal(acknowledged(), close, supervisor, '2026-11-28T09:00:00')).toBe('no_open_correction');
    expect(refusal(kase, close, water, '2026-11-28T09:00:00')).toBe('forbidden');
    expect(refusal(kase, close, agent, '2026-11-28T09:00:00')).toBe('forbidden');
  });
});
