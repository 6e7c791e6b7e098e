import { describe, expect, it } from 'vitest';
import { checkSigV4, type SigV4Check } from '../../../local/fakes/aws-sigv4.js';

// AWS's own SigV4 test suite, "get-vanilla": the documented request and its signature.
const VANILLA: SigV4Check = {
  method: 'GET',
  url: '/',
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  body: Buffer.alloc(0),
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:37:00Z'),
};

describe('Function: checkSigV4', () => {
  it("accepts AWS's own get-vanilla example", () => {
    // Act
    const refusal = checkSigV4(VANILLA);

    // Assess
    expect(refusal).toBeUndefined();
  });

  it.each([
    [
      'no Authorization header',
      { headers: { ...VANILLA.headers, authorization: undefined } },
      'MissingAuthenticationTokenException',
    ],
    [
      'an unknown access key',
      { credentials: { ...VANILLA.credentials, accessKeyId: 'AKIDOTHER' } },
      'UnrecognizedClientException',
    ],
    [
      'another secret',
      { credentials: { ...VANILLA.credentials, secretAccessKey: 'x' } },
      'InvalidSignatureException',
    ],
    ['another region', { region: 'eu-west-1' }, 'InvalidSignatureException'],
    ['another service', { service: 'sms-voice' }, 'InvalidSignatureException'],
    ['a date past the 5 minutes', { now: new Date('2015-08-30T12:42:00Z') }, 'InvalidSignatureException'],
    [
      'a changed header',
      { headers: { ...VANILLA.headers, host: 'evil.example.com' } },
      'InvalidSignatureException',
    ],
    ['a body that was not signed', { body: Buffer.from('x') }, 'InvalidSignatureException'],
    [
      'a claimed payload hash that is not the body',
      { headers: { ...VANILLA.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      'InvalidSignatureException',
    ],
    [
      'a malformed header',
      { headers: { ...VANILLA.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } },
      'InvalidSignatureException',
    ],
  ])('refuses %s', (_what, change, type) => {
    // Act
    const refusal = checkSigV4({ ...VANILLA, ...change } as SigV4Check);

    // Assess
    expect(refusal?.type).toBe(type);
  });
});
