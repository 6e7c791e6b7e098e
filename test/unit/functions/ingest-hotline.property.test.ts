import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-hotline/handler.js';
import { parseHotlinePayload } from '../../../shared/channels/hotline.js';
import { sign, verifySignature } from '../../../shared/channels/hotline-signature.js';
import { IntakeMessageSchema } from '../../../shared/domain/appeal.js';
import { HttpError } from '../../../shared/http/errors.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { abandonedCall, callRecord, HOTLINE_SECRET } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

// Thousands of generated and mutated requests: the hotline path answers 2xx or 4xx, never throws
// and never 5xx, whatever a caller (or an attacker) sends; and it writes to the queue only.

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

/** A valid record with one field replaced, dropped or added: near misses find the edge cases. */
const mutatedRecord = fc
  .tuple(
    fc.constantFrom(callRecord(), abandonedCall()),
    fc.constantFrom(
      'callId',
      'caller',
      'line',
      'queuedAt',
      'answeredAt',
      'endedAt',
      'disposition',
      'recordedAt',
      'appeal',
      'agentId',
      'extra',
    ),
    fc.oneof(
      fc.constant(undefined),
      fc.jsonValue(),
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('answered', 'abandoned', 'ivr_only', '', '13912345678', '+86 139 1234 5678'),
      fc.record({ type: fc.string(), category: fc.string(), district: fc.string(), content: fc.string() }),
    ),
  )
  .map(([record, key, value]) => {
    const copy: Record<string, unknown> = { ...record };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return JSON.stringify(copy);
  });

const anyBody = fc.oneof(
  mutatedRecord,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

const path = fc.constantFrom('/v1/channels/hotline/calls', '/v1/channels/hotline/connect-ctr');

/** Signed correctly, signed then tampered with, or not signed at all; fresh, stale or garbage times. */
const signing = fc.record({
  timestamp: fc.oneof(
    fc.integer({ min: -400, max: 400 }).map((s) => String(Math.floor(Date.now() / 1000) + s)),
    fc.string(),
    fc.constant(undefined),
  ),
  mode: fc.constantFrom('valid', 'valid', 'valid', 'flip', 'random', 'missing', 'wrong-secret'),
  random: fc.string(),
});

function headersFor(body: string, s: { timestamp?: string | undefined; mode: string; random: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s.timestamp !== undefined) headers['x-timestamp'] = s.timestamp;
  const ts = s.timestamp ?? '';
  const good = sign(HOTLINE_SECRET, ts, body);
  if (s.mode === 'valid') headers['x-signature'] = good;
  if (s.mode === 'flip') headers['x-signature'] = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
  if (s.mode === 'random') headers['x-signature'] = s.random;
  if (s.mode === 'wrong-secret') headers['x-signature'] = sign('not-the-secret', ts, body);
  return headers;
}

describe('Property: ingest-hotline', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET }))
      vi.stubEnv(k, v);
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterAll(() => {
    ddb.reset();
    sqs.reset();
  });

  it('never throws from the verifier, and accepts only what was signed with the secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), fc.option(fc.string()), (body, sig, ts) => {
        // Act
        const result = verifySignature({
          secret: HOTLINE_SECRET,
          signature: sig ?? undefined,
          timestamp: ts ?? undefined,
          body,
          nowMs: Date.now(),
        });

        // Assess
        if (result.ok) expect(sig).toBe(sign(HOTLINE_SECRET, ts as string, body));
      }),
      { numRuns: 3000 },
    );
  });

  it('parses any JSON value into a call, an ignored contact, or a 4xx HttpError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call-record' as const, 'connect-ctr' as const),
        fc.oneof(
          fc.jsonValue(),
          mutatedRecord.map((s) => JSON.parse(s)),
        ),
        (kind, body) => {
          // Act & Assess
          try {
            const parsed = parseHotlinePayload(kind, body);
            expect(['call', 'ignored']).toContain(parsed.kind);
          } catch (error) {
            expect(error).toBeInstanceOf(HttpError);
            expect((error as HttpError).statusCode).toBe(422);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers every generated request with 2xx or 4xx, never a throw or a 5xx, queueing one valid message per call', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyBody, path, signing, async (body, rawPath, s) => {
        // Prepare
        const sentBefore = sqs.commandCalls(SendMessageCommand).length;

        // Act
        const result = (await handler(
          httpEvent({ method: 'POST', path: rawPath, headers: headersFor(body, s), body }),
          testContext('ingest-hotline'),
        )) as APIGatewayProxyStructuredResultV2;

        // Assess
        const status = result.statusCode as number;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status >= 200 && status < 500).toBe(true);
        if (s.mode !== 'valid' && status < 300) throw new Error(`accepted a ${s.mode} signature`);
        const sent = sqs.commandCalls(SendMessageCommand).slice(sentBefore);
        const reply = JSON.parse(result.body as string);
        // A call is acknowledged with its callId and queued once; an ignored contact or a refusal queues nothing.
        expect(sent).toHaveLength(status === 202 && reply.callId ? 1 : 0);
        for (const call of sent) {
          const message = IntakeMessageSchema.parse(JSON.parse(call.args[0].input.MessageBody as string));
          expect(message.kind).toBe('call');
        }
      }),
      { numRuns: 3000 },
    );
    // The generators reach past the signature: some requests are queued, some refused by the schema.
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect(statuses.get(422)).toBeGreaterThan(0);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('queues a valid record whatever category and district its appeal names, keeping what did not resolve', async () => {
    // Spaces only, full-width forms, any Unicode: all are an agent's possible typing.
    const typedText = fc.oneof(
      fc.string({ minLength: 1, maxLength: 64 }),
      fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
      fc.constantFrom(' ', '\u3000', '供水', '鼓楼', 'ＧＵＬＯＵ', '道路积水'),
    );
    await fc.assert(
      fc.asyncProperty(typedText, typedText, async (category, district) => {
        // Prepare
        const sentBefore = sqs.commandCalls(SendMessageCommand).length;
        const appeal = { ...(callRecord().appeal as object), category, district };
        const body = JSON.stringify(callRecord({ appeal }));

        // Act
        const result = (await handler(
          httpEvent({
            method: 'POST',
            path: '/v1/channels/hotline/calls',
            headers: headersFor(body, {
              timestamp: String(Math.floor(Date.now() / 1000)),
              mode: 'valid',
              random: '',
            }),
            body,
          }),
          testContext('ingest-hotline'),
        )) as APIGatewayProxyStructuredResultV2;

        // Assess
        expect(result.statusCode).toBe(202);
        const sent = sqs.commandCalls(SendMessageCommand).slice(sentBefore);
        expect(sent).toHaveLength(1);
        const message = IntakeMessageSchema.parse(JSON.parse(sent[0]?.args[0].input.MessageBody as string));
        const queued = message.appeal;
        // Either a code of the directory, or the placeholder with the typed text beside it.
        expect(queued?.category === 'other' ? true : queued?.typedCategory === undefined).toBe(true);
        if (queued?.district === 'unknown') expect(queued.typedDistrict).toBeDefined();
        else expect(queued?.typedDistrict).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
