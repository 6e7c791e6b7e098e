import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTencentSmsFake, type TencentSmsFake } from '../../../local/fakes/tencent-sms.js';
import { tc3CanonicalRequest, tc3Date, tc3Signature } from '../../../local/fakes/tencent-tc3.js';
import { TencentSmsNotifier } from '../../../shared/adapters/notifiers/tencent-sms.js';
import { verificationCodeMessage } from '../../../shared/domain/notices/index.js';

// The fake's refusals, each with Tencent's code, for requests made by hand and signed correctly
// (on this machine's loopback only).

const secretId = 'AKIDfakeUnit';
const secretKey = 'fakeUnitKey';
const good = {
  PhoneNumberSet: ['+8613800138000'],
  SmsSdkAppId: '1400000001',
  SignName: '某市12345',
  TemplateId: '3001',
  TemplateParamSet: ['123456', '5'],
};

let fake: TencentSmsFake;
let skewedFake: TencentSmsFake;

interface Answer {
  status: number;
  Response: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] };
}

async function post(
  body: Buffer | Record<string, unknown>,
  options: {
    headers?: Record<string, string>;
    /** Headers changed after signing, as a proxy in between would. */
    tamper?: Record<string, string>;
    key?: string;
    id?: string;
    target?: TencentSmsFake;
  } = {},
): Promise<Answer> {
  const { port, host } = new URL((options.target ?? fake).url);
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host,
    'x-tc-action': 'SendSms',
    'x-tc-version': '2021-01-11',
    'x-tc-region': 'ap-guangzhou',
    'x-tc-timestamp': String(timestamp),
    ...options.headers,
  };
  const canonicalRequest = tc3CanonicalRequest({ method: 'POST', path: '/', query: '', headers, body: raw }, [
    'content-type',
    'host',
    'x-tc-action',
  ]) as string;
  const signature = tc3Signature({
    secretKey: options.key ?? secretKey,
    timestamp,
    service: 'sms',
    canonicalRequest,
  });
  headers.authorization = `TC3-HMAC-SHA256 Credential=${options.id ?? secretId}/${tc3Date(timestamp)}/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=${signature}`;
  Object.assign(headers, options.tamper);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), method: 'POST', path: '/', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ...JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

describe('Function: startTencentSmsFake', () => {
  beforeAll(async () => {
    const options = {
      secretId,
      secretKey,
      sdkAppId: '1400000001',
      signName: '某市12345',
      templates: { '3001': { text: '您的验证码为{1}，{2}分钟内有效。', verificationCode: true } },
    };
    fake = await startTencentSmsFake(options);
    // A fake whose clock is ten minutes ahead of this machine's.
    skewedFake = await startTencentSmsFake({ ...options, now: () => Date.now() + 10 * 60_000 });
  });

  afterAll(async () => {
    await fake.close();
    await skewedFake.close();
  });

  it('accepts a request signed over an extra header, and renders the text with the sign', async () => {
    // Act
    const answer = await post(good);

    // Assess
    expect(answer.Response.SendStatusSet).toEqual([expect.objectContaining({ Code: 'Ok' })]);
    expect(fake.sent().at(-1)?.text).toBe('【某市12345】您的验证码为123456，5分钟内有效。');
  });

  it('refuses a signed header changed after signing', async () => {
    // Act
    const answer = await post(good, { tamper: { 'x-tc-action': 'SendSmsX' } });

    // Assess
    expect(answer.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it.each([
    ['an unknown SecretId', {}, { id: 'AKIDnobody' }, 'AuthFailure.SecretIdNotFound'],
    ['a wrong SecretKey', {}, { key: 'wrong' }, 'AuthFailure.SignatureFailure'],
    ['another action', {}, { headers: { 'x-tc-action': 'SendSmsX' } }, 'InvalidAction'],
    ['another version', {}, { headers: { 'x-tc-version': '2019-07-11' } }, 'NoSuchVersion'],
    ['an unknown SdkAppId', { SmsSdkAppId: '1400000002' }, {}, 'InvalidParameterValue.SdkAppIdNotExist'],
    ['another sign', { SignName: '别的签名' }, {}, 'FailedOperation.SignatureIncorrectOrUnapproved'],
    ['an unknown template', { TemplateId: '9999' }, {}, 'FailedOperation.TemplateIncorrectOrUnapproved'],
    [
      'too few parameters',
      { TemplateParamSet: ['123456'] },
      {},
      'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
    ],
    [
      'a code that is not 0-6 digits',
      { TemplateParamSet: ['12345a', '5'] },
      {},
      'InvalidParameterValue.TemplateParameterFormatError',
    ],
    [
      'a link as a parameter',
      { TemplateParamSet: ['t.cn/abc', '5'] },
      {},
      'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
    ],
    ['no number', { PhoneNumberSet: [] }, {}, 'MissingParameter.EmptyPhoneNumberSet'],
  ])('refuses %s', async (_what, change, options, code) => {
    // Act
    const answer = await post({ ...good, ...change }, options);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.Response.Error?.Code).toBe(code);
  });

  it('answers IncorrectPhoneNumber for a number that is not a mainland mobile', async () => {
    // Act
    const answer = await post({ ...good, PhoneNumberSet: ['+86123'] });

    // Assess
    expect(answer.Response.SendStatusSet).toEqual([
      expect.objectContaining({ Code: 'InvalidParameterValue.IncorrectPhoneNumber' }),
    ]);
  });

  it('refuses a body that is not JSON, and one too large', async () => {
    // Act
    const notJson = await post(Buffer.from('{"PhoneNumberSet":'));
    const large = await post(Buffer.alloc(70 * 1024, 0x20));

    // Assess
    expect(notJson.Response.Error?.Code).toBe('FailedOperation.JsonParseFail');
    expect(large.status).toBe(413);
  });

  it('refuses the official SDK with SignatureExpire when the clocks differ by ten minutes', async () => {
    // Prepare
    const notifier = new TencentSmsNotifier({
      credentials: async () => ({ secretId, secretKey }),
      sdkAppId: '1400000001',
      signName: '某市12345',
      templates: { verification_code: { templateId: '3001', params: ['code', 'minutes'] } },
      endpoint: skewedFake.url,
    });

    // Act
    const sending = notifier.send(
      { kind: 'sms', phone: '13800138000' },
      verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 }),
    );

    // Assess
    await expect(sending).rejects.toMatchObject({ code: 'AuthFailure.SignatureExpire' });
    expect(skewedFake.sent()).toHaveLength(0);
  });
});
