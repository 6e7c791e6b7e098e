import {
  ConflictException,
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';

// AWS End User Messaging SMS (SendTextMessage) for deployments outside China: the text as it is
// (no approved template), delivery events through the configuration set's SNS event destination.

export interface AwsSmsOptions {
  readonly client: PinpointSMSVoiceV2Client;
  /** A phone number, sender id or pool (its ARN or id); absent: the account's default. */
  readonly originationIdentity?: string;
  /** The configuration set whose event destination carries delivery receipts. */
  readonly configurationSetName?: string;
}

/** E.164: a plus, a country code and at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The number in E.164: the port's phones are mainland numbers without the country code
 * (13800138000 → +8613800138000); one that already has its `+` is taken as it is.
 */
export function e164Of(phone: string): string | undefined {
  const number = phone.startsWith('+') ? phone : /^1\d{10}$/.test(phone) ? `+86${phone}` : undefined;
  return number && E164.test(number) ? number : undefined;
}

/**
 * Conflicts that are this number's for good: the citizen replied STOP (opted out), a protect
 * configuration blocks the number or its country, or, in the sandbox, the number is not verified.
 */
const CONFLICT_REASONS: ReadonlyMap<string, string> = new Map([
  ['DESTINATION_PHONE_NUMBER_OPTED_OUT', 'opted_out'],
  ['DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE', 'blocked'],
  ['DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION', 'destination_country_blocked'],
  ['DESTINATION_PHONE_NUMBER_NOT_VERIFIED', 'destination_not_verified'],
]);

/**
 * The undeliverable reason of a refusal about the destination, or undefined for any other error:
 * a ValidationException about anything else (the origination identity, the configuration set) is
 * the deployment's mistake, thrown so the dead-letter alarm shows it rather than every notice
 * quietly recorded undeliverable.
 */
function refusalOf(error: unknown): string | undefined {
  if (error instanceof ConflictException) return CONFLICT_REASONS.get(error.Reason ?? '');
  if (error instanceof ValidationException) {
    if (error.Reason === 'DESTINATION_COUNTRY_BLOCKED') return 'destination_country_blocked';
    if (error.Fields?.some((field) => field.Name === 'DestinationPhoneNumber')) return 'invalid_phone';
  }
  return undefined;
}

/**
 * The AWS End User Messaging SMS notifier: `SendTextMessage`, transactional, with the notice's id
 * as context (it comes back in each delivery event). Throttling, service errors and refused
 * credentials are thrown, so the notice is retried.
 *
 * @example
 * const notifier = new AwsSmsNotifier({ client: new PinpointSMSVoiceV2Client({}), configurationSetName: 'notices' });
 * await notifier.send({ kind: 'sms', phone: '13800138000' }, completionMessage(kase, { link }));
 * // { outcome: 'accepted', provider: 'aws', via: 'sms', messageId: '862a8790-…' }
 */
export class AwsSmsNotifier implements CitizenNotifier {
  readonly provider = 'aws' as const;
  constructor(readonly options: AwsSmsOptions) {}

  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    if (to.kind !== 'sms') throw new Error(`the SMS notifier cannot reach a ${to.kind} address`);
    const destination = e164Of(to.phone);
    if (!destination) return { outcome: 'undeliverable', provider: 'aws', reason: 'invalid_phone' };
    try {
      const answer = await this.options.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: destination,
          MessageBody: message.text,
          MessageType: 'TRANSACTIONAL',
          ...(this.options.originationIdentity
            ? { OriginationIdentity: this.options.originationIdentity }
            : {}),
          ...(this.options.configurationSetName
            ? { ConfigurationSetName: this.options.configurationSetName }
            : {}),
          Context: { noticeId: message.noticeId },
        }),
      );
      if (!answer.MessageId) throw new Error('SendTextMessage answered without a MessageId');
      return { outcome: 'accepted', provider: 'aws', via: 'sms', messageId: answer.MessageId };
    } catch (error) {
      const reason = refusalOf(error);
      if (reason) return { outcome: 'undeliverable', provider: 'aws', reason };
      throw error;
    }
  }
}
