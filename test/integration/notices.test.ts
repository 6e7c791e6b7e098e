import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  staffCall,
  uniquePhone,
  webform,
} from './helpers.js';

// 通知 through the local stack: a completed case's notice goes out through the Tencent SMS fake
// (the official SDK, signed TC3-HMAC-SHA256), is recorded `sent` with the fake's message id only
// once the fake accepted it, and moves to `delivered` on the fake's receipt; a failed provider
// call leaves it `failed` and retried, never `sent`; a refusal for good leaves it undeliverable.

interface NoticeRecord {
  noticeId: string;
  state: string;
  attempts: number;
  provider?: string;
  messageId?: string;
  reason?: string;
}
interface Listed {
  provider: string;
  messageId: string;
  templateId?: string;
  params?: Record<string, string>;
  trackingNo?: string;
  link?: string;
  feedbackUrl?: string;
  token?: string;
  to: string;
}

async function noticeOf(trackingNo: string): Promise<NoticeRecord | undefined> {
  const [item] = await casesByTrackingNo(trackingNo);
  return (item?.notices as NoticeRecord[] | undefined)?.[0];
}

async function outboxFor(trackingNo: string): Promise<Listed[]> {
  const all = (await (await fetch(`${stack.url}/_local/notifications`)).json()) as Listed[];
  return all.filter((n) => n.trackingNo === trackingNo);
}

/** Every state the notice was seen in while polling, until `done` holds. */
async function watch(
  trackingNo: string,
  done: (n: NoticeRecord) => boolean,
  what: string,
): Promise<string[]> {
  const seen: string[] = [];
  await eventually(
    async () => {
      const notice = await noticeOf(trackingNo);
      if (notice && seen.at(-1) !== notice.state) seen.push(notice.state);
      return notice && done(notice) ? notice : undefined;
    },
    { timeoutMs: 25_000, intervalMs: 50, what },
  );
  return seen;
}

describe('notices through the local stack', () => {
  const { departmentId } = routedPair();
  let department: string;

  async function completed(phone = uniquePhone()): Promise<string> {
    const posted = await postWebform(webform({ phone }), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const [item] = await eventually(async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 ? items : undefined;
    });
    const actions = `/v1/cases/by-id/${item?.caseId as string}/actions`;
    expect((await staffCall(department, 'POST', actions, { action: 'acknowledge' })).status).toBe(200);
    const done = await staffCall(department, 'POST', actions, { action: 'complete', reply: '已处理完毕' });
    expect(done.status).toBe(200);
    return trackingNo;
  }

  async function failNext(count: number, mode: 'transient' | 'permanent'): Promise<void> {
    const res = await fetch(`${stack.url}/_local/notifications/fail-next/tencent/${count}/${mode}`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-notice-dept', role: 'department', departmentId });
  });

  it('sends the completion notice once through the Tencent fake, sent with its message id, then delivered', async () => {
    // Act
    const trackingNo = await completed();
    const states = await watch(trackingNo, (n) => n.state === 'delivered', 'the delivered notice');

    // Assess
    const notice = await noticeOf(trackingNo);
    const outbox = await outboxFor(trackingNo);
    expect(states).not.toContain('failed');
    expect(states.at(-1)).toBe('delivered');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      provider: 'tencent',
      templateId: '2000001',
      messageId: notice?.messageId,
    });
    expect(outbox[0]?.params).toMatchObject({ trackingNo });
    expect(outbox[0]?.to).not.toMatch(/\d{11}/);
    expect(notice).toMatchObject({ provider: 'tencent', attempts: 1 });
  });

  it('follows the short link with a 302 to the rating page and its token', async () => {
    // Prepare
    const trackingNo = await completed();
    const [entry] = await eventually(async () => {
      const found = await outboxFor(trackingNo);
      return found.length > 0 ? found : undefined;
    });
    const code = /\/n\/([0-9A-Za-z]{10})/.exec(entry?.link ?? '')?.[1] ?? '';

    // Act
    const followed = await fetch(`${stack.url}/n/${code}`, { redirect: 'manual' });
    const unknown = await fetch(`${stack.url}/n/ZZZZZZZZZZ`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    const odd = await fetch(`${stack.url}/n/${encodeURIComponent('<script>')}`, { redirect: 'manual' });

    // Assess
    const location = new URL(followed.headers.get('location') ?? '');
    expect(followed.status).toBe(302);
    expect(location.pathname).toBe(`/v1/cases/${trackingNo}/feedback`);
    expect(location.searchParams.get('token')).toBe(entry?.token);
    expect(entry?.feedbackUrl).toBe(location.toString());
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('链接已失效');
    expect(odd.status).toBe(400);
    expect(((await odd.json()) as { error: { code: string } }).error.code).toBe('invalid_link_code');
  });

  it('leaves a notice failed (never sent) when the provider call fails, and sends it on the retry', async () => {
    // Prepare
    await failNext(1, 'transient');

    // Act
    const trackingNo = await completed();
    const states = await watch(
      trackingNo,
      (n) => n.state === 'sent' || n.state === 'delivered',
      'the retried notice',
    );

    // Assess
    expect(states[0]).toBe('queued');
    expect(states).toContain('failed');
    expect(states.indexOf('failed')).toBeLessThan(states.findIndex((s) => s === 'sent' || s === 'delivered'));
    expect((await noticeOf(trackingNo))?.attempts).toBe(2);
    expect(await outboxFor(trackingNo)).toHaveLength(1);
  });

  it('records a notice the provider refuses for good as undeliverable, never sent', async () => {
    // Prepare
    await failNext(1, 'permanent');

    // Act
    const trackingNo = await completed();
    const states = await watch(trackingNo, (n) => n.state === 'undeliverable', 'the undeliverable notice');

    // Assess
    expect(states).not.toContain('sent');
    expect((await noticeOf(trackingNo))?.reason).toBeTruthy();
    expect(await outboxFor(trackingNo)).toHaveLength(0);
  });
});
