import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SECRET_KINDS } from '../../scripts/setup/secret-kinds.js';
import { synthHotline } from './synth.js';

// The outputs docs/deploy.md tells the operator to paste: the channels' whole URLs, and one ARN per
// secret that `npm run setup -- secret` stores, for both partitions.

/** An output's value as text: a Fn::Join's parts joined, a Ref as `{Ref:<id>}`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v.Ref) return `{Ref:${v.Ref}}`;
  if (v['Fn::GetAtt']) return `{GetAtt:${v['Fn::GetAtt'].join('.')}}`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

const PARTITIONS = [
  ['aws', undefined],
  ['aws-cn', { region: 'cn-north-1' }],
] as const;

describe.each(PARTITIONS)('Outputs: the deployment guide (%s)', (_partition, env) => {
  const { data, service } = synthHotline(env);
  const serviceOutputs = Template.fromStack(service).findOutputs('*');
  const dataOutputs = Template.fromStack(data).findOutputs('*');

  it('gives each channel address as the public URL followed by its route', () => {
    // Prepare: the CloudFront front where the partition has the edge, the API's own endpoint in China
    const publicUrl = render(serviceOutputs.publicurl?.Value);

    // Act
    const urls = Object.fromEntries(
      ['wechaturl', 'hotlinewebhookurl', 'consoleurl', 'citizenpageurl'].map((id) => [
        id,
        render(serviceOutputs[id]?.Value),
      ]),
    );

    // Assess
    expect(publicUrl).toMatch(
      env?.region?.startsWith('cn-')
        ? /^\{GetAtt:httpapi[0-9A-F]+\.ApiEndpoint\}$/
        : /^https:\/\/\{GetAtt:edgedistribution[0-9A-F]+\.DomainName\}$/,
    );
    expect(urls).toEqual({
      wechaturl: `${publicUrl}/v1/channels/wechat`,
      hotlinewebhookurl: `${publicUrl}/v1/channels/hotline/calls`,
      consoleurl: `${publicUrl}/console`,
      citizenpageurl: `${publicUrl}/`,
    });
  });

  it('outputs the names the operator scripts take from the environment', () => {
    // Assess
    expect(Object.keys(serviceOutputs)).toEqual(
      expect.arrayContaining([
        'metricstablename',
        'archivebucketname',
        'casestablename',
        'directorytablename',
      ]),
    );
  });

  it('outputs the ARN of every secret the stack declares, one per setup secret name', () => {
    // Prepare
    const secrets = Object.keys(Template.fromStack(data).findResources('AWS::SecretsManager::Secret'));

    // Act
    const arnOutputs = Object.entries(dataOutputs).filter(([id]) => id.endsWith('arn'));

    // Assess
    expect(arnOutputs).toHaveLength(secrets.length);
    expect(arnOutputs.map(([id]) => id).sort()).toEqual(
      SECRET_KINDS.map((k) => `${k.name.replaceAll('-', '')}arn`).sort(),
    );
    for (const [, output] of arnOutputs) expect(secrets).toContain(output.Value.Ref);
  });
});

describe('Outputs: the channel URLs on the city domain', () => {
  it('names the domain given as publicBaseUrl, where WeChat and the call centre reach the API', () => {
    // Prepare
    const { service } = synthHotline({ region: 'cn-northwest-1' }, undefined, {
      publicBaseUrl: 'https://12345.jiangcheng.gov.cn/',
    });

    // Act
    const outputs = Template.fromStack(service).findOutputs('*');

    // Assess
    expect(outputs.wechaturl?.Value).toBe('https://12345.jiangcheng.gov.cn/v1/channels/wechat');
    expect(outputs.hotlinewebhookurl?.Value).toBe(
      'https://12345.jiangcheng.gov.cn/v1/channels/hotline/calls',
    );
    expect(outputs.consoleurl?.Value).toBe('https://12345.jiangcheng.gov.cn/console');
  });
});
