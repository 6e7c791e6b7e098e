import { addressOf } from '../../shared/adapters/citizen-address.js';
import type { NoticeEventResult } from '../../shared/adapters/notice-events.js';
import type { NoticeRef, NoticeSendMarks } from '../../shared/adapters/notice-send-marks.js';
import type {
  CitizenAddress,
  CitizenNotifier,
  NoticeProvider,
} from '../../shared/adapters/notifiers/port.js';
import type { RawPayloadReader } from '../../shared/adapters/raw-archive.js';
import type { ShortLinkStore } from '../../shared/adapters/short-links.js';
import type { Case, Notice, WorkingCalendar } from '../../shared/domain/index.js';
import type { NoticeEvent } from '../../shared/domain/notices/index.js';
import { messageOf } from './message-of.js';

// 发送通知: one queued notice of a case, sent once through the deployment's provider. The case is
// the record (queued → sent | failed | undeliverable); the marks make the sending safe to repeat.

export interface SendDeps {
  cases: { getById(caseId: string): Promise<Case | undefined> };
  record: (caseId: string, noticeId: string, event: NoticeEvent) => Promise<NoticeEventResult>;
  marks: NoticeSendMarks;
  links: ShortLinkStore;
  raw: RawPayloadReader;
  /** undefined: the deployment has no such channel configured (the notice is undeliverable). */
  notifiers: {
    sms: () => Promise<CitizenNotifier | undefined>;
    wechat: () => Promise<CitizenNotifier | undefined>;
  };
  contactHashKey: () => Promise<string>;
  feedbackTokenKey: () => Promise<string>;
  publicBaseUrl: () => string;
  followUpDays: () => number;
  calendar: () => Promise<WorkingCalendar>;
  now: () => Date;
}

/**
 * accepted: a provider took it (recorded `sent`); undeliverable: recorded so; settled: nothing to
 * do (a replay of a notice already sent or settled, or a notice no longer on the case); retry: the
 * attempt failed (recorded `failed`) or another delivery holds it: the message is to come back.
 */
export type SendResult =
  | { readonly kind: 'accepted'; readonly provider: NoticeProvider; readonly messageId: string }
  | { readonly kind: 'undeliverable'; readonly provider?: NoticeProvider; readonly reason: string }
  | { readonly kind: 'settled'; readonly state?: Notice['state'] }
  | { readonly kind: 'retry'; readonly reason: string; readonly provider?: NoticeProvider };

/**
 * A claim older than this whose attempt the case never recorded belongs to a sender that died
 * (the function's timeout is 30 s): the attempt is recorded failed, so the next one can be made.
 */
export const STALE_CLAIM_MS = 10 * 60_000;

/** The error's name or code, short and stable: what the notice keeps as its failure reason. */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  const raw = typeof e?.code === 'string' && e.code ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
  return raw.replace(/[^\w.:-]/g, '_').slice(0, 64) || 'Error';
}

async function addressFor(kase: Case, deps: SendDeps): Promise<CitizenAddress | undefined> {
  if (!kase.rawKey) return undefined;
  const address = addressOf(kase, await deps.raw.get(kase.rawKey), await deps.contactHashKey());
  // The appeal's own message is the last one known to have come from the citizen: inside 48 hours
  // of it a customer-service message may still go out when no template is configured.
  if (address?.kind === 'wechat') return { ...address, lastMessageAt: kase.receivedAt };
  return address;
}

async function undeliverable(
  ref: NoticeRef,
  reason: string,
  deps: SendDeps,
  provider?: NoticeProvider,
): Promise<SendResult> {
  await deps.record(ref.caseId, ref.noticeId, {
    type: 'undeliverable',
    at: deps.now().toISOString(),
    reason,
    ...(provider ? { provider } : {}),
  });
  return { kind: 'undeliverable', reason, ...(provider ? { provider } : {}) };
}

