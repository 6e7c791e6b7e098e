import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsAppealQueue } from '../../../shared/adapters/appeal-queue.js';
import { IntakeMessageSchema } from '../../../shared/domain/index.js';
import { testAppeal } from '../fixtures/appeal.js';

const sqs = mockClient(SQSClient);

describe('Class: SqsAppealQueue', () => {
  afterEach(() => {
    sqs.reset();
  });

  it('sends the message as ASCII-only JSON that reads back as it was, emoji and all', async () => {
    // Prepare: an emoji (U+1F621, outside what some emulators take) and a tab in the content.
    const content = '楼下施工噪音扰民😡\t已持续一周';
    const message = {
      appeal: testAppeal({ content }),
      raw: { contentType: 'application/json', body: content },
    };
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await new SqsAppealQueue(new SQSClient({}), 'https://sqs.local/intake').send(message);

    // Assess
    const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    expect(body).toMatch(/^[\x20-\x7e]*$/);
    expect(body).toContain('\\ud83d\\ude21');
    const read = IntakeMessageSchema.parse(JSON.parse(body));
    expect(read.appeal?.content).toBe(content);
    expect(read.raw?.body).toBe(content);
  });
});
