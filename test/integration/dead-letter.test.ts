import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/identity.js';
import { IntakeMessageSchema } from '../../shared/domain/index.js';
import { casesByTrackingNo, eventually, routedPair, sqs, stack } from './helpers.js';

/** An appeal as the channels queue it, parsed by the dispatcher's own schema before it is sent. */
function queuedAppeal(): { body: string; trackingNo: string } {
  const { category, district } = routedPair();
  const sourceId = `dead-letter-${randomUUID()}`;
  const caseId = deriveCaseId('webform', sourceId);
  const receivedAt = new Date();
  const trackingNo = deriveTrackingNo(caseId, receivedAt);
  const message = IntakeMessageSchema.parse({
    appeal: {
      caseId,
      trackingNo,
      channel: 'webform',
      sourceId,
      receivedAt: receivedAt.toISOString(),
      type: 'complaint',
      urgency: 'normal',
      category,
      district,
      content: '同一批次里有一条坏消息，本诉求不应丢失',
      contact: { phoneHash: randomBytes(32).toString('hex'), phoneMasked: '139****0000' },
      attachments: [],
    },
    raw: { contentType: 'application/json', body: '{}' },
  });
  return { body: JSON.stringify(message), trackingNo };
}

describe('the intake queue', () => {
  it('moves the message the dispatcher keeps failing to the DLQ after three receives, and loses none of its batch', {
    timeout: 40_000,
  }, async () => {
    // Catches: a poisoned record failing its whole batch for ever (its neighbours lost to the DLQ),
    // a neighbour processed twice into two cases, or a poison that never reaches the DLQ.
    // Prepare: the poison in the middle of one batch, between two appeals
    const poison = `poison ${randomUUID()}: not an intake message`;
    const [before, after] = [queuedAppeal(), queuedAppeal()];

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.resources.intakeQueueUrl,
        Entries: [before.body, poison, after.body].map((MessageBody, i) => ({ Id: String(i), MessageBody })),
      }),
    );

    // Assess: every dead letter seen on the way is kept, so a neighbour sent there too would show
    const seen: string[] = [];
    const receiveDead = async (VisibilityTimeout?: number) => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.resources.intakeDlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          ...(VisibilityTimeout === undefined ? {} : { VisibilityTimeout }),
        }),
      );
      seen.push(...(out.Messages ?? []).map((m) => m.Body ?? ''));
      return out.Messages ?? [];
    };
    const dead = await eventually(async () => (await receiveDead()).find((m) => m.Body === poison), {
      timeoutMs: 25_000,
      what: 'the poison message in the DLQ',
    });
    await receiveDead(0);
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: stack.resources.intakeDlqUrl, ReceiptHandle: dead.ReceiptHandle }),
    );
    for (const appeal of [before, after]) {
      expect(seen.filter((body) => body.includes(appeal.trackingNo))).toEqual([]);
      expect(await casesByTrackingNo(appeal.trackingNo)).toEqual([
        expect.objectContaining({ trackingNo: appeal.trackingNo, version: 1 }),
      ]);
    }
  });
});
