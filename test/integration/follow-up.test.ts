import { beforeAll, describe, expect, it } from 'vitest';
import type { supervise as Supervise } from '../../functions/supervise-deadlines/handler.js';
import { loadDevJwt } from '../../local/jwt.js';
import { localWechatSecrets, sendWechat, trackingNoIn } from '../../scripts/wechat-client.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  stack,
  supervisionJob,
  webform,
} from './helpers.js';

// 回访 through the local stack over HTTP: a completed case's notice reaches a provider fake with its
// one-time link, the citizen rates, a dissatisfied case goes to the supervisors and back, and the
// follow-up window closes the re-completed case.

type Json = Record<string, unknown> & { error?: { code: string } };
interface Notice {
  via: string;
  to: string;
  trackingNo?: string;
  text: string;
  token?: string;
}

const DAY_MS = 86_400_000;

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token?: string) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function noticesFor(trackingNo: string): Promise<Notice[]> {
  const all = (await (await fetch(`${stack.url}/_local/notifications`)).json()) as Notice[];
  return all.filter((n) => n.trackingNo === trackingNo);
}

/** Waits until `count` notices for the case are in the outbox. */
function notices(trackingNo: string, count: number): Promise<Notice[]> {
  return eventually(
    async () => {
      const found = await noticesFor(trackingNo);
      return found.length >= count ? found : undefined;
    },
    // Two asynchronous hops (the cases stream, then the notices queue, whose provider may time out
    // once and retry after its backoff): on a loaded machine they have taken longer than 30 s.
    { timeoutMs: 60_000, what: `${count} completion notice(s) for ${trackingNo}` },
  );
}

