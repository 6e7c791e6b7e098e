import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, synthHotline } from './synth.js';

describe('Functions: releases and draft-releases (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);
  const managedOf = (name: string) =>
    JSON.stringify(
      template.toJSON().Resources[
        service.getLogicalId(service.functions.get(name)?.role?.node.defaultChild as CfnElement)
      ].Properties.ManagedPolicyArns ?? [],
    );

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it('routes the public releases without an authorizer and the staff routes through the JWT authorizer', () => {
    // Act & Assess
    for (const routeKey of [
      'GET /v1/public/releases',
      'GET /v1/public/releases/{releaseId}',
      'GET /releases',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    }
    for (const routeKey of [
      'GET /v1/releases',
      'POST /v1/releases',
      'POST /v1/releases/{releaseId}/actions',
      'GET /v1/releases/bulletin',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
      });
    }
  });

  it('lets releases read and put RELEASES items only, get a case, query the disclosure book, and hold the release writer', () => {
    // Act
    const statements = statementsOf('releases');

    // Assess
    const onReleases = statements.filter((s) => JSON.stringify(s.Condition ?? '').includes('RELEASES*'));
    expect(onReleases.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(JSON.stringify(statements)).toContain('/index/by-disclosure');
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:UpdateItem');
    expect(managedOf('releases')).toMatch(/archivereleasewriter/i);
    expect(managedOf('releases')).not.toMatch(/archivedossierwriter|archiverawwriter|archiveletterwriter/i);
  });

  it('lets the release writer put and get releases/ only', () => {
    // Act
    const policies = Template.fromStack(data).findResources('AWS::IAM::ManagedPolicy');
    const writer = Object.values(policies).find((p) =>
      String(p.Properties.Description).includes('frozen release documents'),
    );

    // Assess
    const text = JSON.stringify(writer?.Properties.PolicyDocument);
    expect(text).toContain('/releases/*');
    expect(text).not.toMatch(/\/(cases|raw|uploads|letters)\/\*/);
    expect(text).not.toContain('s3:DeleteObject');
  });

  it('invokes draft-releases hourly from EventBridge Scheduler, with the drafter’s rights only', () => {
    // Prepare
    const fn = service.functions.get('draft-releases');
    if (!fn) throw new Error('no draft-releases');
    const fnId = service.getLogicalId(fn.node.defaultChild as CfnElement);

    // Act
    const statements = statementsOf('draft-releases');

    // Assess
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: { Arn: Match.anyValue() } },
    });
    expect(managedOf('draft-releases')).not.toMatch(/archive/i);
    const dataActions = statements
      .flatMap((s) => [s.Action].flat())
      .filter((a) => !/^(logs|xray|kms):/.test(a));
    expect([...new Set(dataActions)].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
  });
});
