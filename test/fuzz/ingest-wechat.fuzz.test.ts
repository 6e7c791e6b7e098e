import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/ingest-wechat/handler.js';
import { signedRequest, type WechatMode } from '../../scripts/wechat-client.js';
import { sha1Signature } from '../../shared/channels/wechat-crypto.js';
import { WECHAT_SECRETS } from '../unit/fixtures/wechat.js';
import {
  contentType,
  encodeSegment,
  hostileQuery,
  hostileString,
  hostileXml,
  invalidUtf8,
  oversized,
  wechatMessage,
  wechatXmlOf,
} from './arbitraries.js';
import { type FuzzCase, fuzzEntryPoint, fuzzMocks } from './harness.js';

// GET and POST /v1/channels/wechat: WeChat's verification and messages in plain and safe mode, signed
// (and encrypted) as WeChat does so the hostile XML reaches the parser, or tampered and refused.

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const PATH = '/v1/channels/wechat';
const TAMPERING = ['flip', 'stale', 'future', 'other-token', 'replayed', 'junk-timestamp'] as const;

function timestampOf(tampering: string): string {
  const now = Math.floor(Date.now() / 1000);
  if (tampering === 'stale') return String(now - 400);
  if (tampering === 'future') return String(now + 400);
  return String(now);
}

/** A query whose signature, and in safe mode msg_signature, is flipped at its last hex digit. */
function flipped(query: string): string {
  const params = new URLSearchParams(query);
  for (const name of ['signature', 'msg_signature']) {
    const value = params.get(name);
    if (value) params.set(name, value.slice(0, -1) + (value.endsWith('0') ? '1' : '0'));
  }
  return params.toString();
}

const posts: fc.Arbitrary<FuzzCase> = fc
  .record({
    xml: fc.oneof(
      { weight: 3, arbitrary: wechatMessage.map(wechatXmlOf) },
      { weight: 1, arbitrary: hostileXml },
    ),
    mode: fc.constantFrom<WechatMode>('plain', 'safe'),
    tampering: fc.oneof({ weight: 3, arbitrary: fc.constant('none') }, fc.constantFrom(...TAMPERING)),
    nonce: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
    // In plain mode the signature does not cover the body: a signed query may carry any bytes.
    rawBody: fc.option(fc.oneof(hostileXml, invalidUtf8, oversized), { nil: undefined, freq: 4 }),
  })
  .map(({ xml, mode, tampering, nonce, rawBody }) => {
    const secrets =
      tampering === 'other-token' ? { ...WECHAT_SECRETS, token: 'not-the-token' } : WECHAT_SECRETS;
    const signed = signedRequest(xml, secrets, mode, { timestamp: timestampOf(tampering), nonce });
    let query = tampering === 'flip' ? flipped(signed.query) : signed.query;
    if (tampering === 'junk-timestamp') query = query.replace(/timestamp=\d+/, 'timestamp=1e3');
    const body = mode === 'plain' && rawBody !== undefined ? rawBody : signed.body;
    return {
      request: { method: 'POST', target: `${PATH}?${query}`, headers: { 'content-type': 'text/xml' }, body },
      refused: tampering !== 'none',
      // A plain-mode replay is caught by its mark; in safe mode the signature covers the body.
      replayed: tampering === 'replayed',
    };
  })
  .map((c) =>
    // A safe-mode message's signature covers its body: a replay is the same message, WeChat's own retry.
    c.replayed && c.request.target.includes('encrypt_type=aes')
      ? { ...c, refused: false, replayed: false }
      : c,
  );

const unsignedPosts: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    hostileQuery(['signature', 'timestamp', 'nonce', 'openid', 'encrypt_type', 'msg_signature']),
    fc.oneof(hostileXml, invalidUtf8),
    contentType,
  )
  .map(([q, body, type]) => ({
    request: { method: 'POST', target: `${PATH}?${q}`, headers: { 'content-type': type }, body },
    refused: true,
  }));

const verifications: fc.Arbitrary<FuzzCase> = fc
  .record({
    echostr: fc.oneof(hostileString, fc.stringMatching(/^[0-9]{1,20}$/)),
    tampering: fc.oneof(
      { weight: 2, arbitrary: fc.constant('none') },
      fc.constantFrom('flip', 'stale', 'other-token'),
    ),
    nonce: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
    junk: hostileQuery(['echostr', 'signature', 'timestamp', 'nonce']),
    unsigned: fc.boolean(),
  })
  .map(({ echostr, tampering, nonce, junk, unsigned }) => {
    if (unsigned) return { request: { method: 'GET', target: `${PATH}?${junk}` }, refused: true };
    const timestamp = timestampOf(tampering);
    const token = tampering === 'other-token' ? 'not-the-token' : WECHAT_SECRETS.token;
    const good = sha1Signature([token, timestamp, nonce]);
    const signature = tampering === 'flip' ? good.slice(0, -1) + (good.endsWith('0') ? '1' : '0') : good;
    const query = `${new URLSearchParams({ signature, timestamp, nonce }).toString()}&echostr=${encodeSegment(echostr)}`;
    return { request: { method: 'GET', target: `${PATH}?${query}` }, refused: tampering !== 'none' };
  });

describe('Fuzz: ingest-wechat', () => {
  it('answers every hostile message, signed or tampered, in both modes with 2xx or 4xx, refusing every tampered one', async () => {
    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'ingest-wechat',
      handler,
      mocks,
      cases: fc.oneof({ weight: 4, arbitrary: posts }, { weight: 1, arbitrary: unsignedPosts }),
      salt: 21,
    });

    // Assess: signed messages were answered (200), tampered ones refused
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(401)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it("answers every hostile server verification with 2xx or 4xx, echoing only a correctly signed one's", async () => {
    // Act
    const statuses = await fuzzEntryPoint({
      functionName: 'ingest-wechat',
      handler,
      mocks,
      cases: verifications,
      salt: 22,
    });

    // Assess
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(401)).toBeGreaterThan(0);
  });
});
