import { describe, expect, it } from 'vitest';
import { parseAwsReceipts } from '../../../../shared/adapters/notifiers/aws-receipts.js';
import { ReceiptFormatError } from '../../../../shared/adapters/notifiers/receipt-error.js';

/** An SMS event as the service documents it (AWS End User Messaging, "SMS example log"). */
function smsEvent(overrides: Record<string, unknown> = {}) {
  return {
    eventType: 'TEXT_DELIVERED',
    eventVersion: '1.0',
    eventTimestamp: 1686975103470,
    isFinal: true,
    originationPhoneNumber: '+12065550152',
    destinationPhoneNumber: '+8613800138000',
    isInternationalSend: true,
    mcc: '460',
    mnc: '00',
    messageId: '862a8790-60c0-4430-9b2b-658bdexample',
    messageRequestTimestamp: 1686975103170,
    messageEncoding: 'UCS2',
    messageType: 'TRANSACTIONAL',
    messageStatus: 'DELIVERED',
    messageStatusDescription: 'Message has been accepted by phone',
    context: { noticeId: 'completion#2026-11-25T07:00:00.000Z' },
    totalMessageParts: 1,
    totalMessagePrice: 0.0204,
    totalCarrierFee: 0.0,
    ...overrides,
  };
}

function snsLambdaEvent(...messages: unknown[]) {
  return {
    Records: messages.map((m) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: {
        Type: 'Notification',
        MessageId: 'sns-1',
        TopicArn: 'arn:aws:sns:us-east-1:1:t',
        Message: JSON.stringify(m),
      },
    })),
  };
}

describe('Function: parseAwsReceipts', () => {
  it('reads a delivered event from the Lambda event of an SNS subscription', () => {
    // Act
    const receipts = parseAwsReceipts(snsLambdaEvent(smsEvent()));

    // Assess
    expect(receipts).toEqual([
      {
        provider: 'aws',
        messageId: '862a8790-60c0-4430-9b2b-658bdexample',
        delivered: true,
        at: '2023-06-17T04:11:43.470Z',
      },
    ]);
  });

  it('reads an SNS notification as an SQS subscriber gets it, and its JSON text', () => {
    // Prepare
    const notification = { Type: 'Notification', MessageId: 'sns-1', Message: JSON.stringify(smsEvent()) };

    // Act
    const fromObject = parseAwsReceipts(notification);
    const fromText = parseAwsReceipts(JSON.stringify(notification));

    // Assess
    expect(fromObject).toHaveLength(1);
    expect(fromText).toEqual(fromObject);
  });

  it('reads the raw event and an EventBridge event alike', () => {
    // Act
    const raw = parseAwsReceipts(smsEvent({ eventType: 'TEXT_SUCCESSFUL', messageStatus: 'SUCCESSFUL' }));
    const bridged = parseAwsReceipts({
      version: '0',
      'detail-type': 'Text Message Delivery Status Updated',
      source: 'aws.sms-voice',
      detail: smsEvent(),
    });

    // Assess
    expect(raw).toMatchObject([{ delivered: true }]);
    expect(bridged).toMatchObject([{ delivered: true }]);
  });

  it.each([
    'TEXT_BLOCKED',
    'TEXT_INVALID',
    'TEXT_UNREACHABLE',
    'TEXT_CARRIER_UNREACHABLE',
    'TEXT_TTL_EXPIRED',
    'TEXT_CARRIER_BLOCKED',
    'TEXT_SPAM',
    'TEXT_UNKNOWN',
  ])('reads a final %s as not delivered, with it as the reason', (eventType) => {
    // Act
    const receipts = parseAwsReceipts(snsLambdaEvent(smsEvent({ eventType })));

    // Assess
    expect(receipts).toEqual([
      {
        provider: 'aws',
        messageId: '862a8790-60c0-4430-9b2b-658bdexample',
        delivered: false,
        at: '2023-06-17T04:11:43.470Z',
        reason: eventType,
      },
    ]);
  });

  it('gives no receipt for events still under way, or for voice', () => {
    // Act
    const receipts = parseAwsReceipts(
      snsLambdaEvent(
        smsEvent({ eventType: 'TEXT_QUEUED', isFinal: false }),
        smsEvent({ eventType: 'TEXT_PENDING' }),
        smsEvent({ eventType: 'TEXT_CARRIER_UNREACHABLE', isFinal: false }),
        smsEvent({ eventType: 'VOICE_COMPLETED' }),
        smsEvent({ messageId: 'm-2' }),
      ),
    );

    // Assess
    expect(receipts.map((r) => r.messageId)).toEqual(['m-2']);
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['a number', 42],
    ['null', null],
    ['an SNS record without its Message', { Records: [{ Sns: {} }] }],
    ['an SNS notification whose Message is not JSON', { Type: 'Notification', Message: '{' }],
    ['an event without its eventType', smsEvent({ eventType: undefined })],
    ['an event without a messageId', smsEvent({ messageId: undefined })],
    ['a messageId with odd characters', smsEvent({ messageId: 'm 1<script>' })],
    ['an event without its eventTimestamp', smsEvent({ eventTimestamp: '2023-06-17' })],
    ['JSON nested past reason', JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify(smsEvent()))))],
  ])('refuses %s', (_what, body) => {
    // Act
    const parsing = () => parseAwsReceipts(body);

    // Assess
    expect(parsing).toThrow(ReceiptFormatError);
  });
});
