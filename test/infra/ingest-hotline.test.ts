import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, synthHotline } from './synth.js';

describe('Function: ingest-hotline (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it.each(['POST /v1/channels/hotline/calls', 'POST /v1/channels/hotline/connect-ctr'])(
    'routes %s to the function, authenticated by its HMAC signature in the handler',
    (routeKey) => {
      // Prepare
      const route = { RouteKey: routeKey, AuthorizationType: 'NONE', Target: Match.anyValue() };

      // Act & Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', route);
    },
  );

  it('generates the HMAC secret in Secrets Manager and retains it', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const id = data.getLogicalId(data.hotlineHmacSecret.node.defaultChild as CfnElement);

    // Act
    const secret = dataTemplate.findResources('AWS::SecretsManager::Secret')[id];

    // Assess
    expect(secret).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { PasswordLength: 64 } },
    });
    expect(secret?.Properties.SecretString).toBeUndefined();
  });

  it('passes the HMAC secret ARN to ingest-hotline only', () => {
    // Prepare
    const withArn = { Environment: { Variables: { HOTLINE_HMAC_SECRET_ARN: Match.anyValue() } } };

    // Act
    const functions = template.findResources('AWS::Lambda::Function', { Properties: withArn });

    // Assess
    expect(Object.keys(functions)).toEqual([
      service.getLogicalId(service.functions.get('ingest-hotline')?.node.defaultChild as CfnElement),
    ]);
  });

  it('lets dispatch-appeal, not ingest-hotline, put CALL# items into the cases table', () => {
    // Prepare
    const leadingKeys = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CALL#*'] } };
    const callPuts = (name: string) =>
      statementsOf(name).filter(
        (s) =>
          [s.Action].flat().includes('dynamodb:PutItem') &&
          JSON.stringify(s.Condition) === JSON.stringify(leadingKeys),
      );

    // Act
    const dispatcher = callPuts('dispatch-appeal');
    const ingest = callPuts('ingest-hotline');

    // Assess
    expect(dispatcher).toHaveLength(1);
    expect(ingest).toEqual([]);
  });

  it('gives ingest-hotline no write to the cases table and no archive access: the queue is its only write', () => {
    // Prepare
    const forbidden =
      /^(dynamodb:(PutItem|GetItem|UpdateItem|DeleteItem|BatchWrite|Scan)|s3:|kms:(Encrypt|GenerateDataKey))/;

    // 漏接回拨: its one data key is the callback key's, for sealing a number (callbacks.test.ts).
    const callbackKey = data.getLogicalId(data.callbackKey.node.defaultChild as CfnElement);
    const onTables = (s: { Resource: unknown }) => !JSON.stringify(s.Resource).includes(callbackKey);

    // Act
    const actions = statementsOf('ingest-hotline')
      .filter(onTables)
      .flatMap((s) => [s.Action].flat());

    // Assess
    expect(actions.filter((a) => forbidden.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:Query']));
  });
});
