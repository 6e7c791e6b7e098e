import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsSmsNotifier, e164Of } from '../../../../shared/adapters/notifiers/aws-sms.js';
import { completionMessage } from '../../../../shared/domain/notices/index.js';

const sms = mockClient(PinpointSMSVoiceV2Client);
const meta = { $metadata: {} };

const message = completionMessage(
  { caseId: 'webcase', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-25T07:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);
const to = { kind: 'sms', phone: '13800138000' } as const;

function notifier(options: { originationIdentity?: string; configurationSetName?: string } = {}) {
  return new AwsSmsNotifier({ client: new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), ...options });
}

describe('Class: AwsSmsNotifier', () => {
  afterEach(() => {
    sms.reset();
  });

  it('sends the text as a transactional message and is accepted under its MessageId', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: '862a8790-60c0-4430-9b2b-658bdexample' });

    // Act
    const outcome = await notifier({
      originationIdentity: 'pool-0123456789abcdef',
      configurationSetName: 'notices',
    }).send(to, message);

    // Assess
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'aws',
      via: 'sms',
      messageId: '862a8790-60c0-4430-9b2b-658bdexample',
    });
    expect(sms).toHaveReceivedCommandWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+8613800138000',
      MessageBody: message.text,
      MessageType: 'TRANSACTIONAL',
      OriginationIdentity: 'pool-0123456789abcdef',
      ConfigurationSetName: 'notices',
      Context: { noticeId: 'completion#2026-11-25T07:00:00.000Z' },
    });
  });

  it('leaves the origination identity and configuration set to the account when not configured', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    await notifier().send(to, message);

    // Assess
    const input = sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input;
    expect(input).not.toHaveProperty('OriginationIdentity');
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('is undeliverable for a number that is not one, asking AWS nothing', async () => {
    // Act
    const outcome = await notifier().send({ kind: 'sms', phone: '12345' }, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aws', reason: 'invalid_phone' });
    expect(sms).not.toHaveReceivedCommand(SendTextMessageCommand);
  });

  it.each([
    [
      'an opted-out number',
      new ConflictException({ ...meta, message: 'opted out', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }),
      'opted_out',
    ],
    [
      'a number a protect configuration blocks',
      new ConflictException({
        ...meta,
        message: 'blocked',
        Reason: 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
      }),
      'blocked',
    ],
    [
      'an invalid destination number',
      new ValidationException({
        ...meta,
        message: 'invalid',
        Reason: 'INVALID_PARAMETER',
        Fields: [{ Name: 'DestinationPhoneNumber', Message: 'not a valid number' }],
      }),
      'invalid_phone',
    ],
    [
      'a blocked destination country',
      new ValidationException({ ...meta, message: 'blocked', Reason: 'DESTINATION_COUNTRY_BLOCKED' }),
      'destination_country_blocked',
    ],
  ])('is undeliverable for %s', async (_what, error, reason) => {
    // Prepare
    sms.on(SendTextMessageCommand).rejects(error);

    // Act
    const outcome = await notifier().send(to, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aws', reason });
  });

  it.each([
    ['throttling', new ThrottlingException({ ...meta, message: 'slow down' })],
    ['a service error', new InternalServerException({ ...meta, message: 'oops' })],
    [
      'the monthly spend limit',
      new ServiceQuotaExceededException({
        ...meta,
        message: 'limit',
        Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
      }),
    ],
    ['refused credentials', new AccessDeniedException({ ...meta, message: 'no' })],
    [
      'a configuration the service refuses',
      new ValidationException({
        ...meta,
        message: 'bad identity',
        Reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
        Fields: [{ Name: 'OriginationIdentity', Message: 'no' }],
      }),
    ],
    ['the network', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('throws on %s, so the notice is retried', async (_what, error) => {
    // Prepare
    sms.on(SendTextMessageCommand).rejects(error);

    // Act
    const sending = notifier().send(to, message);

    // Assess
    await expect(sending).rejects.toBe(error);
  });

  it('refuses a WeChat address', async () => {
    // Act
    const sending = notifier().send({ kind: 'wechat', openId: 'oCitizen' }, message);

    // Assess
    await expect(sending).rejects.toThrow(/cannot reach a wechat address/);
  });
});

describe('Function: e164Of', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+14255550156', '+14255550156'],
    ['23800138000', undefined],
    ['1380013800', undefined],
    ['+0123', undefined],
    ['+86 138', undefined],
  ])('reads %s as %s', (phone, expected) => {
    // Act
    const number = e164Of(phone);

    // Assess
    expect(number).toBe(expected);
  });
});
