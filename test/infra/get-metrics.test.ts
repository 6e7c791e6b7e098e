import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, synthHotline } from './synth.js';

describe('Function: get-metrics (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);
  const logicalIdOf = (element: unknown) => data.getLogicalId(element as CfnElement);

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it.each(['GET /v1/metrics', 'GET /v1/metrics/export.csv'])(
    'routes %s through the staff JWT authorizer',
    (routeKey) => {
      // Act & Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: Match.anyValue(),
      });
    },
  );

  it('routes GET /v1/public/metrics without an authorizer', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /v1/public/metrics',
      AuthorizationType: 'NONE',
    });
  });

  it('lets get-metrics Query the metrics table and the directory, and write nothing', () => {
    // Prepare
    const metricsTable = logicalIdOf(data.metricsTable.node.defaultChild);
    const casesTable = logicalIdOf(data.casesTable.node.defaultChild);

    // Act
    const statements = statementsOf('get-metrics');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    // Besides the house defaults every function has (its own logs, tracing).
    const dataActions = actions.filter((a) => !/^(logs|xray):/.test(a));
    expect([...new Set(dataActions)].sort()).toEqual(['dynamodb:Query', 'kms:Decrypt']);
    const queries = statements.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(queries).toHaveLength(2);
    const resources = JSON.stringify(queries);
    expect(resources).toContain(metricsTable);
    expect(resources).not.toContain(casesTable);
    expect(resources).not.toContain('/index/');
  });

  it('passes the metrics table name to get-metrics', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'get-metrics',
          METRICS_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });
});
