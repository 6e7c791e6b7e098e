import { type SendSmsRequest, SendSmsResponse, SendSmsResponseBody } from '@alicloud/dysmsapi20170525';
import { describe, expect, it, vi } from 'vitest';
import {
  type AliyunSmsClient,
  AliyunSmsError,
  AliyunSmsNotifier,
  aliyunEndpoint,
} from '../../../../shared/adapters/notifiers/aliyun-sms.js';
import type { SmsTemplates } from '../../../../shared/adapters/notifiers/templates.js';
import { completionMessage, verificationCodeMessage } from '../../../../shared/domain/index.js';

const phone = '13812345678';
const templates: SmsTemplates = {
  completion: { templateId: 'SMS_465000001', params: ['trackingNo', 'link'] },
};
const message = completionMessage(
  { caseId: 'wfabc', trackingNo: '261203-K7M3-9XQ2', completedAt: '2026-12-03T02:00:00.000Z' },
  { link: 'https://api.example.gov.cn/n/Ab3dE5gH7k' },
);

function answering(body: Record<string, unknown>, statusCode = 200) {
  const sendSms = vi.fn(
    async (_request: SendSmsRequest) =>
      new SendSmsResponse({ statusCode, headers: {}, body: new SendSmsResponseBody(body) }),
  );
  return { client: { sendSms } satisfies AliyunSmsClient, sendSms };
}

function failing(error: unknown) {
  const sendSms = vi.fn(async (_request: SendSmsRequest) => {
    throw error;
  });
  return { client: { sendSms } satisfies AliyunSmsClient, sendSms };
}

function notifier(client: AliyunSmsClient, more: Partial<{ templates: SmsTemplates }> = {}) {
  return new AliyunSmsNotifier({
    credentials: async () => ({ accessKeyId: 'LTAI-unit', accessKeySecret: 'unit-secret' }),
    signName: '某市12345',
    templates: more.templates ?? templates,
    client,
  });
}

