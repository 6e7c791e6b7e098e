import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DisclosureFile, KeptRequest } from '../../../shared/domain/disclosure/case-fields';
import type { ActionName } from '../../../shared/domain/lifecycle/actions';
import { type ActionCase, actionsFor } from '../../console/src/views/case-detail/available-actions';
import {
  identityLine,
  isOwnDraft,
  returnedLine,
  stageOf,
} from '../../console/src/views/case-detail/disclosure/disclosure-format';

/** The case page's buttons that matter here (actions/index.ts is TSX, which the node tests cannot load). */
const OFFERED_ACTIONS: readonly ActionName[] = [
  'acknowledge',
  'complete',
  'request_extension',
  'request_correction',
  'register',
  'assign_responsible',
  'consult_third_party',
  'record_third_party_opinion',
  'draft_reply',
  'approve_reply',
  'reject_reply',
  'record_review',
];

const lead = { role: 'department' as const, departmentId: 'housing' };
const reviewer = { role: 'reviewer' as const };
const supervisor = { role: 'supervisor' as const };

const request: DisclosureFile['request'] = {
  applicant: {
    kind: 'citizen',
    name: '张三',
    document: { kind: 'resident_id_card', hash: 'ab'.repeat(32), last4: '002X' },
    contact: { phone: '13800138000' },
  },
  information: { description: '立项批复' },
  form: { medium: 'email', delivery: 'email' },
  departmentId: 'housing',
  arrival: { way: 'in_person', handedInAt: '2026-12-01T09:00:00+08:00' },
  receivedOn: '2026-12-01',
};
const registration: DisclosureFile['registration'] = {
  decision: 'accept',
  receivedOn: '2026-12-01',
  registeredBy: 'department:local-department-housing@housing',
  registeredAt: '2026-12-01T10:00:00+08:00',
  article: '第三十一条',
};
const draft: DisclosureFile['draft'] = {
  reply: {
    outcome: 'withheld_state_secret',
    reason: '属于国家秘密',
    drafter: { id: 'local-department-housing', name: '王五' },
  },
  draftedAt: '2026-12-02T10:00:00+08:00',
  draftedBy: 'department:local-department-housing@housing',
  drafterId: 'local-department-housing',
  revision: 1,
};

function disclosureCase(file: Partial<DisclosureFile> = {}, over: Partial<ActionCase> = {}): ActionCase {
  return {
    status: 'acknowledged',
    departmentId: 'housing',
    type: 'disclosure',
    disclosure: { request, ...file },
    ...over,
  };
}

const offered = (k: ActionCase, viewer: Parameters<typeof actionsFor>[1]): ActionName[] =>
  actionsFor(k, viewer, OFFERED_ACTIONS, new Date('2026-12-03T00:00:00Z'));

