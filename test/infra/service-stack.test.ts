import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions } from '../../infra/functions.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { MARK_RETENTION_SECONDS } from '../../shared/domain/metrics/index.js';
import { policyStatementsOf, synthHotline } from './synth.js';

/** What a deployment without optional channels has (no -c connectCtrStreamArn). */
const FUNCTIONS = deployedFunctions(() => undefined);

describe('Stack: Hotline12345-Service', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  /** Every IAM statement the role of `name` carries, inline or through a managed policy. */
  const statementsOf = (name: string) => policyStatementsOf(service, template, name);
  const actionsOf = (name: string): string[] => statementsOf(name).flatMap((s) => [s.Action].flat());

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it('runs every function on nodejs22.x, arm64, with active tracing', () => {
    // Prepare
    const expected = { Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } };

    // Act
    const functions = template.findResources('AWS::Lambda::Function');

    // Assess
    expect(Object.keys(functions)).toHaveLength(FUNCTIONS.length);
    template.allResourcesProperties('AWS::Lambda::Function', expected);
  });

  it.each(FUNCTIONS)('configures $name from its spec, with the Powertools and resource variables', (spec) => {
    // Prepare
    const variables = {
      POWERTOOLS_SERVICE_NAME: spec.name,
      POWERTOOLS_METRICS_NAMESPACE: 'Hotline12345',
      NODE_OPTIONS: '--enable-source-maps',
      CASES_TABLE_NAME: Match.anyValue(),
      DIRECTORY_TABLE_NAME: Match.anyValue(),
      INTAKE_QUEUE_URL: Match.anyValue(),
      ARCHIVE_BUCKET_NAME: Match.anyValue(),
    };

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: spec.description,
      Timeout: spec.timeoutSeconds,
      MemorySize: spec.memoryMb,
      LoggingConfig: { LogGroup: Match.anyValue(), LogFormat: 'JSON' },
      Environment: { Variables: Match.objectLike(variables) },
    });
  });

  it('keeps every function log for one year', () => {
    // Prepare
    const oneYear = 365;

    // Act
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    // Assess
    expect(groups.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(oneYear);
  });

  it('reports partial batch failures on the queue mappings and the notices, never on the aggregates', () => {
    // Prepare
    const triggers = FUNCTIONS.flatMap((f) => f.triggers).filter(
      (t) => t.kind === 'sqs' || t.kind === 'stream',
    );
    const queueArn = { 'Fn::ImportValue': Match.stringLikeRegexp('Hotline12345-Data:.*intake.*Arn') };

    // Act
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

    // Assess
    expect(mappings).toHaveLength(triggers.length);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const stream = mappings.filter((m) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
    const byFunction = (name: string) =>
      stream.find((m) => JSON.stringify(m.Properties.FunctionName).includes(name.replaceAll('-', '')))
        ?.Properties;
    expect(stream).toHaveLength(2);
    // The aggregates are exactly-once only if a failed batch is retried whole, from its first record.
    expect(byFunction('project-case-events')).toMatchObject({ BisectBatchOnFunctionError: false });
    expect(byFunction('project-case-events')?.FunctionResponseTypes).toBeUndefined();
    expect(byFunction('notify-citizen')).toMatchObject({
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('feeds dispatch-appeal from the intake queue in batches of 10 within 1 s', () => {
    // Prepare
    const queueArn = { 'Fn::ImportValue': Match.stringLikeRegexp('Hotline12345-Data:.*intake.*Arn') };

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn,
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
    });
  });

  it('reads the cases stream from the trim horizon, whole batches without bisecting, parking failures', () => {
    // Prepare
    const failures = { 'Fn::ImportValue': Match.stringLikeRegexp('casestreamfailures') };

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StreamArn') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 5,
      // The aggregates keep a batch's mark longer than a batch can be retried.
      MaximumRecordAgeInSeconds: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: failures } },
    });
    const [mapping] = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StreamArn') } },
      }),
    );
    expect(mapping?.Properties.MaximumRecordAgeInSeconds).toBeLessThan(MARK_RETENTION_SECONDS);
  });

  it('lets project-case-events update and get metrics-table items and put CASE# items only, and tells it the table', () => {
    // Prepare
    const metricsTableArn = { 'Fn::ImportValue': expect.stringMatching(/GetAttmetrics\w*Arn/) };

    // Act
    const statements = statementsOf('project-case-events');

    // Assess
    // Item actions; the stream reads come with the event source.
    const itemActions = /^dynamodb:(Get|Put|Update|Delete|BatchWrite|BatchGet)Item|^dynamodb:(Query|Scan)$/;
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => itemActions.test(a)));
    // The metric aggregates, and the co-handler links (协办, CO# items beside each case: CASE# keys).
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        Resource: metricsTableArn,
      }),
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
    ]);
    expect([dynamo[1]?.Action].flat()).toEqual(['dynamodb:PutItem']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'project-case-events',
          METRICS_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it.each(['POST /v1/channels/webform', 'GET /v1/cases/{trackingNo}'])(
    'routes %s without an authorizer (a public citizen route)',
    (routeKey) => {
      // Prepare
      const route = { RouteKey: routeKey, AuthorizationType: 'NONE', Target: Match.anyValue() };

      // Act & Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', route);
    },
  );

  it('throttles and access-logs the default stage', () => {
    // Prepare
    const stage = {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    };

    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', stage);
  });

  it('alarms the operators on each function’s errors', () => {
    // Prepare
    const errorsAlarm = { MetricName: 'Errors', Namespace: 'AWS/Lambda', AlarmActions: [Match.anyValue()] };

    // Act
    const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: errorsAlarm });

    // Assess
    expect(Object.keys(alarms)).toHaveLength(FUNCTIONS.length);
  });

  it('alarms the operators when CalendarYearMissing sums to 1 or more in an hour', () => {
    // Prepare
    const metric = (service: string) =>
      Match.objectLike({
        MetricStat: {
          Metric: {
            Namespace: 'Hotline12345',
            MetricName: 'CalendarYearMissing',
            Dimensions: [{ Name: 'service', Value: service }],
          },
          Period: 3600,
          Stat: 'Sum',
        },
        ReturnData: false,
      });

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [Match.anyValue()],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(m0, 0) + FILL(m1, 0)', ReturnData: true }),
        metric('dispatch-appeal'),
        metric('supervise-deadlines'),
      ]),
    });
  });

  it('alarms the operators when supervise-deadlines skips a case it could not supervise', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Hotline12345',
      MetricName: 'SupervisionCaseFailed',
      Dimensions: [{ Name: 'service', Value: 'supervise-deadlines' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('lets manage-directory query the directory and put or delete its entries, and of the cases only the open-deadline index and CASE# items', () => {
    // Act
    const statements = statementsOf('manage-directory');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'));
    expect(new Set(actions)).toEqual(
      new Set(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem']),
    );
    const directoryLogicalId = data.getLogicalId(data.directoryTable.node.defaultChild as CfnElement);
    const casesLogicalId = data.getLogicalId(data.casesTable.node.defaultChild as CfnElement);
    const onCases = statements.filter((s) => JSON.stringify(s.Resource).includes(casesLogicalId));
    // 重算期限: the by-open-deadline index, GetItem, and puts bound to CASE# keys; no delete, no scan.
    expect(onCases.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(JSON.stringify(onCases.filter((s) => [s.Action].flat().includes('dynamodb:Query')))).toContain(
      '/index/by-open-deadline',
    );
    const casePut = onCases.find((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(
      (casePut?.Condition as Record<string, Record<string, unknown>> | undefined)?.[
        'ForAllValues:StringLike'
      ],
    ).toEqual({ 'dynamodb:LeadingKeys': ['CASE#*'] });
    const deletes = statements.filter((s) => [s.Action].flat().includes('dynamodb:DeleteItem'));
    expect(deletes.every((s) => JSON.stringify(s.Resource).includes(directoryLogicalId))).toBe(true);
  });

  it('lets dispatch-appeal query the by-caller index and put CASE# items (new cases, merge links)', () => {
    // Act
    const statements = statementsOf('dispatch-appeal');

    // Assess
    expect(JSON.stringify(statements)).toContain('/index/by-caller');
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()))]).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem']),
    );
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:Scan');
    // Every put is bound to a key prefix: cases (new, or under their version), call records and
    // callback tasks (漏接回拨).
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    const prefixes = puts.map(
      (s) =>
        (s.Condition as Record<string, Record<string, unknown>> | undefined)?.['ForAllValues:StringLike'],
    );
    expect(prefixes).toHaveLength(3);
    expect(prefixes).toEqual(
      expect.arrayContaining([
        { 'dynamodb:LeadingKeys': ['CASE#*'] },
        { 'dynamodb:LeadingKeys': ['CALL#*'] },
        { 'dynamodb:LeadingKeys': ['CALLBACK#*'] },
      ]),
    );
  });

  it('routes PUT and DELETE admin paths to manage-directory behind the JWT authorizer', () => {
    // Act
    const routes = template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: Match.stringLikeRegexp('^(PUT|DELETE) /v1/admin/') },
    });

    // Assess
    expect(
      Object.values(routes)
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual([
      'DELETE /v1/admin/directory/lines/{code}',
      'DELETE /v1/admin/directory/rules/{ruleId}',
      'PUT /v1/admin/calendar/{year}',
      'PUT /v1/admin/directory/categories/{code}',
      'PUT /v1/admin/directory/departments/{id}',
      'PUT /v1/admin/directory/districts/{code}',
      'PUT /v1/admin/directory/lines/{code}',
      'PUT /v1/admin/directory/rules/{ruleId}',
    ]);
    for (const route of Object.values(routes)) expect(route.Properties.AuthorizationType).toBe('JWT');
  });

  it('grants no wildcard action to any function', () => {
    // Prepare
    const names = FUNCTIONS.map((f) => f.name);

    // Act
    const wildcards = names.flatMap((name) => actionsOf(name).filter((a) => a.includes('*')));

    // Assess
    expect(wildcards).toEqual([]);
  });

  it('lets get-case-status query the tracking-number index and write its GUESS# counters only', () => {
    // Prepare
    const writes = /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:Put|sqs:Send)/;

    // Act
    const statements = statementsOf('get-case-status');

    // Assess
    const writing = statements.filter((s) => [s.Action].flat().some((a) => writes.test(a)));
    expect(writing).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['GUESS#*'] } },
      }),
    ]);
    expect(JSON.stringify(statements)).toContain('/index/by-tracking-no');
  });

  it('lets case-api query the department queue and review queue indexes and put CASE# items only', () => {
    // Act
    const statements = statementsOf('case-api');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
    );
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(JSON.stringify(statements)).toContain('/index/by-department-queue');
    expect(JSON.stringify(statements)).toContain('/index/by-review-queue');
    // 查询 by phone: the caller's cases on the by-caller index (the console's search).
    expect(JSON.stringify(statements)).toContain('/index/by-caller');
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
    ]);
    // A case's duplicate links (并单, DUP# items beside it): Query on the table itself, CASE# keys only.
    const tableQueries = statements.filter(
      (s) =>
        [s.Action].flat().includes('dynamodb:Query') &&
        JSON.stringify(s.Resource).includes('GetAttcases') &&
        !JSON.stringify(s.Resource).includes('/index/'),
    );
    expect(tableQueries).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
    ]);
  });

  it('invokes supervise-deadlines every 5 minutes from EventBridge Scheduler, with retries and a DLQ', () => {
    // Prepare
    const fn = service.functions.get('supervise-deadlines');
    if (!fn) throw new Error('no supervise-deadlines');
    const fnId = service.getLogicalId(fn.node.defaultChild as CfnElement);

    // Act
    const schedules = template.findResources('AWS::Scheduler::Schedule');

    // Assess: supervision's and the releases' drafting (test/infra/releases.test.ts)
    expect(Object.keys(schedules)).toHaveLength(2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('supervise-deadlines: scheduled invocations failed'),
    });
  });

  it('lets supervise-deadlines query the open-deadline and work-queue indexes, get and put CASE# and CALLBACK# items only', () => {
    // Act
    const statements = statementsOf('supervise-deadlines');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(JSON.stringify(statements)).toContain('/index/by-open-deadline');
    // 漏接回拨 (issue 13): the open and erasure-due callback tasks (CALLBACKS#open, CALLBACKS#erase).
    expect(JSON.stringify(statements)).toContain('/index/by-department-queue');
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CALLBACK#*'] } },
      }),
    ]);
  });

  it('gives the contact hash secret only to the ingest functions, send-notice, follow-up-calls, case-api and agent-desk', () => {
    // Prepare
    const readsContactKey = (name: string) =>
      statementsOf(name).some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes('contacthashkey'),
      );
    const readers = FUNCTIONS.map((f) => f.name).filter(readsContactKey);

    // Act
    const withArn = FUNCTIONS.filter(
      (f) =>
        Object.keys(
          template.findResources('AWS::Lambda::Function', {
            Properties: {
              Description: f.description,
              Environment: { Variables: { CONTACT_HASH_SECRET_ARN: Match.anyValue() } },
            },
          }),
        ).length,
    ).map((f) => f.name);

    // Assess
    // send-notice checks the address it reads from the raw payload against the case's hash (issue
    // 11: the sending moved there from notify-citizen); follow-up-calls the caller's number it
    // shows the agent who takes an item (电话回访); request-verification (issue 11) hashes the phone
    // a 短信验证码 is bound to, as the web form does; case-api hashes the number an agent searches
    // by (工作台 查询), to look it up on the by-caller index.
    const expected = [
      // 坐席 (issue 12): the callback number the agent types is hashed to match the call's caller.
      'agent-desk',
      // 漏接回拨 (issue 13): a reached caller's appeal is hashed as the agent's desk hashes it.
      'callback-desk',
      'case-api',
      // 依申请公开 (issue 14): the staff entry hashes the applicant's phone as the web form does.
      'disclosure-intake',
      'follow-up-calls',
      'ingest-hotline',
      'ingest-webform',
      'ingest-wechat',
      'request-verification',
      'send-notice',
    ];
    expect([...readers].sort()).toEqual(expected);
    expect([...withArn].sort()).toEqual(expected);
  });

  it('gives the disclosure identity key only to the functions that take a 政府信息公开申请', () => {
    // Prepare
    const readsIdentityKey = (name: string) =>
      statementsOf(name).some(
        (s) =>
          [s.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes('disclosureidentitykey'),
      );

    // Act
    const readers = FUNCTIONS.map((f) => f.name).filter(readsIdentityKey);
    const withArn = FUNCTIONS.filter(
      (f) =>
        Object.keys(
          template.findResources('AWS::Lambda::Function', {
            Properties: {
              Description: f.description,
              Environment: { Variables: { DISCLOSURE_IDENTITY_SECRET_ARN: Match.anyValue() } },
            },
          }),
        ).length,
    ).map((f) => f.name);

    // Assess
    const expected = ['agent-desk', 'callback-desk', 'disclosure-intake', 'ingest-hotline', 'ingest-webform'];
    expect([...readers].sort()).toEqual(expected);
    expect([...withArn].sort()).toEqual(expected);
  });

  it('lets ingest-webform put only IDEMPOTENCY# marks and claim UPLOAD# marks, ingest-wechat only NONCE# marks and SENDER# counts, create-upload put only UPLOAD# marks, record-notice-receipt only read NOTICEMSG# marks, answer-correction claim only UPLOAD# marks, agent-desk put only CALLAPPEAL# marks, and tells only them the marks table', () => {
    // Prepare
    const marksTable = data.getLogicalId(data.requestMarksTable.node.defaultChild as CfnElement);
    const markPuts = (name: string) =>
      statementsOf(name)
        .filter((s) => JSON.stringify(s.Resource).includes(marksTable))
        .map((s) => ({ actions: [s.Action].flat(), condition: s.Condition }));
    const leading = (prefix: string) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}*`] },
    });

    // Act
    const told = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { REQUEST_MARKS_TABLE_NAME: Match.anyValue() } } },
      }),
    );

    // Assess
    expect(markPuts('ingest-webform')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('IDEMPOTENCY#') },
      { actions: ['dynamodb:UpdateItem'], condition: leading('UPLOAD#') },
      // 短信验证码 (issue 11): checks and consumes a code, VERIFY# only.
      { actions: ['dynamodb:UpdateItem'], condition: leading('VERIFY#') },
    ]);
    expect(markPuts('request-verification')).toEqual([
      { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], condition: leading('VERIFY#') },
    ]);
    expect(markPuts('ingest-wechat')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('NONCE#') },
      { actions: ['dynamodb:UpdateItem'], condition: leading('SENDER#') },
      { actions: ['dynamodb:GetItem'], condition: leading('NOTICEMSG#') },
    ]);
    expect(markPuts('create-upload')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('UPLOAD#') },
    ]);
    expect(markPuts('record-notice-receipt')).toEqual([
      { actions: ['dynamodb:GetItem'], condition: leading('NOTICEMSG#') },
    ]);
    // 补正 (issue 11): the citizen's answer claims its photos' grants as the web form does.
    expect(markPuts('answer-correction')).toEqual([
      { actions: ['dynamodb:UpdateItem'], condition: leading('UPLOAD#') },
    ]);
    const idOf = (name: string) =>
      service.getLogicalId(service.functions.get(name)?.node.defaultChild as CfnElement);
    // Issue 11 adds the notices' marks: send-notice's attempts, receipt marks and links, the short
    // link's read.
    expect(markPuts('send-notice')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('NOTICE#') },
      { actions: ['dynamodb:PutItem'], condition: leading('NOTICEMSG#') },
      { actions: ['dynamodb:PutItem'], condition: leading('LINK#') },
    ]);
    expect(markPuts('follow-short-link')).toEqual([
      { actions: ['dynamodb:GetItem'], condition: leading('LINK#') },
    ]);
    // 坐席 (issue 12): the appeal typed for a call is marked once, CALLAPPEAL# only.
    expect(markPuts('agent-desk')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('CALLAPPEAL#') },
    ]);
    // 漏接回拨 (issue 13): a reached caller's appeal is marked once as the desk's is, CALLAPPEAL# only.
    expect(markPuts('callback-desk')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('CALLAPPEAL#') },
    ]);
    // 来信来访 (issue 14): the staff entry's Idempotency-Key, IDEMPOTENCY# only (IDEMPOTENCY#office:…).
    expect(markPuts('disclosure-intake')).toEqual([
      { actions: ['dynamodb:PutItem'], condition: leading('IDEMPOTENCY#') },
    ]);
    expect(told.sort()).toEqual(
      [
        'agent-desk',
        'callback-desk',
        'disclosure-intake',
        'ingest-webform',
        'ingest-wechat',
        'create-upload',
        'record-notice-receipt',
        'record-sms-event',
        'answer-correction',
        'request-verification',
        'send-notice',
        'follow-short-link',
      ]
        .map(idOf)
        .sort(),
    );
  });

  it('feeds notify-citizen from the cases stream filtered to completed, awaiting-correction or disclosure cases, failures to the stream DLQ', () => {
    // Prepare
    const fn = service.functions.get('notify-citizen');
    const fnId = service.getLogicalId(fn?.node.defaultChild as CfnElement);

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { NewImage: { status: { S: ['completed'] } } } }) },
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { pausedSince: { M: { reason: { S: ['awaiting_correction'] } } } } },
            }),
          },
          {
            Pattern: JSON.stringify({
              dynamodb: {
                NewImage: {
                  disclosure: { M: { request: { M: { receivedOn: { S: [{ exists: true }] } } } } },
                },
              },
            }),
          },
        ],
      },
    });
  });

  it('lets notify-citizen only send to the notices queue (issue 11: it forwards, nothing more)', () => {
    // Act
    const statements = statementsOf('notify-citizen');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual(
      expect.arrayContaining(['sqs:SendMessage']),
    );
    expect(
      actions.filter(
        (a) =>
          a.startsWith('dynamodb:') &&
          !a.startsWith('dynamodb:DescribeStream') &&
          !a.startsWith('dynamodb:GetRecords') &&
          !a.startsWith('dynamodb:GetShardIterator') &&
          !a.startsWith('dynamodb:ListStreams'),
      ),
    ).toEqual([]);
    expect(actions.filter((a) => a.startsWith('s3:') || a.startsWith('secretsmanager:'))).toEqual([]);
    const send = statements.find((s) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(JSON.stringify(send?.Resource)).toMatch(/notices(?!dlq)/i);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Cases stream consumer: forwards'),
      Environment: { Variables: Match.objectLike({ NOTICES_QUEUE_URL: Match.anyValue() }) },
    });
  });

  it('feeds send-notice from the notices queue with partial batch failures', () => {
    // Prepare
    const fnId = service.getLogicalId(service.functions.get('send-notice')?.node.defaultChild as CfnElement);

    // Act & Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('Hotline12345-Data:.*notices.*Arn') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets send-notice read and update cases, put its marks by prefix and read raw/ payloads only, with the secrets it needs', () => {
    // Prepare
    const readerRef = Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('archiverawreader') });

    // Act
    const statements = statementsOf('send-notice');
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { ManagedPolicyArns: Match.arrayWith([readerRef]) },
    });

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    // No sms-voice right unless the deployment chose AWS SMS (-c smsProvider=aws).
    expect(actions.filter((a) => a.startsWith('sms-voice:'))).toEqual([]);
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts.map((s) => s.Condition)).toEqual(
      ['CASE#', 'NOTICE#', 'NOTICEMSG#', 'LINK#'].map((prefix) => ({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}*`] },
      })),
    );
    // The one other reader of raw/: follow-up-calls, for the number of a call list item it shows.
    const roleOf = (name: string) =>
      service.getLogicalId(service.functions.get(name)?.role?.node.defaultChild as CfnElement);
    expect(Object.keys(roles).sort()).toEqual([roleOf('follow-up-calls'), roleOf('send-notice')].sort());
    const reader =
      Template.fromStack(data).toJSON().Resources[
        data.getLogicalId(data.archiveRawReaderPolicy.node.defaultChild as CfnElement)
      ];
    expect(reader.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Action: 's3:GetObject', Resource: expect.objectContaining({}) }),
      expect.objectContaining({ Action: 'kms:Decrypt' }),
    ]);
    expect(JSON.stringify(reader.Properties.PolicyDocument.Statement[0].Resource)).toContain('/raw/*');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Notices queue consumer'),
      Environment: {
        Variables: Match.objectLike({
          PUBLIC_BASE_URL: Match.anyValue(),
          FEEDBACK_TOKEN_SECRET_ARN: Match.anyValue(),
          WECHAT_SECRET_ARN: Match.anyValue(),
          CONTACT_HASH_SECRET_ARN: Match.anyValue(),
          SMS_PROVIDER_SECRET_ARN: Match.anyValue(),
          NOTICES_QUEUE_URL: Match.anyValue(),
          NOTICE_SMS_PROVIDER: 'none',
        }),
      },
    });
  });

  it('routes POST /v1/cases/{trackingNo}/feedback to submit-feedback without an authorizer, with least privilege', () => {
    // Act
    const statements = statementsOf('submit-feedback');

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/cases/{trackingNo}/feedback',
      AuthorizationType: 'NONE',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /v1/supervision/cases',
      AuthorizationType: 'JWT',
    });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'secretsmanager:GetSecretValue',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(JSON.stringify(statements)).toContain('/index/by-tracking-no');
    expect(JSON.stringify(statements)).toContain('feedbacktokenkey');
    expect(JSON.stringify(statements)).not.toContain('contacthashkey');
    const puts = statements.filter((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(puts).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } },
      }),
    ]);
  });

  it('attaches the archive writer policy to dispatch-appeal only', () => {
    // Prepare
    const policyRef = Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('archiverawwriter') });

    // Act
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { ManagedPolicyArns: Match.arrayWith([policyRef]) },
    });

    // Assess
    expect(Object.keys(roles)).toEqual([
      service.getLogicalId(service.functions.get('dispatch-appeal')?.role?.node.defaultChild as CfnElement),
    ]);
    expect(data.archiveRawWriterPolicy).toBeDefined();
  });

  it('outputs the API URL and the table names', () => {
    // Prepare
    const outputs = template.findOutputs('*');

    // Act
    const descriptions = Object.keys(outputs);

    // Assess
    expect(descriptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^apiurl/),
        expect.stringMatching(/^casestablename/),
        expect.stringMatching(/^directorytablename/),
      ]),
    );
  });
});
