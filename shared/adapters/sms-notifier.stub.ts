import type { Logger } from '@aws-lambda-powertools/logger';
import { type CompletionNotice, maskPhone } from '../domain/index.js';
import type { CitizenAddress, CitizenNotifier, NotifyOutcome } from './citizen-notifier.js';

/**
 * STUB: an SMS notifier that sends NO SMS. No SMS provider is contracted yet (a city's 12345 centre
 * uses its operator's SMS gateway or a cloud SMS service with a registered signature and template);
 * until one is, this stands in the notification port so the rest of the follow-up works end to end.
 *
 * It logs that nothing was sent, with the masked number only. When `LOCAL_NOTIFICATION_OUTBOX_URL`
 * is set (the local stack sets it; nothing in AWS does) it POSTs the notice there, so a developer
 * can read it at `GET /_local/notifications`, feedback link included.
 *
 * @example
 * await new SmsNotifierStub({ logger }).notify({ kind: 'sms', phone }, notice); // logs, sends nothing
 */
export class SmsNotifierStub implements CitizenNotifier {
  constructor(
    private readonly options: { logger: Logger; outboxUrl?: string | undefined; timeoutMs?: number },
  ) {}

  async notify(to: CitizenAddress, notice: CompletionNotice): Promise<NotifyOutcome> {
    if (to.kind !== 'sms') throw new Error(`the SMS notifier cannot reach a ${to.kind} address`);
    const masked = maskPhone(to.phone);
    this.options.logger.warn('SMS STUB: no SMS sent (no SMS provider is configured)', {
      to: masked,
      caseId: notice.caseId,
      trackingNo: notice.trackingNo,
    });
    const outbox = this.options.outboxUrl;
    if (outbox) {
      const response = await fetch(outbox, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ ...notice, via: 'sms', to: masked }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      if (!response.ok) throw new Error(`the local notification outbox answered HTTP ${response.status}`);
    }
    return { outcome: 'sent' };
  }
}
