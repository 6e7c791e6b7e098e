import * as z from 'zod/mini';
import {
  CALLBACK_POLICY_SETTINGS,
  type CallbackPolicy,
  DEFAULT_CALLBACK_POLICY,
} from '../domain/callbacks/policy.js';
import { DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS } from '../domain/lifecycle/follow-up-call.js';
import {
  type CorrectionDays,
  DEFAULT_CORRECTION_DAYS,
  DEFAULT_FOLLOW_UP_DAYS,
} from '../domain/lifecycle/transitions.js';

/**
 * What a function learns from its environment. Parsed once, on first use, so a missing variable
 * fails loudly at the first request rather than as `undefined` deep inside a call.
 */
const ConfigSchema = z.object({
  CASES_TABLE_NAME: z.string().check(z.minLength(1)),
  DIRECTORY_TABLE_NAME: z.string().check(z.minLength(1)),
  INTAKE_QUEUE_URL: z.string().check(z.minLength(1)),
  ARCHIVE_BUCKET_NAME: z.string().check(z.minLength(1)),
  /** Where the page's photos are posted (create-upload, serve-web, dispatch-appeal): `stagingBucketName()`. */
  STAGING_BUCKET_NAME: z.optional(z.string().check(z.minLength(1))),
  /** Only the functions that read or write the aggregates use it: see `metricsTableName()`. */
  METRICS_TABLE_NAME: z.optional(z.string().check(z.minLength(1))),
  /** The public API address the citizen's links point at (the short links): send-notice, follow-short-link. */
  PUBLIC_BASE_URL: z.optional(z.string()),
  /** Set by the local stack only: its fake of the WeChat server API. */
  WECHAT_API_BASE_URL: z.optional(z.string()),
  /** The staff console's sign-in (serve-web's GET /console/config.json): see console-config.ts. */
  CONSOLE_OIDC_ISSUER: z.optional(z.string()),
  CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: z.optional(z.string()),
  CONSOLE_OIDC_TOKEN_ENDPOINT: z.optional(z.string()),
  CONSOLE_OIDC_END_SESSION_ENDPOINT: z.optional(z.string()),
  CONSOLE_OIDC_LOGOUT_STYLE: z.optional(z.string()),
  CONSOLE_OIDC_CLIENT_ID: z.optional(z.string()),
  CONSOLE_OIDC_SCOPE: z.optional(z.string()),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= ConfigSchema.parse(process.env);
  return cached;
}

/**
 * The metrics table, for a function that needs it: a missing name fails at its first request. Read
 * on its own, so the stream consumer needs no other name to count.
 */
export function metricsTableName(): string {
  const name = process.env.METRICS_TABLE_NAME;
  if (!name) throw new Error('METRICS_TABLE_NAME is not set');
  return name;
}

/**
 * The channels' marks table (WeChat nonces, Idempotency-Keys), for the functions that mark requests:
 * a missing name fails at their first request, and no other function needs it.
 */
export function requestMarksTableName(): string {
  const name = process.env.REQUEST_MARKS_TABLE_NAME;
  if (!name) throw new Error('REQUEST_MARKS_TABLE_NAME is not set');
  return name;
}

/** The notices queue (notify-citizen sends to it, send-notice consumes it): `NOTICES_QUEUE_URL`. */
export function noticesQueueUrl(): string {
  const url = process.env.NOTICES_QUEUE_URL;
  if (!url) throw new Error('NOTICES_QUEUE_URL is not set');
  return url;
}

/** The API's public address, for the links a notice carries: `PUBLIC_BASE_URL`. */
export function publicBaseUrl(): string {
  const url = config().PUBLIC_BASE_URL;
  if (!url) throw new Error("PUBLIC_BASE_URL is not set: a notice's link needs the public API address");
  return url;
}

/**
 * 政府信息公开申请: where the citizen page's request form is, for the channels that point to it (a
 * WeChat text asking for 信息公开). The page served at `/` holds it under `#disclosure`; undefined
 * without a public address (the reply then names the page without a link).
 */
export function disclosureFormUrl(): string | undefined {
  const base = config().PUBLIC_BASE_URL;
  return base ? `${base.replace(/\/+$/, '')}/#disclosure` : undefined;
}

/** Tests change the environment between cases; this forgets what was read. */
export function resetConfig(): void {
  cached = undefined;
}

/**
 * 回访期: the days a completed case waits for the citizen's rating before it closes as no response
 * (DESIGN §5, default 7). Read on its own, as every writer of a case needs it for the supervision
 * index: `FOLLOW_UP_DAYS`, a whole number of days from 1 to 60.
 */
export function followUpDays(): number {
  const raw = process.env.FOLLOW_UP_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_FOLLOW_UP_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 60) {
    throw new Error(`FOLLOW_UP_DAYS must be a whole number of days from 1 to 60, not ${raw}`);
  }
  return days;
}

