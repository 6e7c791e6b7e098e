import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeMessage } from '../domain/index.js';

/** The port through which a channel hands an appeal on. Resolves only once the queue holds it. */
export interface AppealQueue {
  send(message: IntakeMessage): Promise<void>;
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
        // Lets an operator find a message in the DLQ by case without parsing bodies.
        MessageAttributes: {
          caseId: { DataType: 'String', StringValue: message.appeal.caseId },
          channel: { DataType: 'String', StringValue: message.appeal.channel },
        },
      }),
    );
  }
}
