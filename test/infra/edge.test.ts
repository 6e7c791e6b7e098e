import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import { PUBLIC_ROUTE_THROTTLE, routesOf } from '../../infra/public-routes.js';
import { type SynthesizedHotline, synthHotline } from './synth.js';

/** The AwsSolutions findings on `stack` that no `Validations.acknowledge` covers. */
function unacknowledged(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.filter(
      (v) => v.ruleName.startsWith('AwsSolutions-') && (v.severity === 'error' || v.severity === 'warning'),
    )
    .map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** The web ACL's rules by name, from the edge stack's template. */
function rulesOf(hotline: SynthesizedHotline): Record<string, Record<string, unknown>> {
  if (!hotline.edge) throw new Error('no edge stack');
  const acl = Object.values(Template.fromStack(hotline.edge).findResources('AWS::WAFv2::WebACL'))[0];
  const rules = acl?.Properties.Rules as { Name: string }[];
  return Object.fromEntries(rules.map((r) => [r.Name, r]));
}

/** The stage's access log format, parsed. */
function accessLogFormatOf(hotline: SynthesizedHotline): { raw: string; fields: Record<string, string> } {
  const stage = Object.values(
    Template.fromStack(hotline.service).findResources('AWS::ApiGatewayV2::Stage'),
  )[0];
  const raw = stage?.Properties.AccessLogSettings.Format as string;
  return { raw, fields: JSON.parse(raw) };
}

describe('The edge: AWS WAF, CloudFront, throttling and access logs', () => {
  let global: SynthesizedHotline;
  let pinned: SynthesizedHotline;
  let china: SynthesizedHotline;
  let disabled: SynthesizedHotline;

  beforeAll(() => {
    global = synthHotline();
    pinned = synthHotline({ account: '111111111111', region: 'eu-west-1' }, undefined, {
      wafRateLimit: '1200',
    });
    china = synthHotline({ region: 'cn-north-1' });
    disabled = synthHotline(undefined, undefined, { waf: 'false' });
  });

  it('keeps one size limit and no per-client rule for a catalogue without public routes', () => {
    // Prepare
    const staffOnly = FUNCTIONS.filter((f) =>
      f.triggers.every((t) => t.kind !== 'http' || t.auth !== 'public'),
    ).slice(0, 3);

    // Act
    const rules = rulesOf(synthHotline(undefined, staffOnly));

    // Assess
    expect(Object.keys(rules)).toEqual(['body-size', 'aws-common', 'aws-known-bad-inputs']);
    expect(JSON.stringify(rules['body-size'])).not.toContain('OrStatement');
  });

  it('makes the edge stack in us-east-1, whatever the API’s region', () => {
    // Act
    const regions = [global.edge?.region, pinned.edge?.region];

    // Assess
    expect(regions).toEqual(['us-east-1', 'us-east-1']);
    expect(global.edge?.stackName).toBe('Hotline12345-Edge');
    expect(global.service.dependencies).toContain(global.edge);
  });

  it.each([
    ['env-agnostic', () => global],
    ['eu-west-1', () => pinned],
  ])('guards the API with a CLOUDFRONT web ACL of the AWS managed rule groups (%s)', (_, hotline) => {
    // Prepare
    const edge = hotline().edge;
    if (!edge) throw new Error('no edge stack');

    // Act & Assess
    Template.fromStack(edge).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'aws-common',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              // The API's own size rule replaces the group's 8 KB body limit.
              RuleActionOverrides: Match.arrayWith([
                { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
              ]),
            }),
          },
          OverrideAction: { None: {} },
        }),
        Match.objectLike({
          Name: 'aws-known-bad-inputs',
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        }),
      ]),
    });
  });

  it('limits each client on the public routes only, by the viewer’s address', () => {
    // Act
    const rate = rulesOf(global)['public-routes-rate'] as {
      Statement: { RateBasedStatement: Record<string, unknown> };
      Action: unknown;
    };
    const scope = JSON.stringify(rate.Statement.RateBasedStatement.ScopeDownStatement);

    // Assess
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      Limit: 600,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    expect(rate.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    expect(scope).toContain('"RegexString":"^/v1/channels/webform$"');
    expect(scope).toContain('"RegexString":"^/v1/cases/[^/]+$"');
    // The staff's search, which that template would take too, is carved out; machine channels absent.
    expect(scope).toContain('"NotStatement"');
    expect(scope).toContain('"RegexString":"^/v1/cases/search$"');
    expect(scope).not.toContain('wechat');
    expect(scope).not.toContain('hotline');
  });

  it('takes the rate limit from -c wafRateLimit', () => {
    // Act
    const rate = rulesOf(pinned)['public-routes-rate'] as {
      Statement: { RateBasedStatement: { Limit: number } };
    };

    // Assess
    expect(rate.Statement.RateBasedStatement.Limit).toBe(1200);
  });

  it('blocks a body declared larger than the API accepts (256 KB anywhere, 64 KB on a public route)', () => {
    // Act
    const size = rulesOf(global)['body-size'] as { Statement: unknown; Action: unknown };
    const text = JSON.stringify(size.Statement);
    const regexes = [...text.matchAll(/"RegexString":"(\^0\*[^"]+)"/g)].map(
      (m) => new RegExp(JSON.parse(`"${m[1]}"`)),
    );

    // Assess
    expect(size.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 413 } } });
    expect(text).toContain('"SingleHeader":{"Name":"content-length"}');
    expect(regexes).toHaveLength(2);
    expect(regexes.map((re) => [re.test('262144'), re.test('262145')])).toContainEqual([false, true]);
    expect(regexes.map((re) => [re.test('65536'), re.test('65537')])).toContainEqual([false, true]);
  });

  it('logs what WAF blocks or counts to aws-waf-logs-*, a year, with the credentials redacted', () => {
    // Prepare
    const edge = Template.fromStack(global.edge as Stack);

    // Act & Assess
    edge.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
      RetentionInDays: 365,
    });
    edge.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      LogDestinationConfigs: [Match.anyValue()],
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }, { QueryString: {} }]),
      LoggingFilter: Match.objectLike({ DefaultBehavior: 'DROP' }),
    });
  });

  it('alarms the operators on blocked requests, to a topic in the edge’s region', () => {
    // Prepare
    const edge = Template.fromStack(global.edge as Stack);

    // Act & Assess
    edge.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: Match.arrayWith([{ Name: 'Rule', Value: 'ALL' }]),
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^opsalarms') }],
    });
    edge.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('associates the web ACL with the distribution in front of the API, read across regions', () => {
    // Prepare
    const service = Template.fromStack(global.service);

    // Act & Assess
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: {
          'Fn::GetStackOutput': {
            StackName: 'Hotline12345-Edge',
            OutputName: 'WebAclArn',
            Region: 'us-east-1',
          },
        },
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayWith(['GET', 'PUT', 'POST', 'DELETE']),
          // Managed-CachingDisabled and Managed-AllViewerExceptHostHeader.
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
          ViewerProtocolPolicy: 'https-only',
        }),
        Origins: [
          Match.objectLike({
            CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
          }),
        ],
      }),
    });
    expect(Template.fromStack(global.edge as Stack).toJSON().Outputs.WebAclArn.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^webacl/), 'Arn'],
    });
  });

  it('graphs what WAF allowed and blocked, per rule, on the operators’ dashboard', () => {
    // Act
    const body = (hotline: SynthesizedHotline) =>
      JSON.stringify(
        Object.values(Template.fromStack(hotline.service).findResources('AWS::CloudWatch::Dashboard'))[0]
          ?.Properties.DashboardBody,
      );

    // Assess
    expect(body(global)).toContain('AWS/WAFV2');
    expect(body(global)).toContain('public-routes-rate');
    expect(body(global)).toContain('us-east-1');
    expect(body(disabled)).not.toContain('AWS/WAFV2');
  });

  it('passes the viewer’s Host on as X-Forwarded-Host, overwriting any the viewer sent', () => {
    // Prepare
    const service = Template.fromStack(global.service);
    const cfn = Object.values(service.findResources('AWS::CloudFront::Function'))[0];
    const handler = new Function(`${cfn?.Properties.FunctionCode}; return handler;`)() as (
      event: unknown,
    ) => {
      headers: Record<string, { value: string }>;
    };
    const request = {
      headers: { host: { value: 'd111.cloudfront.net' }, 'x-forwarded-host': { value: 'evil.example' } },
    };

    // Act
    const forwarded = handler({ request });

    // Assess
    expect(forwarded.headers['x-forwarded-host']).toEqual({ value: 'd111.cloudfront.net' });
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
        }),
      }),
    });
  });

  it('makes the distribution’s URL the public one: links, console sign-in, outputs', () => {
    // Prepare
    const service = Template.fromStack(global.service);
    const json = service.toJSON();
    const distribution = Object.keys(service.findResources('AWS::CloudFront::Distribution'))[0];

    // Act
    const publicUrl = JSON.stringify(json.Outputs.publicurl.Value);
    const links = Object.values(service.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables?.PUBLIC_BASE_URL)
      .filter((v) => v !== undefined);
    const client = Object.values(service.findResources('AWS::Cognito::UserPoolClient'))[0];

    // Assess
    expect(publicUrl).toContain(`"${distribution}","DomainName"`);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(JSON.stringify(link)).toContain(`"${distribution}","DomainName"`);
    expect(JSON.stringify(client?.Properties.CallbackURLs)).toContain(`"${distribution}","DomainName"`);
  });

  it.each([
    ['-c waf=false', () => disabled],
    ['cn-north-1', () => china],
  ])('makes no web ACL and no distribution with %s: the API’s own URL is the public one', (_, hotline) => {
    // Prepare
    const { edge, service } = hotline();
    const template = Template.fromStack(service);

    // Act
    const distributions = template.findResources('AWS::CloudFront::Distribution');

    // Assess
    expect(edge).toBeUndefined();
    expect(distributions).toEqual({});
    expect(template.toJSON().Outputs.publicurl.Value).toEqual({
      'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'],
    });
  });

  it('says in the China template why there is no WAF', () => {
    // Act
    const description = Template.fromStack(china.service).toJSON().Description as string;

    // Assess
    expect(description).toMatch(/no AWS WAF/);
  });

  it.each([
    ['env-agnostic', () => global],
    ['cn-north-1', () => china],
  ])('throttles every public route on its own (%s)', (_, hotline) => {
    // Prepare
    const expected = Object.fromEntries(
      routesOf(FUNCTIONS, (a) => a === 'public').map((r) => {
        const key = `${r.method} ${r.path}`;
        return [key, PUBLIC_ROUTE_THROTTLE[key]];
      }),
    );
    const stage = Object.values(
      Template.fromStack(hotline().service).findResources('AWS::ApiGatewayV2::Stage'),
    )[0];

    // Act
    const settings = stage?.Properties.RouteSettings;

    // Assess
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(settings).toEqual(expected);
  });

  it.each([
    ['env-agnostic', () => global],
    ['cn-north-1', () => china],
  ])('writes access logs as JSON without paths, queries, bodies or credentials (%s)', (_, hotline) => {
    // Act
    const { raw, fields } = accessLogFormatOf(hotline());

    // Assess
    expect(fields).toMatchObject({ routeKey: '$context.routeKey', status: '$context.status' });
    for (const secret of [
      '$context.path',
      '$request.querystring',
      '$request.body',
      '$request.header',
      '$context.authorizer.claims',
      '$context.authorizer.jwt',
      'authorization',
      'rawQueryString',
    ]) {
      expect(raw.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it.each([
    ['env-agnostic', () => global],
    ['eu-west-1', () => pinned],
    ['-c waf=false', () => disabled],
  ])('leaves no unacknowledged cdk-nag AwsSolutions finding on any stack (%s)', (_, hotline) => {
    // Prepare
    const { data, service, edge } = hotline();

    // Act
    const findings = [data, service, ...(edge ? [edge] : [])].flatMap(unacknowledged);

    // Assess
    expect(findings).toEqual([]);
  });

  it('writes no literal arn:aws: into the edge template', () => {
    // Act
    const text = JSON.stringify(Template.fromStack(pinned.edge as Stack).toJSON());

    // Assess
    expect(text).not.toContain('arn:aws:');
  });
});
