import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotline } from '../../infra/app.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { synthHotline } from './synth.js';

/**
 * Actions that would let a principal destroy or shorten the life of archived evidence. Not among
 * them, deliberately: s3:PutObjectLegalHold (法律保全), which project-case-events holds to set and
 * lift a supervisor's legal hold. A hold adds a lock beside the retention and never shortens it:
 * lifting one leaves the object under its retention as before.
 */
const DESTRUCTIVE_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteObjects',
  's3:DeleteBucket',
  's3:BypassGovernanceRetention',
  's3:PutObjectRetention',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
];

interface PolicyStatement {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
}

/** Every statement of every policy in a template: identity policies, role inline policies, bucket policies. */
function everyStatement(template: Template): { where: string; statement: PolicyStatement }[] {
  const found: { where: string; statement: PolicyStatement }[] = [];
  type Document = { Statement?: PolicyStatement[] };
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: { PolicyDocument?: Document; Policies?: { PolicyDocument?: Document }[] } }
  >;
  for (const [id, resource] of Object.entries(resources)) {
    const documents: (Document | undefined)[] = [];
    if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy'].includes(resource.Type)) {
      documents.push(resource.Properties?.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of resource.Properties?.Policies ?? []) documents.push(policy.PolicyDocument);
    }
    for (const document of documents) {
      for (const statement of document?.Statement ?? []) {
        found.push({ where: `${resource.Type} ${id}`, statement });
      }
    }
  }
  return found;
}

/** IAM's wildcards: `*` any run of characters, `?` one; case-insensitive like IAM. */
function grants(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  );
  return regex.test(action);
}

