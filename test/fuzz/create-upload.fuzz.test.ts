import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/create-upload/handler.js';
import { hostileString, jsonBody } from './arbitraries.js';
import { fuzzEntryPoint, fuzzMocks, routeCases } from './harness.js';

// POST /v1/channels/webform/uploads: hostile upload grant requests.

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const body = fc.oneof(
  jsonBody({
    contentType: fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/html', 'image/svg+xml'),
    size: fc.oneof(fc.integer(), fc.double(), fc.integer({ min: 1, max: 12 * 1024 * 1024 })),
    sha256: fc.oneof(
      hostileString,
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')),
    ),
    fileName: hostileString,
  }),
  fc
    .record({
      size: fc.integer({ min: 1, max: 12 * 1024 * 1024 }),
      sha256: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')),
      fileName: hostileString,
    })
    .map((r) => JSON.stringify({ contentType: 'image/jpeg', ...r })),
);

describe('Fuzz: create-upload', () => {
  it('answers every hostile upload grant request with 2xx or 4xx, and writes nothing when it refuses', async () => {
    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'create-upload',
      handler,
      mocks,
      cases: routeCases({
        method: 'POST',
        path: '/v1/channels/webform/uploads',
        headerNames: ['idempotency-key', 'origin'],
        body,
        contentTypes: fc.oneof(
          fc.constant('application/json'),
          fc.constantFrom('text/plain', 'application/octet-stream'),
        ),
      }),
      salt: 2,
    });

    // Assess: some grants made, some refused
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });
});
