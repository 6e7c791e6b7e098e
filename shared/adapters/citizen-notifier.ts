import type { CompletionNotice } from '../domain/index.js';

/**
 * Where a citizen is told about their case, in clear: only ever held in memory while a notice is
 * sent (the case keeps keyed hashes and a mask), and never logged.
 */
export type CitizenAddress =
  | { readonly kind: 'wechat'; readonly openId: string }
  | { readonly kind: 'sms'; readonly phone: string };

/**
 * `sent`: handed to the channel. `undeliverable`: the channel said no for good (the user blocked
 * the account, the 48-hour service window has closed): retrying cannot help, so the caller records
 * it instead of throwing. Any other failure is thrown and retried.
 */
export type NotifyOutcome =
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'undeliverable'; readonly reason: string };

/**
 * The port through which the completion notice (办结告知) reaches the citizen.
 *
 * @example
 * const outcome = await notifier.notify({ kind: 'wechat', openId }, completionNotice(kase, { feedbackUrl }));
 * if (outcome.outcome === 'undeliverable') logger.warn('notice undeliverable', { reason: outcome.reason });
 */
export interface CitizenNotifier {
  notify(to: CitizenAddress, notice: CompletionNotice): Promise<NotifyOutcome>;
}