describe('Archive (归档) infrastructure', () => {
  let data: DataStack;
  let service: ServiceStack;
  let dataTemplate: Template;
  let serviceTemplate: Template;
  const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);

  beforeAll(() => {
    ({ data, service } = synthHotline());
    dataTemplate = Template.fromStack(data);
    serviceTemplate = Template.fromStack(service);
  });

  it('locks every object of the archive in GOVERNANCE mode for 10 years by default, versioned', () => {
    // Act
    const bucket = dataTemplate.findResources('AWS::S3::Bucket')[logicalId(data, data.archiveBucket)];

    // Assess
    expect(bucket?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 10 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(bucket?.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBeUndefined();
  });

  it('takes the retention from the archiveRetentionYears context, and refuses a period S3 would not', () => {
    // Prepare
    const build = (years: unknown) => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [], archiveRetentionYears: years } });
      return Template.fromStack(buildHotline(app).data);
    };

    // Act
    const thirty = build('30');

    // Assess
    thirty.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 30 } } },
    });
    expect(() => build(0)).toThrow(/archiveRetentionYears/);
    expect(() => build('ten')).toThrow(/archiveRetentionYears/);
    expect(() => build(101)).toThrow(/archiveRetentionYears/);
  });

  it.each([
    ['aws', undefined],
    ['aws-cn', { region: 'cn-north-1', account: '123456789012' }],
  ] as const)(
    'takes the Object Lock mode from the archiveObjectLockMode context in the %s partition, GOVERNANCE by default',
    (_partition, env) => {
      // Prepare
      const retentionOf = (context: Record<string, unknown>) =>
        Template.fromStack(synthHotline(env, undefined, context).data).findResources('AWS::S3::Bucket', {
          Properties: { ObjectLockEnabled: true },
        });

      // Act
      const byDefault = Object.values(retentionOf({}));
      const compliance = Object.values(
        retentionOf({ archiveObjectLockMode: 'COMPLIANCE', archiveRetentionYears: 30 }),
      );

      // Assess
      expect(byDefault.map((b) => b.Properties.ObjectLockConfiguration.Rule.DefaultRetention)).toEqual([
        { Mode: 'GOVERNANCE', Years: 10 },
      ]);
      expect(compliance.map((b) => b.Properties.ObjectLockConfiguration.Rule.DefaultRetention)).toEqual([
        { Mode: 'COMPLIANCE', Years: 30 },
      ]);
    },
  );

  it.each([['compliance'], ['LEGAL_HOLD'], [''], [true]])(
    'refuses the Object Lock mode %j with a message naming the context value',
    (mode) => {
      // Act & Assess
      expect(() => synthHotline(undefined, undefined, { archiveObjectLockMode: mode })).toThrow(
        /archiveObjectLockMode must be GOVERNANCE or COMPLIANCE/,
      );
    },
  );

  it('moves dossiers under cases/ to Standard-IA after 90 days and expires nothing', () => {
    // Act
    const bucket = dataTemplate.findResources('AWS::S3::Bucket')[logicalId(data, data.archiveBucket)];

    // Assess
    expect(bucket?.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'dossiers-to-infrequent-access',
        Prefix: 'cases/',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
      },
    ]);
  });

  it('grants no principal any delete, retention bypass or lifecycle change, in any policy of either stack', () => {
    // Act
    const statements = [...everyStatement(dataTemplate), ...everyStatement(serviceTemplate)];
    const offending = statements.filter(({ statement }) => {
      if (statement.Effect !== 'Allow') return false;
      if (statement.NotAction) return true;
      const actions = [statement.Action ?? []].flat();
      return actions.some((pattern) => DESTRUCTIVE_ACTIONS.some((action) => grants(pattern, action)));
    });

    // Assess: the walk did see the policies (the dossier writer's among them), and none offends
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.some(({ statement }) => [statement.Action].flat().includes('s3:PutObject'))).toBe(true);
    expect(offending).toEqual([]);
  });

  it('lets the dossier writer put under cases/ only, read and legally hold cases/, raw/, uploads/ and letters/ and tell a missing key, nothing else', () => {
    // Prepare
    const bucketArn = { 'Fn::GetAtt': [logicalId(data, data.archiveBucket), 'Arn'] };
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}/*`]] });

    // Act
    const policy =
      dataTemplate.findResources('AWS::IAM::ManagedPolicy')[
        data.getLogicalId(data.archiveDossierWriterPolicy.node.defaultChild as CfnElement)
      ];

    // Assess
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects('cases') },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [objects('cases'), objects('raw'), objects('uploads'), objects('letters')],
      },
      {
        Effect: 'Allow',
        Action: 's3:PutObjectLegalHold',
        Resource: [objects('cases'), objects('raw'), objects('uploads'), objects('letters')],
      },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [logicalId(data, data.dataKey), 'Arn'] },
      },
    ]);
  });

  it('grants the legal hold (s3:PutObjectLegalHold) in the dossier writer policy only, and its read to nobody', () => {
    // Prepare
    const dossierWriter = data.getLogicalId(data.archiveDossierWriterPolicy.node.defaultChild as CfnElement);
    const statements = [...everyStatement(dataTemplate), ...everyStatement(serviceTemplate)].filter(
      ({ statement }) => statement.Effect === 'Allow',
    );

    // Act
    const holders = statements
      .filter(({ statement }) =>
        [statement.Action ?? []].flat().some((p) => grants(p, 's3:PutObjectLegalHold')),
      )
      .map(({ where }) => where);
    const readers = statements.filter(({ statement }) =>
      [statement.Action ?? []].flat().some((p) => grants(p, 's3:GetObjectLegalHold')),
    );

    // Assess
    expect(holders).toEqual([`AWS::IAM::ManagedPolicy ${dossierWriter}`]);
    expect(readers).toEqual([]);
  });

  it('attaches the dossier writer to project-case-events and to no other function', () => {
    // Prepare
    const policyId = data.getLogicalId(data.archiveDossierWriterPolicy.node.defaultChild as CfnElement);
    const roleOf = (name: string) => logicalId(service, service.functions.get(name)?.role as never);

    // Act
    const roles = serviceTemplate.findResources('AWS::IAM::Role');
    const holders = Object.entries(roles)
      .filter(([, role]) => JSON.stringify(role.Properties.ManagedPolicyArns ?? []).includes(policyId))
      .map(([id]) => id);

    // Assess
    expect(holders).toEqual([roleOf('project-case-events')]);
  });

  it('alarms the operators on any ArchiveConflict of project-case-events', () => {
    // Act & Assess
    dataTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ArchiveConflict',
      Namespace: 'Hotline12345',
      Dimensions: [{ Name: 'service', Value: 'project-case-events' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(data, data.opsTopic) }],
    });
  });

  it('synthesizes the locked archive for the China regions too', () => {
    // Act
    const { data: cn } = synthHotline({ region: 'cn-north-1', account: '123456789012' });

    // Assess
    Template.fromStack(cn).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'cases/' })] },
    });
  });
});
