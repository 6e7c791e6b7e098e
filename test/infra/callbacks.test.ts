import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, type Statement, synthHotline } from './synth.js';

// 漏接回拨: the callback key and who may use it, the CALLBACK# items and who may write them.

const actionsOf = (s: Statement) => [s.Action].flat();

describe('Callbacks (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;
  let keyId: string;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);
  const onCallbackKey = (name: string) =>
    statementsOf(name).filter((s) => JSON.stringify(s.Resource).includes(keyId));

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
    keyId = data.getLogicalId(data.callbackKey.node.defaultChild as CfnElement);
  });

  it('keeps callers’ numbers under a key of their own: rotated, retained, with an alias', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);

    // Act
    const key = dataTemplate.findResources('AWS::KMS::Key')[keyId];

    // Assess
    expect(key).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
    dataTemplate.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/Hotline12345-Data/callback-number',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('lets ingest-hotline seal (GenerateDataKey) under the callback context, and never open', () => {
    // Act
    const statements = onCallbackKey('ingest-hotline');

    // Assess
    expect(statements.map(actionsOf)).toEqual([['kms:GenerateDataKey']]);
    expect(statements[0]?.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': 'callback-number' },
    });
  });

  it('gives the dispatcher its CALLBACK# partition (query, put) and no use of the callback key', () => {
    // Prepare
    const leading = JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CALLBACK#*'] } });

    // Act
    const statements = statementsOf('dispatch-appeal').filter((s) => JSON.stringify(s.Condition) === leading);

    // Assess
    // callbacks:put and callbacks:update are one statement once CDK merges identical ones.
    expect([...new Set(statements.flatMap(actionsOf))].sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(onCallbackKey('dispatch-appeal')).toEqual([]);
  });

  it('passes CALLBACK_KEY_ARN to the functions that seal or open a number, and to no other', () => {
    // Act
    const withArn = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => fn.Properties.Environment?.Variables?.CALLBACK_KEY_ARN !== undefined)
      .map(([id]) => id);

    // Assess
    const users = [...service.functions.entries()]
      .filter(([name]) => onCallbackKey(name).length > 0)
      .map(([, fn]) => service.getLogicalId(fn.node.defaultChild as CfnElement));
    expect(withArn.sort()).toEqual(users.sort());
    expect(users).toContain(
      service.getLogicalId(service.functions.get('ingest-hotline')?.node.defaultChild as CfnElement),
    );
  });

  it('gives no function in AWS the local raw key', () => {
    // Act
    const holders = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.CALLBACK_RAW_KEY !== undefined,
    );

    // Assess
    expect(holders).toEqual([]);
  });

  it('synthesizes the key for the China partition without a hard-coded partition', () => {
    // Act
    const china = synthHotline({ region: 'cn-north-1', account: '111122223333' });

    // Assess
    const text = JSON.stringify(Template.fromStack(china.data).toJSON());
    expect(text).toContain('callback-number');
    expect(text).not.toMatch(/arn:aws:/);
  });

  it('gives every function the callback policy from CDK context, and refuses one out of bounds', () => {
    // Act
    const configured = synthHotline(undefined, undefined, {
      callbackDeadlineMinutes: '30',
      callbackMaxAttempts: 5,
    });
    const refused = () => synthHotline(undefined, undefined, { callbackHoldMinutes: '0' });

    // Assess
    const variables = Object.values(
      Template.fromStack(configured.service).findResources('AWS::Lambda::Function'),
    ).map((fn) => fn.Properties.Environment?.Variables ?? {});
    for (const v of variables)
      expect(v).toMatchObject({ CALLBACK_DEADLINE_MINUTES: '30', CALLBACK_MAX_ATTEMPTS: '5' });
    expect(refused).toThrow(/callbackHoldMinutes must be a whole number from 1 to 60/);
  });
});
