import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FunctionSpec } from './functions.js';
import { DataStack } from './stacks/data-stack.js';
import { ServiceStack } from './stacks/service-stack.js';

export interface HotlineStacks {
  readonly data: DataStack;
  readonly service: ServiceStack;
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
  const service = new ServiceStack(app, 'Hotline12345-Service', {
    env: options.env,
    description: '12345 hotline: functions, HTTP API, alarms (stateless)',
    data,
    ...(options.functions ? { functions: options.functions } : {}),
  });
  // cdk-nag 3 runs as a CDK policy-validation plugin (no longer an Aspect): any finding not
  // acknowledged with `Validations.of(construct).acknowledge(...)` next to its resource fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, service };
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