/**
 * 电话回访: the hours a completed case waits for the citizen's own rating before it joins the agents'
 * follow-up call list (issue 11, default 24). Read on its own, as `followUpDays()`: every writer of a
 * case keys the call list's index with it. `FOLLOW_UP_CALL_AFTER_HOURS`, a whole number from 0 (every
 * completed case at once) to 720 (30 days).
 */
export function followUpCallAfterHours(): number {
  return wholeNumber('FOLLOW_UP_CALL_AFTER_HOURS', DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS, 0, 720);
}

/**
 * 补正: the working days a citizen has to answer a correction request before a supervisor may close
 * the case as 未补正: `DISCLOSURE_CORRECTION_DAYS` for a disclosure request (default 7),
 * `CORRECTION_DAYS` for every other type (default 5), each a whole number from 1 to 60.
 */
export function correctionDays(): CorrectionDays {
  return {
    disclosure: wholeNumber('DISCLOSURE_CORRECTION_DAYS', DEFAULT_CORRECTION_DAYS.disclosure, 1, 60),
    other: wholeNumber('CORRECTION_DAYS', DEFAULT_CORRECTION_DAYS.other, 1, 60),
  };
}

/**
 * How many wrong `phoneLast4` answers a tracking number takes, and for how long it is locked after.
 * `LOOKUP_GUESS_LIMIT` wrong answers (default 5) within `LOOKUP_GUESS_WINDOW_MINUTES` of the first
 * (default 15) lock the number for `LOOKUP_LOCK_MINUTES` (default 60) from the last one. With the
 * defaults a guesser gets at most 5 of the 10,000 combinations per 75 minutes: about 1 % a day.
 */
export interface LookupGuessPolicy {
  readonly limit: number;
  readonly windowMinutes: number;
  readonly lockMinutes: number;
}

export function lookupGuessPolicy(): LookupGuessPolicy {
  return {
    limit: wholeNumber('LOOKUP_GUESS_LIMIT', 5, 1, 100),
    windowMinutes: wholeNumber('LOOKUP_GUESS_WINDOW_MINUTES', 15, 1, 1440),
    lockMinutes: wholeNumber('LOOKUP_LOCK_MINUTES', 60, 1, 1440),
  };
}

/**
 * How many appeals one sender may file (DESIGN: a flood from one sender). Per sender (a WeChat
 * openid; a verified phone once the web form has one; never the hotline, whose appeals an agent
 * types on a real call): `SENDER_LIMIT_PER_WINDOW` appeals (default 10) in each window of
 * `SENDER_LIMIT_WINDOW_MINUTES` (default 10; it must divide a day, so windows start on the clock:
 * 10:00, 10:10, …) and `SENDER_LIMIT_PER_DAY` (default 30) per calendar day in Asia/Shanghai.
 */
export interface SenderLimitPolicy {
  readonly perWindow: number;
  readonly windowMinutes: number;
  readonly perDay: number;
}

export function senderLimitPolicy(): SenderLimitPolicy {
  const windowMinutes = wholeNumber('SENDER_LIMIT_WINDOW_MINUTES', 10, 1, 1440);
  if (1440 % windowMinutes !== 0) {
    throw new Error(`SENDER_LIMIT_WINDOW_MINUTES must divide a day (1440 minutes), not ${windowMinutes}`);
  }
  return {
    perWindow: wholeNumber('SENDER_LIMIT_PER_WINDOW', 10, 1, 1000),
    windowMinutes,
    perDay: wholeNumber('SENDER_LIMIT_PER_DAY', 30, 1, 1000),
  };
}

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  }
  return value;
}

