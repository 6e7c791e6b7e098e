import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  SQSServiceException,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import {
  moveByHand,
  peekDeadLetters,
  queueUrlsByPrefix,
  redrive,
  sourceQueueOf,
} from '../../../shared/adapters/dead-letters.js';

const sqs = mockClient(SQSClient);
const DLQ = 'https://sqs.local/000000000000/intake-dlq';
const DLQ_ARN = 'arn:aws:sqs:cn-north-1:000000000000:intake-dlq';
const SOURCE = 'https://sqs.local/000000000000/intake';

/** The error an endpoint answers for a call it does not have (the local emulator). */
const invalidAction = () =>
  new SQSServiceException({ name: 'InvalidAction', $fault: 'client', $metadata: {}, message: 'unknown' });

const letter = (id: string, extra: Record<string, unknown> = {}) => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: `{"id":"${id}"}`,
  Attributes: { SentTimestamp: '1795320000000', ApproximateReceiveCount: '3' },
  ...extra,
});

describe('Module: dead-letters', () => {
  afterEach(() => {
    sqs.reset();
  });

  it('peeks with a visibility timeout of 0 and lists each message once', async () => {
    // Prepare: the same message comes back on every receive, as a peek leaves it visible.
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [letter('a'), letter('b')] })
      .resolvesOnce({ Messages: [letter('a')] })
      .resolves({
        Messages: [
          letter('b', {
            MessageAttributes: { ERROR_MESSAGE: { DataType: 'String', StringValue: 'Lambda timed out' } },
          }),
        ],
      });

    // Act
    const letters = await peekDeadLetters(new SQSClient({}), DLQ, { quietReceives: 2 });

    // Assess
    expect(letters.map((l) => l.messageId)).toEqual(['a', 'b']);
    expect(letters[0]).toMatchObject({
      sentAt: new Date(1795320000000),
      receiveCount: 3,
      body: '{"id":"a"}',
    });
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, { QueueUrl: DLQ, VisibilityTimeout: 0 });
    expect(sqs).not.toHaveReceivedCommand(DeleteMessageCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('starts an SQS move task back to the original source where the endpoint has one', async () => {
    // Prepare
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });

    // Act
    const result = await redrive(new SQSClient({}), { dlqUrl: DLQ, dlqArn: DLQ_ARN, sourceUrl: SOURCE });

    // Assess: no destination, so SQS sends each message back where it came from
    expect(result).toEqual({ by: 'move-task', taskHandle: 'task-1' });
    expect(sqs).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, { SourceArn: DLQ_ARN });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input.DestinationArn).toBeUndefined();
    expect(sqs).not.toHaveReceivedCommand(ReceiveMessageCommand);
  });

  it('moves by hand where the endpoint lacks move tasks, deleting each message only after its send', async () => {
    // Prepare
    sqs.on(StartMessageMoveTaskCommand).rejects(invalidAction());
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: { ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' },
    });
    const attributes = { kind: { DataType: 'String', StringValue: 'appeal' } };
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [letter('a', { MessageAttributes: attributes })] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'new-a' });
    sqs.on(DeleteMessageCommand).resolves({});

    // Act
    const result = await redrive(new SQSClient({}), { dlqUrl: DLQ, dlqArn: DLQ_ARN, sourceUrl: SOURCE });

    // Assess
    expect(result).toEqual({ by: 'hand', moved: ['a'] });
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: SOURCE,
      MessageBody: '{"id":"a"}',
      MessageAttributes: attributes,
    });
    const order = sqs.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(order.indexOf('DeleteMessageCommand')).toBeGreaterThan(order.indexOf('SendMessageCommand'));
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, { QueueUrl: DLQ, ReceiptHandle: 'rh-a' });
  });

  it('keeps a message in the DLQ when its send fails', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '1' } });
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [letter('a')] });
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));

    // Act
    const move = moveByHand(new SQSClient({}), DLQ, SOURCE);

    // Assess
    await expect(move).rejects.toThrow('throttled');
    expect(sqs).not.toHaveReceivedCommand(DeleteMessageCommand);
  });

  it('moves no more messages than the queue held when it began', async () => {
    // Prepare: the DLQ keeps answering (a message failed again and came back meanwhile).
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [letter('a')] })
      .resolvesOnce({ Messages: [letter('b')] })
      .resolves({ Messages: [letter('c')] });
    sqs.on(SendMessageCommand).resolves({});
    sqs.on(DeleteMessageCommand).resolves({});

    // Act
    const moved = await moveByHand(new SQSClient({}), DLQ, SOURCE);

    // Assess
    expect(moved).toEqual(['a', 'b']);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
  });

  it("finds the source queue by the queues' redrive policies where ListDeadLetterSourceQueues is missing", async () => {
    // Prepare
    sqs.on(ListDeadLetterSourceQueuesCommand).rejects(invalidAction());
    sqs.on(ListQueuesCommand).resolves({ QueueUrls: [DLQ, SOURCE] });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ }).resolves({ Attributes: {} });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: SOURCE }).resolves({
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: '3' }) },
    });

    // Act
    const source = await sourceQueueOf(new SQSClient({}), DLQ, DLQ_ARN);

    // Assess
    expect(source).toBe(SOURCE);
  });

  it('finds queues by the start of their generated names, page by page', async () => {
    // Prepare
    sqs
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueUrls: [DLQ], NextToken: 'next' })
      .resolvesOnce({ QueueUrls: [`${DLQ}2`] });

    // Act
    const urls = await queueUrlsByPrefix(new SQSClient({}), 'Hotline12345-Data-intakedlq');

    // Assess
    expect(urls).toEqual([DLQ, `${DLQ}2`]);
    expect(sqs).toHaveReceivedCommandWith(ListQueuesCommand, {
      QueueNamePrefix: 'Hotline12345-Data-intakedlq',
      NextToken: 'next',
    });
  });
});
