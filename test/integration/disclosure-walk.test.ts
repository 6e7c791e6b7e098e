import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { supervise as Supervise } from '../../functions/supervise-deadlines/handler.js';
import { loadDevJwt } from '../../local/jwt.js';
import { verifyArchivedCase } from '../../shared/adapters/archive-verifier.js';
import { fromItem } from '../../shared/adapters/case-item.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { addSpanChecked } from '../../shared/domain/calendar/load-calendar.js';
import { clockBasisOf, shiftForPause } from '../../shared/domain/calendar/pausable-deadline.js';
import type { Case } from '../../shared/domain/case.js';
import { type AnnualReportTable, annualReport } from '../../shared/domain/disclosure/annual-report.js';
import { restartedDueAt } from '../../shared/domain/disclosure/deadlines.js';
import { disclosureFactsOf } from '../../shared/domain/disclosure/facts.js';
import { creditCheckCharacter, idCheckCharacter } from '../../shared/domain/disclosure/identity-numbers.js';
import { closedAtOf, dossierKeys } from '../../shared/domain/dossier/index.js';
import type { WorkingCalendar } from '../../shared/domain/working-days.js';
import { shanghaiDate } from '../../shared/domain/working-days.js';
import {
  ddb,
  eventually,
  idempotencyKey,
  idle,
  routedPair,
  type StaffJson,
  s3,
  stack,
  staffCall,
  supervisionJob,
  uniquePhone,
} from './helpers.js';

// Issue 14's "done when" as one walk through the local stack's HTTP API: a request by post entered
// by the disclosure office → 登记 → 补正 (the 20 working days restart from the correction's day,
// 第三十条) → third-party consultation (the time waited not counted, 第三十二条) → extension with the
// applicant's notice (第三十三条第二款) → a 部分公开 draft by the department → the drafter's own
// approval refused (two-person rule) → a reviewer's approval with the 答复书 PDF, whose hash is the
// case's and whose dossier verifies. A second request never corrected is withdrawn by the
// supervision job (视为放弃申请). The annual report then counts both, and equals a recount of the
// cases table.

const DAY_MS = 86_400_000;
const DRAFTER = 'it-walk-drafter';

/** A resident identity number with its check character (GB 11643-1999), born 1985-03-12. */
const ID_NUMBER = `11010519850312123${idCheckCharacter('11010519850312123')}`;
/** A unified social credit code (GB 32100-2015) of an enterprise, with its check character. */
const CREDIT_CODE = `91110108MA01KEY3P`;
const CREDIT = `${CREDIT_CODE}${creditCheckCharacter(CREDIT_CODE)}`;

const PARTLY_DISCLOSED = {
  outcome: 'partly_disclosed',
  provision: { form: 'email', formWanted: 'email' },
  withheldParts: [
    {
      part: '中标企业的报价明细',
      ground: 'withheld_third_party_rights',
      reason: '涉及第三方商业秘密，第三方不同意公开（第十五条）',
    },
  ],
};

type Tokens = Record<'department' | 'agent' | 'supervisor' | 'reviewer' | 'selfReviewer' | 'analyst', string>;

