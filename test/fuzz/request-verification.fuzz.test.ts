import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/request-verification/handler.js';
import { jsonBody } from './arbitraries.js';
import { fuzzEntryPoint, fuzzMocks, routeCases } from './harness.js';

// POST /v1/channels/webform/verifications: hostile phone verification requests (an SMS provider
// configured, its client mocked, so valid numbers reach the send).

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const phone = fc.oneof(
  fc.stringMatching(/^1[3-9]\d{9}$/),
  fc.constantFrom('+86 139 1234 5678', '139 1234 5678', '1391234567８', '+8613912345678', '12345'),
);

describe('Fuzz: request-verification', () => {
  it('answers every hostile verification request with 2xx or 4xx, and writes nothing when it refuses', async () => {
    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'request-verification',
      handler,
      mocks,
      cases: routeCases({
        method: 'POST',
        path: '/v1/channels/webform/verifications',
        body: fc.oneof(
          jsonBody({ phone }),
          phone.map((p) => JSON.stringify({ phone: p })),
        ),
        contentTypes: fc.oneof(fc.constant('application/json'), fc.constantFrom('text/plain', 'text/xml')),
      }),
      salt: 3,
    });

    // Assess: codes sent to valid numbers, the rest refused
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect(statuses.get(422) ?? statuses.get(400)).toBeGreaterThan(0);
  });
});
