import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, type Statement, synthHotline } from './synth.js';

// 漏接回拨 at the agents' desk and under supervision: the routes behind the staff authorizer, and the
// least each function needs (the work-queue index, CALLBACK# puts, the callback key to open only).

const actionsOf = (s: Statement) => [s.Action].flat();
const CALLBACK_KEYS = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CALLBACK#*'] } };

describe('Function: callback-desk, in the stacks', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;
  let callbackKeyId: string;

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
    callbackKeyId = data.getLogicalId(data.callbackKey.node.defaultChild as CfnElement);
  });

  it('routes the list, the take and the attempts through the staff JWT authorizer', () => {
    // Act
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey,
      auth: r.Properties.AuthorizationType,
    }));

    // Assess
    expect(routes).toEqual(
      expect.arrayContaining([
        { key: 'GET /v1/callbacks', auth: 'JWT' },
        { key: 'POST /v1/callbacks/{taskId}/take', auth: 'JWT' },
        { key: 'POST /v1/callbacks/{taskId}/attempts', auth: 'JWT' },
      ]),
    );
  });

  it('lets the desk query the work-queue index, put CALLBACK# items only and open (never seal) a number', () => {
    // Act
    const statements = policyStatementsOf(service, template, 'callback-desk');

    // Assess
    const actions = statements.flatMap(actionsOf);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    // On the cases table, the work-queue index only (the directory is queried as everywhere).
    const queries = statements
      .filter((s) => actionsOf(s).includes('dynamodb:Query'))
      .map((s) => JSON.stringify(s.Resource))
      .filter((resource) => !resource.includes('directory'));
    expect(queries).toEqual([expect.stringContaining('/index/by-department-queue')]);
    const tablePuts = statements.filter(
      (s) =>
        actionsOf(s).includes('dynamodb:PutItem') && !JSON.stringify(s.Resource).includes('requestmarks'),
    );
    expect(tablePuts.map((s) => s.Condition)).toContainEqual(CALLBACK_KEYS);
    expect(tablePuts.every((s) => JSON.stringify(s.Condition).match(/CALLBACK#|CALLAPPEAL#/))).toBe(true);
    const onKey = statements.filter((s) => JSON.stringify(s.Resource).includes(callbackKeyId));
    expect(onKey.map(actionsOf)).toEqual([['kms:Decrypt']]);
    expect(onKey[0]?.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': 'callback-number' },
    });
    expect(actions).toContain('sqs:SendMessage');
  });

  it('lets the supervision write CALLBACK# items and never use the callback key', () => {
    // Act
    const statements = policyStatementsOf(service, template, 'supervise-deadlines');

    // Assess
    expect(statements.map((s) => s.Condition)).toContainEqual(CALLBACK_KEYS);
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(callbackKeyId))).toEqual([]);
    const queries = statements.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries.map((s) => JSON.stringify(s.Resource)).join()).toContain('/index/by-department-queue');
  });

  it('alarms the operators when the supervision skips a callback task', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Hotline12345',
      MetricName: 'SupervisionCallbackFailed',
      Dimensions: [{ Name: 'service', Value: 'supervise-deadlines' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe('Context: the callback policy', () => {
  const valuesOf = (template: Template, name: string) =>
    Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((f) => FUNCTIONS.some((spec) => spec.description === f.Properties.Description))
      .map((f) => f.Properties.Environment?.Variables?.[name]);

  it('gives every function the same policy from -c callback…', () => {
    // Act
    const { service } = synthHotline(undefined, undefined, {
      callbackDeadlineMinutes: '30',
      callbackAttemptGapMinutes: '0',
      callbackRetentionDays: '7',
    });

    // Assess
    const template = Template.fromStack(service);
    expect(new Set(valuesOf(template, 'CALLBACK_DEADLINE_MINUTES'))).toEqual(new Set(['30']));
    expect(new Set(valuesOf(template, 'CALLBACK_ATTEMPT_GAP_MINUTES'))).toEqual(new Set(['0']));
    expect(new Set(valuesOf(template, 'CALLBACK_RETENTION_DAYS'))).toEqual(new Set(['7']));
    expect(new Set(valuesOf(template, 'CALLBACK_MAX_ATTEMPTS'))).toEqual(new Set([undefined]));
  });

  it('refuses values outside the bounds the functions read them with', () => {
    // Act & Assess
    expect(() => synthHotline(undefined, undefined, { callbackDeadlineMinutes: '4' })).toThrow(
      /callbackDeadlineMinutes/,
    );
    expect(() => synthHotline(undefined, undefined, { callbackMaxAttempts: '2.5' })).toThrow(
      /callbackMaxAttempts/,
    );
    expect(() => synthHotline(undefined, undefined, { callbackHoldMinutes: '0' })).toThrow(
      /callbackHoldMinutes/,
    );
  });
});