describe('依申请公开 walk through the local stack', () => {
  const { departmentId } = routedPair();
  const cases = new DynamoCaseStore(ddb, stack.resources.casesTable);
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  let tokens: Tokens;
  let calendar: WorkingCalendar;
  let supervise: typeof Supervise;
  let reportBefore: AnnualReportTable;
  let replied: Case;
  let withdrawn: Case;

  const act = (token: string, caseId: string, body: Record<string, unknown>) =>
    staffCall(token, 'POST', `/v1/cases/by-id/${caseId}/actions`, body);
  const read = async (caseId: string) =>
    (await staffCall(tokens.supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json as StaffJson & Case;
  const report = async () => {
    const res = await staffCall(tokens.analyst, 'GET', `/v1/disclosure/annual-report?year=${year}`);
    expect(res.status).toBe(200);
    return res.json as unknown as AnnualReportTable;
  };

  /** The office enters a request that came by registered post, signed for `signedForAt`; the case once dispatched. */
  async function enterByPost(applicant: Record<string, unknown>, signedForAt: Date): Promise<Case> {
    const res = await fetch(`${stack.url}/v1/disclosure/requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.agent}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey(),
      },
      body: JSON.stringify({
        applicant,
        information: { description: '2026 年本区老旧小区改造项目的招标文件及中标结果' },
        purpose: '了解本小区改造资金使用情况',
        form: { medium: 'email', delivery: 'email' },
        departmentId,
        arrival: { way: 'post', signedForAt: signedForAt.toISOString(), postmarkedOn: '2026-01-02' },
      }),
    });
    const entered = (await res.json()) as { caseId: string; trackingNo: string; receivedOn: string };
    expect(res.status).toBe(202);
    // 第三十一条第（二）项: by post, the day the office signed for it.
    expect(entered.receivedOn).toBe(shanghaiDate(signedForAt));
    return eventually(
      async () => {
        const got = await staffCall(tokens.supervisor, 'GET', `/v1/cases/by-id/${entered.caseId}`);
        return got.status === 200 ? (got.json as unknown as Case) : undefined;
      },
      { what: 'the dispatched disclosure request' },
    );
  }

  /** Moves the open pause's start back in time, as if the days had passed (the stack has no clock control). */
  async function backdatePause(caseId: string, at: string) {
    await ddb.send(
      new UpdateCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET pausedSince.#at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    tokens = {
      department: await jwt.issue({ sub: DRAFTER, role: 'department', departmentId }),
      agent: await jwt.issue({ sub: 'it-walk-agent', role: 'agent' }),
      supervisor: await jwt.issue({ sub: 'it-walk-head', role: 'supervisor' }),
      reviewer: await jwt.issue({ sub: 'it-walk-reviewer', role: 'reviewer' }),
      // The drafter's own subject with the reviewer's role: the two-person rule is by person, not role.
      selfReviewer: await jwt.issue({ sub: DRAFTER, role: 'reviewer' }),
      analyst: await jwt.issue({ sub: 'it-walk-analyst', role: 'analyst' }),
    };
    calendar = await new DynamoDirectoryStore(ddb, stack.resources.directoryTable).loadCalendar();
    supervise = await supervisionJob();
    reportBefore = await report();
  });

  it('walks a request by post through 登记, 补正, a third party, an extension and a reviewed 部分公开 reply', async () => {
    // Prepare: a citizen's registered letter, signed for an hour ago
    const kase = await enterByPost(
      {
        kind: 'citizen',
        name: '王晓明',
        document: { kind: 'resident_id_card', number: ID_NUMBER },
        contact: { phone: uniquePhone(), email: 'wangxm@example.cn', address: '东城区和平里七区 3 号楼' },
      },
      new Date(Date.now() - 3_600_000),
    );
    const id = kase.caseId;
    expect(kase).toMatchObject({ type: 'disclosure', channel: 'office', departmentId, status: 'dispatched' });
    expect(JSON.stringify(kase)).not.toContain(ID_NUMBER);

    // Act: 登记
    const registered = await act(tokens.department, id, {
      action: 'register',
      decision: 'accept',
      responsible: { id: DRAFTER, name: '刘承办' },
    });

    // Assess
    expect(registered.status).toBe(200);
    expect(registered.json).toMatchObject({
      status: 'acknowledged',
      disclosure: { registration: { decision: 'accept' }, responsible: { name: '刘承办' } },
    });

    // Act: 补正 within 7 working days of receipt, answered by the agent the applicant called
    const asked = await act(tokens.department, id, {
      action: 'request_correction',
      question: '请写明所需招标文件的项目名称或文号',
    });
    const answered = await act(tokens.agent, id, {
      action: 'answer_correction',
      answer: '项目名称：和平里七区老旧小区综合整治工程',
      via: 'phone',
    });

    // Assess: the 20 working days run again from the day the correction arrived (第三十条)
    expect(asked.status).toBe(200);
    expect(asked.json.pausedSince).toMatchObject({ reason: 'awaiting_correction' });
    expect(answered.status).toBe(200);
    const corrected = answered.json as unknown as Case;
    expect(corrected.pausedSince).toBeUndefined();
    const answeredAt = new Date(corrected.correction?.answeredAt as string);
    expect(corrected.dueAt).toBe(restartedDueAt(answeredAt, calendar).dueAt.toISOString());
    expect(corrected.history.at(-1)?.note).toContain('第三十条');

    // Act: a third party's opinion asked; the wait (backdated a week) is not counted (第三十二条)
    const consulted = await act(tokens.department, id, {
      action: 'consult_third_party',
      party: '某建设工程有限公司（中标企业）',
    });
    expect(consulted.status).toBe(200);
    expect(consulted.json.pausedSince).toMatchObject({ reason: 'third_party' });
    const pausedAt = new Date(Date.now() - 7 * DAY_MS);
    await backdatePause(id, pausedAt.toISOString());
    const opinion = await act(tokens.department, id, {
      action: 'record_third_party_opinion',
      opinion: '不同意公开报价明细，其余内容同意公开',
    });

    // Assess
    expect(opinion.status).toBe(200);
    const resumed = opinion.json as unknown as Case;
    const pause = resumed.pauses?.at(-1);
    expect(pause).toMatchObject({ from: pausedAt.toISOString(), reason: 'third_party' });
    const expectedDue = shiftForPause(
      new Date(corrected.dueAt),
      { from: pausedAt, to: new Date(pause?.to as string) },
      clockBasisOf('disclosure', 'normal'),
      calendar,
    );
    expect(resumed.dueAt).toBe(expectedDue.toISOString());
    expect(Date.parse(resumed.dueAt)).toBeGreaterThan(Date.parse(corrected.dueAt));
    expect(resumed.disclosure?.thirdParties?.at(-1)).toMatchObject({
      opinion: '不同意公开报价明细，其余内容同意公开',
    });

    // Act: one extension of 20 working days, approved by the office head (第三十三条第二款)
    const limit = addSpanChecked(new Date(resumed.dueAt), { workingDays: 20 }, calendar).dueAt.toISOString();
    const requested = await act(tokens.department, id, {
      action: 'request_extension',
      reason: '需与第三方进一步核实，难以在期限内答复',
      requestedDueAt: limit,
    });
    const approved = await act(tokens.supervisor, id, { action: 'approve_extension' });

    // Assess: the new deadline, and the applicant's notice queued with it
    expect(requested.status).toBe(200);
    expect(approved.status).toBe(200);
    expect(approved.json.dueAt).toBe(limit);
    expect(approved.json.notices).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'disclosure_extension' })]),
    );

    // Act: the department drafts 部分公开
    const drafted = await act(tokens.department, id, {
      action: 'draft_reply',
      reply: PARTLY_DISCLOSED,
      drafterName: '刘承办',
    });
    expect(drafted.status).toBe(200);
    const draft = drafted.json as unknown as Case;
    expect(draft.disclosure?.draft).toMatchObject({ drafterId: DRAFTER, revision: 1 });

    // Act: the drafter approves their own draft
    const approve = `/v1/disclosure/cases/${id}/approve`;
    const self = await staffCall(tokens.selfReviewer, 'POST', approve, {
      expectedVersion: draft.version,
      confidentialityReviewed: true,
      reviewerName: '刘承办',
    });

    // Assess: refused, nothing changed
    expect(self).toMatchObject({ status: 403, json: { error: { code: 'self_approval' } } });
    expect((await read(id)).version).toBe(draft.version);

    // Act: a reviewer approves
    const reviewed = await staffCall(tokens.reviewer, 'POST', approve, {
      expectedVersion: draft.version,
      confidentialityReviewed: true,
      reviewerName: '陈审核',
    });

    // Assess: closed as replied, 部分公开, with its 答复书
    expect(reviewed.status).toBe(200);
    replied = (reviewed.json as { case: Case }).case;
    expect(replied).toMatchObject({
      status: 'closed',
      closeReason: 'replied',
      disclosure: {
        outcome: 'partly_disclosed',
        decidedOn: shanghaiDate(new Date()),
        approval: { reviewerId: 'it-walk-reviewer', reviewerName: '陈审核', confidentialityReviewed: true },
      },
    });
    const letter = replied.disclosure?.letter;
    expect(letter?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(replied.notices).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'disclosure_reply' })]),
    );

    // Act: the letter, as staff download it
    const pdf = await fetch(`${stack.url}/v1/disclosure/cases/${id}/letter`, {
      headers: { authorization: `Bearer ${tokens.reviewer}` },
    });
    const bytes = Buffer.from(await pdf.arrayBuffer());

    // Assess: a PDF whose SHA-256 is the one the case recorded
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(letter?.sha256);
    expect(bytes.length).toBe(letter?.bytes);

    // Act: the dossier the stream consumer archives on closing
    await idle();
    const verified = await eventually(
      async () => {
        const result = await verifyArchivedCase(id, { s3, bucket: stack.resources.archiveBucket, cases });
        return result.jsonKey ? result : undefined;
      },
      { what: 'the archived dossier' },
    );

    // Assess: it verifies, and names the letter with the case's hash
    expect(verified.mismatches).toEqual([]);
    expect(verified.jsonKey).toBe(dossierKeys(id, closedAtOf(replied)).json);
    const json = await s3.send(
      new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: verified.jsonKey }),
    );
    const dossier = JSON.parse((await json.Body?.transformToString()) ?? '{}') as {
      objects: { kind: string; key: string; sha256: string }[];
    };
    expect(dossier.objects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'letter', key: letter?.key, sha256: letter?.sha256 }),
      ]),
    );
  });

  it('withdraws a request never corrected once its correction period has passed (视为放弃申请)', async () => {
    // Prepare: an enterprise's letter, registered, asked for a correction that never comes
    const kase = await enterByPost(
      {
        kind: 'organisation',
        name: '北京某某科技有限公司',
        creditCode: CREDIT,
        organisationKind: 'commercial_enterprise',
        representative: { role: 'contact_person', name: '赵联系' },
        contact: { phone: uniquePhone(), email: 'office@example.cn' },
      },
      new Date(Date.now() - 60_000),
    );
    const id = kase.caseId;
    expect((await act(tokens.department, id, { action: 'register', decision: 'accept' })).status).toBe(200);
    const asked = await act(tokens.department, id, {
      action: 'request_correction',
      question: '请说明所需信息的时间范围',
    });
    expect(asked.status).toBe(200);
    await supervise(new Date());
    expect((await read(id)).status).toBe('acknowledged');

    // Act: the correction period passes (its date moved back through the store, so the supervision
    // index sees it as the stack would in some weeks), and the job runs
    const stored = (await cases.getById(id)) as Case;
    const correction = stored.correction as NonNullable<Case['correction']>;
    const lapsed = { ...correction, dueAt: new Date(Date.now() - 60_000).toISOString() };
    expect(
      await cases.update({ ...stored, correction: lapsed, version: stored.version + 1 }, stored.version),
    ).toEqual({ outcome: 'updated' });
    await supervise(new Date());

    // Assess: closed as withdrawn by the system (this run's or the stack's scheduled one), counted
    // under 申请人无正当理由逾期不补正
    withdrawn = await read(id);
    expect(withdrawn).toMatchObject({
      status: 'closed',
      closeReason: 'withdrawn',
      disclosure: { outcome: 'other_no_correction', decidedOn: shanghaiDate(new Date()) },
    });
    expect(withdrawn.pausedSince).toBeUndefined();
    const last = withdrawn.history.at(-1);
    expect(last).toMatchObject({ action: 'close_uncorrected' });
    expect(last?.note).toContain('第三十条');
  });

  it('counts both requests in the annual report, which equals a recount of the cases table', async () => {
    // Act
    const { table, recounted } = await eventually(
      async () => {
        const table = await report();
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await ddb.send(
            new ScanCommand({
              TableName: stack.resources.casesTable,
              FilterExpression: 'sk = :case AND attribute_exists(disclosure)',
              ExpressionAttributeValues: { ':case': 'CASE' },
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
        const facts = items.flatMap((item) => disclosureFactsOf(fromItem(item)) ?? []);
        const recounted = annualReport(year, facts);
        // The scheduled supervision job may touch another test's request between the two reads.
        return JSON.stringify(table) === JSON.stringify(recounted) ? { table, recounted } : undefined;
      },
      { what: 'the annual report to equal the recount' },
    );

    // Assess: the report is the recount
    expect(table).toEqual(recounted);
    // Assess: both requests, each in its column and its row
    const delta = (after: { counts: Record<string, number> }, before: { counts: Record<string, number> }) =>
      Object.fromEntries(
        Object.keys(after.counts).map((k) => [k, (after.counts[k] ?? 0) - (before.counts[k] ?? 0)]),
      );
    const group = (t: AnnualReportTable, g: string) =>
      t.requests.outcomes.groups.find(
        (x) => x.group === g,
      ) as AnnualReportTable['requests']['outcomes']['groups'][number];
    const row = (t: AnnualReportTable, outcome: string) =>
      group(t, 'other').rows.find((r) => r.outcome === outcome) as { counts: Record<string, number> };
    expect(delta(table.requests.received, reportBefore.requests.received)).toMatchObject({
      natural_person: 1,
      commercial_enterprise: 1,
      total: 2,
    });
    expect(delta(group(table, 'partly_disclosed'), group(reportBefore, 'partly_disclosed'))).toMatchObject({
      natural_person: 1,
      total: 1,
    });
    expect(delta(row(table, 'other_no_correction'), row(reportBefore, 'other_no_correction'))).toMatchObject({
      commercial_enterprise: 1,
      total: 1,
    });
    expect(replied.disclosure?.outcome).toBe('partly_disclosed');
    expect(withdrawn.disclosure?.outcome).toBe('other_no_correction');
  });
});
