import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WechatApiError, WechatCustomerServiceNotifier } from '../../../shared/adapters/wechat-notifier.js';
import type { CompletionNotice } from '../../../shared/domain/follow-up.js';

// Against a local HTTP server that answers as WeChat's server API does (no network).

interface Seen {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

const notice: CompletionNotice = {
  caseId: 'wxabcdefghijklmnopqrstuvwx',
  trackingNo: '261123-ABCD-EFGH',
  completedAt: '2026-11-23T02:00:00.000Z',
  channel: 'wechat',
  feedbackUrl: 'https://12345.example.gov.cn/v1/cases/261123-ABCD-EFGH/feedback?token=t',
  text: '【12345】您的诉求（工单号 261123-ABCD-EFGH）已办结。',
};
const to = { kind: 'wechat', openId: 'oUser-openid-0001' } as const;
const credentials = async () => ({ appId: 'wx0123456789abcdef', appSecret: 'secret0123456789' });

let server: Server;
let baseUrl: string;
let seen: Seen[];
/** What the fake answers next to a send, in order; then errcode 0. */
let sendAnswers: Record<string, unknown>[];
let tokenCounter: number;

describe('Class: WechatCustomerServiceNotifier', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        seen.push({ path: url.pathname, query: url.searchParams, body });
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/cgi-bin/stable_token') {
          tokenCounter++;
          res.end(JSON.stringify({ access_token: `token-${tokenCounter}`, expires_in: 7200 }));
          return;
        }
        res.end(JSON.stringify(sendAnswers.shift() ?? { errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    sendAnswers = [];
    tokenCounter = 0;
  });

  it('gets a stable token, then sends the text as a customer-service message', async () => {
    // Prepare
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials });

    // Act
    const outcome = await notifier.notify(to, notice);

    // Assess
    expect(outcome).toEqual({ outcome: 'sent' });
    expect(seen.map((s) => s.path)).toEqual(['/cgi-bin/stable_token', '/cgi-bin/message/custom/send']);
    expect(seen[0]?.body).toEqual({
      grant_type: 'client_credential',
      appid: 'wx0123456789abcdef',
      secret: 'secret0123456789',
    });
    expect(seen[1]?.query.get('access_token')).toBe('token-1');
    expect(seen[1]?.body).toEqual({
      touser: 'oUser-openid-0001',
      msgtype: 'text',
      text: { content: notice.text },
    });
  });

  it('caches the token until shortly before it expires', async () => {
    // Prepare
    let now = 1_000_000;
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials, now: () => now });

    // Act
    await notifier.notify(to, notice);
    now += 60 * 60_000;
    await notifier.notify(to, notice);
    now += 60 * 60_000;
    await notifier.notify(to, notice);

    // Assess
    expect(seen.filter((s) => s.path === '/cgi-bin/stable_token')).toHaveLength(2);
    expect(seen.filter((s) => s.path.endsWith('/send')).map((s) => s.query.get('access_token'))).toEqual([
      'token-1',
      'token-1',
      'token-2',
    ]);
  });

  it('fetches the token again once when WeChat refuses it (42001), then sends', async () => {
    // Prepare
    sendAnswers = [{ errcode: 42001, errmsg: 'access_token expired' }];
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials });

    // Act
    const outcome = await notifier.notify(to, notice);

    // Assess
    expect(outcome).toEqual({ outcome: 'sent' });
    expect(seen.map((s) => [s.path, s.query.get('access_token')])).toEqual([
      ['/cgi-bin/stable_token', null],
      ['/cgi-bin/message/custom/send', 'token-1'],
      ['/cgi-bin/stable_token', null],
      ['/cgi-bin/message/custom/send', 'token-2'],
    ]);
  });

  it('throws when the token is refused twice in a row', async () => {
    // Prepare
    sendAnswers = [
      { errcode: 40001, errmsg: 'invalid credential' },
      { errcode: 40001, errmsg: 'invalid credential' },
    ];
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials });

    // Act
    const sending = notifier.notify(to, notice);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError', errcode: 40001 });
    expect(seen.filter((s) => s.path.endsWith('/send'))).toHaveLength(2);
  });

  it('reports 45015 (no message from the user in 48 h) as undeliverable, without retrying', async () => {
    // Prepare
    sendAnswers = [{ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' }];
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials });

    // Act
    const outcome = await notifier.notify(to, notice);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', reason: 'wechat_48h_window_closed' });
    expect(seen.filter((s) => s.path.endsWith('/send'))).toHaveLength(1);
  });

  it('throws on any other errcode, so the stream retries the record', async () => {
    // Prepare
    sendAnswers = [{ errcode: -1, errmsg: 'system error' }];
    const notifier = new WechatCustomerServiceNotifier({ baseUrl, credentials });

    // Act
    const sending = notifier.notify(to, notice);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(WechatApiError);
  });

  it('throws a WechatApiError that does not name the token when WeChat is unreachable', async () => {
    // Prepare
    const notifier = new WechatCustomerServiceNotifier({ baseUrl: 'http://127.0.0.1:1', credentials });

    // Act
    const sending = notifier.notify(to, notice);

    // Assess
    await expect(sending).rejects.toThrow(/stable_token unreachable/);
  });
});
