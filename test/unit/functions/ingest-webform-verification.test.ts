import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-webform/handler.js';
import { phoneVerifiedBy, type VerificationDeps } from '../../../functions/ingest-webform/verification.js';
import type { PhoneVerificationMode } from '../../../shared/adapters/notifiers/select.js';
import type { CodeCheck, PhoneVerifications } from '../../../shared/adapters/phone-verifications.js';
import { codeHashOf } from '../../../shared/adapters/phone-verifications.js';
import { hashPhone } from '../../../shared/domain/index.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const KEY = TEST_ENV.CONTACT_HASH_KEY;
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NOW = new Date('2026-11-24T02:00:00Z');

function depsAnswering(answer: CodeCheck, mode: PhoneVerificationMode = 'required') {
  const calls: unknown[][] = [];
  const verifications = {
    check: async (...args: unknown[]) => {
      calls.push(args);
      return answer;
    },
  } as unknown as PhoneVerifications;
  const deps: VerificationDeps = { mode: () => mode, verifications: () => verifications };
  return { deps, calls };
}

async function codeOf(
  submission: { phone: string; verificationId?: string; code?: string },
  answer: CodeCheck = { kind: 'verified' },
  mode: PhoneVerificationMode = 'required',
): Promise<{ verifiedBy?: string; code?: string; message?: string; calls: unknown[][] }> {
  const { deps, calls } = depsAnswering(answer, mode);
  try {
    const verifiedBy = await phoneVerifiedBy(submission, 'case-1', KEY, NOW, deps);
    return { ...(verifiedBy ? { verifiedBy } : {}), calls };
  } catch (error) {
    const e = error as { code: string; message: string };
    return { code: e.code, message: e.message, calls };
  }
}

describe('Function: ingest-webform, 短信验证码 checked before the appeal is accepted', () => {
  it('asks for no code and verifies nothing where no SMS provider is configured', async () => {
    // Act
    const result = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '123456' },
      { kind: 'verified' },
      'off',
    );

    // Assess
    expect(result).toEqual({ calls: [] });
  });

  it('takes a submission without a code where the code is optional, leaving the phone unverified', async () => {
    // Act
    const result = await codeOf({ phone: '13912345678' }, { kind: 'verified' }, 'optional');

    // Assess
    expect(result).toEqual({ calls: [] });
  });

  it('checks a code given where it is optional as where it is required', async () => {
    // Act
    const right = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '012345' },
      { kind: 'verified' },
      'optional',
    );
    const wrong = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '000000' },
      { kind: 'invalid', triesLeft: 2 },
      'optional',
    );
    const replayed = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '012345' },
      { kind: 'expired' },
      'optional',
    );
    const malformed = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '12345' },
      { kind: 'verified' },
      'optional',
    );

    // Assess
    expect(right.verifiedBy).toBe('sms_code');
    expect(right.calls).toEqual([[ID, hashPhone('13912345678', KEY), '012345', 'case-1', NOW]]);
    expect([wrong.code, wrong.message]).toEqual(['invalid_code', '验证码不正确，还可再试 2 次']);
    expect(replayed.code).toBe('code_expired');
    expect(malformed.code).toBe('invalid_code');
    expect(malformed.calls).toEqual([]);
  });

  it('refuses half a verification where the code is optional: verification_required', async () => {
    // Act
    const idOnly = await codeOf(
      { phone: '13912345678', verificationId: ID },
      { kind: 'verified' },
      'optional',
    );
    const codeOnly = await codeOf({ phone: '13912345678', code: '123456' }, { kind: 'verified' }, 'optional');

    // Assess
    expect([idOnly.code, codeOnly.code]).toEqual(['verification_required', 'verification_required']);
    expect([...idOnly.calls, ...codeOnly.calls]).toEqual([]);
  });

  it('marks the phone verified by sms_code when the code is right, checking it for this appeal and phone', async () => {
    // Act
    const result = await codeOf({ phone: '13912345678', verificationId: ID, code: '012345' });

    // Assess
    expect(result.verifiedBy).toBe('sms_code');
    expect(result.calls).toEqual([[ID, hashPhone('13912345678', KEY), '012345', 'case-1', NOW]]);
  });

  it('refuses a submission without the code: verification_required', async () => {
    // Act and Assess
    expect((await codeOf({ phone: '13912345678' })).code).toBe('verification_required');
    expect((await codeOf({ phone: '13912345678', verificationId: ID })).code).toBe('verification_required');
    expect((await codeOf({ phone: '13912345678', code: '123456' })).code).toBe('verification_required');
  });

  it('refuses a malformed code or id without spending a try', async () => {
    // Act
    const results = [
      await codeOf({ phone: '13912345678', verificationId: ID, code: '12345' }),
      await codeOf({ phone: '13912345678', verificationId: ID, code: '１２３４５６' }),
      await codeOf({ phone: '13912345678', verificationId: ID, code: "1' OR 1=1" }),
      await codeOf({ phone: '13912345678', verificationId: '../../etc', code: '123456' }),
    ];

    // Assess
    expect(results.map((r) => r.code)).toEqual([
      'invalid_code',
      'invalid_code',
      'invalid_code',
      'code_expired',
    ]);
    expect(results.flatMap((r) => r.calls)).toEqual([]);
  });

  it('says how many tries are left after a wrong code, and code_expired once none is', async () => {
    // Act
    const wrong = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '000000' },
      { kind: 'invalid', triesLeft: 3 },
    );
    const last = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '000000' },
      { kind: 'invalid', triesLeft: 0 },
    );
    const spent = await codeOf(
      { phone: '13912345678', verificationId: ID, code: '000000' },
      { kind: 'expired' },
    );

    // Assess
    expect([wrong.code, wrong.message]).toEqual(['invalid_code', '验证码不正确，还可再试 3 次']);
    expect(last.code).toBe('code_expired');
    expect(spent.code).toBe('code_expired');
  });
});

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const VALID = {
  type: 'help',
  category: 'water-supply',
  district: 'gulou',
  content: '小区从昨天晚上开始停水，至今没有通知何时恢复。',
  phone: '139 1234 5678',
};

