import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SmsTemplates } from '../../../shared/adapters/notifiers/templates.js';
import {
  type TencentSendSmsRequest,
  type TencentSendSmsResponse,
  TencentSmsError,
  TencentSmsNotifier,
  tencentUndeliverableReason,
} from '../../../shared/adapters/notifiers/tencent-sms.js';
import { completionMessage, verificationCodeMessage } from '../../../shared/domain/notices/index.js';

// The adapter's mapping of Tencent's answers, with a stand-in for the SDK's client (no network).

const templates: SmsTemplates = { completion: { templateId: '2001', params: ['trackingNo', 'linkCode'] } };
const to = { kind: 'sms', phone: '13800138000' } as const;
const message = completionMessage(
  { caseId: 'wfcase0001', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-22T01:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);

/** Tencent's error as the SDK throws it (TencentCloudSDKHttpException with its code). */
function sdkError(code: string): Error {
  return Object.assign(new Error(`refused: ${code}`), { code, requestId: 'r-1' });
}

function okStatus(code = 'Ok', serialNo = '2433:0001'): TencentSendSmsResponse {
  return {
    SendStatusSet: [
      {
        SerialNo: code === 'Ok' ? serialNo : '',
        PhoneNumber: '+8613800138000',
        Fee: 1,
        SessionContext: message.noticeId,
        Code: code,
        Message: code === 'Ok' ? 'send success' : 'refused',
        IsoCode: 'CN',
      },
    ],
    RequestId: 'r-1',
  };
}

let SendSms: ReturnType<typeof vi.fn<(request: TencentSendSmsRequest) => Promise<TencentSendSmsResponse>>>;
let notifier: TencentSmsNotifier;

describe('Class: TencentSmsNotifier', () => {
  beforeEach(() => {
    SendSms = vi.fn<(request: TencentSendSmsRequest) => Promise<TencentSendSmsResponse>>();
    notifier = new TencentSmsNotifier({
      credentials: async () => ({ secretId: 'AKIDunit', secretKey: 'unit' }),
      sdkAppId: '1400006666',
      signName: '某市12345',
      templates,
      client: { SendSms },
    });
  });

  it('sends the approved template with its parameters, sign, +86 number and the notice id', async () => {
    // Prepare
    SendSms.mockResolvedValue(okStatus());

    // Act
    await notifier.send(to, message);

    // Assess
    expect(SendSms).toHaveBeenCalledWith({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '某市12345',
      TemplateId: '2001',
      TemplateParamSet: ['261122-K7M3-9XQ2', 'Ab3dE5gH7k'],
      SessionContext: 'completion#2026-11-22T01:00:00.000Z',
    });
  });

  it('returns accepted with the SerialNo when Tencent answers Ok', async () => {
    // Prepare
    SendSms.mockResolvedValue(okStatus('Ok', '2433:42'));

    // Act
    const outcome = await notifier.send(to, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'accepted', provider: 'tencent', via: 'sms', messageId: '2433:42' });
  });

  it.each([
    ['InvalidParameterValue.IncorrectPhoneNumber', 'invalid_phone'],
    ['FailedOperation.PhoneNumberParseFail', 'invalid_phone'],
    ['UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber', 'invalid_phone'],
    ['FailedOperation.PhoneNumberInBlacklist', 'phone_blacklisted'],
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'template_not_approved'],
    ['FailedOperation.SignatureIncorrectOrUnapproved', 'signature_not_approved'],
    ['InvalidParameterValue.TemplateParameterFormatError', 'template_params_rejected'],
    ['InvalidParameterValue.ProhibitedUseUrlInTemplateParameter', 'template_params_rejected'],
    ['FailedOperation.ContainSensitiveWord', 'content_rejected'],
  ])('returns undeliverable when the send status is %s', async (code, reason) => {
    // Prepare
    SendSms.mockResolvedValue(okStatus(code));

    // Act
    const outcome = await notifier.send(to, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'tencent', reason });
  });

  it.each([
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'template_not_approved'],
    ['FailedOperation.SignatureIncorrectOrUnapproved', 'signature_not_approved'],
    ['InvalidParameterValue.IncorrectPhoneNumber', 'invalid_phone'],
  ])('returns undeliverable when the SDK throws the final code %s', async (code, reason) => {
    // Prepare
    SendSms.mockRejectedValue(sdkError(code));

    // Act
    const outcome = await notifier.send(to, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'tencent', reason });
  });

  it.each([
    'AuthFailure.SignatureFailure',
    'AuthFailure.SecretIdNotFound',
    'AuthFailure.SignatureExpire',
    'InternalError.Timeout',
    'RequestLimitExceeded',
    'LimitExceeded.PhoneNumberDailyLimit',
    'LimitExceeded.DeliveryFrequencyLimit',
    'FailedOperation.InsufficientBalanceInSmsPackage',
    'UnauthorizedOperation.ServiceSuspendDueToArrears',
    'InvalidParameterValue.SdkAppIdNotExist',
    'SomethingTencentAddsLater',
  ])('throws (so the notice is retried) when the SDK throws %s', async (code) => {
    // Prepare
    SendSms.mockRejectedValue(sdkError(code));

    // Act
    const sending = notifier.send(to, message);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(TencentSmsError);
    await expect(sending).rejects.toMatchObject({ code });
  });

  it('throws when the send status is a limit that passes with time', async () => {
    // Prepare
    SendSms.mockResolvedValue(okStatus('LimitExceeded.PhoneNumberThirtySecondLimit'));

    // Act
    const sending = notifier.send(to, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ code: 'LimitExceeded.PhoneNumberThirtySecondLimit' });
  });

  it('throws on a network fault, with the number masked in the message', async () => {
    // Prepare
    SendSms.mockRejectedValue(new Error('connect ECONNREFUSED'));

    // Act
    const error = (await notifier.send(to, message).catch((e: unknown) => e)) as Error;

    // Assess
    expect(error).toBeInstanceOf(TencentSmsError);
    expect(error.message).toContain('138****8000');
    expect(error.message).not.toContain('13800138000');
  });

  it('throws when Tencent answers without a send status', async () => {
    // Prepare
    SendSms.mockResolvedValue({ SendStatusSet: [], RequestId: 'r-2' });

    // Act
    const sending = notifier.send(to, message);

    // Assess
    await expect(sending).rejects.toThrow(/no send status/);
  });

  it('returns undeliverable template_not_configured for a kind without a template, sending nothing', async () => {
    // Prepare
    const code = verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 });

    // Act
    const outcome = await notifier.send(to, code);

    // Assess
    expect(outcome).toEqual({
      outcome: 'undeliverable',
      provider: 'tencent',
      reason: 'template_not_configured',
    });
    expect(SendSms).not.toHaveBeenCalled();
  });

  it('throws for a WeChat address, a programming error', async () => {
    // Act
    const sending = notifier.send({ kind: 'wechat', openId: 'oUser' }, message);

    // Assess
    await expect(sending).rejects.toThrow(/not to a wechat address/);
    expect(SendSms).not.toHaveBeenCalled();
  });

  it('refuses a plain-http endpoint that is not on this machine', () => {
    // Act
    const make = () =>
      new TencentSmsNotifier({
        credentials: async () => ({ secretId: 'a', secretKey: 'b' }),
        sdkAppId: '1',
        signName: 's',
        templates,
        endpoint: 'http://sms.example.com:8080',
      });

    // Assess
    expect(make).toThrow(/https, or http on a loopback host/);
  });

  it('knows no reason for a code that is not final', () => {
    // Assess
    expect(tencentUndeliverableReason('InternalError.Timeout')).toBeUndefined();
    expect(tencentUndeliverableReason('toString')).toBeUndefined();
  });
});