describe('follow-up (回访) through the local stack', () => {
  const { departmentId } = routedPair();
  let department: string;
  let supervisor: string;
  let supervise: typeof Supervise;

  /** A web-form case, dispatched, acknowledged and completed by its department. */
  async function completedCase(phone: string): Promise<{ caseId: string; trackingNo: string }> {
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
    const actions = `/v1/cases/by-id/${caseId}/actions`;
    expect((await call('POST', actions, { action: 'acknowledge' }, department)).status).toBe(200);
    const done = await call(
      'POST',
      actions,
      { action: 'complete', reply: '已派人疏通管道，恢复正常' },
      department,
    );
    expect(done.status).toBe(200);
    return { caseId, trackingNo };
  }

  beforeAll(async () => {
    // The stack's own signing key: the tokens `npm run token` prints for this data dir.
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-fu-dept', role: 'department', departmentId });
    supervisor = await jwt.issue({ sub: 'it-fu-super', role: 'supervisor' });
    // The supervision job runs in this worker, when the test says (helpers.ts).
    supervise = await supervisionJob();
  });

  it('walks a case: notice, dissatisfied, the supervisors queue, reopen, re-completion, window closed', {
    timeout: 150_000,
  }, async () => {
    // Prepare
    const { caseId, trackingNo } = await completedCase('13700001111');
    const feedback = `/v1/cases/${trackingNo}/feedback`;
    const byId = `/v1/cases/by-id/${caseId}`;

    // Act: the notice, a bad token, the rating, a second rating
    const [notice] = await notices(trackingNo, 1);
    const before = await call('GET', byId, undefined, supervisor);
    const forged = await call('POST', feedback, { token: 'A'.repeat(43), rating: 'satisfied' });
    const unchanged = await call('GET', byId, undefined, supervisor);
    const rated = await call('POST', `${feedback}?token=${encodeURIComponent(notice?.token ?? '')}`, {
      rating: 'dissatisfied',
      comment: '管道仍在漏水',
    });
    const again = await call('POST', feedback, { token: notice?.token, rating: 'satisfied' });
    const queued = await call(
      'GET',
      '/v1/supervision/cases?queue=dissatisfied&limit=100',
      undefined,
      supervisor,
    );
    const deptQueue = await call(
      'GET',
      `/v1/departments/${departmentId}/cases?limit=100`,
      undefined,
      department,
    );

    // Assess
    // Issue 11: the notice is a real SMS through the provider's fake, with the tracking number and
    // a short link; the department's reply is on the status page, no longer in the text.
    expect(notice).toMatchObject({ via: 'sms', to: '137****1111' });
    expect(notice?.text).toContain(`工单号${trackingNo}`);
    expect(notice?.text).toMatch(/\/n\/[0-9A-Za-z]{10}/);
    expect(notice?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(forged).toMatchObject({ status: 403, json: { error: { code: 'invalid_feedback_token' } } });
    // What a rating would change stays as it was; the completion notice may move from queued to
    // sent meanwhile (the provider's fake answers on its own time), so the notices are left out.
    const ratingView = (json: Record<string, unknown>) => ({
      status: json.status,
      feedback: json.feedback,
      history: json.history,
      closeReason: json.closeReason,
    });
    expect(ratingView(unchanged.json)).toEqual(ratingView(before.json));
    expect(rated).toMatchObject({
      status: 200,
      json: { status: 'dissatisfied', statusText: '不满意，复核中' },
    });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'already_rated' } } });
    expect((queued.json.items as { caseId: string }[]).map((i) => i.caseId)).toContain(caseId);
    expect((deptQueue.json.items as { caseId: string }[]).map((i) => i.caseId)).not.toContain(caseId);

    // Act: the supervisor reopens, the department handles it again
    const reopened = await call(
      'POST',
      `${byId}/actions`,
      { action: 'reopen', note: '请复查漏水点' },
      supervisor,
    );
    const requeued = await call(
      'GET',
      '/v1/supervision/cases?queue=dissatisfied&limit=100',
      undefined,
      supervisor,
    );
    const backInDept = await call(
      'GET',
      `/v1/departments/${departmentId}/cases?limit=100`,
      undefined,
      department,
    );
    await call('POST', `${byId}/actions`, { action: 'acknowledge' }, department);
    const recompleted = await call(
      'POST',
      `${byId}/actions`,
      { action: 'complete', reply: '已更换漏水管段' },
      department,
    );
    const [, second] = await notices(trackingNo, 2);
    const oldToken = await call('POST', feedback, { token: notice?.token, rating: 'satisfied' });

    // Assess
    expect(reopened).toMatchObject({ status: 200, json: { status: 'reopened' } });
    expect((requeued.json.items as { caseId: string }[]).map((i) => i.caseId)).not.toContain(caseId);
    expect((backInDept.json.items as { caseId: string }[]).map((i) => i.caseId)).toContain(caseId);
    expect(recompleted).toMatchObject({ status: 200, json: { status: 'completed' } });
    // Issue 11: an SMS is an approved template whose text cannot vary with the case, so the
    // re-completion's notice reads as the first did; its link holds the new completion's token,
    // which the page refuses for rating (already_rated). The old token no longer holds.
    expect(second?.text).toContain(`工单号${trackingNo}`);
    expect(second?.token).not.toBe(notice?.token);
    expect(oldToken).toMatchObject({ status: 403, json: { error: { code: 'invalid_feedback_token' } } });

    // Act: the follow-up window ends (the case is aged, not the clock: other tests share the stack)
    const store = new DynamoCaseStore(ddb, stack.resources.casesTable);
    const current = await store.getById(caseId);
    if (!current?.completedAt) throw new Error('the case is not completed');
    const aged = { ...current, completedAt: new Date(Date.now() - 8 * DAY_MS).toISOString() };
    expect((await store.update(aged, current.version)).outcome).toBe('updated');
    const now = new Date();
    await supervise(now);
    await supervise(now);
    const closed = await eventually(
      async () => {
        const kase = await store.getById(caseId);
        return kase?.status === 'closed' ? kase : undefined;
      },
      { what: 'the case closed at the end of its follow-up window' },
    );
    await idle();

    // Assess
    expect(closed.closeReason).toBe('follow_up_window_elapsed');
    expect(closed.history.filter((h) => h.action === 'close')).toHaveLength(1);
    expect(await noticesFor(trackingNo)).toHaveLength(2);
  });

  it('closes a case rated satisfied, refuses a second rating, and notifies once', async () => {
    // Prepare
    const { caseId, trackingNo } = await completedCase('13800002222');
    const [notice] = await notices(trackingNo, 1);
    const page = await fetch(`${stack.url}/v1/cases/${trackingNo}/feedback?token=${notice?.token ?? ''}`);

    // Act
    const rated = await call('POST', `/v1/cases/${trackingNo}/feedback`, {
      token: notice?.token,
      rating: 'satisfied',
      comment: '处理及时',
    });
    const again = await call('POST', `/v1/cases/${trackingNo}/feedback`, {
      token: notice?.token,
      rating: 'dissatisfied',
    });
    await idle();
    const kase = await call('GET', `/v1/cases/by-id/${caseId}`, undefined, supervisor);

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('办理结果评价');
    expect(rated).toMatchObject({ status: 200, json: { status: 'closed', statusText: '已归档' } });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'already_rated' } } });
    expect(kase.json).toMatchObject({
      status: 'closed',
      closeReason: 'rated',
      feedback: { rating: 'satisfied', comment: '处理及时' },
    });
    expect(await noticesFor(trackingNo)).toHaveLength(1);
  });

  it('tells a WeChat citizen through a template message (the local fake), and takes the rating', async () => {
    // Prepare
    const openId = `oItFollowUp${Date.now()}`;
    const xml =
      `<xml><ToUserName><![CDATA[gh_it]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[鼓楼区东街12号小区停水两天了，请尽快处理]]></Content><MsgId>${Date.now()}1</MsgId></xml>`;
    const reply = await sendWechat(stack.url, xml, localWechatSecrets(stack.dataDir), 'plain');
    const trackingNo = trackingNoIn(reply.content) as string;
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the WeChat case' },
    );
    const jwt = await loadDevJwt(stack.dataDir);
    const handler = await jwt.issue({
      sub: 'it-fu-wx',
      role: 'department',
      departmentId: item?.departmentId as string,
    });
    const actions = `/v1/cases/by-id/${item?.caseId as string}/actions`;
    await call('POST', actions, { action: 'acknowledge' }, handler);
    await call('POST', actions, { action: 'complete', reply: '已协调供水公司恢复供水' }, handler);

    // Act
    const [notice] = await notices(trackingNo, 1);
    const rated = await call('POST', `/v1/cases/${trackingNo}/feedback?token=${notice?.token ?? ''}`, {
      rating: 'basically_satisfied',
    });

    // Assess
    // Issue 11: a WeChat template message (服务通知), no longer a customer-service message with the
    // reply in it.
    expect(notice?.via).toBe('wechat_template');
    expect(notice?.to).toMatch(/^oItF\*{4}/);
    expect(JSON.stringify(notice)).not.toContain(openId);
    expect(rated).toMatchObject({ status: 200, json: { status: 'closed' } });
  });
});
