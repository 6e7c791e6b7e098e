import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/ingest-webform/handler.js';
import { citizenRequest } from '../unit/domain/disclosure/fixtures.js';
import { contentType, fieldValue, headerValue, hostileString, jsonBody, mutate } from './arbitraries.js';
import { type FuzzCase, fuzzEntryPoint, fuzzMocks } from './harness.js';

// POST /v1/channels/webform: hostile appeals and disclosure requests, near misses of a valid one.

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const VALID: Record<string, unknown> = {
  type: 'help',
  category: 'water-supply',
  district: 'gulou',
  address: '鼓楼区东街 12 号',
  content: '小区从昨天晚上开始停水，至今没有通知何时恢复。',
  phone: '139 1234 5678',
};

const { arrival: _arrival, ...DISCLOSURE } = citizenRequest({ departmentId: 'housing-bureau' });

/** A key of the shape the upload function hands out (`uploads/YYYY/MM/DD/<uuid>.<ext>`). */
const attachmentKey = fc
  .tuple(fc.uuid({ version: 4 }), fc.constantFrom('jpg', 'png', 'webp', 'heic'))
  .map(([id, ext]) => `uploads/2026/12/04/${id}.${ext}`);

const FIELDS = {
  type: fc.constantFrom('complaint', 'help', 'report', 'suggestion', 'consultation', 'disclosure'),
  category: fc.constantFrom('noise', 'water-supply', 'total'),
  district: fc.constantFrom('gulou', 'donghu'),
  address: hostileString,
  content: hostileString,
  phone: fc.constantFrom('13912345678', '+86 139 1234 5678', '1391234567８'),
  name: hostileString,
  verificationId: hostileString,
  code: hostileString,
  attachments: fc.array(fc.oneof(hostileString, attachmentKey), { maxLength: 3 }),
};

/** A valid appeal or disclosure request with one to three fields replaced by hostile values. */
const nearMiss = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(FIELDS)), fieldValue), { minLength: 1, maxLength: 3 })
    .map((changes) => JSON.stringify(changes.reduce((b, [k, v]) => mutate(b, [k], v), VALID))),
  fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(DISCLOSURE)), fieldValue), { minLength: 1, maxLength: 3 })
    .map((changes) =>
      JSON.stringify({
        type: 'disclosure',
        disclosureRequest: changes.reduce((b, [k, v]) => mutate(b, [k], v), DISCLOSURE),
      }),
    ),
  fc.constant(JSON.stringify(VALID)),
);

const cases: fc.Arbitrary<FuzzCase> = fc
  .record({
    body: fc.oneof(nearMiss, jsonBody(FIELDS)),
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, contentType),
    key: fc.option(fc.oneof(headerValue, fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.:-]{8,40}$/)), {
      nil: undefined,
    }),
  })
  .map(({ body, contentType, key }) => ({
    request: {
      method: 'POST',
      target: '/v1/channels/webform',
      headers: { 'content-type': contentType, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body,
    },
  }));

describe('Fuzz: ingest-webform', () => {
  it('answers every hostile web-form post with 2xx or 4xx, and writes nothing when it refuses', async () => {
    // Act
    const statuses = await fuzzEntryPoint({ functionName: 'ingest-webform', handler, mocks, cases, salt: 1 });

    // Assess: the generators reach past validation (some queued) and are refused too
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect(statuses.get(422) ?? statuses.get(400)).toBeGreaterThan(0);
  });
});