describe('Function: actionsFor on a disclosure request', () => {
  it('offers the lead department 登记 first (no 签收, no 补正), and no reply before it', () => {
    // Act
    const actions = offered(disclosureCase({}, { status: 'dispatched' }), lead);

    // Assess
    expect(actions).toEqual(['register']);
    expect(actions).not.toContain('draft_reply');
    expect(actions).not.toContain('consult_third_party');
  });

  it('offers 拟稿, 专人 and 第三方 once registered, and never 办结 (the reply is sent by 审核)', () => {
    // Act
    const actions = offered(disclosureCase({ registration }), lead);

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['assign_responsible', 'consult_third_party', 'draft_reply']),
    );
    expect(actions).not.toContain('register');
    expect(actions).not.toContain('complete');
    expect(actions).not.toContain('approve_reply');
    expect(actions).toContain('request_correction');
  });

  it('offers 补正 once only (第三十条)', () => {
    // Prepare
    const correction = {
      question: '请补充信息名称',
      requestedAt: '2026-12-02T10:00:00+08:00',
      requestedBy: 'x',
      dueAt: '2026-12-11T23:59:59+08:00',
      answeredAt: '2026-12-03T10:00:00+08:00',
      answer: '立项批复',
    } as unknown as ActionCase['correction'];

    // Act
    const actions = offered(disclosureCase({ registration }, { correction }), lead);

    // Assess
    expect(actions).not.toContain('request_correction');
  });

  it('offers no 审核 while the clock is paused, but 退回 still', () => {
    // Act
    const actions = offered(
      disclosureCase(
        { registration, draft },
        { pausedSince: { at: '2026-12-02T10:00:00+08:00', reason: 'third_party', by: 'x' } },
      ),
      reviewer,
    );

    // Assess
    expect(actions).toEqual(['reject_reply']);
  });

  it('offers the reviewer 审核 and 退回 for a draft awaiting approval, and nothing else', () => {
    // Act
    const actions = offered(disclosureCase({ registration, draft }), reviewer);

    // Assess
    expect(actions).toEqual(['approve_reply', 'reject_reply']);
  });

  it('offers neither 审核 nor 退回 for a draft the reviewer sent back, and the handler a redraft', () => {
    // Prepare
    const returned = {
      ...draft,
      returnedAt: '2026-12-02T11:00:00+08:00',
      returnedBy: 'reviewer:r-1',
      returnNote: '理由写得不够具体',
    } as DisclosureFile['draft'];

    // Act
    const forReviewer = offered(disclosureCase({ registration, draft: returned }), reviewer);
    const forLead = offered(disclosureCase({ registration, draft: returned }), lead);

    // Assess
    expect(forReviewer).not.toContain('approve_reply');
    expect(forReviewer).not.toContain('reject_reply');
    expect(forLead).toContain('draft_reply');
  });

  it('offers no 审核 once the draft’s revision is approved', () => {
    // Prepare
    const approval: DisclosureFile['approval'] = {
      approvedAt: '2026-12-02T11:00:00+08:00',
      approvedBy: 'reviewer:r-1',
      reviewerId: 'r-1',
      reviewerName: '赵六',
      confidentialityReviewed: true,
      revision: 1,
    };

    // Act
    const actions = offered(disclosureCase({ registration, draft, approval }), supervisor);

    // Assess
    expect(actions).not.toContain('approve_reply');
    expect(actions).not.toContain('reject_reply');
  });

  it('offers 记录第三方意见 only while a third party’s opinion is awaited', () => {
    // Prepare
    const asked = {
      party: '某公司',
      askedAt: '2026-12-02T10:00:00+08:00',
      askedBy: 'x',
      dueAt: '2026-12-23T23:59:59+08:00',
    };

    // Act
    const waiting = offered(disclosureCase({ registration, thirdParties: [asked] }), lead);
    const answered = offered(
      disclosureCase({
        registration,
        thirdParties: [{ ...asked, answeredAt: '2026-12-03T09:00:00+08:00', opinion: '同意公开' }],
      }),
      lead,
    );

    // Assess
    expect(waiting).toContain('record_third_party_opinion');
    expect(answered).not.toContain('record_third_party_opinion');
  });

  it('offers 复议诉讼登记 on the closed request once replied', () => {
    // Prepare
    const letter = {
      letterNo: '〔2026〕第0001号',
      repliedOn: '2026-12-02',
      key: 'k',
      sha256: 'a'.repeat(64),
      pages: 2,
      bytes: 9000,
    };

    // Act
    const actions = offered(disclosureCase({ registration, draft, letter }, { status: 'closed' }), lead);

    // Assess
    expect(actions).toEqual(['record_review']);
  });

  it('offers none of the disclosure actions on another type of case', () => {
    // Act
    const actions = offered({ status: 'acknowledged', departmentId: 'housing', type: 'complaint' }, lead);

    // Assess
    expect(actions).toContain('complete');
    expect(actions.filter((a) => ['register', 'draft_reply', 'approve_reply'].includes(a))).toEqual([]);
  });

  it('offers another department nothing on the request', () => {
    // Act
    const actions = offered(disclosureCase({ registration }), { role: 'department', departmentId: 'water' });

    // Assess
    expect(actions).toEqual([]);
  });
});

describe('Function: identityLine', () => {
  it('shows stars for the hidden characters and the last four only, by the shared table', () => {
    // Prepare
    const citizen = {
      applicant: { kind: 'citizen', document: { kind: 'passport', hash: 'h', last4: '1234' } },
    } as unknown as KeptRequest;
    const body = {
      applicant: { kind: 'organisation', creditCode: { kind: 'credit_code', hash: 'h', last4: '3PR5' } },
    } as unknown as KeptRequest;

    // Act & Assess
    expect(identityLine(citizen, () => '护照')).toBe('护照 *****1234');
    expect(identityLine(body, () => '')).toBe('统一社会信用代码 **************3PR5');
  });

  it('takes the mask from the core’s masked-identity.ts (no Node import), not a copy of its table', () => {
    // Prepare
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

    // Act
    const format = read('../../console/src/views/case-detail/disclosure/disclosure-format.ts');
    const masked = read('../../../shared/domain/disclosure/masked-identity.ts');

    // Assess
    expect(format).toMatch(
      /import \{ maskIdentity \} from '[./]+shared\/domain\/disclosure\/masked-identity'/,
    );
    expect(format).not.toContain('resident_id_card: 18');
    expect(masked).not.toMatch(/from 'node:/);
  });
});

describe('Functions: isOwnDraft and stageOf', () => {
  it('tells the drafter by the JWT subject, as the two-person rule does', () => {
    // Assess
    expect(isOwnDraft({ request, draft }, 'local-department-housing')).toBe(true);
    expect(isOwnDraft({ request, draft }, 'local-supervisor')).toBe(false);
    expect(isOwnDraft({ request }, 'local-department-housing')).toBe(false);
  });

  it('names where the request stands', () => {
    // Assess
    expect(stageOf({ request })).toBe('待登记');
    expect(stageOf({ request, registration })).toBe('办理中');
    expect(stageOf({ request, registration, draft })).toBe('待审核');
  });

  it('reads a sent-back draft from its marker: 退回修改 with the reason, until the next draft', () => {
    // Prepare
    const returned = {
      ...(draft as NonNullable<typeof draft>),
      returnedAt: '2026-12-02T03:00:00.000Z',
      returnedBy: 'reviewer:r-1',
      returnNote: '请写明检索范围',
    };

    // Assess
    expect(stageOf({ request, registration, draft: returned })).toBe('退回修改');
    expect(returnedLine(returned, (iso) => iso.slice(0, 10))).toBe('退回修改：请写明检索范围（2026-12-02）');
    expect(returnedLine(draft as NonNullable<typeof draft>, (iso) => iso)).toBe('');
  });
});
