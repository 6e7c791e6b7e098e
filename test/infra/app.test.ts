import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshSynthHotline, type SynthesizedHotline, synthHotline } from './synth.js';

/** The AwsSolutions findings on `stack` that no `Validations.acknowledge` covers. */
function unacknowledged(stack: Stack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations
    .filter(
      (v) => v.ruleName.startsWith('AwsSolutions-') && (v.severity === 'error' || v.severity === 'warning'),
    )
    .map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

const templateText = (stack: Stack): string => JSON.stringify(Template.fromStack(stack).toJSON());

describe('App: Hotline12345', () => {
  let agnostic: SynthesizedHotline;
  let china: SynthesizedHotline;
  let virginia: SynthesizedHotline;

  beforeAll(() => {
    agnostic = synthHotline();
    china = synthHotline({ region: 'cn-north-1' });
    // A pinned commercial region is where a literal partition would creep in.
    virginia = synthHotline({ account: '111111111111', region: 'us-east-1' });
  });

  it('names the two stacks', () => {
    // Prepare
    const { data, service } = agnostic;

    // Act
    const names = [data.stackName, service.stackName];

    // Assess
    expect(names).toEqual(['Hotline12345-Data', 'Hotline12345-Service']);
    expect(service.dependencies).toContain(data);
  });

  it.each([
    ['env-agnostic', () => agnostic],
    ['cn-north-1', () => china],
    ['us-east-1', () => virginia],
  ])('writes no literal arn:aws: into any template (%s)', (_, hotline) => {
    // Prepare
    const { data, service } = hotline();

    // Act
    const text = templateText(data) + templateText(service);

    // Assess
    expect(text).not.toContain('arn:aws:');
    expect(text).toContain('AWS::Partition');
  });

  it('synthesizes for the aws-cn partition', () => {
    // Prepare
    const { data, service } = china;

    // Act
    const functions = Template.fromStack(service).findResources('AWS::Lambda::Function');

    // Assess
    expect([data.region, service.region]).toEqual(['cn-north-1', 'cn-north-1']);
    expect(data.partition).not.toBe('aws');
    expect(Object.keys(functions).length).toBeGreaterThan(0);
  });

  it.each([
    ['env-agnostic', () => agnostic],
    ['cn-north-1', () => china],
  ])('leaves no unacknowledged cdk-nag AwsSolutions finding (%s)', (_, hotline) => {
    // Prepare
    const { data, service } = hotline();

    // Act
    const findings = [...unacknowledged(data), ...unacknowledged(service)];

    // Assess
    expect(findings).toEqual([]);
  });

  it('fails synthesis on a new unacknowledged cdk-nag finding', () => {
    // Prepare
    const { app, data } = freshSynthHotline();
    new sqs.Queue(data, 'unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED, enforceSSL: false });

    // Act
    const synth = () => app.synth({ force: true });

    // Assess
    expect(unacknowledged(data).some((f) => f.startsWith('AwsSolutions-SQS2 '))).toBe(true);
    expect(synth).toThrow(/AwsSolutions-SQS2/);
  });
});
