import { resolve } from 'node:path';
import { type DevJwt, loadDevJwt } from '../local/jwt.js';

// How the demo's staff and citizens talk to a running stack: over HTTP, as a browser or the staff
// console would, with dev tokens signed by the data dir's key (as `npm run token` signs them).

export type Json = Record<string, unknown> & { error?: { code?: string; message?: string } };

export interface Answer {
  status: number;
  json: Json;
}

/** Attempts for a request the gateway throttled (429) or that lost a version race (409). */
const ATTEMPTS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One request, JSON in and out. A 429 is waited out as its Retry-After says, as a polite client
 * does: the local gateway limits public routes (the feedback link) per address.
 */
export async function request(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => ({}))) as Json;
    if (response.status !== 429 || attempt >= ATTEMPTS) return { status: response.status, json };
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await sleep(Math.min(5, Math.max(0.2, retryAfter)) * 1000);
  }
}

/**
 * Waits until the stack has dispatched what is queued and its stream consumers have caught up
 * (`POST /_local/idle`, a local-stack route). Against a stack without it, waits a moment instead.
 * Returns whether the stack said it was idle.
 */
export async function waitIdle(url: string, attempts = 4): Promise<boolean> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await fetch(`${url}/_local/idle`, {
      method: 'POST',
      signal: AbortSignal.timeout(60_000),
    });
    await response.body?.cancel();
    if (response.status === 200) return true;
    if (response.status === 404) break;
    // 500: not idle within the stack's own 30 s (a big burst still draining); ask again.
  }
  await sleep(2000);
  return false;
}

/** The staff of the demo city: one dev token per role, and per department for its handlers. */
export class DemoStaff {
  private readonly tokens = new Map<string, Promise<string>>();

  private constructor(
    readonly url: string,
    private readonly jwt: DevJwt,
  ) {}

  /** Reads (or creates, as the stack does) the data dir's signing key. */
  static async load(url: string, dataDir: string): Promise<DemoStaff> {
    return new DemoStaff(url, await loadDevJwt(resolve(dataDir)));
  }

  private token(role: string, departmentId?: string): Promise<string> {
    const key = departmentId ? `${role}@${departmentId}` : role;
    let token = this.tokens.get(key);
    if (!token) {
      const sub = departmentId ? `demo-${departmentId}` : `demo-${role}`;
      token = this.jwt.issue({ sub, role, ...(departmentId ? { departmentId } : {}) });
      this.tokens.set(key, token);
    }
    return token;
  }

  department(departmentId: string): Promise<string> {
    return this.token('department', departmentId);
  }
  agent(): Promise<string> {
    return this.token('agent');
  }
  dispatcher(): Promise<string> {
    return this.token('dispatcher');
  }
  supervisor(): Promise<string> {
    return this.token('supervisor');
  }
  analyst(): Promise<string> {
    return this.token('analyst');
  }
  /** 审核人 (依申请公开): another subject than any department's drafter, as the two-person rule asks. */
  reviewer(): Promise<string> {
    return this.token('reviewer');
  }

  async get(path: string, token: Promise<string>): Promise<Answer> {
    return request(this.url, 'GET', path, { token: await token });
  }

  /** Every item of a paged staff list (`items`, `nextCursor`). */
  async list(path: string, token: Promise<string>): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | undefined;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = await this.get(
        `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        token,
      );
      if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${page.json.error?.code ?? ''}`);
      items.push(...((page.json.items as Json[] | undefined) ?? []));
      cursor = (page.json.nextCursor as string | null | undefined) ?? undefined;
    } while (cursor);
    return items;
  }

  /**
   * A lifecycle action on a case. A version conflict means someone else (the supervision job, a
   * colleague) wrote the case since: the API re-reads it on the next attempt, as a person would
   * after a refresh.
   */
  async act(caseId: string, body: Record<string, unknown>, token: Promise<string>): Promise<Answer> {
    const path = `/v1/cases/by-id/${encodeURIComponent(caseId)}/actions`;
    for (let attempt = 1; ; attempt++) {
      const answer = await request(this.url, 'POST', path, { token: await token, body });
      if (answer.status !== 409 || answer.json.error?.code !== 'version_conflict' || attempt >= ATTEMPTS) {
        return answer;
      }
      await sleep(50 * attempt);
    }
  }
}
