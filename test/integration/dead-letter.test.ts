import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { eventually, sqs, stack } from './helpers.js';

describe('the intake queue', () => {
  it('moves a message the dispatcher keeps failing to the DLQ after three receives', async () => {
    // Prepare
    const poison = `poison ${randomUUID()}: not an intake message`;

    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.intakeQueueUrl, MessageBody: poison }));

    // Assess
    const dead = await eventually(
      async () => {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.resources.intakeDlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        return out.Messages?.find((m) => m.Body === poison);
      },
      { timeoutMs: 25_000, what: 'the poison message in the DLQ' },
    );
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: stack.resources.intakeDlqUrl, ReceiptHandle: dead.ReceiptHandle }),
    );
  });
});
