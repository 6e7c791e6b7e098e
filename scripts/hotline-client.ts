import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from '../shared/channels/hotline-signature.js';
import { pick, type Random, randomWebformBody } from '../shared/seed/appeals.js';

// What a call centre's CTI does, for the signer script, the demo, the bench and the integration
// tests: sign a call record with the shared secret and post it.

export const HOTLINE_SECRET_ENV = 'HOTLINE_HMAC_SECRET';

/** The dev secret of a local stack: the environment first, then `<dataDir>/dev-secrets.json`. */
export function localHotlineSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const secret = process.env[HOTLINE_SECRET_ENV] || stored[HOTLINE_SECRET_ENV];
  if (!secret)
    throw new Error(
      `no ${HOTLINE_SECRET_ENV} in the environment or ${file}: start the stack first (npm start)`,
    );
  return secret;
}

/** The path a body goes to: an Amazon Connect CTR has a ContactId, a call record a callId. */
export function hotlinePath(body: string): string {
  return /"ContactId"\s*:/.test(body) ? '/v1/channels/hotline/connect-ctr' : '/v1/channels/hotline/calls';
}

/** The headers of a body signed for `POST <path>` (signature version 2: method and path covered). */
export function signedHeaders(
  secret: string,
  body: string,
  path = hotlinePath(body),
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    'x-timestamp': timestamp,
    'x-signature-version': '2',
    'x-signature': sign(secret, timestamp, body, { method: 'POST', path }),
  };
}

/**
 * Posts a signed body; a 429 or 503 is retried (re-signed, as a CTI would) a few times. Returns
 * the last status and JSON answer.
 */
export async function postHotline(
  url: string,
  body: string,
  secret: string,
  options: { attempts?: number; path?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const path = options.path ?? hotlinePath(body);
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: signedHeaders(secret, body, path),
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if ((response.status !== 429 && response.status !== 503) || attempt >= attempts) {
      return { status: response.status, json };
    }
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await new Promise((r) => setTimeout(r, Math.min(5, Math.max(0.2, retryAfter)) * 1000 * attempt));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The lines the demo's calls come in on: 12345 itself (most calls) and hotlines merged into it, as
 * the seeded directory lists them, so the metrics have a league table of lines to show.
 */
export const DEMO_LINES: readonly string[] = [
  '12345',
  '12345',
  '12345',
  '12345',
  '12315',
  '12319',
  '12369',
  '12333',
  '12328',
  '96123',
];

/**
 * A realistic call of a 12345 centre: most answered (of those, most with an appeal typed, some
 * consultations answered on the call), some abandoned in the queue, a few that never left the IVR.
 */
export function randomCallRecord(
  rng: Random,
  callId: string,
  endedBeforeMs = Date.now(),
): Record<string, unknown> {
  const citizen = randomWebformBody(rng);
  const kind = rng();
  const startedMs = endedBeforeMs - Math.floor(rng() * 3_600_000) - 900_000;
  const queuedMs = startedMs + 10_000 + Math.floor(rng() * 40_000);
  const base = {
    callId,
    caller: citizen.phone,
    line: pick(rng, DEMO_LINES),
    startedAt: iso(startedMs),
  };
  if (kind < 0.08) {
    const endedMs = startedMs + 20_000 + Math.floor(rng() * 60_000);
    return { ...base, disposition: 'ivr_only', endedAt: iso(endedMs), recordedAt: iso(endedMs + 1000) };
  }
  // Waits are short for most callers and long for a few, as in a busy hour.
  const waitMs = Math.floor((rng() < 0.8 ? rng() * 15 : 15 + rng() * 180) * 1000);
  if (kind < 0.2) {
    const endedMs = queuedMs + waitMs;
    return {
      ...base,
      queuedAt: iso(queuedMs),
      disposition: 'abandoned',
      endedAt: iso(endedMs),
      recordedAt: iso(endedMs + 1000),
    };
  }
  const answeredMs = queuedMs + waitMs;
  const endedMs = answeredMs + 60_000 + Math.floor(rng() * 420_000);
  const record: Record<string, unknown> = {
    ...base,
    queuedAt: iso(queuedMs),
    answeredAt: iso(answeredMs),
    endedAt: iso(endedMs),
    disposition: 'answered',
    agentId: `a-${String(1 + Math.floor(rng() * 40)).padStart(3, '0')}`,
    recordingKey: `recordings/${iso(startedMs).slice(0, 10).replaceAll('-', '/')}/${callId}.wav`,
    recordedAt: iso(endedMs + 1000),
  };
  if (kind < 0.3) return record; // a wrong number, a hang-up, a call transferred elsewhere
  const direct = kind < 0.45;
  record.appeal = {
    type: direct ? 'consultation' : citizen.type,
    category: citizen.category,
    district: citizen.district,
    ...(citizen.address ? { address: citizen.address } : {}),
    content: `市民来电反映：${citizen.content}`,
    urgency: rng() < 0.05 ? 'urgent' : 'normal',
    ...(citizen.name ? { name: citizen.name } : {}),
    ...(direct ? { answeredDirectly: true, reply: '已按政策口径当场答复，市民表示清楚。' } : {}),
  };
  return record;
}
