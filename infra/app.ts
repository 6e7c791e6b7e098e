import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EDGE_REGION, EDGE_STACK_NAME, edgeOffered, wafEnabled } from './edge-settings.js';
import { FUNCTIONS, type FunctionSpec } from './functions.js';
import { DataStack } from './stacks/data-stack.js';
import { EdgeStack } from './stacks/edge-stack.js';
import { ServiceStack } from './stacks/service-stack.js';

export interface HotlineStacks {
  readonly data: DataStack;
  readonly service: ServiceStack;
  /** The web ACL in us-east-1, where the partition offers it and `-c waf=false` is not given. */
  readonly edge?: EdgeStack;
}

/**
 * Builds both stacks into `app`, with the cdk-nag AwsSolutions checks as a validation plugin. The
 * CLI calls it below; the infra tests call it on an App of their own.
 *
 * @example
 * const { data, service } = buildHotline(new App(), { env: { region: 'cn-north-1' } });
 */
export function buildHotline(
  app: App,
  options: { env?: Environment; functions?: readonly FunctionSpec[] } = {},
): HotlineStacks {
  const data = new DataStack(app, 'Hotline12345-Data', {
    env: options.env,
    description: '12345 hotline: tables, archive, queues, keys (stateful)',
    // The tables and buckets are RETAINed anyway; this also refuses a careless `cdk destroy`.
    terminationProtection: true,
  });
  const region = options.env?.region;
  const edge = wafEnabled((key) => app.node.tryGetContext(key), region)
    ? new EdgeStack(app, EDGE_STACK_NAME, {
        // A CLOUDFRONT-scope web ACL is made in us-east-1 only, whatever the API's region.
        env: { region: EDGE_REGION, account: options.env?.account },
        description: '12345 hotline: AWS WAF web ACL of the CloudFront front, its logs and alarm (edge)',
        functions: options.functions ?? FUNCTIONS,
      })
    : undefined;
  const service = new ServiceStack(app, 'Hotline12345-Service', {
    env: options.env,
    description: edge
      ? '12345 hotline: functions, HTTP API behind CloudFront and AWS WAF, alarms (stateless)'
      : edgeOffered(region)
        ? '12345 hotline: functions, HTTP API, alarms (stateless; AWS WAF disabled by -c waf=false)'
        : '12345 hotline: functions, HTTP API, alarms (stateless; no AWS WAF: the China regions offer no web ACL for CloudFront)',
    data,
    ...(options.functions ? { functions: options.functions } : {}),
    ...(edge ? { edge } : {}),
  });
  // cdk-nag 3 runs as a CDK policy-validation plugin (no longer an Aspect): any finding not
  // acknowledged with `Validations.of(construct).acknowledge(...)` next to its resource fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, service, ...(edge ? { edge } : {}) };
}

/**
 * Env-agnostic by default, so a synth needs no account and every ARN carries `${AWS::Partition}`.
 * `-c region=cn-north-1` (and `-c account=...`) pins the environment, e.g. for the China regions.
 */
function environmentFrom(app: App): Environment | undefined {
  const region = app.node.tryGetContext('region') as string | undefined;
  const account = app.node.tryGetContext('account') as string | undefined;
  return region || account ? { region, account } : undefined;
}

// Run as the CDK app (cdk.json), not when a test imports buildHotline.
if (process.env.CDK_OUTDIR) {
  const app = new App();
  buildHotline(app, { env: environmentFrom(app) });
  app.synth();
}
