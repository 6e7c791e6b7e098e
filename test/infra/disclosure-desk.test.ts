import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { LETTER_FONT_BUNDLED, letterFontPath } from '../../shared/adapters/reply-letter-pdf.js';
import { policyStatementsOf, synthHotline } from './synth.js';

// 依申请公开 desk in the stacks: the by-disclosure index, the four staff routes, least-privilege
// rights (the book index, LETTERNO# keys, letters/ of the archive), and the letter's font in its bundle.

const ROUTES = [
  'POST /v1/disclosure/cases/{caseId}/approve',
  'GET /v1/disclosure/cases/{caseId}/letter',
  'GET /v1/disclosure/cases',
  'GET /v1/disclosure/annual-report',
];

describe('Function: disclosure-desk, in the stacks', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
  });

  it('adds the by-disclosure index to the cases table, keyed by book and receipt date', () => {
    // Act
    const tables = Template.fromStack(data).findResources('AWS::DynamoDB::Table');
    const cases = Object.values(tables).find((t) =>
      JSON.stringify(t.Properties.GlobalSecondaryIndexes ?? []).includes('by-tracking-no'),
    );

    // Assess
    expect(cases?.Properties.GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({
        IndexName: 'by-disclosure',
        KeySchema: [
          { AttributeName: 'disclosureBook', KeyType: 'HASH' },
          { AttributeName: 'disclosureOn', KeyType: 'RANGE' },
        ],
      }),
    );
  });

  it('routes its four paths through the staff JWT authorizer', () => {
    // Act
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey,
      auth: r.Properties.AuthorizationType,
    }));

    // Assess
    expect(routes).toEqual(expect.arrayContaining(ROUTES.map((key) => ({ key, auth: 'JWT' }))));
  });

  it('may query the by-disclosure index only, write CASE# items and LETTERNO# keys, and use letters/ of the archive', () => {
    // Act
    const statements = policyStatementsOf(service, template, 'disclosure-desk');

    // Assess
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const queries = statements.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
    const queried = queries.map((q) => JSON.stringify(q.Resource));
    expect(queried.some((r) => r.includes('/index/by-disclosure'))).toBe(true);
    expect(
      queried.filter((r) => r.includes('/index/')).every((r) => r.includes('/index/by-disclosure')),
    ).toBe(true);
    const keyed = statements.filter((s) => s.Condition !== undefined).map((s) => JSON.stringify(s.Condition));
    expect(keyed.some((c) => c.includes('CASE#*'))).toBe(true);
    expect(keyed.some((c) => c.includes('LETTERNO#*'))).toBe(true);
    const letterNumbers = statements.find((s) => JSON.stringify(s.Condition ?? '').includes('LETTERNO#*'));
    expect([letterNumbers?.Action].flat().sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    const role =
      template.toJSON().Resources[
        service.getLogicalId(service.functions.get('disclosure-desk')?.role?.node.defaultChild as CfnElement)
      ];
    const managed = JSON.stringify(role.Properties.ManagedPolicyArns);
    expect(managed).toMatch(/archiveletterwriter/i);
    expect(managed).not.toMatch(/archivedossierwriter|archiverawwriter/i);
  });

  it('lets the letter writer put and get letters/ only, and the dossier writer read letters/', () => {
    // Act
    const policies = Template.fromStack(data).findResources('AWS::IAM::ManagedPolicy');
    const writer = Object.values(policies).find((p) =>
      String(p.Properties.Description).includes('reply letters into the archive'),
    );
    const dossier = Object.values(policies).find((p) =>
      String(p.Properties.Description).startsWith('Write case dossiers'),
    );

    // Assess
    const statements = writer?.Properties.PolicyDocument.Statement as {
      Action: string[];
      Resource: unknown;
    }[];
    const objects = statements.find((s) => [s.Action].flat().includes('s3:PutObject'));
    expect([objects?.Action].flat().sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(objects?.Resource)).toContain('/letters/*');
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
    expect(JSON.stringify(dossier?.Properties.PolicyDocument)).toContain('/letters/*');
  });

  it('copies the letter font into the bundle where letterFontPath() looks first', () => {
    // Act
    const spec = FUNCTIONS.find((f) => f.name === 'disclosure-desk');

    // Assess
    expect(spec?.bundledFiles).toEqual([
      { from: 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', to: LETTER_FONT_BUNDLED },
    ]);
    expect(existsSync(spec?.bundledFiles?.[0]?.from ?? '')).toBe(true);
    expect(letterFontPath().endsWith(LETTER_FONT_BUNDLED.split('/').at(-1) ?? '-')).toBe(true);
  });
});

describe('disclosure-desk bundle (real bundling, this function only)', () => {
  let assetDir: string;

  beforeAll(() => {
    // Prepare: bundle disclosure-desk alone, as `npm run synth` would.
    const spec = FUNCTIONS.find((f) => f.name === 'disclosure-desk');
    if (!spec) throw new Error('no disclosure-desk in the catalogue');
    const { app, service } = synthHotline(undefined, [spec], { 'aws:cdk:bundling-stacks': ['**'] });
    const fn = service.functions.get('disclosure-desk');
    const cfn = fn?.node.defaultChild as CfnElement;
    const code = Template.fromStack(service).toJSON().Resources[service.getLogicalId(cfn)].Properties.Code;
    assetDir = join(app.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
  }, 180_000);

  it('carries the font beside the handler, byte for byte', () => {
    // Act
    const bundled = readFileSync(join(assetDir, LETTER_FONT_BUNDLED));
    const source = readFileSync(letterFontPath());

    // Assess
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(bundled)).toBe(sha(source));
  });
});
