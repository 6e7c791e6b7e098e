import { describe, expect, it } from 'vitest';
import { createCase } from '../../../../shared/domain/case.js';
import { nextCheckAt, superviseCase } from '../../../../shared/domain/lifecycle/index.js';
import { testAppeal } from '../../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';
import {
  calendar,
  citizen,
  clerk,
  ctx,
  refusal,
  registered,
  run,
  sh,
  supervisor,
  system,
} from '../../fixtures/disclosure-case.js';

const ask = { action: 'request_correction', question: '请补充所需文件的名称或文号' } as const;
const answer = { action: 'answer_correction', answer: '文号为京朝发改〔2025〕12号', via: 'web' } as const;
const consult = { action: 'consult_third_party', party: '某建设工程有限公司' } as const;

describe('补正 on a disclosure request (第三十条)', () => {
  it('pauses without a deadline to supervise while the applicant has it', () => {
    // Act
    const kase = run(registered(), [ask, clerk, '2026-12-03T10:00:00']);

    // Assess
    expect(kase.pausedSince).toMatchObject({ reason: 'awaiting_correction' });
    expect(kase.pausedSince?.latestDueAt).toBeUndefined();
    expect(kase.correction?.dueAt).toBe(sh('2026-12-14T23:59:59').toISOString()); // 7 working days
    expect(kase.notices?.map((n) => n.kind)).toEqual(['correction_request']);
  });

  it('restarts the 20 working days from the day the correction arrived', () => {
    // Prepare
    const asked = run(registered(), [ask, clerk, '2026-12-03T10:00:00']);

    // Act
    const kase = run(asked, [answer, citizen, '2026-12-08T16:00:00']);

    // Assess: 20 working days after Tuesday 12-08 → Tuesday 2027-01-05 (2027 weekends only)
    expect(kase.dueAt).toBe(sh('2027-01-05T23:59:59').toISOString());
    expect(kase.pausedSince).toBeUndefined();
    expect(kase.pauses).toEqual([
      {
        from: sh('2026-12-03T10:00:00').toISOString(),
        to: sh('2026-12-08T16:00:00').toISOString(),
        reason: 'awaiting_correction',
      },
    ]);
    expect(kase.history.at(-1)?.note).toContain('重新计算 20 个工作日（第三十条）');
  });

  it('is refused later than 7 working days after receipt, and a second time', () => {
    // Prepare
    const corrected = run(
      registered(),
      [ask, clerk, '2026-12-03T10:00:00'],
      [answer, citizen, '2026-12-04T10:00:00'],
    );

    // Act & Assess
    expect(refusal(registered(), ask, clerk, '2026-12-10T23:00:00')).toBeUndefined();
    expect(refusal(registered(), ask, clerk, '2026-12-11T09:00:00')).toBe('correction_too_late');
    expect(refusal(corrected, ask, clerk, '2026-12-07T09:00:00')).toBe('already_done');
  });

  it('is withdrawn by the job once the correction period passes (视为放弃申请)', () => {
    // Prepare
    const asked = run(registered(), [ask, clerk, '2026-12-03T10:00:00']);
    const due = new Date(asked.correction?.dueAt as string);

    // Act
    const early = superviseCase(asked, ctx('2026-12-14T23:00:00'));
    const late = superviseCase(asked, ctx('2026-12-15T00:05:00'));

    // Assess
    expect(nextCheckAt(asked)?.getTime()).toBe(due.getTime() + 1);
    expect(early.steps).toEqual([]);
    expect(late.steps).toEqual(['withdrawn']);
    expect(late.case.status).toBe('closed');
    expect(late.case.closeReason).toBe('withdrawn');
    expect(late.case.disclosure).toMatchObject({ outcome: 'other_no_correction', decidedOn: '2026-12-15' });
    expect(late.case.version).toBe(asked.version + 1);
    expect(late.case.history.at(-1)).toMatchObject({
      actor: 'system:supervise-deadlines',
      action: 'close_uncorrected',
    });
    expect(late.case.history.at(-1)?.note).toContain('视为放弃申请（第三十条）');
    expect(nextCheckAt(late.case)).toBeUndefined();
  });

  it('lets a supervisor close it too, and keeps the system off any other type', () => {
    // Prepare
    const asked = run(registered(), [ask, clerk, '2026-12-03T10:00:00']);
    const water = { role: 'department', id: 'u-1', departmentId: 'water-group' } as const;
    const help = run(
      createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar, now: sh('2026-11-20T10:00:05') }),
      [{ action: 'acknowledge' }, water, '2026-11-20T11:00:00'],
      [{ action: 'request_correction', question: '请提供门牌号' }, water, '2026-11-20T12:00:00'],
    );

    // Act
    const closed = run(asked, [
      { action: 'close_uncorrected', note: '逾期未补正' },
      supervisor,
      '2026-12-16T10:00:00',
    ]);

    // Assess
    expect(closed.closeReason).toBe('withdrawn');
    expect(refusal(help, { action: 'close_uncorrected' }, system, '2026-12-20T10:00:00')).toBe('forbidden');
    expect(superviseCase(help, ctx('2026-12-20T10:00:00')).case.closeReason).toBeUndefined();
  });
});

