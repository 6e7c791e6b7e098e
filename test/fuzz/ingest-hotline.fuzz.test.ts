import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/ingest-hotline/handler.js';
import { sign } from '../../shared/channels/hotline-signature.js';
import {
  CALL_PATHS,
  CTR_PATHS,
  contentType,
  headerValue,
  hotlineBodies,
  invalidUtf8,
  oversized,
} from './arbitraries.js';
import { FUZZ_ENV } from './env.js';
import { type FuzzCase, fuzzEntryPoint, fuzzMocks } from './harness.js';

// POST /v1/channels/hotline/calls and /connect-ctr: signed correctly so the hostile text reaches the
// parsers, or tampered (signature, timestamp, the route it was signed for, the body) and refused.

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const sample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../events/hotline/${name}.json`, import.meta.url), 'utf8'));

const SECRET = FUZZ_ENV.HOTLINE_HMAC_SECRET;
const TAMPERING = ['flip', 'wrong-secret', 'stale', 'future', 'other-route', 'other-body', 'missing', 'junk'];

function signedCase(path: string, body: string | Uint8Array, tampering: string, junk: string): FuzzCase {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = String(tampering === 'stale' ? now - 400 : tampering === 'future' ? now + 400 : now);
  const other = path.endsWith('/calls') ? '/v1/channels/hotline/connect-ctr' : '/v1/channels/hotline/calls';
  const secret = tampering === 'wrong-secret' ? 'not-the-secret' : SECRET;
  const signed = tampering === 'other-body' ? `${String(body)} ` : body;
  const good = sign(secret, timestamp, signed, {
    method: 'POST',
    path: tampering === 'other-route' ? other : path,
  });
  const signature =
    tampering === 'flip'
      ? good.slice(0, -1) + (good.endsWith('0') ? '1' : '0')
      : tampering === 'junk'
        ? junk
        : good;
  return {
    request: {
      method: 'POST',
      target: path,
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-signature-version': '2',
        ...(tampering === 'missing' ? {} : { 'x-signature': signature }),
      },
      body,
    },
    refused: tampering !== 'none',
  };
}

function cases(path: string, bodies: fc.Arbitrary<string>): fc.Arbitrary<FuzzCase> {
  const signed = fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: bodies },
        { weight: 1, arbitrary: oversized },
        { weight: 1, arbitrary: invalidUtf8 },
      ),
      fc.oneof({ weight: 3, arbitrary: fc.constant('none') }, fc.constantFrom(...TAMPERING)),
      headerValue,
    )
    .map(([body, tampering, junk]) => signedCase(path, body, tampering, junk));
  // Unsigned, with hostile signature headers and content types: refused at the door.
  const unsigned = fc
    .tuple(
      bodies,
      fc.record(
        { 'x-timestamp': headerValue, 'x-signature': headerValue, 'x-signature-version': headerValue },
        { requiredKeys: [] },
      ),
      contentType,
    )
    .map(([body, headers, type]) => ({
      request: { method: 'POST', target: path, headers: { 'content-type': type, ...headers }, body },
      refused: true,
    }));
  return fc.oneof({ weight: 4, arbitrary: signed }, { weight: 1, arbitrary: unsigned });
}

describe('Fuzz: ingest-hotline', () => {
  it('answers every hostile call record, signed or tampered, with 2xx or 4xx, refusing every tampered one', async () => {
    // Prepare
    const bodies = fc.oneof(
      hotlineBodies(sample('answered-with-appeal'), CALL_PATHS, ['callId']),
      hotlineBodies(sample('abandoned'), CALL_PATHS, ['callId']),
      hotlineBodies(sample('ivr-only'), CALL_PATHS, ['callId']),
    );

    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'ingest-hotline',
      handler,
      mocks,
      cases: cases('/v1/channels/hotline/calls', bodies),
      salt: 11,
    });

    // Assess: signed cases reached the parser (queued or refused by the schema), tampered ones were 401
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect(statuses.get(422)).toBeGreaterThan(0);
    expect(statuses.get(401)).toBeGreaterThan(0);
  });

  it('answers every hostile contact record, signed or tampered, with 2xx or 4xx, refusing every tampered one', async () => {
    // Prepare
    const bodies = hotlineBodies(sample('connect-ctr'), CTR_PATHS, ['ContactId']);

    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'ingest-hotline',
      handler,
      mocks,
      cases: cases('/v1/channels/hotline/connect-ctr', bodies),
      salt: 12,
    });

    // Assess
    expect(statuses.get(202)).toBeGreaterThan(0);
    expect(statuses.get(422)).toBeGreaterThan(0);
    expect(statuses.get(401)).toBeGreaterThan(0);
  });
});
