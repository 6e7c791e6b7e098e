import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLING, copyFilesCommand, copyStaticDirCommand } from '../bundling.js';
import { entryOf, type FunctionSpec } from '../functions.js';
import { prepareStaticDir } from '../static-dir.js';

/** The repository root: entries, the lock file and the tsconfig are found from here, not from the cwd. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The CloudWatch namespace every function's EMF metrics land in; dashboards and alarms read it. */
export const METRICS_NAMESPACE = 'Hotline12345';

/**
 * NodejsFunction quietly falls back to Docker when it finds no local esbuild; here that would be
 * a hang or an obscure error on a machine without Docker, so the missing package is named instead.
 */
function assertLocalEsbuild(): void {
  try {
    createRequire(import.meta.url).resolve('esbuild');
  } catch (cause) {
    throw new Error('esbuild is not installed: run `npm ci` (bundling is local, never in Docker)', { cause });
  }
}

export interface ServiceFunctionProps {
  readonly spec: FunctionSpec;
  /** Resource names and ARNs the function reads at run time, merged over the house variables. */
  readonly environment?: Record<string, string>;
}

/**
 * A function of the 12345 backend with the house defaults. Grants stay with the caller: each stack
 * says what a function may touch, next to the resource it touches.
 *
 * @example
 * const fn = new ServiceFunction(this, 'ingest-webform', { spec, environment: { CASES_TABLE_NAME: t.tableName } });
 * fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [t.tableArn] }));
 */
export class ServiceFunction extends NodejsFunction {
  public readonly spec: FunctionSpec;

  public constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const { spec } = props;
    assertLocalEsbuild();
    prepareStaticDir(spec, Stack.of(scope), PROJECT_ROOT);
    // An explicit log group, not the implicit `/aws/lambda/<name>` one Lambda would create with
    // no expiry: records of a public service are kept one year (the usual retention for 12345
    // work records), then expire rather than pile up. RETAIN: logs outlive a redeploy of the
    // stateless stack, since they are what an auditor asks for after an incident.
    const logGroup = new logs.LogGroup(scope, `${id}-logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A role of its own instead of the managed AWSLambdaBasicExecutionRole, whose logs:* on every
    // log group is wider than needed: this one may write to its own log group only.
    const role = new iam.Role(scope, `${id}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.name}: execution role`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      description: spec.description,
      role,
      entry: `${PROJECT_ROOT}${entryOf(spec)}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      // nodejs22.x is the runtime the code is tested for (DESIGN §11): ESM, fetch, the node22
      // esbuild target. Moving on is a deliberate change, not a CDK default drifting.
      runtime: lambda.Runtime.NODEJS_22_X,
      // Graviton: about 20% cheaper per GB-second than x86 and no native modules to worry about.
      architecture: lambda.Architecture.ARM_64,
      // X-Ray traces follow an appeal from the API through SQS to the table write.
      tracing: lambda.Tracing.ACTIVE,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      logGroup,
      // JSON logs let Logs Insights query Powertools' structured fields without parsing.
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        // Powertools names the service in every log line, trace and metric by this variable.
        POWERTOOLS_SERVICE_NAME: spec.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Stack traces point into the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // The same options the benchmark measures (infra/bundling.ts): what is measured is deployed.
        target: BUNDLING.target,
        format: OutputFormat.ESM,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourcemap,
        banner: BUNDLING.banner,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
        bundleAwsSDK: true,
        // The esbuild pinned in package.json, run locally: synth needs no Docker and no network.
        // CDK falls back to Docker only when it finds no local esbuild, which `npm ci` provides.
        forceDockerBundling: false,
        // A built folder the handler serves (serve-web: the Vite build), copied beside the bundle.
        // And single files it reads (disclosure-desk: the letter's font), copied the same way.
        ...(spec.staticDir || spec.bundledFiles
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...(spec.staticDir ? [copyStaticDirCommand(spec.staticDir, inputDir, outputDir)] : []),
                  ...(spec.bundledFiles ? [copyFilesCommand(spec.bundledFiles, inputDir, outputDir)] : []),
                ],
              },
            }
          : {}),
      },
    });
    this.spec = spec;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the pinned runtime (DESIGN §11); the bundles target node22 and are tested on it',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and DynamoDB ListStreams (stream ' +
        'event source) support no resource-level permission; every other statement names its resource',
    });
  }
}
