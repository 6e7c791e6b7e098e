import { describe, expect, it } from 'vitest';
import {
  type Tc3Request,
  tc3CanonicalRequest,
  tc3Signature,
  verifyTc3,
} from '../../../local/fakes/tencent-tc3.js';

// The worked example of Tencent Cloud's signature v3 documentation (CVM DescribeInstances, with the
// documentation's example keys), whose hashed canonical request and signature it prints.

const secretId = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
const secretKey = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const timestamp = 1551113065;
const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const documentedSignature = '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';

function documented(overrides: Partial<Tc3Request> = {}, headers: Record<string, string> = {}): Tc3Request {
  return {
    method: 'POST',
    path: '/',
    query: '',
    body: Buffer.from(payload),
    headers: {
      authorization: `TC3-HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${documentedSignature}`,
      'content-type': 'application/json; charset=utf-8',
      host: 'cvm.tencentcloudapi.com',
      'x-tc-action': 'DescribeInstances',
      'x-tc-timestamp': String(timestamp),
      'x-tc-version': '2017-03-12',
      'x-tc-region': 'ap-guangzhou',
      ...headers,
    },
    ...overrides,
  };
}

const expected = { keys: { [secretId]: secretKey }, service: 'cvm', now: timestamp + 10 };

describe('Function: verifyTc3', () => {
  it("computes the documentation's signature for its example", () => {
    // Prepare
    const canonicalRequest = tc3CanonicalRequest(documented(), ['content-type', 'host']) as string;

    // Act
    const signature = tc3Signature({ secretKey, timestamp, service: 'cvm', canonicalRequest });

    // Assess
    expect(signature).toBe(documentedSignature);
  });

  it("accepts the documentation's request", () => {
    // Act
    const verdict = verifyTc3(documented(), expected);

    // Assess
    expect(verdict).toEqual({ ok: true, secretId });
  });

  it('compares the host without the port a local endpoint has', () => {
    // Act
    const verdict = verifyTc3(documented({}, { host: 'cvm.tencentcloudapi.com:8443' }), expected);

    // Assess
    expect(verdict.ok).toBe(true);
  });

  it('refuses a changed body with AuthFailure.SignatureFailure', () => {
    // Act
    const verdict = verifyTc3(documented({ body: Buffer.from(payload.replace('1', '2')) }), expected);

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a request signed more than five minutes ago with AuthFailure.SignatureExpire', () => {
    // Act
    const verdict = verifyTc3(documented(), { ...expected, now: timestamp + 301 });

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SignatureExpire' });
  });

  it('refuses a request from more than five minutes ahead', () => {
    // Act
    const verdict = verifyTc3(documented(), { ...expected, now: timestamp - 301 });

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SignatureExpire' });
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', () => {
    // Act
    const verdict = verifyTc3(documented(), { ...expected, keys: { AKIDother: secretKey } });

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SecretIdNotFound' });
  });

  it('refuses a credential scope for another service', () => {
    // Act
    const verdict = verifyTc3(documented(), { ...expected, service: 'sms' });

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a credential date that is not the timestamp’s UTC date', () => {
    // Prepare
    const request = documented(
      {},
      {
        authorization: `TC3-HMAC-SHA256 Credential=${secretId}/2019-02-26/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${documentedSignature}`,
      },
    );

    // Act
    const verdict = verifyTc3(request, expected);

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request`],
    [
      'no host among the signed headers',
      `TC3-HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type, Signature=${documentedSignature}`,
    ],
  ])('refuses %s with AuthFailure.InvalidAuthorization', (_what, authorization) => {
    // Prepare
    const request = documented();
    const headers = { ...request.headers, authorization };

    // Act
    const verdict = verifyTc3({ ...request, headers }, expected);

    // Assess
    expect(verdict).toMatchObject({ ok: false, code: 'AuthFailure.InvalidAuthorization' });
  });
});