function post(body: unknown, headers: Record<string, string> = {}) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
    testContext('ingest-webform'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('Function: ingest-webform with an SMS provider configured', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('NOTICE_SMS_PROVIDER', 'tencent');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues the appeal with the phone marked verified when the code is right', async () => {
    // Prepare: the code's item as DynamoDB returns it after counting the try
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 1, codeHash: codeHashOf(ID, '987650', KEY) } });

    // Act
    const result = await post(
      { ...VALID, verificationId: ID, code: '987650' },
      { 'idempotency-key': 'key-12345678' },
    );

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.contact.verifiedBy).toBe('sms_code');
    expect(JSON.stringify(message.appeal)).not.toContain('987650');
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `VERIFY#CODE#${ID}`, sk: 'VERIFY' },
      UpdateExpression: 'SET consumedBy = :appeal',
    });
  });

  it('refuses a wrong code with 400 invalid_code, queueing and marking nothing', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 2, codeHash: codeHashOf(ID, '123456', KEY) } });

    // Act
    const result = await post(
      { ...VALID, verificationId: ID, code: '654321' },
      { 'idempotency-key': 'key-12345678' },
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error).toMatchObject({
      code: 'invalid_code',
      message: expect.stringContaining('3 次'),
    });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a code already used by another appeal (replay) with code_expired', async () => {
    // Prepare: the count's condition refuses (consumed by another appeal), returning the item
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ phoneHash: hashPhone('13912345678', KEY), consumedBy: 'another-case', tries: 1 }),
      }),
    );

    // Act
    const result = await post({ ...VALID, verificationId: ID, code: '123456' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('code_expired');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('refuses a submission without a code: verification_required', async () => {
    // Act
    const result = await post(VALID);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('verification_required');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });
});

describe('Function: ingest-webform with the SMS code optional (WEBFORM_PHONE_VERIFICATION=optional)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('NOTICE_SMS_PROVIDER', 'tencent');
    vi.stubEnv('WEBFORM_PHONE_VERIFICATION', 'optional');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues a submission without a code with the phone unverified, checking no code', async () => {
    // Act
    const result = await post(VALID, { 'idempotency-key': 'key-12345678' });

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.contact.verifiedBy).toBeUndefined();
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('queues a submission with the right code with the phone marked verified', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 1, codeHash: codeHashOf(ID, '987650', KEY) } });

    // Act
    const result = await post(
      { ...VALID, verificationId: ID, code: '987650' },
      { 'idempotency-key': 'key-12345678' },
    );

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.contact.verifiedBy).toBe('sms_code');
  });

  it('refuses a wrong code with 400 invalid_code, queueing nothing', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 2, codeHash: codeHashOf(ID, '123456', KEY) } });

    // Act
    const result = await post({ ...VALID, verificationId: ID, code: '654321' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('invalid_code');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a code already used by another appeal (replay) with code_expired', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ phoneHash: hashPhone('13912345678', KEY), consumedBy: 'another-case', tries: 1 }),
      }),
    );

    // Act
    const result = await post({ ...VALID, verificationId: ID, code: '123456' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('code_expired');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });
});

describe('Function: ingest-webform with an unknown WEBFORM_PHONE_VERIFICATION', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('NOTICE_SMS_PROVIDER', 'tencent');
    vi.stubEnv('WEBFORM_PHONE_VERIFICATION', 'sometimes');
  });

  it('fails as a configuration error, accepting nothing', async () => {
    // Prepare
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    const result = await post(VALID);

    // Assess
    expect(result.statusCode).toBe(500);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    ddb.reset();
    sqs.reset();
  });
});
