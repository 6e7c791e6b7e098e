import { describe, expect, it } from 'vitest';
import { createCase } from '../../../../shared/domain/case.js';
import { applyAction } from '../../../../shared/domain/lifecycle/index.js';
import { testAppeal } from '../../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';
import {
  calendar,
  clerk,
  ctx,
  disclosureAppeal,
  disclosureCase,
  LETTER,
  otherClerk,
  PARTLY_DISCLOSED,
  refusal,
  registered,
  reviewer,
  run,
  sh,
  supervisor,
} from '../../fixtures/disclosure-case.js';

const draft = (reply: unknown = PARTLY_DISCLOSED) =>
  ({ action: 'draft_reply', reply, drafterName: '王五' }) as const;
const approve = { action: 'approve_reply', confidentialityReviewed: true, reviewerName: '李审核' } as const;

describe('Function: createCase (依申请公开)', () => {
  it('runs the 20 working days from the receipt day and dispatches to the body addressed', () => {
    // Act
    const kase = disclosureCase();

    // Assess
    expect(kase.disclosure?.request.receivedOn).toBe('2026-12-01');
    expect(kase.dueAt).toBe(sh('2026-12-29T23:59:59').toISOString());
    expect(kase.ackDueAt).toBe(sh('2026-12-02T23:59:59').toISOString());
    expect(kase.status).toBe('dispatched');
    expect(kase.departmentId).toBe('housing-bureau');
    expect(kase.history.at(-1)?.note).toContain('第二十七条');
  });

  it('counts from a post request’s signing day, not from when it was entered', () => {
    // Prepare: signed for on Friday 2026-12-04, entered on Monday 12-07
    const appeal = {
      ...disclosureAppeal({ arrival: { way: 'post', signedForAt: '2026-12-04T02:00:00Z' } }),
      receivedAt: '2026-12-07T01:00:00.000Z',
    };

    // Act
    const kase = createCase(appeal, { directory: TEST_DIRECTORY, calendar, now: sh('2026-12-07T09:00:05') });

    // Assess: 20 working days after Friday 12-04 → Friday 2027-01-01 (no 2027 calendar: weekends only)
    expect(kase.disclosure?.request.receivedOn).toBe('2026-12-04');
    expect(kase.dueAt).toBe(sh('2027-01-01T23:59:59').toISOString());
  });

  it('routes as any appeal when the body addressed is not in the directory', () => {
    // Act
    const kase = createCase(disclosureAppeal({ departmentId: 'no-such-body' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: sh('2026-12-01T10:00:05'),
    });

    // Assess
    expect(kase.status).toBe('pending_dispatch');
    expect(kase.disclosure?.request.departmentId).toBe('no-such-body');
  });

  it('treats a disclosure appeal without a request as before', () => {
    // Act
    const kase = createCase(testAppeal({ type: 'disclosure' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: sh('2026-11-20T10:00:05'),
    });

    // Assess
    expect(kase.disclosure).toBeUndefined();
    expect(kase.departmentId).toBe('water-group');
  });
});

describe('Action: register 登记 (第四十五条)', () => {
  it('accepts the request: registration recorded, the registering clerk responsible, acknowledged', () => {
    // Act
    const kase = registered();

    // Assess
    expect(kase.status).toBe('acknowledged');
    expect(kase.disclosure?.registration).toMatchObject({
      decision: 'accept',
      receivedOn: '2026-12-01',
      registeredBy: 'department:clerk-1@housing-bureau',
    });
    expect(kase.disclosure?.responsible).toEqual({ id: 'clerk-1', name: 'clerk-1' });
    expect(kase.history.at(-1)?.note).toContain('第三十一条、第三十三条、第四十五条');
  });

  it('names the responsible person given, and refuses a second registration', () => {
    // Prepare
    const kase = run(disclosureCase(), [
      { action: 'register', decision: 'accept', responsible: { id: 'u-9', name: '赵六' } },
      clerk,
      '2026-12-01T15:00:00',
    ]);

    // Act & Assess
    expect(kase.disclosure?.responsible).toEqual({ id: 'u-9', name: '赵六' });
    expect(refusal(kase, { action: 'register', decision: 'accept' }, clerk, '2026-12-02T09:00:00')).toBe(
      'already_registered',
    );
  });

  it('passes a consultation on as a consultation case, counted by the annual report', () => {
    // Act
    const kase = run(disclosureCase(), [
      { action: 'register', decision: 'consultation', explanation: '请拨打 12345 咨询办理流程' },
      clerk,
      '2026-12-02T09:00:00',
    ]);

    // Assess
    expect(kase.type).toBe('consultation');
    expect(kase.status).toBe('acknowledged');
    expect(kase.dueAt).toBe(sh('2026-12-04T23:59:59').toISOString()); // 3 working days from the receipt
    expect(kase.disclosure).toMatchObject({ outcome: 'other', decidedOn: '2026-12-02' });
    expect(kase.disclosure?.registration?.reportOutcome).toBe('other');
    expect(kase.notices?.map((n) => n.kind)).toEqual(['disclosure_registration']);
    // From now on it is a consultation: completed as one, and the disclosure steps refuse it.
    expect(refusal(kase, draft(), clerk, '2026-12-02T10:00:00')).toBe('not_a_disclosure_request');
    expect(
      refusal(kase, { action: 'complete', reply: '已答复' }, clerk, '2026-12-02T10:00:00'),
    ).toBeUndefined();
  });

  it('passes a petition on as the case type chosen', () => {
    // Act
    const kase = run(disclosureCase(), [
      {
        action: 'register',
        decision: 'petition',
        petitionCaseType: 'complaint',
        explanation: '属于投诉事项',
      },
      clerk,
      '2026-12-02T09:00:00',
    ]);

    // Assess
    expect(kase.type).toBe('complaint');
    expect(kase.disclosure?.outcome).toBe('not_processed_petition');
  });

  it('answers a request for a publication and closes it', () => {
    // Act
    const kase = run(disclosureCase(), [
      { action: 'register', decision: 'publication', explanation: '见《某市人民政府公报》2026 年第 3 期' },
      clerk,
      '2026-12-02T09:00:00',
    ]);

    // Assess
    expect(kase.status).toBe('closed');
    expect(kase.closeReason).toBe('not_a_request');
    expect(kase.disclosure).toMatchObject({ outcome: 'not_processed_publications', decidedOn: '2026-12-02' });
    expect(kase.notices?.map((n) => n.kind)).toEqual(['disclosure_registration']);
    expect(kase.history.at(-1)?.note).toContain('第三十九条第二款');
  });

  it("maps the registration's refusals to invalid_input with its message", () => {
    // Prepare
    const kase = disclosureCase();

    // Act
    const result = applyAction(
      kase,
      { action: 'register', decision: 'petition' },
      clerk,
      ctx('2026-12-02T09:00:00'),
    );

    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.refusal.code).toBe('invalid_input');
      expect(result.refusal.message).toContain('投诉或举报');
    }
    expect(refusal(kase, { action: 'register', decision: 'maybe' }, clerk, '2026-12-02T09:00:00')).toBe(
      'invalid_input',
    );
    expect(
      refusal(kase, { action: 'register', decision: 'consultation' }, clerk, '2026-12-02T09:00:00'),
    ).toBe('invalid_input');
  });

  it('refuses a case that is not a disclosure request', () => {
    // Prepare
    const help = createCase(testAppeal(), {
      directory: TEST_DIRECTORY,
      calendar,
      now: sh('2026-11-20T10:00:05'),
    });
    const water = { role: 'department', id: 'u-1', departmentId: 'water-group' } as const;

    // Act & Assess
    expect(refusal(help, { action: 'register', decision: 'accept' }, water, '2026-11-20T11:00:00')).toBe(
      'not_a_disclosure_request',
    );
  });

  it('holds the office’s steps until the request is registered', () => {
    // Prepare
    const kase = run(disclosureCase(), [{ action: 'acknowledge' }, clerk, '2026-12-01T11:00:00']);

    // Act & Assess
    for (const action of [
      draft(),
      { action: 'consult_third_party', party: '某公司' } as const,
      { action: 'request_correction', question: '请补充文件名称' } as const,
      { action: 'complete', reply: '已答复' } as const,
    ]) {
      expect(refusal(kase, action, clerk, '2026-12-01T12:00:00')).toBe('not_registered');
    }
  });
});

