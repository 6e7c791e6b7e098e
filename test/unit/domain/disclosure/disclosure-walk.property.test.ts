import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../../shared/domain/case.js';
import { applyAction, superviseCase } from '../../../../shared/domain/lifecycle/index.js';
import { addWorkingDays, shanghaiDate, workingDaysAfter } from '../../../../shared/domain/working-days.js';
import {
  calendar,
  citizen,
  clerk,
  ctx,
  disclosureCase,
  LETTER,
  PARTLY_DISCLOSED,
  reviewer,
  run,
  sh,
  supervisor,
} from '../../fixtures/disclosure-case.js';

const DAY = 86_400_000;
/** The request arrived on 2026-12-01 (a Tuesday); every step happens at 10:00 Shanghai on some day. */
const day = (offset: number) => new Date(sh('2026-12-01T10:00:00').getTime() + offset * DAY);
const local = (d: Date) => `${shanghaiDate(d)}T10:00:00`;
const wdBetween = (a: string, b: string) =>
  workingDaysAfter(shanghaiDate(new Date(a)), shanghaiDate(new Date(b)), calendar);

/** The timings of one walk, in calendar days after the step before. */
const Walk = fc.record({
  correctionOn: fc.integer({ min: 1, max: 9 }), // 2026-12-02 … 12-10: within 7 working days
  answeredAfter: fc.integer({ min: 1, max: 6 }),
  consultedAfter: fc.integer({ min: 1, max: 5 }),
  opinionAfter: fc.integer({ min: 1, max: 30 }),
  extensionAfter: fc.integer({ min: 1, max: 3 }),
  extensionDays: fc.integer({ min: 1, max: 20 }),
  draftedAfter: fc.integer({ min: 1, max: 5 }),
  approvedAfter: fc.integer({ min: 0, max: 40 }),
});

describe('Property: the disclosure walk (登记 → 补正 → 第三方 → 延期 → 拟稿 → 审核 → 答复)', () => {
  it('restarts, pauses, extends and replies by the 条例 whatever the timings, and never lets the drafter approve', () => {
    fc.assert(
      fc.property(Walk, (w) => {
        let t = w.correctionOn;
        // 登记
        let kase: Case = run(disclosureCase(), [
          { action: 'register', decision: 'accept' },
          clerk,
          local(day(0)),
        ]);
        expect(kase.status).toBe('acknowledged');

        // 补正 (第三十条): the period restarts from the day the correction arrived
        kase = run(kase, [{ action: 'request_correction', question: '请补充文号' }, clerk, local(day(t))]);
        t += w.answeredAfter;
        kase = run(kase, [
          { action: 'answer_correction', answer: '文号为某某', via: 'web' },
          citizen,
          local(day(t)),
        ]);
        expect(kase.dueAt).toBe(addWorkingDays(day(t), 20, calendar).toISOString());

        // 第三方 (第三十二条): the wait is not counted, at most 15 working days of it
        t += w.consultedAfter;
        const asked = local(day(t));
        kase = run(kase, [{ action: 'consult_third_party', party: '某公司' }, clerk, asked]);
        const dueBefore = kase.dueAt;
        const thirdPartyDue = kase.disclosure?.thirdParties?.[0]?.dueAt as string;
        t += w.opinionAfter;
        const answeredAt = day(t);
        if (answeredAt > new Date(thirdPartyDue)) {
          const supervised = superviseCase(kase, ctx(local(answeredAt)));
          expect(supervised.steps).toContain('third_party_lapsed');
          kase = supervised.case;
          expect(kase.disclosure?.thirdParties?.[0]?.opinion).toBe('逾期未提出意见');
        } else {
          kase = run(kase, [
            { action: 'record_third_party_opinion', opinion: '同意公开' },
            clerk,
            local(answeredAt),
          ]);
        }
        expect(kase.pausedSince).toBeUndefined();
        const waited = wdBetween(sh(asked).toISOString(), answeredAt.toISOString());
        expect(wdBetween(dueBefore, kase.dueAt)).toBe(Math.min(waited, 15));

        // 延期 (第三十三条第二款): once, at most 20 working days, the applicant told
        t += w.extensionAfter;
        const requestedDueAt = addWorkingDays(new Date(kase.dueAt), w.extensionDays, calendar).toISOString();
        kase = run(
          kase,
          [{ action: 'request_extension', reason: '需协调多个处室', requestedDueAt }, clerk, local(day(t))],
          [{ action: 'approve_extension' }, supervisor, local(day(t + 1))],
        );
        expect(kase.dueAt).toBe(requestedDueAt);
        expect(kase.notices?.some((n) => n.kind === 'disclosure_extension')).toBe(true);

        // 拟稿 and 审核: the drafter is refused, another person approves
        t += 1 + w.draftedAfter;
        kase = run(kase, [
          { action: 'draft_reply', reply: PARTLY_DISCLOSED, drafterName: '王五' },
          clerk,
          local(day(t)),
        ]);
        t += w.approvedAfter;
        const approve = {
          action: 'approve_reply',
          confidentialityReviewed: true,
          reviewerName: '李审核',
        } as const;
        const self = applyAction(
          kase,
          approve,
          { role: 'reviewer', id: clerk.id },
          ctx(local(day(t)), { letter: LETTER }),
        );
        expect(self.ok ? undefined : self.refusal.code).toBe('self_approval');
        const before = kase;
        kase = run(kase, [approve, reviewer, local(day(t)), { letter: LETTER }]);

        // 答复: closed with its outcome, on time or late against the deadline as it stood
        expect(kase.status).toBe('closed');
        expect(kase.closeReason).toBe('replied');
        expect(kase.disclosure?.outcome).toBe('partly_disclosed');
        expect(kase.disclosure?.decidedOn).toBe(shanghaiDate(day(t)));
        expect(kase.slaOutcome).toBe(day(t) <= new Date(before.dueAt) ? 'on_time' : 'late');
        expect(kase.history.length).toBe(kase.version + 1); // receive + dispatch, then one entry per version
      }),
      { numRuns: 60 },
    );
  });
});
