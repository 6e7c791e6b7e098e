import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderReceipt } from '../../../shared/adapters/notifiers/port.js';
import { ReceiptFormatError } from '../../../shared/adapters/notifiers/receipt-error.js';
import { testContext } from '../fixtures/lambda.js';

// The parser is the AWS provider slice's (tested with it); here a stand-in, so this suite checks
// what the function adds: the SNS envelope, matching, and which failures retry.
const parse = vi.hoisted(() => vi.fn<(body: unknown) => ProviderReceipt[]>());
const events = vi.hoisted(() => ({ noticeOfMessage: vi.fn(), recordNoticeEvent: vi.fn() }));
vi.mock('../../../shared/adapters/notifiers/aws-receipts.js', () => ({ parseAwsReceipts: parse }));
vi.mock('../../../shared/adapters/notice-events.js', () => events);

const { handler } = await import('../../../functions/record-sms-event/handler.js');

function snsEvent(...messages: string[]): SNSEvent {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:sms-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `m-${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:sms-events',
        Subject: '',
        Message,
        Timestamp: '2026-12-03T08:00:06.000Z',
        SignatureVersion: '1',
        Signature: 's',
        SigningCertUrl: 'https://example.invalid/cert',
        UnsubscribeUrl: 'https://example.invalid/unsub',
        MessageAttributes: {},
      },
    })),
  };
}

const delivered: ProviderReceipt = {
  provider: 'aws',
  messageId: 'msg-1',
  delivered: true,
  at: '2026-12-03T08:00:05.000Z',
};

describe('Function: record-sms-event', () => {
  beforeEach(() => {
    events.noticeOfMessage.mockResolvedValue({
      caseId: 'c-1',
      noticeId: 'completion#2026-12-03T08:00:00.000Z',
    });
    events.recordNoticeEvent.mockResolvedValue('updated');
  });
  afterEach(() => vi.resetAllMocks());

  it('moves the notice the event is about', async () => {
    // Prepare
    parse.mockReturnValue([delivered]);

    // Act
    await handler(
      snsEvent(JSON.stringify({ eventType: 'TEXT_DELIVERED', messageId: 'msg-1' })),
      testContext(),
    );

    // Assess
    expect(events.noticeOfMessage).toHaveBeenCalledWith('aws', 'msg-1');
    expect(events.recordNoticeEvent).toHaveBeenCalledWith(
      'c-1',
      'completion#2026-12-03T08:00:00.000Z',
      expect.objectContaining({ type: 'receipt', delivered: true, messageId: 'msg-1' }),
    );
  });

  it('drops an event that is not JSON or not the documented shape, and goes on with the next', async () => {
    // Prepare
    parse.mockImplementationOnce(() => {
      throw new ReceiptFormatError('no messageId');
    });
    parse.mockReturnValueOnce([delivered]);

    // Act
    await handler(snsEvent('{not json', '{}', '{"eventType":"TEXT_DELIVERED"}'), testContext());

    // Assess
    expect(parse).toHaveBeenCalledTimes(2);
    expect(events.recordNoticeEvent).toHaveBeenCalledTimes(1);
  });

  it('throws on a store fault, so Lambda retries the event and then parks it', async () => {
    // Prepare
    parse.mockReturnValue([delivered]);
    events.recordNoticeEvent.mockRejectedValue(new Error('throttled'));

    // Act
    const run = handler(snsEvent('{}'), testContext());

    // Assess
    await expect(run).rejects.toThrow('throttled');
  });
});