describe('Action: assign_responsible 专人负责', () => {
  it('names the person responsible in the file and the history', () => {
    // Act
    const kase = run(registered(), [
      { action: 'assign_responsible', responsible: { id: 'u-9', name: '赵六' } },
      clerk,
      '2026-12-02T09:00:00',
    ]);

    // Assess
    expect(kase.disclosure?.responsible).toEqual({ id: 'u-9', name: '赵六' });
    expect(kase.history.at(-1)?.note).toContain('赵六（u-9）');
  });
});

describe('Actions: draft_reply / reject_reply / approve_reply 拟稿、审核、答复', () => {
  it('stores a draft with the drafter, and a redraft replaces it with the next revision', () => {
    // Act
    const once = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);
    const twice = run(once, [draft(), clerk, '2026-12-11T10:00:00']);

    // Assess
    expect(once.disclosure?.draft).toMatchObject({
      revision: 1,
      drafterId: 'clerk-1',
      draftedBy: 'department:clerk-1@housing-bureau',
      reply: { outcome: 'partly_disclosed', drafter: { id: 'clerk-1', name: '王五' } },
    });
    expect(twice.disclosure?.draft?.revision).toBe(2);
  });

  it('refuses a draft that breaks the reply rules, naming the first problem', () => {
    // Act
    const result = applyAction(
      registered(),
      draft({ outcome: 'partly_disclosed', provision: { form: 'email' } }),
      clerk,
      ctx('2026-12-10T10:00:00'),
    );

    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.refusal.code).toBe('invalid_input');
      expect(result.refusal.message).toContain('withheldParts');
    }
    expect(refusal(registered(), draft('不是对象'), clerk, '2026-12-10T10:00:00')).toBe('invalid_input');
  });

  it('sends a draft back with the reason, keeping it', () => {
    // Prepare
    const drafted = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);

    // Act
    const kase = run(drafted, [
      { action: 'reject_reply', note: '理由写得不够具体' },
      reviewer,
      '2026-12-11T10:00:00',
    ]);

    // Assess
    expect(kase.disclosure?.draft?.revision).toBe(1);
    expect(kase.history.at(-1)?.note).toContain('理由写得不够具体');
    expect(refusal(drafted, { action: 'reject_reply', note: ' ' }, reviewer, '2026-12-11T10:00:00')).toBe(
      'invalid_input',
    );
    expect(
      refusal(registered(), { action: 'reject_reply', note: 'x' }, reviewer, '2026-12-11T10:00:00'),
    ).toBe('no_draft');
  });

  it('marks a sent-back draft as returned, refuses to approve or return it again, and a redraft clears the mark', () => {
    // Prepare
    const drafted = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);

    // Act
    const returned = run(drafted, [
      { action: 'reject_reply', note: ' 理由写得不够具体 ' },
      reviewer,
      '2026-12-11T10:00:00',
    ]);
    const redrafted = run(returned, [draft(), clerk, '2026-12-12T10:00:00']);

    // Assess
    expect(returned.disclosure?.draft).toMatchObject({
      revision: 1,
      returnedAt: sh('2026-12-11T10:00:00').toISOString(),
      returnedBy: expect.stringContaining('head-1'),
      returnNote: '理由写得不够具体',
    });
    const approveReturned = applyAction(
      returned,
      approve,
      reviewer,
      ctx('2026-12-11T11:00:00', { letter: LETTER }),
    );
    expect(approveReturned.ok).toBe(false);
    if (!approveReturned.ok) {
      expect(approveReturned.refusal).toMatchObject({ code: 'no_draft', message: '答复稿已退回修改' });
    }
    expect(refusal(returned, { action: 'reject_reply', note: '再退' }, reviewer, '2026-12-11T11:00:00')).toBe(
      'no_draft',
    );
    expect(redrafted.disclosure?.draft?.revision).toBe(2);
    expect(redrafted.disclosure?.draft).not.toHaveProperty('returnedAt');
    expect(redrafted.disclosure?.draft).not.toHaveProperty('returnNote');
  });

  it('closes the request on another person’s approval, with the letter, the outcome and the reply notice', () => {
    // Prepare
    const drafted = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);

    // Act
    const kase = run(drafted, [approve, reviewer, '2026-12-22T10:00:00', { letter: LETTER }]);

    // Assess
    expect(kase.status).toBe('closed');
    expect(kase.closeReason).toBe('replied');
    expect(kase.completedAt).toBe(sh('2026-12-22T10:00:00').toISOString());
    expect(kase.slaOutcome).toBe('on_time');
    expect(kase.slaDueAt).toBe(kase.dueAt);
    expect(kase.disclosure).toMatchObject({
      outcome: 'partly_disclosed',
      decidedOn: '2026-12-22',
      letter: LETTER,
      approval: { reviewerId: 'head-1', reviewerName: '李审核', confidentialityReviewed: true, revision: 1 },
    });
    expect(kase.notices?.map((n) => n.kind)).toEqual(['disclosure_reply']);
    expect(kase.feedback).toBeUndefined();
  });

  it('decides late when the reply comes after the deadline', () => {
    // Prepare
    const drafted = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);

    // Act
    const kase = run(drafted, [approve, supervisor, '2026-12-30T10:00:00', { letter: LETTER }]);

    // Assess
    expect(kase.slaOutcome).toBe('late');
  });

  it('refuses self-approval, a missing confidentiality review, a missing letter, no draft, and a pause', () => {
    // Prepare
    const drafted = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);
    const draftedAgain = run(registered(), [draft(), clerk, '2026-12-10T10:00:00']);
    const selfReviewer = { role: 'reviewer', id: 'clerk-1' } as const;
    const paused = run(drafted, [
      { action: 'consult_third_party', party: '某公司' },
      clerk,
      '2026-12-11T10:00:00',
    ]);

    // Act & Assess
    expect(refusal(drafted, approve, selfReviewer, '2026-12-22T10:00:00', { letter: LETTER })).toBe(
      'self_approval',
    );
    expect(
      refusal(drafted, { ...approve, confidentialityReviewed: false }, reviewer, '2026-12-22T10:00:00', {
        letter: LETTER,
      }),
    ).toBe('invalid_input');
    expect(refusal(drafted, approve, reviewer, '2026-12-22T10:00:00')).toBe('letter_required');
    expect(refusal(registered(), approve, reviewer, '2026-12-22T10:00:00', { letter: LETTER })).toBe(
      'no_draft',
    );
    expect(refusal(paused, approve, reviewer, '2026-12-22T10:00:00', { letter: LETTER })).toBe('paused');
    expect(refusal(draftedAgain, approve, otherClerk, '2026-12-22T10:00:00', { letter: LETTER })).toBe(
      'forbidden',
    );
  });

  it('refuses 办结 on a registered request: it is answered through review', () => {
    // Act & Assess
    expect(refusal(registered(), { action: 'complete', reply: '已答复' }, clerk, '2026-12-10T10:00:00')).toBe(
      'illegal_transition',
    );
  });
});

