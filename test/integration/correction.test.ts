import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { loadDevSecrets } from '../../local/secrets.js';
import { correctionToken } from '../../shared/adapters/correction-token.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  type StaffJson,
  stack,
  staffCall,
  uniquePhone,
  webform,
} from './helpers.js';

// 补正 through the local stack over HTTP: a department asks, the clock pauses and the notice is
// queued on the case; the citizen answers on the page's route with the notice's token (made here
// with the stack's own key), the clock resumes and the deadline moves; a wrong token changes
// nothing; an unanswered request past its date is closed by a supervisor as 未补正.

const DAY_MS = 86_400_000;

type Correction = {
  requestedAt: string;
  question: string;
  dueAt: string;
  answeredAt?: string;
  answer?: string;
};

async function post(path: string, body: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as StaffJson };
}

describe('补正 (correction requests) through the local stack', () => {
  const { departmentId } = routedPair();
  let department: string;
  let supervisor: string;
  let tokenKey: string;

  /** A web-form case, dispatched by the rules and acknowledged by its department. */
  async function acknowledgedCase(): Promise<{ caseId: string; trackingNo: string; phone: string }> {
    const phone = uniquePhone();
    const posted = await postWebform(webform({ phone }), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );
    const caseId = item?.caseId as string;
    const ack = await staffCall(department, 'POST', `/v1/cases/by-id/${caseId}/actions`, {
      action: 'acknowledge',
    });
    expect(ack.status).toBe(200);
    return { caseId, trackingNo, phone };
  }

  const read = async (caseId: string) =>
    (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json;

  /** Moves a stored case's field back in time, as if the days had passed (the stack has no clock control). */
  async function backdate(caseId: string, path: 'pausedSince.#at' | 'correction.dueAt', at: string) {
    await ddb.send(
      new UpdateCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: `SET ${path} = :at`,
        ...(path === 'pausedSince.#at' ? { ExpressionAttributeNames: { '#at': 'at' } } : {}),
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-corr-dept', role: 'department', departmentId });
    supervisor = await jwt.issue({ sub: 'it-corr-super', role: 'supervisor' });
    // The notice's token is made with the feedback key: the stack's own, from its data dir.
    tokenKey = loadDevSecrets(join(stack.dataDir, 'dev-secrets.json')).FEEDBACK_TOKEN_KEY;
  });

  it('pauses on the request, refuses a wrong token, resumes on the citizen’s answer and moves the deadline', async () => {
    // Prepare
    const { caseId, trackingNo, phone } = await acknowledgedCase();
    const other = await acknowledgedCase();
    const actions = `/v1/cases/by-id/${caseId}/actions`;

    // Act: the request
    const requested = await staffCall(department, 'POST', actions, {
      action: 'request_correction',
      question: '请补充具体门牌号',
    });

    // Assess
    expect(requested.status).toBe(200);
    expect(requested.json.pausedSince).toMatchObject({ reason: 'awaiting_correction' });
    const correction = requested.json.correction as Correction;
    expect(correction).toMatchObject({
      question: '请补充具体门牌号',
      requestedBy: `department:it-corr-dept@${departmentId}`,
    });
    expect(requested.json.notices).toEqual([
      expect.objectContaining({
        kind: 'correction_request',
        noticeId: `correction_request#${correction.requestedAt}`,
      }),
    ]);
    const token = correctionToken(caseId, correction.requestedAt, tokenKey);
    const status = await fetch(`${stack.url}/v1/cases/${trackingNo}?phoneLast4=${phone.slice(-4)}`);
    expect(await status.json()).toMatchObject({
      awaitingCorrection: true,
      correction: { question: '请补充具体门牌号', dueAt: correction.dueAt },
    });
    const page = await fetch(`${stack.url}/v1/cases/${trackingNo}/correction?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('请补充具体门牌号');
    const resumeByDepartment = await staffCall(department, 'POST', actions, { action: 'resume' });
    expect(resumeByDepartment.json.error?.code).toBe('correction_open');

    // Act: wrong tokens, changing nothing
    const before = await read(caseId);
    const forged = await post(`/v1/cases/${trackingNo}/correction`, {
      token: 'A'.repeat(43),
      answer: '12号',
    });
    const foreign = await post(`/v1/cases/${trackingNo}/correction`, {
      token: correctionToken(other.caseId, correction.requestedAt, tokenKey),
      answer: '12号',
    });

    // Assess
    expect(forged).toMatchObject({ status: 403, json: { error: { code: 'invalid_token' } } });
    expect(foreign).toMatchObject({ status: 403, json: { error: { code: 'invalid_token' } } });
    expect((await read(caseId)).version).toBe(before.version);

    // Act: the answer, a week into the pause (backdated in the table), and its replay
    const pausedAt = new Date(Date.now() - 7 * DAY_MS).toISOString();
    await backdate(caseId, 'pausedSince.#at', pausedAt);
    const answered = await post(`/v1/cases/${trackingNo}/correction`, {
      token,
      answer: '东街12号 <b>3单元</b>',
    });
    const replay = await post(`/v1/cases/${trackingNo}/correction`, { token, answer: '东街12号' });

    // Assess
    expect(answered.status).toBe(200);
    expect(answered.json.message).toContain('补正材料已收到');
    expect(replay).toMatchObject({ status: 409, json: { error: { code: 'no_open_correction' } } });
    const after = await read(caseId);
    expect(after.pausedSince).toBeUndefined();
    expect(after.correction).toMatchObject({ answer: '东街12号 <b>3单元</b>', answeredVia: 'web' });
    expect(Date.parse(after.dueAt as string)).toBeGreaterThan(Date.parse(before.dueAt as string));
    expect(after.pauses).toEqual([
      expect.objectContaining({ from: pausedAt, reason: 'awaiting_correction' }),
    ]);
    const steps = (after.history as { action: string }[]).map((h) => h.action);
    expect(steps).toEqual(expect.arrayContaining(['request_correction', 'answer_correction']));
  });

  it('lets a supervisor close an unanswered request as 未补正 once its date has passed, not before', async () => {
    // Prepare
    const { caseId } = await acknowledgedCase();
    const actions = `/v1/cases/by-id/${caseId}/actions`;
    const requested = await staffCall(department, 'POST', actions, {
      action: 'request_correction',
      question: '请提供现场照片',
    });
    expect(requested.status).toBe(200);

    // Act
    const early = await staffCall(supervisor, 'POST', actions, { action: 'close_uncorrected' });
    await backdate(caseId, 'correction.dueAt', new Date(Date.now() - DAY_MS).toISOString());
    const byDepartment = await staffCall(department, 'POST', actions, { action: 'close_uncorrected' });
    const closed = await staffCall(supervisor, 'POST', actions, {
      action: 'close_uncorrected',
      note: '逾期未补正',
    });

    // Assess
    expect(early).toMatchObject({ status: 409, json: { error: { code: 'not_due' } } });
    expect(byDepartment.status).toBe(403);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'closed', closeReason: 'not_corrected' });
    expect(closed.json.pausedSince).toBeUndefined();
    expect(closed.json.slaOutcome).toBeUndefined();
  });
});
