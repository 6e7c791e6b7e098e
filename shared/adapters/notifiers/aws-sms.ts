import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';

// PLACEHOLDER (issue 11, being written): AWS End User Messaging SMS (SendTextMessage) for
// deployments outside China. It throws, so a notice through it is recorded `failed`, never `sent`.

export interface AwsSmsOptions {
  readonly client: PinpointSMSVoiceV2Client;
  /** A phone number, sender id or pool (its ARN or id); absent: the account's default. */
  readonly originationIdentity?: string;
  /** The configuration set whose event destination carries delivery receipts. */
  readonly configurationSetName?: string;
}

export class AwsSmsNotifier implements CitizenNotifier {
  readonly provider = 'aws' as const;
  constructor(readonly options: AwsSmsOptions) {}
  async send(_to: CitizenAddress, _message: NoticeMessage): Promise<SendOutcome> {
    throw new Error('AwsSmsNotifier is not written yet');
  }
}
