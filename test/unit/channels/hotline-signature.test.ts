import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from '../../../shared/channels/hotline-signature.js';

const SECRET = 'sig-test-secret';
const NOW_MS = 1_795_320_000_000;
const TS = String(NOW_MS / 1000);
const BODY = '{"callId":"c-1"}';

function check(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
  return verifySignature({
    secret: SECRET,
    timestamp: TS,
    signature: sign(SECRET, TS, BODY),
    body: BODY,
    nowMs: NOW_MS,
    ...overrides,
  });
}

describe('Function: verifySignature', () => {
  it('accepts HMAC-SHA256 over timestamp, a dot and the body', () => {
    // Act
    const result = check();

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('matches the scheme openssl computes', () => {
    // Prepare: printf '%s' '1795320000.{"callId":"c-1"}' | openssl dgst -sha256 -hmac sig-test-secret
    const expected = 'sha256=1829b2fef7d4799bd8e1691c607eede09247e39f93505bc977c93b7093b230e4';

    // Act
    const signature = sign(SECRET, TS, BODY);

    // Assess
    expect(signature).toBe(expected);
  });

  it('accepts upper-case hex', () => {
    // Act
    const result = check({
      signature: sign(SECRET, TS, BODY)
        .replace(/[a-f]/g, (c) => c.toUpperCase())
        .replace('SHA256', 'sha256'),
    });

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each([
    ['no signature', { signature: undefined }],
    ['no timestamp', { timestamp: undefined }],
    ['an empty signature', { signature: '' }],
  ])('refuses %s as missing_signature', (_, overrides) => {
    // Act
    const result = check(overrides);

    // Assess
    expect(result).toEqual({ ok: false, code: 'missing_signature' });
  });

  it.each([
    ['exactly 300 s old', -300, true],
    ['exactly 300 s ahead', 300, true],
    ['301 s old', -301, false],
    ['301 s ahead', 301, false],
  ])('treats a timestamp %s as within the window: %s', (_, offsetSeconds, accepted) => {
    // Prepare
    const timestamp = String(NOW_MS / 1000 + offsetSeconds);

    // Act
    const result = check({ timestamp, signature: sign(SECRET, timestamp, BODY) });

    // Assess
    expect(result).toEqual(accepted ? { ok: true } : { ok: false, code: 'stale_timestamp' });
  });

  it.each(['1795320000.5', '-1795320000', 'now', '1e9', `${TS}0000000`])(
    'refuses the unreadable timestamp %s as stale_timestamp',
    (timestamp) => {
      // Act
      const result = check({ timestamp, signature: sign(SECRET, timestamp, BODY) });

      // Assess
      expect(result).toEqual({ ok: false, code: 'stale_timestamp' });
    },
  );

  it.each([
    ['another secret', () => sign('other', TS, BODY)],
    ['another body', () => sign(SECRET, TS, `${BODY} `)],
    ['another timestamp', () => sign(SECRET, String(Number(TS) - 1), BODY)],
    ['no sha256= prefix', () => sign(SECRET, TS, BODY).slice('sha256='.length)],
    ['a truncated digest', () => sign(SECRET, TS, BODY).slice(0, -2)],
    ['a non-hex digest', () => `sha256=${'z'.repeat(64)}`],
    ['all zeros (what a malformed value is compared against)', () => `sha256=${'0'.repeat(64)}`],
  ])('refuses a signature with %s as invalid_signature', (_, signature) => {
    // Act
    const result = check({ signature: signature() });

    // Assess
    expect(result).toEqual({ ok: false, code: 'invalid_signature' });
  });

  it('signs the bytes of the body, so a byte-for-byte copy verifies', () => {
    // Prepare
    const body = Buffer.from('{"content":"停水"}', 'utf8');

    // Act
    const result = check({ body, signature: sign(SECRET, TS, body.toString('utf8')) });

    // Assess
    expect(result.ok).toBe(true);
  });
});

describe('Function: verifySignature, version 2 (method and path signed too)', () => {
  const CALLS = { method: 'POST', path: '/v1/channels/hotline/calls' };
  const CTR = { method: 'POST', path: '/v1/channels/hotline/connect-ctr' };

  it('matches the scheme openssl computes over timestamp, request line and body', () => {
    // Prepare: printf '%s' '1795320000.POST /v1/channels/hotline/calls.{"callId":"c-1"}' | openssl dgst -sha256 -hmac sig-test-secret
    const expected = 'sha256=7aaf2b2929a5ed6209fde1507df86c4976dd69f9fbdaf0a02c9c6a3462a6aa52';

    // Act
    const signature = sign(SECRET, TS, BODY, CALLS);

    // Assess
    expect(signature).toBe(expected);
  });

  it('accepts a version 2 signature for the path it was made for', () => {
    // Act
    const result = check({ signature: sign(SECRET, TS, BODY, CALLS), version: '2', request: CALLS });

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it.each([
    ['another path', { version: '2', request: CTR }],
    ['another method', { version: '2', request: { method: 'PUT', path: CALLS.path } }],
    ['the version 1 scheme', { version: '1', request: CALLS }],
  ])('refuses a version 2 signature checked against %s', (_, overrides) => {
    // Act
    const result = check({ signature: sign(SECRET, TS, BODY, CALLS), ...overrides });

    // Assess
    expect(result).toEqual({ ok: false, code: 'invalid_signature' });
  });

  it('refuses a version 1 signature sent as version 2', () => {
    // Act
    const result = check({ version: '2', request: CALLS });

    // Assess
    expect(result).toEqual({ ok: false, code: 'invalid_signature' });
  });

  it('keeps accepting version 1 (deprecated) without a version header', () => {
    // Act
    const result = check({ request: CTR });

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('refuses a version it does not know', () => {
    // Act
    const result = check({ signature: sign(SECRET, TS, BODY, CALLS), version: '3', request: CALLS });

    // Assess
    expect(result).toEqual({ ok: false, code: 'unsupported_signature_version' });
  });
});
