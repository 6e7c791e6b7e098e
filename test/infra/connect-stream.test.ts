import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { policyStatementsOf, type Statement, synthHotline } from './synth.js';

// Amazon Connect's contact records from the instance's Kinesis data stream: an optional channel,
// deployed only where -c connectCtrStreamArn names the stream.

const PARTITIONS = [
  {
    partition: 'aws',
    env: { account: '111111111111', region: 'ap-northeast-1' },
    streamArn: 'arn:aws:kinesis:ap-northeast-1:111111111111:stream/connect-ctr-12345',
    keyArn: 'arn:aws:kms:ap-northeast-1:111111111111:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  },
  {
    partition: 'aws-cn',
    env: { region: 'cn-north-1' },
    streamArn: 'arn:aws-cn:kinesis:cn-north-1:111111111111:stream/connect-ctr-12345',
    keyArn: 'arn:aws-cn:kms:cn-north-1:111111111111:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  },
] as const;

const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('Stack: Hotline12345-Service, Amazon Connect CTR stream', () => {
  it.each(PARTITIONS)('deploys no consumer and no mapping without the context ($partition)', ({ env }) => {
    // Act
    const { service } = synthHotline(env);
    const template = Template.fromStack(service);

    // Assess
    expect(service.functions.has('ingest-connect-stream')).toBe(false);
    expect(service.functions.has('ingest-hotline')).toBe(true);
    expect(JSON.stringify(template.findResources('AWS::Lambda::EventSourceMapping'))).not.toContain(
      'kinesis',
    );
  });

  it.each(PARTITIONS)(
    'maps the stream to ingest-connect-stream with bisecting, partial batch responses and a failure queue ($partition)',
    ({ env, streamArn }) => {
      // Act
      const { service } = synthHotline(env, undefined, { connectCtrStreamArn: streamArn });
      const template = Template.fromStack(service);
      const fn = service.functions.get('ingest-connect-stream');

      // Assess
      expect(fn).toBeDefined();
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: streamArn,
        FunctionName: { Ref: service.getLogicalId(fn?.node.defaultChild as CfnElement) },
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      });
    },
  );

  it.each(PARTITIONS)(
    'parks failures on an encrypted queue whose alarm names the redrive command ($partition)',
    ({ env, streamArn }) => {
      // Prepare
      const { service } = synthHotline(env, undefined, { connectCtrStreamArn: streamArn });
      const template = Template.fromStack(service);
      const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
        (m) => m.Properties.EventSourceArn === streamArn,
      );
      const queueId = mapping?.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];

      // Act
      const queue = template.toJSON().Resources[queueId];

      // Assess
      expect(queue.Type).toBe('AWS::SQS::Queue');
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 0,
        AlarmDescription: Match.stringLikeRegexp('npm run redrive -- connect-ctr-failures'),
        AlarmActions: [Match.anyValue()],
      });
    },
  );

  it('reads that one stream only, and decrypts with its key only when the context names one', () => {
    // Prepare
    const [{ env, streamArn, keyArn }] = PARTITIONS;
    const plain = synthHotline(env, undefined, { connectCtrStreamArn: streamArn });
    const keyed = synthHotline(env, undefined, {
      connectCtrStreamArn: streamArn,
      connectCtrStreamKeyArn: keyArn,
    });

    // Act
    const statements = policyStatementsOf(
      plain.service,
      Template.fromStack(plain.service),
      'ingest-connect-stream',
    );
    const keyedStatements = policyStatementsOf(
      keyed.service,
      Template.fromStack(keyed.service),
      'ingest-connect-stream',
    );

    // Assess
    const kinesis = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('kinesis:')));
    expect(kinesis.length).toBeGreaterThan(0);
    for (const s of kinesis) expect(s.Resource).toBe(streamArn);
    expect(actionsOf(kinesis)).toEqual(
      expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator']),
    );
    expect(actionsOf(kinesis).some((a) => /Put|Delete|Create|Update/.test(a))).toBe(false);
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain(keyArn);
    const decrypt = keyedStatements.filter((s) => actionsOf([s]).includes('kms:Decrypt'));
    expect(decrypt.map((s) => s.Resource)).toContain(keyArn);
    const fn = plain.service.functions.get('ingest-connect-stream');
    const variables = Template.fromStack(plain.service).toJSON().Resources[
      plain.service.getLogicalId(fn?.node.defaultChild as CfnElement)
    ].Properties.Environment.Variables;
    // A stream record carries no signature: the webhook's HMAC key is not this function's.
    expect(variables).not.toHaveProperty('HOTLINE_HMAC_SECRET_ARN');
    expect(variables).toHaveProperty('CONTACT_HASH_SECRET_ARN');
  });

  it('refuses a context value that is not a Kinesis stream ARN', () => {
    // Act & Assess
    expect(() => synthHotline(undefined, undefined, { connectCtrStreamArn: 'connect-ctr-12345' })).toThrow(
      /connectCtrStreamArn must be a Kinesis data stream ARN/,
    );
    expect(() =>
      synthHotline(undefined, undefined, {
        connectCtrStreamArn: PARTITIONS[0].streamArn,
        connectCtrStreamKeyArn: 'alias/aws/kinesis',
      }),
    ).toThrow(/connectCtrStreamKeyArn must be a KMS key ARN/);
  });
});
