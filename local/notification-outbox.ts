import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local stack's stand-in for the outside world of notices: a fake WeChat server API (the
 * stable-token and customer-service message endpoints, with their errcodes) and an outbox for the
 * SMS stub. What is "sent" is kept in memory and listed at `GET /_local/notifications`, so a
 * developer (or the curl walk in docs/staff-api.md) can pick the feedback token up. Never used in AWS.
 */
export interface NotificationOutbox {
  /** The base URL for `WECHAT_API_BASE_URL`. */
  url: string;
  /** The URL for `LOCAL_NOTIFICATION_OUTBOX_URL`. */
  outboxUrl: string;
  /** Notices received, oldest first. */
  list(): OutboxEntry[];
  close(): Promise<void>;
}

export interface OutboxEntry {
  at: string;
  via: 'wechat' | 'sms';
  /** Masked: the outbox holds no clear openid or number either. */
  to: string;
  trackingNo?: string;
  text: string;
  feedbackUrl?: string;
  token?: string;
}

/** Enough for a long dev session; the oldest go first. */
const MAX_ENTRIES = 1000;
const MAX_BODY_BYTES = 64 * 1024;

function maskOpenId(openId: string): string {
  return openId.length <= 8 ? '****' : `${openId.slice(0, 4)}****${openId.slice(-4)}`;
}

/** The link and token as the notice text carries them. */
function linkOf(text: string): { feedbackUrl?: string; token?: string } {
  const url = /(https?:\/\/\S+\/feedback\?token=([^\s&]+))/.exec(text);
  return url ? { feedbackUrl: url[1] as string, token: decodeURIComponent(url[2] as string) } : {};
}

function trackingNoOf(text: string): string | undefined {
  return /工单号 ([0-9A-Z-]+)/.exec(text)?.[1];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Starts the fake on a random local port. `credentials` is the AppID and AppSecret the fake WeChat
 * accepts (the stack's dev secrets), so a wrong secret fails locally as it would in WeChat.
 */
export async function startNotificationOutbox(credentials: {
  appId: string;
  appSecret: string;
}): Promise<NotificationOutbox> {
  const entries: OutboxEntry[] = [];
  let token: { value: string; expiresAt: number } | undefined;
  const record = (entry: OutboxEntry) => {
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: (error as Error).message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST') {
      req.resume();
      return send(res, 404, { errcode: 404, errmsg: 'not found' });
    }
    const body = await readJson(req);
    if (!body) return send(res, 200, { errcode: 47001, errmsg: 'data format error' });
    if (url.pathname === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential')
        return send(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== credentials.appId)
        return send(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (body.secret !== credentials.appSecret)
        return send(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      // Normal mode: the same token while it is valid, as WeChat's stable token behaves.
      if (!token || token.expiresAt <= Date.now()) {
        token = { value: randomBytes(24).toString('base64url'), expiresAt: Date.now() + 7_200_000 };
      }
      return send(res, 200, {
        access_token: token.value,
        expires_in: Math.floor((token.expiresAt - Date.now()) / 1000),
      });
    }
    if (url.pathname === '/cgi-bin/message/custom/send') {
      if (!token || url.searchParams.get('access_token') !== token.value) {
        return send(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
      }
      const text = (body.text as { content?: unknown } | undefined)?.content;
      if (typeof body.touser !== 'string' || body.msgtype !== 'text' || typeof text !== 'string') {
        return send(res, 200, { errcode: 40008, errmsg: 'invalid message type' });
      }
      const trackingNo = trackingNoOf(text);
      record({
        at: new Date().toISOString(),
        via: 'wechat',
        to: maskOpenId(body.touser),
        ...(trackingNo ? { trackingNo } : {}),
        text,
        ...linkOf(text),
      });
      return send(res, 200, { errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/outbox') {
      if (typeof body.text !== 'string' || typeof body.to !== 'string')
        return send(res, 400, { error: 'text and to' });
      record({
        at: new Date().toISOString(),
        via: 'sms',
        to: body.to,
        ...(typeof body.trackingNo === 'string' ? { trackingNo: body.trackingNo } : {}),
        text: body.text,
        ...linkOf(body.text),
      });
      return send(res, 202, { accepted: true });
    }
    return send(res, 404, { errcode: 404, errmsg: 'not found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    outboxUrl: `${url}/outbox`,
    list: () => [...entries],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