describe('Action: record_review 行政复议、行政诉讼 (第五十条, annual report section 四)', () => {
  const replied = () =>
    run(
      registered(),
      [draft(), clerk, '2026-12-10T10:00:00'],
      [approve, reviewer, '2026-12-22T10:00:00', { letter: LETTER }],
    );
  const file = {
    action: 'record_review',
    kind: 'reconsideration',
    filedOn: '2027-01-05',
    result: 'pending',
  } as const;

  it('records a new review as R1, R2 … on the closed request, which stays closed', () => {
    // Act
    const once = run(replied(), [file, clerk, '2027-01-06T10:00:00']);
    const twice = run(once, [
      { ...file, kind: 'lawsuit_direct', filedOn: '2027-01-06' },
      supervisor,
      '2027-01-07T10:00:00',
    ]);

    // Assess
    expect(twice.status).toBe('closed');
    expect(twice.disclosure?.reviews?.map((r) => [r.reviewId, r.kind, r.result])).toEqual([
      ['R1', 'reconsideration', 'pending'],
      ['R2', 'lawsuit_direct', 'pending'],
    ]);
    expect(twice.history.at(-1)).toMatchObject({ action: 'record_review', actor: 'supervisor:s-1' });
  });

  it('updates a review by its id with its result and decision day', () => {
    // Prepare
    const filed = run(replied(), [file, clerk, '2027-01-06T10:00:00']);

    // Act
    const decided = run(filed, [
      { ...file, reviewId: 'R1', result: 'upheld', decidedOn: '2027-02-20' },
      clerk,
      '2027-02-21T10:00:00',
    ]);

    // Assess
    expect(decided.disclosure?.reviews).toEqual([
      expect.objectContaining({
        reviewId: 'R1',
        kind: 'reconsideration',
        result: 'upheld',
        decidedOn: '2027-02-20',
      }),
    ]);
  });

  it('refuses unknown kinds and results, bad or early dates, an unknown id, and an open request', () => {
    // Prepare
    const kase = replied();
    const now = '2027-01-06T10:00:00';

    // Act & Assess
    for (const bad of [
      { ...file, kind: 'appeal' },
      { ...file, result: 'won' },
      { ...file, filedOn: '2027-02-30' },
      { ...file, filedOn: '2026-12-21' }, // before the reply
      { ...file, filedOn: '2027-01-07' }, // in the future
      { ...file, result: 'upheld', decidedOn: '2027-01-04' }, // before it was filed
      { ...file, decidedOn: '2027-01-05' }, // pending with a decision day
      { ...file, reviewId: 'R9' },
    ]) {
      expect(refusal(kase, bad, clerk, now)).toBe('invalid_input');
    }
    expect(refusal(registered(), file, clerk, now)).toBe('illegal_transition');
  });

  it('is refused on any other closed case', () => {
    // Prepare: a closed case without a disclosure file
    const help = { ...replied(), type: 'help' as const, disclosure: undefined };

    // Act & Assess
    expect(refusal(help, file, supervisor, '2027-01-06T10:00:00')).toBe('not_a_disclosure_request');
  });
});