/**
 * The staging bucket the page's photos are posted to, for a function that needs it: a missing name
 * fails at its first use.
 */
export function stagingBucketName(): string {
  const name = config().STAGING_BUCKET_NAME;
  if (!name) throw new Error('STAGING_BUCKET_NAME is not set');
  return name;
}

/**
 * 漏接回拨: the deployment's callback policy, each value a whole number within bounds
 * (`CALLBACK_DEADLINE_MINUTES` 5–1440, `CALLBACK_MAX_ATTEMPTS` 1–10, `CALLBACK_ATTEMPT_GAP_MINUTES`
 * 0–240, `CALLBACK_HOLD_MINUTES` 1–60, `CALLBACK_RETENTION_DAYS` 1–3650: CALLBACK_POLICY_SETTINGS);
 * absent, the defaults.
 */
export function callbackPolicy(): CallbackPolicy {
  const policy: { -readonly [K in keyof CallbackPolicy]: CallbackPolicy[K] } = { ...DEFAULT_CALLBACK_POLICY };
  for (const s of CALLBACK_POLICY_SETTINGS) {
    policy[s.field] = wholeNumber(s.env, policy[s.field], s.min, s.max);
  }
  return policy;
}

/**
 * 漏接回拨: the key that seals callers' numbers: `CALLBACK_KEY_ARN` (the KMS key, in AWS) or
 * `CALLBACK_RAW_KEY` (a 32-byte AES key in base64, generated by the local stack; never set in AWS).
 * Read on its own, like the other names only some functions need: see `phoneVault()`.
 */
export function callbackKeyConfig(): { keyArn?: string; rawKey?: string } {
  const keyArn = process.env.CALLBACK_KEY_ARN;
  const rawKey = process.env.CALLBACK_RAW_KEY;
  return { ...(keyArn ? { keyArn } : {}), ...(rawKey ? { rawKey } : {}) };
}

/**
 * 专人负责: the person the monthly drafting names on each new release (`RELEASE_RESPONSIBLE_ID` and
 * `RELEASE_RESPONSIBLE_NAME`, both or neither); absent, a supervisor assigns one before submitting.
 */
export function releaseResponsible(): { id: string; name: string } | undefined {
  const id = process.env.RELEASE_RESPONSIBLE_ID?.trim();
  const name = process.env.RELEASE_RESPONSIBLE_NAME?.trim();
  if (!id && !name) return undefined;
  if (!id || !name) throw new Error('RELEASE_RESPONSIBLE_ID and RELEASE_RESPONSIBLE_NAME go together');
  return { id, name };
}

/** 答复书: where the letter sends an applicant who disagrees, and the 文号's prefix. */
export interface DisclosureLetterSettings {
  /** 行政复议机关 (DISCLOSURE_RECONSIDERATION_BODY). */
  readonly reconsiderationBody: string;
  /** The court with jurisdiction (DISCLOSURE_COURT). */
  readonly court: string;
  /** Before 〔year〕 in the 文号, e.g. 市政信复 (DISCLOSURE_LETTER_PREFIX); empty by default. */
  readonly letterPrefix: string;
}

/**
 * The deployment's remedy venues and 文号 prefix for the 答复书 (-c disclosureReconsiderationBody …
 * in CDK). The defaults name no particular city, so a letter from an unconfigured stack is still a
 * correct letter: the body's own government and the court with jurisdiction.
 */
export function disclosureLetterSettings(): DisclosureLetterSettings {
  const text = (name: string, fallback: string) => {
    const value = process.env[name]?.trim();
    return value ? value : fallback;
  };
  return {
    reconsiderationBody: text('DISCLOSURE_RECONSIDERATION_BODY', '本级人民政府'),
    court: text('DISCLOSURE_COURT', '有管辖权的人民法院'),
    letterPrefix: text('DISCLOSURE_LETTER_PREFIX', ''),
  };
}