describe('征求第三方意见 (第三十二条)', () => {
  it('pauses the clock for at most 15 working days and records the consultation', () => {
    // Act
    const kase = run(registered(), [consult, clerk, '2026-12-10T10:00:00']);

    // Assess: the third party has until Thursday 12-31; the deadline can reach 15 working days further
    expect(kase.pausedSince).toMatchObject({ reason: 'third_party' });
    expect(kase.pausedSince?.latestDueAt).toBe(sh('2027-01-19T23:59:59').toISOString());
    expect(kase.disclosure?.thirdParties).toEqual([
      {
        party: '某建设工程有限公司',
        askedAt: sh('2026-12-10T10:00:00').toISOString(),
        askedBy: 'department:clerk-1@housing-bureau',
        dueAt: sh('2026-12-31T23:59:59').toISOString(),
      },
    ]);
    expect(kase.history.at(-1)?.note).toContain('第三十二条');
  });

  it('resumes on the opinion, the time waited not counted', () => {
    // Prepare
    const asked = run(registered(), [consult, clerk, '2026-12-10T10:00:00']);

    // Act
    const kase = run(asked, [
      { action: 'record_third_party_opinion', opinion: '不同意公开报价明细' },
      clerk,
      '2026-12-15T10:00:00',
    ]);

    // Assess: 3 working days (12-11, 12-14, 12-15) added to Tuesday 12-29 → Friday 2027-01-01
    expect(kase.dueAt).toBe(sh('2027-01-01T23:59:59').toISOString());
    expect(kase.pausedSince).toBeUndefined();
    expect(kase.disclosure?.thirdParties?.[0]).toMatchObject({
      opinion: '不同意公开报价明细',
      answeredAt: sh('2026-12-15T10:00:00').toISOString(),
    });
    expect(
      refusal(kase, { action: 'record_third_party_opinion', opinion: 'x' }, clerk, '2026-12-16T10:00:00'),
    ).toBe('no_third_party_consultation');
  });

  it('records 逾期未提出意见 and resumes when the 15 working days pass, counting no more than 15', () => {
    // Prepare
    const asked = run(registered(), [consult, clerk, '2026-12-10T10:00:00']);
    const due = new Date(asked.disclosure?.thirdParties?.[0]?.dueAt as string);

    // Act
    const early = superviseCase(asked, ctx('2026-12-31T12:00:00'));
    const lapsed = superviseCase(asked, ctx('2027-01-04T09:00:00'));

    // Assess
    expect(nextCheckAt(asked)?.getTime()).toBe(due.getTime() + 1);
    expect(early.steps).toEqual([]);
    expect(lapsed.steps).toEqual(['third_party_lapsed']);
    expect(lapsed.case.disclosure?.thirdParties?.[0]?.opinion).toBe('逾期未提出意见');
    expect(lapsed.case.dueAt).toBe(sh('2027-01-19T23:59:59').toISOString());
    expect(lapsed.case.pausedSince).toBeUndefined();
    expect(
      refusal(asked, { action: 'record_third_party_opinion', opinion: 'x' }, system, '2026-12-31T12:00:00'),
    ).toBe('not_due');
  });

  it('takes no plain pause on a request, and no department resume of an open consultation', () => {
    // Prepare
    const consulted = run(registered(), [consult, clerk, '2026-12-10T10:00:00']);

    // Act & Assess
    expect(
      refusal(registered(), { action: 'pause', reason: 'third_party' }, clerk, '2026-12-10T10:00:00'),
    ).toBe('invalid_reason');
    expect(refusal(consulted, { action: 'resume' }, clerk, '2026-12-11T10:00:00')).toBe('paused');
    expect(
      refusal(consulted, { action: 'resume', note: '第三方已书面答复' }, supervisor, '2026-12-11T10:00:00'),
    ).toBe(undefined);
  });

  it('is refused on an unregistered request, while paused, and without a party', () => {
    // Prepare
    const paused = run(registered(), [consult, clerk, '2026-12-10T10:00:00']);

    // Act & Assess
    expect(refusal(paused, consult, clerk, '2026-12-11T10:00:00')).toBe('paused');
    expect(refusal(registered(), { ...consult, party: ' ' }, clerk, '2026-12-11T10:00:00')).toBe(
      'invalid_input',
    );
  });
});

describe('延期 (第三十三条第二款)', () => {
  it('tells the applicant the new deadline when an extension is approved', () => {
    // Prepare
    const requested = run(registered(), [
      {
        action: 'request_extension',
        reason: '需调取档案',
        requestedDueAt: sh('2027-01-26T23:59:59').toISOString(),
      },
      clerk,
      '2026-12-20T10:00:00',
    ]);

    // Act
    const kase = run(requested, [{ action: 'approve_extension' }, supervisor, '2026-12-21T10:00:00']);

    // Assess
    expect(kase.dueAt).toBe(sh('2027-01-26T23:59:59').toISOString());
    expect(kase.notices?.map((n) => n.kind)).toEqual(['disclosure_extension']);
    expect(kase.history.at(-1)?.note).toContain('第三十三条第二款');
  });

  it('allows one extension of at most 20 working days', () => {
    // Act & Assess
    expect(
      refusal(
        registered(),
        { action: 'request_extension', reason: 'x', requestedDueAt: sh('2027-01-27T23:59:59').toISOString() },
        clerk,
        '2026-12-20T10:00:00',
      ),
    ).toBe('extension_beyond_policy');
  });
});
