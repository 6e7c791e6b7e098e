import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions } from '../../infra/functions.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, synthHotline } from './synth.js';

/** What a deployment without optional channels has (no -c connectCtrStreamArn). */
const FUNCTIONS = deployedFunctions(() => undefined);

// 电话回访: the call list's index, the follow-up-calls function's rights (least privilege), and the
// one setting every writer of a case keys the index with.

describe('Function: follow-up-calls, in the stacks', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it('adds the sparse by-follow-up-call index to the cases table, keyed by list and due time', () => {
    // Act
    const tables = Template.fromStack(data).findResources('AWS::DynamoDB::Table');
    const cases = Object.values(tables).find((t) =>
      JSON.stringify(t.Properties.GlobalSecondaryIndexes ?? []).includes('by-tracking-no'),
    );

    // Assess
    expect(cases?.Properties.GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({
        IndexName: 'by-follow-up-call',
        KeySchema: [
          { AttributeName: 'followUpQueue', KeyType: 'HASH' },
          { AttributeName: 'followUpDue', KeyType: 'RANGE' },
        ],
      }),
    );
  });

  it('routes the list and the take through the staff JWT authorizer', () => {
    // Act
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey,
      auth: r.Properties.AuthorizationType,
    }));

    // Assess
    expect(routes).toEqual(
      expect.arrayContaining([
        { key: 'GET /v1/follow-up/calls', auth: 'JWT' },
        { key: 'POST /v1/follow-up/calls/{caseId}/take', auth: 'JWT' },
      ]),
    );
  });

  it('lets it query the call list index only, read a case, put CASE# items, read raw/ and the contact key', () => {
    // Act
    const statements = policyStatementsOf(service, template, 'follow-up-calls');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'secretsmanager:GetSecretValue',
      ]),
    );
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:Scan');
    const queries = statements.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    expect(JSON.stringify(queries[0]?.Resource)).toContain('/index/by-follow-up-call');
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
    ]);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    const role =
      template.toJSON().Resources[
        service.getLogicalId(service.functions.get('follow-up-calls')?.role?.node.defaultChild as CfnElement)
      ];
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/archiverawreader/i);
  });
});

describe('Context: followUpCallAfterHours', () => {
  const valuesOf = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((f) => FUNCTIONS.some((spec) => spec.description === f.Properties.Description))
      .map((f) => f.Properties.Environment?.Variables?.FOLLOW_UP_CALL_AFTER_HOURS);

  it('gives every function the call list delay from -c followUpCallAfterHours', () => {
    // Act
    const { service } = synthHotline(undefined, undefined, { followUpCallAfterHours: '0' });

    // Assess
    const values = valuesOf(Template.fromStack(service));
    expect(values).toHaveLength(FUNCTIONS.length);
    expect(new Set(values)).toEqual(new Set(['0']));
  });

  it('sets nothing without it, and refuses hours that are not whole from 0 to 720', () => {
    // Act & Assess
    expect(new Set(valuesOf(Template.fromStack(synthHotline().service)))).toEqual(new Set([undefined]));
    expect(() => synthHotline(undefined, undefined, { followUpCallAfterHours: '-1' })).toThrow(
      /followUpCallAfterHours/,
    );
    expect(() => synthHotline(undefined, undefined, { followUpCallAfterHours: '1.5' })).toThrow(
      /followUpCallAfterHours/,
    );
  });
});
