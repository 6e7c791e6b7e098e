import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthHotline } from './synth.js';

describe('Stack: Hotline12345-Service, AWS SMS delivery events', () => {
  it('lets only the SMS service of this account publish to the events topic, over TLS', () => {
    // Prepare
    const { service } = synthHotline();
    const template = Template.fromStack(service);

    // Assess
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('subscribes record-sms-event, retries it twice and parks what still fails on an alarmed queue', () => {
    // Prepare
    const { service } = synthHotline();
    const template = Template.fromStack(service);
    const fn = service.functions.get('record-sms-event');
    const fnId = service.getLogicalId(fn?.node.defaultChild as CfnElement);

    // Assess
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const dashboard = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard).toContain('短信回执失败');
  });

  it('makes a configuration set with the receipts destination only for the AWS provider', () => {
    // Prepare
    const plain = Template.fromStack(synthHotline().service);
    const aws = synthHotline({ region: 'eu-west-1', account: '123456789012' }, undefined, {
      smsProvider: 'aws',
    });
    const template = Template.fromStack(aws.service);

    // Assess
    plain.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 0);
    template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      EventDestinations: [
        Match.objectLike({
          Enabled: true,
          MatchingEventTypes: Match.arrayWith(['TEXT_DELIVERED', 'TEXT_BLOCKED', 'TEXT_TTL_EXPIRED']),
          SnsDestination: { TopicArn: Match.anyValue() },
        }),
      ],
    });
    const name = Stack.of(aws.service).resolve(aws.service.smsConfigurationSetName) as { Ref: string };
    expect(name.Ref).toMatch(/^smsconfigurationset/);
  });
});
