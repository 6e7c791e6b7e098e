import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { toItem } from '../../shared/adapters/case-item.js';
import { buildWorkingCalendar } from '../../shared/domain/calendar/index.js';
import { createCase } from '../../shared/domain/case.js';
import { parseDisclosureRequest, toKeptRequest } from '../../shared/domain/disclosure/request.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/identity.js';
import { buildDirectory } from '../../shared/domain/index.js';
import { SEED_CALENDAR_YEARS } from '../../shared/seed/calendar/index.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { citizenRequest } from '../unit/domain/disclosure/fixtures.js';
import { ddb, eventually, routedPair, type StaffJson, stack, staffCall, supervisionJob } from './helpers.js';

// 依申请公开 through the local stack: the lifecycle's disclosure actions over the case API, the
// supervision job's 视为放弃申请, and the disclosure notices through notify-citizen and send-notice.
// The request is stored as intake would store it (the intake route is another slice's), so this
// file tests the lifecycle, not the channel.

const { departmentId } = routedPair();
const directory = buildDirectory(SEED_DIRECTORY);
const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

/** A disclosure request received now, addressed to the department, stored as a dispatched case. */
async function storedRequest(): Promise<string> {
  const now = new Date();
  const parsed = parseDisclosureRequest(
    citizenRequest({
      departmentId,
      arrival: {
        way: 'online',
        submittedAt: new Date(now.getTime() - 60_000).toISOString(),
        confirmedAt: now.toISOString(),
      },
    }),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.refusal));
  const sourceId = `it-disclosure-${randomUUID()}`;
  const caseId = deriveCaseId('webform', sourceId);
  const kase = createCase(
    {
      caseId,
      trackingNo: deriveTrackingNo(caseId, now),
      channel: 'webform',
      sourceId,
      receivedAt: now.toISOString(),
      type: 'disclosure',
      urgency: 'normal',
      category: 'other',
      district: [...directory.districts.keys()][0] as string,
      content: '申请公开老旧小区改造项目的立项批复文件',
      // As intake keeps it: the hash and the masked number (no raw payload here, so a notice finds
      // no verified address and is recorded undeliverable).
      contact: { phoneHash: 'd'.repeat(64), phoneMasked: '139****5678' },
      attachments: [],
      disclosureRequest: toKeptRequest(parsed.request, 'it-hash-key'),
    },
    { directory, calendar, now },
  );
  expect(kase).toMatchObject({ status: 'dispatched', departmentId });
  await ddb.send(
    new PutCommand({
      TableName: stack.resources.casesTable,
      Item: toItem(kase),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return caseId;
}

describe('依申请公开 through the local stack', () => {
  let department: string;
  let reviewer: string;
  let supervisor: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-disc-clerk', role: 'department', departmentId });
    reviewer = await jwt.issue({ sub: 'it-disc-head', role: 'reviewer' });
    supervisor = await jwt.issue({ sub: 'it-disc-super', role: 'supervisor' });
  });

  const act = (token: string, caseId: string, body: unknown) =>
    staffCall(token, 'POST', `/v1/cases/by-id/${caseId}/actions`, body);

  it('registers, consults a third party, drafts, and takes a review; the reply waits for the desk', async () => {
    // Prepare
    const caseId = await storedRequest();

    // Act & Assess: 登记 and the refusal of a second one
    const registered = await act(department, caseId, { action: 'register', decision: 'accept' });
    expect(registered.status).toBe(200);
    expect(registered.json).toMatchObject({
      status: 'acknowledged',
      disclosure: { registration: { decision: 'accept' }, responsible: { id: 'it-disc-clerk' } },
    });
    const again = await act(department, caseId, { action: 'register', decision: 'accept' });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'already_registered' } } });

    // 第三方: paused, then resumed by the opinion
    const consulted = await act(department, caseId, { action: 'consult_third_party', party: '某公司' });
    expect(consulted.json.pausedSince).toMatchObject({ reason: 'third_party' });
    const opinion = await act(department, caseId, {
      action: 'record_third_party_opinion',
      opinion: '同意公开',
    });
    expect(opinion.status).toBe(200);
    expect(opinion.json.pausedSince).toBeUndefined();

    // 拟稿, a bad draft refused, 退回 by the reviewer
    const bad = await act(department, caseId, {
      action: 'draft_reply',
      reply: { outcome: 'disclosed' },
      drafterName: '王五',
    });
    expect(bad).toMatchObject({ status: 422, json: { error: { code: 'invalid_input' } } });
    const drafted = await act(department, caseId, {
      action: 'draft_reply',
      reply: { outcome: 'unavailable_not_held', notHeld: 'not_exist' },
      drafterName: '王五',
    });
    expect(drafted.status).toBe(200);
    expect((drafted.json.disclosure as StaffJson).draft).toMatchObject({
      revision: 1,
      drafterId: 'it-disc-clerk',
    });
    const rejected = await act(reviewer, caseId, { action: 'reject_reply', note: '请写明检索范围' });
    expect(rejected.status).toBe(200);
    expect((rejected.json.disclosure as StaffJson).draft).toMatchObject({
      revision: 1,
      returnNote: '请写明检索范围',
    });
    // A returned draft waits for the next revision: it cannot be approved, and a redraft clears the mark
    const returned = await act(reviewer, caseId, {
      action: 'approve_reply',
      confidentialityReviewed: true,
      reviewerName: '李审核',
    });
    expect(returned).toMatchObject({ status: 409, json: { error: { code: 'no_draft' } } });
    const redrafted = await act(department, caseId, {
      action: 'draft_reply',
      reply: { outcome: 'unavailable_not_held', notHeld: 'not_exist' },
      drafterName: '王五',
    });
    expect(redrafted.status).toBe(200);
    expect((redrafted.json.disclosure as StaffJson).draft).toMatchObject({ revision: 2 });
    expect((redrafted.json.disclosure as StaffJson).draft).not.toHaveProperty('returnedAt');

    // 审核 on the case API: no letter is rendered here, so it is refused (the desk's route renders it)
    const approve = { action: 'approve_reply', confidentialityReviewed: true, reviewerName: '李审核' };
    const byCaseApi = await act(reviewer, caseId, approve);
    expect(byCaseApi).toMatchObject({ status: 422, json: { error: { code: 'letter_required' } } });
    const byDrafter = await act(department, caseId, approve);
    expect(byDrafter.status).toBe(403);

    // 办结 is not the way, nor is a review on an open request
    const complete = await act(department, caseId, { action: 'complete', reply: '已答复' });
    expect(complete.json.error?.code).toBe('illegal_transition');
    const review = await act(department, caseId, {
      action: 'record_review',
      kind: 'reconsideration',
      filedOn: '2027-01-05',
      result: 'pending',
    });
    expect(review.json.error?.code).toBe('illegal_transition');
  });

  it('withdraws a request whose correction period passed, by the supervision job', async () => {
    // Prepare
    const caseId = await storedRequest();
    await act(department, caseId, { action: 'register', decision: 'accept' });
    const asked = await act(department, caseId, { action: 'request_correction', question: '请补充文件文号' });
    expect(asked.status).toBe(200);
    expect(asked.json.pausedSince).not.toHaveProperty('latestDueAt');
    const second = await act(department, caseId, { action: 'request_correction', question: '再补充' });
    expect(second.json.error?.code).toBe('correction_open');
    await ddb.send(
      new UpdateCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET correction.dueAt = :at, nextCheckAt = :at',
        ExpressionAttributeValues: { ':at': new Date(Date.now() - 60_000).toISOString() },
      }),
    );

    // Act: this test's run, or the stack's own scheduled one (every 2 s) if it came first; either
    // way one withdrawal, so the count of this call is not asserted, the case's state is
    const supervise = await supervisionJob();
    await supervise(new Date());

    // Assess
    const after = (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json;
    expect(after).toMatchObject({ status: 'closed', closeReason: 'withdrawn' });
    expect(after.disclosure).toMatchObject({ outcome: 'other_no_correction' });
  });

  it('sends the registration notice of a publication request through the notice pipeline', async () => {
    // Prepare
    const caseId = await storedRequest();

    // Act
    const answered = await act(department, caseId, {
      action: 'register',
      decision: 'publication',
      explanation: '见《某市人民政府公报》2026 年第 3 期',
    });

    // Assess: closed at once; notify-citizen picks the notice up (its stream filter passes a case
    // with a disclosure file) and send-notice settles it (here no raw payload to verify the number against: undeliverable)
    expect(answered.json).toMatchObject({ status: 'closed', closeReason: 'not_a_request' });
    const settled = await eventually(
      async () => {
        const kase = (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json;
        const notice = (kase.notices as { kind: string; state: string; reason?: string }[] | undefined)?.[0];
        return notice && notice.state !== 'queued' ? notice : undefined;
      },
      { what: 'the registration notice settled' },
    );
    expect(settled).toMatchObject({ kind: 'disclosure_registration', state: 'undeliverable' });
  });
});
