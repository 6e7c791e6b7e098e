import { OpenApiUtil } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import {
  type Acs3Request,
  acs3CanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  sha256Hex,
  verifyAcs3,
} from '../../../local/fakes/aliyun-acs3.js';

// A SendSms request as the SDK sends it, and its signature computed apart from this code (by
// hand, with Python's hashlib and hmac over the canonical request Alibaba documents).
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const query = {
  PhoneNumbers: '13800138000',
  SignName: '某市12345',
  TemplateCode: 'SMS_465000001',
  TemplateParam: '{"trackingNo":"261203-K7M3-9XQ2","link":"https://x.cn/n/Ab3d"}',
  OutId: 'completion#2026-12-03T02:00:00.000Z',
};
const headers = {
  host: 'dysmsapi.aliyuncs.com',
  'x-acs-action': 'SendSms',
  'x-acs-content-sha256': EMPTY_SHA256,
  'x-acs-date': '2026-12-03T02:00:00Z',
  'x-acs-signature-nonce': '3f8a1c52e0d94b7e',
  'x-acs-version': '2017-05-25',
};
const SIGNED = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];
const CANONICAL_SHA256 = '6fd11a903cc741469e63a0a141be023ac551a90e432a4ba411b13a590a325828';
const SIGNATURE = 'a5481bdcf18de707a1c3970f1fade5076cb4ba35b4cfd9638c7e7b9c70bcaf7a';
const authorization = `ACS3-HMAC-SHA256 Credential=LTAI-test,SignedHeaders=${SIGNED.join(';')},Signature=${SIGNATURE}`;

function request(
  more: Partial<Acs3Request> = {},
  moreHeaders: Record<string, string | undefined> = {},
): Acs3Request {
  return {
    method: 'POST',
    pathname: '/',
    query,
    headers: { ...headers, authorization, ...moreHeaders },
    body: Buffer.alloc(0),
    ...more,
  };
}

const options = {
  secretOf: (id: string) => (id === 'LTAI-test' ? 'test-secret' : undefined),
  now: new Date('2026-12-03T02:01:00Z'),
};

describe('Function: acs3Signature', () => {
  it('computes the hand-computed vector', () => {
    // Act
    const canonical = acs3CanonicalRequest(request(), SIGNED, EMPTY_SHA256);
    const signature = acs3Signature('test-secret', acs3StringToSign(canonical));

    // Assess
    expect(sha256Hex(canonical)).toBe(CANONICAL_SHA256);
    expect(signature).toBe(SIGNATURE);
  });

  it('agrees with the official SDK for the same request', () => {
    // Act
    const sdk = OpenApiUtil.getAuthorization(
      { method: 'POST', pathname: '/', query, headers } as never,
      'ACS3-HMAC-SHA256',
      EMPTY_SHA256,
      'LTAI-test',
      'test-secret',
    );

    // Assess
    expect(sdk).toBe(authorization);
  });
});

describe('Function: verifyAcs3', () => {
  it('accepts the signed request and gives its nonce', () => {
    // Act
    const verdict = verifyAcs3(request(), options);

    // Assess
    expect(verdict).toEqual({
      ok: true,
      accessKeyId: 'LTAI-test',
      nonce: '3f8a1c52e0d94b7e',
      date: new Date('2026-12-03T02:00:00Z'),
    });
  });

  it.each([
    ['a wrong secret', request(), { secretOf: () => 'other-secret' }, 400, 'SignatureDoesNotMatch'],
    [
      'a changed parameter',
      request({ query: { ...query, PhoneNumbers: '13900139000' } }),
      {},
      400,
      'SignatureDoesNotMatch',
    ],
    [
      'a changed signed header',
      request({}, { 'x-acs-signature-nonce': 'other' }),
      {},
      400,
      'SignatureDoesNotMatch',
    ],
    ['a body its hash does not state', request({ body: Buffer.from('x') }), {}, 400, 'SignatureDoesNotMatch'],
    ['an unknown AccessKeyId', request(), { secretOf: () => undefined }, 404, 'InvalidAccessKeyId.NotFound'],
    [
      'a date 16 minutes old',
      request(),
      { now: new Date('2026-12-03T02:16:01Z') },
      400,
      'InvalidTimeStamp.Expired',
    ],
    [
      'a date 16 minutes ahead',
      request(),
      { now: new Date('2026-12-03T01:43:59Z') },
      400,
      'InvalidTimeStamp.Expired',
    ],
    [
      'a date in another form',
      request({}, { 'x-acs-date': 'Thu, 03 Dec 2026 02:00:00 GMT' }),
      {},
      400,
      'InvalidTimeStamp.Format',
    ],
    ['no Authorization', request({}, { authorization: undefined }), {}, 400, 'IncompleteSignature'],
    [
      'a v1-style Authorization',
      request({}, { authorization: 'acs LTAI-test:abc=' }),
      {},
      400,
      'IncompleteSignature',
    ],
    ['an unsigned x-acs header', request({}, { 'x-acs-extra': '1' }), {}, 400, 'IncompleteSignature'],
    [
      'signed headers out of order',
      request({}, { authorization: authorization.replace('host;x-acs-action', 'x-acs-action;host') }),
      {},
      400,
      'IncompleteSignature',
    ],
  ])('refuses %s', (_name, req, more, status, code) => {
    // Act
    const verdict = verifyAcs3(req, { ...options, ...more });

    // Assess
    expect(verdict).toMatchObject({ ok: false, status, code });
  });
});
