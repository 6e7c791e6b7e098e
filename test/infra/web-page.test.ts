import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import {
  type ServiceStack,
  UPLOAD_ROUTE_KEY,
  VERIFICATION_ROUTE_KEY,
} from '../../infra/stacks/service-stack.js';
import { policyStatementsOf, type Statement, synthHotline } from './synth.js';

describe('Citizen web page (infrastructure)', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  const statementsOf = (name: string) => policyStatementsOf(service, template, name);
  /** The data actions of a role: logs and tracing, which every function has, left out. */
  const actionsOf = (name: string): string[] =>
    statementsOf(name)
      .flatMap((s) => [s.Action].flat())
      .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it.each(['GET /', 'GET /v1/directory', UPLOAD_ROUTE_KEY])('routes %s without an authorizer', (routeKey) => {
    // Prepare
    const route = { RouteKey: routeKey, AuthorizationType: 'NONE', Target: Match.anyValue() };

    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', route);
  });

  it('throttles the upload route tighter than the stage', () => {
    // Prepare
    const settings = {
      RouteSettings: {
        [UPLOAD_ROUTE_KEY]: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        // Each 短信验证码 costs an SMS (issue 11).
        [VERIFICATION_ROUTE_KEY]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    };

    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', settings);
  });

  it('lets create-upload put objects under uploads/ of the staging bucket only, with the data key to encrypt them', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const policyId = data.getLogicalId(data.stagingPresignPolicy.node.defaultChild as CfnElement);
    const stagingId = data.getLogicalId(data.stagingBucket.node.defaultChild as CfnElement);
    const role = service.functions.get('create-upload')?.role;

    // Act
    const policy = dataTemplate.findResources('AWS::IAM::ManagedPolicy')[policyId];
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];

    // Assess
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'kms:GenerateDataKey',
      's3:PutObject',
    ]);
    expect(JSON.stringify(statements[0]?.Resource)).toMatch(/\/uploads\/\*"/);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(stagingId);
    // Besides the policy: only its grant marks (UPLOAD# keys) and the data key to write them.
    expect(actionsOf('create-upload').sort()).toEqual([
      'dynamodb:PutItem',
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([Match.objectLike({ 'Fn::ImportValue': Match.anyValue() })]),
    });
    expect(role).toBeDefined();
  });

  it.each([
    ['uploadsstagingwriter', ['create-upload']],
    // 补正 (issue 11): the citizen's answer copies its photos into the archive as the dispatcher does.
    ['uploadsstagingreader', ['dispatch-appeal', 'answer-correction']],
    ['archiveuploadwriter', ['dispatch-appeal', 'answer-correction']],
  ])('attaches %s to %j only', (policy, expected) => {
    // Prepare
    const withPolicy = [...service.functions.entries()].filter(([, fn]) => {
      const roleId = service.getLogicalId(fn.role?.node.defaultChild as CfnElement);
      const role = template.findResources('AWS::IAM::Role')[roleId];
      return JSON.stringify(role?.Properties.ManagedPolicyArns ?? []).includes(policy);
    });

    // Act
    const names = withPolicy.map(([name]) => name);

    // Assess
    expect(names).toEqual(expected);
  });

  it('expires every object of the staging bucket after a day, aborts stale multipart uploads, keeps no versions', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const stagingId = data.getLogicalId(data.stagingBucket.node.defaultChild as CfnElement);

    // Act
    const staging = dataTemplate.findResources('AWS::S3::Bucket')[stagingId];

    // Assess
    expect(staging?.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'expire-unreferenced-uploads',
        Status: 'Enabled',
        ExpirationInDays: 1,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    expect(staging?.Properties.VersioningConfiguration).toBeUndefined();
    expect(staging?.Properties.ObjectLockEnabled).toBeUndefined();
    expect(staging?.Properties.BucketEncryption).toBeDefined();
    expect(staging?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    dataTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: stagingId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the dispatcher read staging and copy into uploads/ of the archive, nothing else there', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const policyId = data.getLogicalId(data.archiveUploadWriterPolicy.node.defaultChild as CfnElement);

    // Act
    const policy = dataTemplate.findResources('AWS::IAM::ManagedPolicy')[policyId];
    const actions = ((policy?.Properties.PolicyDocument.Statement ?? []) as Statement[]).flatMap((s) =>
      [s.Action].flat(),
    );

    // Assess
    expect(actions.sort()).toEqual([
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(actions.some((a) => /Delete|Retention|LegalHold|Bypass/.test(a))).toBe(false);
  });

  it('lets get-directory query the directory and nothing else', () => {
    // Act
    const actions = actionsOf('get-directory');

    // Assess
    expect(actions.sort()).toEqual(['dynamodb:Query', 'kms:Decrypt']);
  });

  it('gives serve-web no permission at all', () => {
    // Act & Assess
    expect(actionsOf('serve-web')).toEqual([]);
  });

  it('allows the page to POST to the staging bucket from the API and CloudFront origins, and nothing else cross-origin', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const cors = {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedMethods: ['POST'],
            AllowedOrigins: [
              {
                'Fn::Join': [
                  '',
                  ['https://*.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
                ],
              },
              // The page served through the edge's distribution (AWS WAF in front).
              'https://*.cloudfront.net',
            ],
            MaxAge: 3600,
          },
        ],
      },
    };

    // Act & Assess
    dataTemplate.hasResourceProperties('AWS::S3::Bucket', cors);
  });

  it("narrows the staging bucket's CORS to the origins given as context webOrigins", () => {
    // Prepare
    const origins = 'https://abc123def4.execute-api.cn-north-1.amazonaws.com.cn,https://12345.example.gov.cn';

    // Act
    const { data: narrowed } = synthHotline({ region: 'cn-north-1' }, undefined, { webOrigins: origins });

    // Assess
    Template.fromStack(narrowed).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedMethods: ['POST'],
            AllowedOrigins: [
              'https://abc123def4.execute-api.cn-north-1.amazonaws.com.cn',
              'https://12345.example.gov.cn',
            ],
            MaxAge: 3600,
          },
        ],
      },
    });
  });

  it.each([
    ['any origin', '*'],
    ['a plain-http origin', 'http://12345.example.gov.cn'],
    ['a URL with a path', 'https://12345.example.gov.cn/web'],
    ['a wildcard host', 'https://*.example.gov.cn'],
    ['no origin at all', ' , '],
  ])('refuses %s in webOrigins at synth', (_what, webOrigins) => {
    // Act & Assess
    expect(() => synthHotline(undefined, undefined, { webOrigins })).toThrow(/webOrigins/);
  });

  it('expires nothing in the archive, so referenced photos stay with their cases, and gives it no CORS', () => {
    // Prepare
    const dataTemplate = Template.fromStack(data);
    const archiveId = data.getLogicalId(data.archiveBucket.node.defaultChild as CfnElement);

    // Act
    const archive = dataTemplate.findResources('AWS::S3::Bucket')[archiveId];

    // Assess
    // (A rule may move dossiers to a colder class; none may expire anything.) The page posts to
    // staging only: the archive needs no cross-origin rule.
    expect(archive?.Properties.CorsConfiguration).toBeUndefined();
    const rules = (archive?.Properties.LifecycleConfiguration?.Rules ?? []) as Record<string, unknown>[];
    for (const rule of rules) {
      expect(Object.keys(rule).filter((k) => /Expiration|ExpiredObject/.test(k))).toEqual([]);
    }
  });
});
