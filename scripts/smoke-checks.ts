import { randomBytes, randomInt } from 'node:crypto';
import { sha1Signature } from '../shared/channels/wechat-crypto.js';
import { CITY_LEVEL_DISTRICT, DISCLOSURE_CATEGORY } from '../shared/domain/disclosure/catalogue.js';
import {
  buildDirectory,
  type Category,
  type Department,
  type District,
  type RoutingRule,
  route,
} from '../shared/domain/index.js';
import { postHotline } from './hotline-client.js';
import type { SmokeSecrets } from './smoke-secrets.js';
import { type Json, request } from './staff-client.js';

// `npm run smoke`'s checks, one per channel, each ending in a verdict: a signed test call with an
// appeal (hotline), a web-form appeal, WeChat's server verification. The two appeals are followed on
// the staff API until dispatched and then closed as `smoke`, which takes them out of every figure.

export type Channel = 'hotline' | 'webform' | 'wechat';

export interface Verdict {
  readonly channel: Channel;
  readonly outcome: 'OK' | 'FAIL' | 'SKIP';
  readonly detail: string;
  /** The case the check made (and closed), when it got that far. */
  readonly trackingNo?: string;
}

export interface SmokeOptions {
  /** The API's base URL, without a trailing slash. */
  readonly url: string;
  readonly secrets: SmokeSecrets;
  /** How long to wait for each case to be dispatched. */
  readonly waitMs: number;
  /** The category and district to file the appeals under; default: a pair the catalogue routes. */
  readonly category?: string;
  readonly district?: string;
  /** This run's id: in the call id, the idempotency key and each case's content and closing note. */
  readonly runId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** An error's message, with the network's reason for a failed fetch (ECONNREFUSED, ENOTFOUND …). */
const why = (error: unknown) => {
  const e = error as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  const code = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message;
  return code ? `${e.message} (${code})` : e.message;
};

/**
 * A mobile number of this run's own, so the appeals join no citizen's case: a web-form phone and a
 * CTI callback number are not verified, which never decides a merge (repeat.ts), and a fresh number
 * has no history to be a repeat of.
 */
export function smokePhone(): string {
  return `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** A run id: the time and 6 random hex digits, so two runs never share a call id or a key. */
export function smokeRunId(now = new Date()): string {
  return `smoke-${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

interface AdminDirectory {
  departments: Department[];
  categories: Category[];
  districts: District[];
  rules: RoutingRule[];
}

/**
 * The category and district to file under: the ones given, or the first pair of the catalogue (as
 * the API has it now) that a routing rule sends to a department, leaving out the disclosure
 * category and 市本级, which a citizen's appeal form does not offer.
 */
export async function chooseRoutedPair(
  options: SmokeOptions,
): Promise<{ category: string; district: string; departmentId?: string }> {
  const answer = await request(options.url, 'GET', '/v1/admin/directory', {
    token: options.secrets.supervisorToken,
  });
  if (answer.status !== 200) {
    throw new Error(`GET /v1/admin/directory → ${answer.status} ${answer.json.error?.code ?? ''}`.trim());
  }
  const parts = answer.json as unknown as AdminDirectory;
  const directory = buildDirectory({ ...parts, rules: parts.rules.map((r) => ({ ...r, coHandlers: [] })) });
  if (options.category && options.district) {
    const assignment = route(directory, options.category, options.district);
    return {
      category: options.category,
      district: options.district,
      ...(assignment ? { departmentId: assignment.departmentId } : {}),
    };
  }
  for (const category of directory.categories.keys()) {
    if (category === DISCLOSURE_CATEGORY || (options.category && category !== options.category)) continue;
    for (const district of directory.districts.keys()) {
      if (district === CITY_LEVEL_DISTRICT || (options.district && district !== options.district)) continue;
      const assignment = route(directory, category, district);
      if (assignment) return { category, district, departmentId: assignment.departmentId };
    }
  }
  throw new Error('the catalogue routes no category and district to a department (seed it first)');
}

/** The case with this tracking number, as a supervisor sees it; undefined until it is stored. */
async function findCase(options: SmokeOptions, trackingNo: string): Promise<Json | undefined> {
  const answer = await request(
    options.url,
    'GET',
    `/v1/cases/search?trackingNo=${encodeURIComponent(trackingNo)}`,
    { token: options.secrets.supervisorToken },
  );
  if (answer.status !== 200) {
    throw new Error(`GET /v1/cases/search → ${answer.status} ${answer.json.error?.code ?? ''}`.trim());
  }
  return (answer.json.items as Json[] | undefined)?.[0];
}

/**
 * Polls until the case is dispatched (or went past it), or the wait ends. Returns the case as last
 * seen (undefined: never stored) and when it was seen dispatched.
 */
async function awaitDispatch(
  options: SmokeOptions,
  trackingNo: string,
  startedMs: number,
): Promise<{ kase?: Json; dispatchedAfterMs?: number }> {
  let kase: Json | undefined;
  for (let pause = 100; ; pause = Math.min(1000, pause * 2)) {
    kase = (await findCase(options, trackingNo)) ?? kase;
    const status = kase?.status;
    if (status === 'dispatched' || status === 'acknowledged') {
      return { kase, dispatchedAfterMs: Date.now() - startedMs };
    }
    // 待派单: no rule routed it; waiting longer changes nothing.
    if (status === 'pending_dispatch' || Date.now() - startedMs > options.waitMs) return { kase };
    await sleep(pause);
  }
}

/** Closes the case as a smoke test (retrying a lost version race), or says why it could not. */
async function closeAsSmoke(options: SmokeOptions, caseId: string): Promise<string | undefined> {
  const path = `/v1/cases/by-id/${encodeURIComponent(caseId)}/actions`;
  const body = { action: 'close', reason: 'smoke', note: `部署冒烟测试 ${options.runId}` };
  for (let attempt = 1; ; attempt++) {
    const answer = await request(options.url, 'POST', path, { token: options.secrets.supervisorToken, body });
    if (answer.status === 200 && answer.json.closeReason === 'smoke') return undefined;
    if (answer.status !== 409 || answer.json.error?.code !== 'version_conflict' || attempt >= 5) {
      return `closing it as smoke → ${answer.status} ${answer.json.error?.code ?? ''}`.trim();
    }
    await sleep(100 * attempt);
  }
}

/** Follows a just-accepted appeal to dispatch, closes it as smoke, and gives the verdict. */
async function followAndClose(
  options: SmokeOptions,
  channel: Channel,
  trackingNo: string,
  startedMs: number,
): Promise<Verdict> {
  const { kase, dispatchedAfterMs } = await awaitDispatch(options, trackingNo, startedMs);
  if (!kase) {
    return {
      channel,
      outcome: 'FAIL',
      detail: `工单 ${trackingNo} not stored within ${seconds(options.waitMs)}`,
    };
  }
  const closeProblem = await closeAsSmoke(options, String(kase.caseId));
  const closed = closeProblem ? `; NOT closed: ${closeProblem}` : ', closed as smoke';
  if (dispatchedAfterMs === undefined) {
    return {
      channel,
      outcome: 'FAIL',
      trackingNo,
      detail: `工单 ${trackingNo} not dispatched within ${seconds(options.waitMs)} (status ${String(kase.status)})${closed}`,
    };
  }
  return {
    channel,
    outcome: closeProblem ? 'FAIL' : 'OK',
    trackingNo,
    detail: `dispatched in ${seconds(dispatchedAfterMs)} (工单 ${trackingNo} → ${String(kase.departmentId)})${closed}`,
  };
}

/** A signed call record, answered, with an appeal: marked `test` so no call figure counts it. */
export async function checkHotline(
  options: SmokeOptions,
  pair: { category: string; district: string },
): Promise<Verdict> {
  const now = Date.now();
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
  const record = {
    callId: options.runId,
    line: '12345',
    // The number withheld, a callback number of the run's own: an unverified contact joins no case.
    queuedAt: at(40),
    answeredAt: at(35),
    endedAt: at(1),
    disposition: 'answered',
    agentId: 'smoke-test',
    recordedAt: at(0),
    test: true,
    appeal: {
      type: 'help',
      category: pair.category,
      district: pair.district,
      content: `【部署冒烟测试，请勿处理】${options.runId}：部署后的自动检查，稍后自动归档。`,
      callbackPhone: smokePhone(),
    },
  };
  const answer = await postHotline(options.url, JSON.stringify(record), options.secrets.hotlineSecret, {
    attempts: 3,
  });
  const trackingNo = answer.json.trackingNo;
  if (answer.status !== 202 || typeof trackingNo !== 'string') {
    const code = (answer.json.error as { code?: string } | undefined)?.code ?? '';
    return {
      channel: 'hotline',
      outcome: 'FAIL',
      detail: `POST /v1/channels/hotline/calls → ${answer.status} ${code}`.trim(),
    };
  }
  return followAndClose(options, 'hotline', trackingNo, now);
}

/** A web-form appeal with an Idempotency-Key, from a number of the run's own. */
export async function checkWebform(
  options: SmokeOptions,
  pair: { category: string; district: string },
): Promise<Verdict> {
  const form = await request(options.url, 'GET', '/v1/directory');
  if (form.status !== 200)
    return { channel: 'webform', outcome: 'FAIL', detail: `GET /v1/directory → ${form.status}` };
  if (form.json.phoneVerificationRequired === true) {
    // An SMS code to a phone the smoke does not hold: nothing to check here without a person.
    return {
      channel: 'webform',
      outcome: 'SKIP',
      detail: 'the web form requires an SMS code here (webformPhoneVerification=required): check it by hand',
    };
  }
  const started = Date.now();
  const response = await fetch(`${options.url}/v1/channels/webform`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': options.runId },
    body: JSON.stringify({
      type: 'help',
      category: pair.category,
      district: pair.district,
      content: `【部署冒烟测试，请勿处理】${options.runId}：部署后的自动检查，稍后自动归档。`,
      phone: smokePhone(),
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await response.json().catch(() => ({}))) as Json;
  if (response.status !== 202 || typeof json.trackingNo !== 'string') {
    return {
      channel: 'webform',
      outcome: 'FAIL',
      detail: `POST /v1/channels/webform → ${response.status} ${json.error?.code ?? ''}`.trim(),
    };
  }
  return followAndClose(options, 'webform', json.trackingNo, started);
}

/** WeChat's 服务器配置 check: the echostr comes back for the right signature, a 401 for a wrong one. */
export async function checkWechat(options: SmokeOptions): Promise<Verdict> {
  const started = Date.now();
  const timestamp = String(Math.floor(started / 1000));
  const nonce = randomBytes(6).toString('hex');
  const echostr = String(randomInt(1, 2 ** 47));
  const verify = async (token: string) => {
    const signature = sha1Signature([token, timestamp, nonce]);
    const query = new URLSearchParams({ signature, timestamp, nonce, echostr });
    const response = await fetch(`${options.url}/v1/channels/wechat?${query}`, {
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.text() };
  };
  const right = await verify(options.secrets.wechatToken);
  if (right.status !== 200 || right.body !== echostr) {
    return {
      channel: 'wechat',
      outcome: 'FAIL',
      detail: `GET /v1/channels/wechat → ${right.status}${right.status === 200 ? ', not the echostr back' : ''}`,
    };
  }
  const tookMs = Date.now() - started;
  const wrong = await verify(`${options.secrets.wechatToken}x`);
  if (wrong.status !== 401) {
    return {
      channel: 'wechat',
      outcome: 'FAIL',
      detail: `a wrong signature → ${wrong.status}, expected 401: the signature is not checked`,
    };
  }
  return {
    channel: 'wechat',
    outcome: 'OK',
    detail: `verified in ${seconds(tookMs)}, a wrong signature refused (401)`,
  };
}

/** A check that threw (the endpoint unreachable, an unexpected answer) is that channel's FAIL. */
export async function verdictOf(channel: Channel, check: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await check();
  } catch (error) {
    return { channel, outcome: 'FAIL', detail: why(error) };
  }
}