describe('History notes of the disclosure actions: labels, never codes', () => {
  it('names the registration decision, the new type, the outcome and the review in Chinese', () => {
    // Prepare
    const consultation = run(disclosureCase(), [
      { action: 'register', decision: 'consultation', explanation: '请拨打 12345 咨询办理流程' },
      clerk,
      '2026-12-02T09:00:00',
    ]);
    const replied = run(
      registered(),
      [draft(), clerk, '2026-12-10T10:00:00'],
      [approve, reviewer, '2026-12-22T10:00:00', { letter: LETTER }],
    );

    // Act
    const reviewed = run(replied, [
      {
        action: 'record_review',
        kind: 'reconsideration',
        filedOn: '2027-01-05',
        result: 'upheld',
        decidedOn: '2027-02-01',
      },
      supervisor,
      '2027-02-02T10:00:00',
    ]);

    // Assess
    const notes = [consultation, reviewed].flatMap((k) => k.history.map((h) => h.note ?? ''));
    expect(consultation.history.at(-1)?.note).toContain('不作为申请处理，转为咨询');
    expect(consultation.history.at(-1)?.note).toContain('转为 咨询');
    expect(reviewed.history.find((h) => h.action === 'draft_reply')?.note).toBe('第 1 稿: 部分公开');
    expect(reviewed.history.find((h) => h.action === 'approve_reply')?.note).toContain('部分公开');
    expect(reviewed.history.at(-1)?.note).toBe('R1: 行政复议: 2027-01-05 提起: 结果维持: 2027-02-01 审结');
    for (const code of ['consultation', 'partly_disclosed', 'reconsideration', 'upheld']) {
      expect(notes.join('\n')).not.toContain(code);
    }
  });
});

describe('Action: merge 并单 of a disclosure request', () => {
  it('is refused: every request is registered and answered on its own', () => {
    // Prepare
    const agent = { role: 'agent', id: 'a-1' } as const;

    // Act & Assess
    expect(
      refusal(
        disclosureCase(),
        { action: 'merge', masterCaseId: 'other-case-1' },
        agent,
        '2026-12-01T11:00:00',
      ),
    ).toBe('invalid_merge');
  });
});