describe('Class: AliyunSmsNotifier', () => {
  it('sends the template with named params, the sign name and the notice id as OutId', async () => {
    // Prepare
    const { client, sendSms } = answering({
      code: 'OK',
      message: 'OK',
      bizId: '900619746936498440^0',
      requestId: 'r1',
    });

    // Act
    const outcome = await notifier(client).send({ kind: 'sms', phone }, message);

    // Assess
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'aliyun',
      via: 'sms',
      messageId: '900619746936498440^0',
    });
    const request = sendSms.mock.calls[0]?.[0];
    expect(request).toMatchObject({
      phoneNumbers: phone,
      signName: '某市12345',
      templateCode: 'SMS_465000001',
      outId: 'completion#2026-12-03T02:00:00.000Z',
    });
    expect(JSON.parse(request?.templateParam ?? '')).toEqual({
      trackingNo: '261203-K7M3-9XQ2',
      link: 'https://api.example.gov.cn/n/Ab3dE5gH7k',
    });
  });

  it('answers template_not_configured without a call when the kind has no template', async () => {
    // Prepare
    const { client, sendSms } = answering({ code: 'OK', bizId: '1' });
    const code = verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 });

    // Act
    const outcome = await notifier(client).send({ kind: 'sms', phone }, code);

    // Assess
    expect(outcome).toEqual({
      outcome: 'undeliverable',
      provider: 'aliyun',
      reason: 'template_not_configured',
    });
    expect(sendSms).not.toHaveBeenCalled();
  });

  it('answers invalid_phone without a call for a number that is no mainland mobile', async () => {
    // Prepare
    const { client, sendSms } = answering({ code: 'OK', bizId: '1' });

    // Act
    const outcome = await notifier(client).send({ kind: 'sms', phone: '+8613812345678' }, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aliyun', reason: 'invalid_phone' });
    expect(sendSms).not.toHaveBeenCalled();
  });

  it('throws for a WeChat address', async () => {
    // Prepare
    const { client } = answering({ code: 'OK', bizId: '1' });

    // Act & Assess
    await expect(notifier(client).send({ kind: 'wechat', openId: 'o1' }, message)).rejects.toThrow(
      /text messages only/,
    );
  });

  it.each([
    ['isv.MOBILE_NUMBER_ILLEGAL', 'invalid_phone'],
    ['isv.BLACK_KEY_CONTROL_LIMIT', 'content_blocked'],
    ['isv.SMS_CONTENT_ILLEGAL', 'content_blocked'],
    ['isv.PARAM_NOT_SUPPORT_URL', 'template_params_rejected'],
    ['isv.PARAM_LENGTH_LIMIT', 'template_params_rejected'],
    ['isv.TEMPLATE_MISSING_PARAMETERS', 'template_params_rejected'],
    ['isv.SMS_TEMPLATE_ILLEGAL', 'template_rejected'],
    ['isv.SMS_SIGNATURE_ILLEGAL', 'signature_rejected'],
    ['isv.SMS_SIGNATURE_SCENE_ILLEGAL', 'signature_rejected'],
  ])('answers %s as undeliverable %s', async (code, reason) => {
    // Prepare
    const { client } = answering({ code: code, message: '…', requestId: 'r2' });

    // Act
    const outcome = await notifier(client).send({ kind: 'sms', phone }, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aliyun', reason });
  });

  it.each([
    'isv.BUSINESS_LIMIT_CONTROL',
    'isv.DAY_LIMIT_CONTROL',
    'isv.AMOUNT_NOT_ENOUGH',
    'isv.OUT_OF_SERVICE',
    'isv.DENY_IP_RANGE',
    'isp.RAM_PERMISSION_DENY',
    'isp.SYSTEM_ERROR',
    'isv.SOMETHING_NEW',
  ])('throws for %s, which time or the operator can cure', async (code) => {
    // Prepare
    const { client } = answering({ code: code, message: `触发流控 ${phone}`, requestId: 'r3' });

    // Act
    const sending = notifier(client).send({ kind: 'sms', phone }, message);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(AliyunSmsError);
    await expect(sending).rejects.toMatchObject({ code, requestId: 'r3' });
    await expect(sending).rejects.not.toThrow(phone);
  });

  it('throws when OK comes without a BizId, so nothing is recorded sent', async () => {
    // Prepare
    const { client } = answering({ code: 'OK', message: 'OK' });

    // Act & Assess
    await expect(notifier(client).send({ kind: 'sms', phone }, message)).rejects.toMatchObject({
      code: 'NoBizId',
    });
  });

  it('throws an SDK error (a 5xx, a refused signature) with its code and status', async () => {
    // Prepare
    const sdkError = Object.assign(new Error('code: 503, The service is unavailable request id: r4'), {
      code: 'ServiceUnavailable',
      statusCode: 503,
      requestId: 'r4',
    });
    const { client } = failing(sdkError);

    // Act & Assess
    await expect(notifier(client).send({ kind: 'sms', phone }, message)).rejects.toMatchObject({
      name: 'AliyunSmsError',
      code: 'ServiceUnavailable',
      statusCode: 503,
      requestId: 'r4',
    });
  });

  it('throws a network error without the phone or the query of the URL it names', async () => {
    // Prepare
    const { client } = failing(
      new Error(
        `connect ECONNREFUSED 127.0.0.1:9POST http://127.0.0.1:9/?PhoneNumbers=${phone}&TemplateParam=x failed.`,
      ),
    );

    // Act
    const error = (await notifier(client)
      .send({ kind: 'sms', phone }, message)
      .catch((e: unknown) => e)) as AliyunSmsError;

    // Assess
    expect(error).toBeInstanceOf(AliyunSmsError);
    expect(error.code).toBe('NetworkError');
    expect(error.message).not.toContain(phone);
    expect(error.message).not.toContain('TemplateParam');
    expect(error.message).toContain('138****5678');
  });

  it('throws for a template that wants a parameter the message has not', async () => {
    // Prepare
    const { client, sendSms } = answering({ code: 'OK', bizId: '1' });
    const odd: SmsTemplates = { completion: { templateId: 'SMS_1', params: ['trackingNo', 'code'] } };

    // Act & Assess
    await expect(notifier(client, { templates: odd }).send({ kind: 'sms', phone }, message)).rejects.toThrow(
      /wants code/,
    );
    expect(sendSms).not.toHaveBeenCalled();
  });
});

describe('Function: aliyunEndpoint', () => {
  it.each([
    [undefined, { endpoint: 'dysmsapi.aliyuncs.com', protocol: 'https' }],
    ['http://127.0.0.1:4567', { endpoint: '127.0.0.1:4567', protocol: 'http' }],
    ['127.0.0.1:4567', { endpoint: '127.0.0.1:4567', protocol: 'http' }],
    ['localhost:4567', { endpoint: 'localhost:4567', protocol: 'http' }],
    [
      'dysmsapi.ap-southeast-1.aliyuncs.com',
      { endpoint: 'dysmsapi.ap-southeast-1.aliyuncs.com', protocol: 'https' },
    ],
    ['https://dysmsapi.aliyuncs.com/', { endpoint: 'dysmsapi.aliyuncs.com', protocol: 'https' }],
  ])('reads %s', (option, expected) => {
    // Act & Assess
    expect(aliyunEndpoint(option)).toEqual(expected);
  });
});