/**
 * Sends the notice `ref` once. The order of the steps, and why:
 * 1. A consistent read of the case: only a `queued` or `failed` notice is sent (a replayed message
 *    finds it `sent`, `delivered` or `undeliverable` and stops).
 * 2. A mark per attempt (`NOTICE#<caseId>#<noticeId>#<attempt>`, conditional put): two deliveries
 *    of the same message read the same attempt count, and only one of them gets to a provider.
 * 3. The address, the notifier, the message and its short link; none → undeliverable, recorded.
 * 4. The provider. Accepted: the receipt mark (`NOTICEMSG#…`) FIRST, then `sent`, so a receipt
 *    that arrives early always finds its notice. Refused for good: undeliverable. Thrown: `failed`
 *    with the error's name, and the caller brings the message back later (backoff).
 *
 * The one window left: the function dies after the provider accepted and before `sent` is
 * recorded (a crash, a timeout). The attempt's mark stays without a recorded attempt; once it is
 * older than STALE_CLAIM_MS the retry records the attempt failed (`attempt_interrupted`) and sends
 * again, so that citizen may get the same text twice. A lost notice would cost them their rating
 * or their 补正 deadline; a repeated one costs an SMS. No provider offers an idempotency key that
 * would close it (Tencent's SessionContext and Alibaba's OutId are echoed, not deduplicated).
 */
export async function sendNotice(ref: NoticeRef, deps: SendDeps): Promise<SendResult> {
  const kase = await deps.cases.getById(ref.caseId);
  const notice = kase?.notices?.find((n) => n.noticeId === ref.noticeId);
  if (!kase || !notice) return { kind: 'settled' };
  if (notice.state !== 'queued' && notice.state !== 'failed') return { kind: 'settled', state: notice.state };

  const attempt = notice.attempts + 1;
  const claim = await deps.marks.claimAttempt(ref, attempt, deps.now());
  if (claim.kind === 'taken') {
    const age = claim.claimedAt ? deps.now().getTime() - new Date(claim.claimedAt).getTime() : 0;
    if (age < STALE_CLAIM_MS) return { kind: 'retry', reason: 'attempt_in_progress' };
    await deps.record(ref.caseId, ref.noticeId, {
      type: 'attempt_failed',
      at: deps.now().toISOString(),
      reason: 'attempt_interrupted',
    });
    return { kind: 'retry', reason: 'attempt_interrupted' };
  }

  const address = await addressFor(kase, deps);
  if (!address) return undeliverable(ref, 'no_verified_address', deps);
  const notifier = address.kind === 'sms' ? await deps.notifiers.sms() : await deps.notifiers.wechat();
  if (!notifier) {
    return undeliverable(
      ref,
      address.kind === 'sms' ? 'sms_not_configured' : 'wechat_app_secret_missing',
      deps,
    );
  }

  const now = deps.now();
  const linked = messageOf(kase, notice, {
    publicBaseUrl: deps.publicBaseUrl(),
    tokenKey: await deps.feedbackTokenKey(),
    followUpDays: deps.followUpDays(),
    calendar:
      notice.kind === 'correction_request'
        ? await deps.calendar()
        : { holidays: new Set(), makeUpWorkdays: new Set() },
    now,
  });
  if ('superseded' in linked) return undeliverable(ref, linked.superseded, deps);
  await deps.links.put(linked.code, { target: linked.target, expiresAt: linked.linkExpiresAt });

  let outcome: Awaited<ReturnType<CitizenNotifier['send']>>;
  try {
    outcome = await notifier.send(address, linked.message);
  } catch (error) {
    const reason = reasonOf(error);
    await deps.record(ref.caseId, ref.noticeId, {
      type: 'attempt_failed',
      at: deps.now().toISOString(),
      provider: notifier.provider,
      reason,
    });
    return { kind: 'retry', reason, provider: notifier.provider };
  }
  if (outcome.outcome === 'undeliverable') return undeliverable(ref, outcome.reason, deps, outcome.provider);

  await deps.marks.putMessage(outcome.provider, outcome.messageId, ref, deps.now());
  await deps.record(ref.caseId, ref.noticeId, {
    type: 'accepted',
    at: deps.now().toISOString(),
    provider: outcome.provider,
    via: outcome.via,
    messageId: outcome.messageId,
  });
  return { kind: 'accepted', provider: outcome.provider, messageId: outcome.messageId };
}
