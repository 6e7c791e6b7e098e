import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, synthHotline } from './synth.js';

describe('Function: ingest-wechat (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it.each(['GET /v1/channels/wechat', 'POST /v1/channels/wechat'])(
    'routes %s to the function, authenticated by its signature in the handler',
    (routeKey) => {
      // Prepare
      const route = { RouteKey: routeKey, AuthorizationType: 'NONE', Target: Match.anyValue() };

      // Act & Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', route);
    },
  );

  it('answers within WeChat’s 5 s', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^GET and POST /v1/channels/wechat'),
      Timeout: 5,
    });
  });

  it('keeps the WeChat settings in one retained secret with a generated token and placeholders', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const id = data.getLogicalId(data.wechatSecret.node.defaultChild as CfnElement);

    // Act
    const secret = dataTemplate.findResources('AWS::SecretsManager::Secret')[id];

    // Assess
    expect(secret).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { GenerateStringKey: 'token', PasswordLength: 32 } },
    });
    const template = JSON.parse(secret?.Properties.GenerateSecretString.SecretStringTemplate);
    expect(Object.keys(template).sort()).toEqual(['appId', 'encodingAesKey', 'previousEncodingAesKey']);
  });

  it('passes the WeChat secret ARN to ingest-wechat and send-notice only', () => {
    // Prepare
    const withArn = { Environment: { Variables: { WECHAT_SECRET_ARN: Match.anyValue() } } };

    // Act
    const functions = template.findResources('AWS::Lambda::Function', { Properties: withArn });

    // Assess
    // send-notice sends the notices with the account's AppID and AppSecret (issue 11: it took
    // the sending over from notify-citizen, which now only forwards).
    const idOf = (name: string) =>
      service.getLogicalId(service.functions.get(name)?.node.defaultChild as CfnElement);
    expect(Object.keys(functions).sort()).toEqual([idOf('ingest-wechat'), idOf('send-notice')].sort());
  });

  it('lets ingest-wechat send to the queue, read the tracking-number and caller indexes (and a merged case’s master), and write no table but its nonce marks, sender counts and the case a template receipt or a 补正 answer moves', () => {
    // Prepare: the plain-mode replay guard puts NONCE# marks into the request-marks table, and the
    // sender limit updates SENDER# counts there; nothing else.
    const marksTable = data.getLogicalId(data.requestMarksTable.node.defaultChild as CfnElement);
    const nonceMarks = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NONCE#*'] } };
    const isNonceMark = (s: (typeof all)[number]) =>
      JSON.stringify([s.Action].flat()) === JSON.stringify(['dynamodb:PutItem']) &&
      JSON.stringify(s.Condition) === JSON.stringify(nonceMarks) &&
      JSON.stringify(s.Resource).includes(marksTable);
    const senderCounts = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SENDER#*'] } };
    const isSenderCount = (s: (typeof all)[number]) =>
      JSON.stringify([s.Action].flat()) === JSON.stringify(['dynamodb:UpdateItem']) &&
      JSON.stringify(s.Condition) === JSON.stringify(senderCounts) &&
      JSON.stringify(s.Resource).includes(marksTable);
    // A template message's receipt (TEMPLATESENDJOBFINISH) moves its notice, and a 补正 by WeChat
    // answers its case: puts of CASE# items of the cases table only, conditioned on the version.
    const casesTable = data.getLogicalId(data.casesTable.node.defaultChild as CfnElement);
    const caseWrites = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } };
    const isCaseWrite = (s: (typeof all)[number]) =>
      JSON.stringify([s.Action].flat()) === JSON.stringify(['dynamodb:PutItem']) &&
      JSON.stringify(s.Condition) === JSON.stringify(caseWrites) &&
      JSON.stringify(s.Resource).includes(casesTable);
    const all = statementsOf('ingest-wechat');
    const statements = all.filter((s) => !isNonceMark(s) && !isSenderCount(s) && !isCaseWrite(s));
    const actions = statements.flatMap((s) => [s.Action].flat());

    // Act
    const forbidden = actions.filter((a) =>
      // GetItem is allowed: 查询 of a case merged at intake answers with its master, read by id.
      /^(dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWrite|Scan)|s3:)/.test(a),
    );

    // Assess
    expect(forbidden).toEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'dynamodb:Query', 'secretsmanager:GetSecretValue']),
    );
    expect(JSON.stringify(statements)).toContain('/index/by-tracking-no');
    expect(all.filter(isNonceMark)).toHaveLength(1);
    expect(all.filter(isSenderCount)).toHaveLength(1);
    expect(all.filter(isCaseWrite)).toHaveLength(1);
    expect(JSON.stringify(statements)).toContain('/index/by-caller');
  });
});
