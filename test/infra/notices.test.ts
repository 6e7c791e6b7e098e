import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { noticeEnvironment, phoneVerificationEnvironment } from '../../infra/notice-settings.js';
import { NOTICES_QUEUE } from '../../infra/resources.js';
import { policyStatementsOf, synthHotline } from './synth.js';

// Issue 11: the notices queue, its DLQ and alarm, the SMS provider secret, and the one place the
// deployment's notice settings (CDK context) become send-notice's environment.

function sendNoticeEnv(context: Record<string, unknown>): Record<string, unknown> {
  const { service } = synthHotline(undefined, undefined, context);
  const fns = Template.fromStack(service).findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('^Notices queue consumer') },
  });
  return Object.values(fns)[0]?.Properties.Environment.Variables ?? {};
}

describe('Notices: queue, DLQ, alarm and secret', () => {
  const { data, service } = synthHotline();
  const template = Template.fromStack(data);
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    data.getLogicalId(c.node.defaultChild as CfnElement);

  it('redrives a notice to its DLQ after six receives, with a visibility above send-notice timeout', () => {
    // Act
    const queue = template.toJSON().Resources[logicalId(data.noticesQueue)];
    const dlq = template.toJSON().Resources[logicalId(data.noticesDlq)];

    // Assess
    expect(queue.Properties).toMatchObject({
      VisibilityTimeout: NOTICES_QUEUE.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(data.noticesDlq), 'Arn'] },
        maxReceiveCount: 6,
      },
    });
    expect(queue.DeletionPolicy).toBe('Retain');
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(NOTICES_QUEUE.visibilityTimeoutSeconds).toBeGreaterThan(
      service.functions.get('send-notice')?.timeout?.toSeconds() ?? Number.POSITIVE_INFINITY,
    );
  });

  it('alarms the operators as soon as the notices DLQ holds a message', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(data.noticesDlq), 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: logicalId(data.opsTopic) }],
    });
  });

  it('keeps the SMS provider credentials in a retained secret holding an empty JSON placeholder', () => {
    // Act
    const secret = template.toJSON().Resources[logicalId(data.smsProviderSecret)];

    // Assess
    expect(secret.Properties.SecretString).toBe('{}');
    expect(secret.DeletionPolicy).toBe('Retain');
    const readers = ['send-notice', 'notify-citizen', 'follow-short-link'].filter((name) =>
      policyStatementsOf(service, Template.fromStack(service), name).some((s) =>
        JSON.stringify(s.Resource).includes('smsprovidersecret'),
      ),
    );
    expect(readers).toEqual(['send-notice']);
  });

  it('routes GET /n/{code} to follow-short-link without an authorizer', () => {
    // Act & Assess
    Template.fromStack(service).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /n/{code}',
      AuthorizationType: 'NONE',
    });
  });
});

describe('Context: the notice settings', () => {
  it('gives send-notice the Tencent settings from the context', () => {
    // Prepare
    const templates = '{"completion":{"templateId":"1234567","params":["trackingNo","link"]}}';

    // Act
    const env = sendNoticeEnv({
      smsProvider: 'tencent',
      smsSignName: '某市12345',
      smsTemplates: templates,
      tencentSmsSdkAppId: '1400000000',
      wechatTemplates: '{"completion":{"templateId":"tpl-1"}}',
    });

    // Assess
    expect(env).toMatchObject({
      NOTICE_SMS_PROVIDER: 'tencent',
      NOTICE_SMS_SIGN_NAME: '某市12345',
      NOTICE_SMS_TEMPLATES: templates,
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      WECHAT_TEMPLATES: '{"completion":{"templateId":"tpl-1"}}',
    });
    expect(env).not.toHaveProperty('TENCENTCLOUD_SMS_ENDPOINT');
  });

  it('grants sms-voice:SendTextMessage, partition-agnostic, only with smsProvider=aws', () => {
    // Act
    const { service } = synthHotline({ region: 'cn-north-1', account: '123456789012' }, undefined, {
      smsProvider: 'aws',
    });
    const statements = policyStatementsOf(service, Template.fromStack(service), 'send-notice');

    // Assess
    const sms = statements.find((s) => [s.Action].flat().includes('sms-voice:SendTextMessage'));
    expect(JSON.stringify(sms?.Resource)).toContain('AWS::Partition');
    expect(JSON.stringify(sms?.Resource)).not.toContain('arn:aws:');
    const sender = Object.values(
      Template.fromStack(service).findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Notices queue consumer') },
      }),
    )[0];
    expect(sender?.Properties.Environment.Variables).toMatchObject({
      NOTICE_SMS_PROVIDER: 'aws',
      AWS_SMS_CONFIGURATION_SET: { Ref: expect.stringMatching(/^smsconfigurationset/) },
    });
  });

  it('refuses an unknown provider, a missing sign name and templates that do not parse', () => {
    // Act & Assess
    const context = (extra: Record<string, unknown>) => (key: string) => extra[key];
    expect(() => noticeEnvironment(context({ smsProvider: 'twilio' }))).toThrow(/smsProvider/);
    expect(() => noticeEnvironment(context({ smsProvider: 'aliyun' }))).toThrow(/smsSignName/);
    expect(() =>
      noticeEnvironment(
        context({
          smsProvider: 'aliyun',
          smsSignName: 'x',
          smsTemplates: '{"completion":{"templateId":"1","params":["phone"]}}',
        }),
      ),
    ).toThrow();
    expect(() => noticeEnvironment(context({ wechatTemplates: '{not json' }))).toThrow(/wechatTemplates/);
    expect(noticeEnvironment(context({}))).toEqual({ NOTICE_SMS_PROVIDER: 'none' });
  });

  it('gives the web form and the directory the phone verification mode from the context', () => {
    // Act
    const { service } = synthHotline(undefined, undefined, {
      smsProvider: 'aws',
      webformPhoneVerification: 'optional',
    });
    const resources = Template.fromStack(service).toJSON().Resources as Record<
      string,
      { Type: string; Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    >;
    const variables = (name: string) => {
      const fn = service.functions.get(name);
      const id = fn ? service.getLogicalId(fn.node.defaultChild as CfnElement) : '';
      return resources[id]?.Properties.Environment?.Variables ?? {};
    };

    // Assess
    for (const name of ['ingest-webform', 'get-directory']) {
      expect(variables(name)).toMatchObject({
        NOTICE_SMS_PROVIDER: 'aws',
        WEBFORM_PHONE_VERIFICATION: 'optional',
      });
    }
  });

  it('leaves the mode to its default (required) when absent, and refuses an unknown one', () => {
    // Act & Assess
    const context = (extra: Record<string, unknown>) => (key: string) => extra[key];
    expect(phoneVerificationEnvironment(context({}))).toEqual({});
    expect(phoneVerificationEnvironment(context({ webformPhoneVerification: 'required' }))).toEqual({
      WEBFORM_PHONE_VERIFICATION: 'required',
    });
    expect(() => phoneVerificationEnvironment(context({ webformPhoneVerification: 'off' }))).toThrow(
      /webformPhoneVerification/,
    );
    expect(() => synthHotline(undefined, undefined, { webformPhoneVerification: 'maybe' })).toThrow(
      /webformPhoneVerification/,
    );
  });
});
