import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeMessage } from '../domain/index.js';

/** The port through which a channel hands an appeal (or a call) on. Resolves only once the queue holds it. */
export interface AppealQueue {
  send(message: IntakeMessage): Promise<void>;
}

/** Lets an operator find a message in the DLQ by case or by call without parsing bodies. */
function attributesOf(message: IntakeMessage): Record<string, { DataType: 'String'; StringValue: string }> {
  const text = (value: string) => ({ DataType: 'String' as const, StringValue: value });
  const call = message.kind === 'call' ? message.call : undefined;
  return {
    channel: text(message.appeal?.channel ?? 'hotline'),
    ...(message.appeal ? { caseId: text(message.appeal.caseId) } : {}),
    ...(call ? { callId: text(call.callId) } : {}),
  };
}

export class SqsAppealQueue implements AppealQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: IntakeMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: attributesOf(message),
      }),
    );
  }
}
