import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES_TABLE, INTAKE_QUEUE } from '../../infra/resources.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import { synthHotline } from './synth.js';

describe('Stack: Hotline12345-Data', () => {
  let data: DataStack;
  let template: Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
    data.getLogicalId(construct.node.defaultChild as CfnElement);

  beforeAll(() => {
    ({ data } = synthHotline());
    template = Template.fromStack(data);
  });

  it('gives every table point-in-time recovery and KMS encryption, and a stream where one is read', () => {
    // Prepare
    const kmsKeyId = { 'Fn::GetAtt': [logicalId(data.dataKey), 'Arn'] };

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables)).toHaveLength(4);
    template.allResourcesProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKeyId },
    });
    const streamOf = (construct: { node: { defaultChild?: unknown } }) =>
      (tables[logicalId(construct)] as { Properties: { StreamSpecification?: unknown } }).Properties
        .StreamSpecification;
    expect(streamOf(data.casesTable)).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    // The aggregates are derived data: nothing reads a stream of them.
    expect(streamOf(data.metricsTable)).toBeUndefined();
    // The channels' marks: nothing reads a stream of them either, and DynamoDB expires them.
    expect(streamOf(data.requestMarksTable)).toBeUndefined();
    expect(tables[logicalId(data.requestMarksTable)]).toMatchObject({
      Properties: { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } },
    });
  });

  it('turns on TTL on the cases table only, on the attribute the lookup counters carry', () => {
    // Act
    const tables = template.findResources('AWS::DynamoDB::Table');
    const ttlOf = (construct: { node: { defaultChild?: unknown } }) =>
      (tables[logicalId(construct)] as { Properties: { TimeToLiveSpecification?: unknown } }).Properties
        .TimeToLiveSpecification;

    // Assess
    expect(ttlOf(data.casesTable)).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(ttlOf(data.directoryTable)).toBeUndefined();
    expect(ttlOf(data.metricsTable)).toBeUndefined();
  });

  it('keeps the tables, the archive and the data key when the stack goes', () => {
    // Prepare
    const retained = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };

    // Act
    const resources = template.toJSON().Resources as Record<string, { DeletionPolicy?: string }>;

    // Assess
    for (const construct of [
      data.casesTable,
      data.directoryTable,
      data.metricsTable,
      data.archiveBucket,
      data.dataKey,
    ]) {
      expect(resources[logicalId(construct)]).toMatchObject(retained);
    }
  });

  it('rotates the customer-managed data key', () => {
    // Prepare
    const id = logicalId(data.dataKey);

    // Act
    const key = template.toJSON().Resources[id];

    // Assess
    expect(key).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
  });

  it.each(CASES_TABLE.indexes)('gives the cases table the $name index with ALL projection', (index) => {
    // Prepare
    const keySchema = [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' }] : []),
    ];

    // Act
    const cases = template.toJSON().Resources[logicalId(data.casesTable)];

    // Assess
    expect(cases.Properties.GlobalSecondaryIndexes).toContainEqual({
      IndexName: index.name,
      KeySchema: keySchema,
      Projection: { ProjectionType: 'ALL' },
    });
  });

  it('blocks public access, versions, encrypts with the data key and logs access to the archive', () => {
    // Prepare
    const id = logicalId(data.archiveBucket);

    // Act
    const bucket = template.toJSON().Resources[id];

    // Assess
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
    });
  });

  it('denies every request to the archive that does not use TLS', () => {
    // Prepare
    const bucketRef = { Ref: logicalId(data.archiveBucket) };

    // Act & Assess
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: bucketRef,
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('redrives an intake message to the DLQ after three receives', () => {
    // Prepare
    const dlqArn = { 'Fn::GetAtt': [logicalId(data.intakeDlq), 'Arn'] };

    // Act
    const intake = template.toJSON().Resources[logicalId(data.intakeQueue)];

    // Assess
    expect(intake.Properties).toMatchObject({
      VisibilityTimeout: INTAKE_QUEUE.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: dlqArn, maxReceiveCount: 3 },
    });
  });

  it('keeps dead letters for 14 days', () => {
    // Prepare
    const fourteenDays = 14 * 24 * 3600;

    // Act
    const dlq = template.toJSON().Resources[logicalId(data.intakeDlq)];

    // Assess
    expect(dlq.Properties.MessageRetentionPeriod).toBe(fourteenDays);
  });

  it('alarms the operators as soon as the intake DLQ holds a message', () => {
    // Prepare
    const queueName = { 'Fn::GetAtt': [logicalId(data.intakeDlq), 'QueueName'] };

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: logicalId(data.opsTopic) }],
    });
  });

  it('alarms the operators when the oldest intake message is older than 300 s', () => {
    // Prepare
    const queueName = { 'Fn::GetAtt': [logicalId(data.intakeQueue), 'QueueName'] };

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 300,
      AlarmActions: [{ Ref: logicalId(data.opsTopic) }],
    });
  });

  it('generates the contact hash key in Secrets Manager', () => {
    // Prepare
    const id = logicalId(data.contactHashSecret);

    // Act
    const secret = template.toJSON().Resources[id];

    // Assess
    expect(secret).toMatchObject({
      Type: 'AWS::SecretsManager::Secret',
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { PasswordLength: 64 } },
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('generates the feedback token key as a secret of its own, retained', () => {
    // Prepare
    const id = logicalId(data.feedbackTokenSecret);

    // Act
    const secret = template.toJSON().Resources[id];

    // Assess
    expect(id).not.toBe(logicalId(data.contactHashSecret));
    expect(secret).toMatchObject({
      Type: 'AWS::SecretsManager::Secret',
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { PasswordLength: 64 } },
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('encrypts the alarm topic with a key CloudWatch may use', () => {
    // Prepare
    const topicId = logicalId(data.opsTopic);

    // Act
    const topic = template.toJSON().Resources[topicId];

    // Assess
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });
});
