import { App, type CfnElement, type Environment } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { buildHotline, type HotlineStacks } from '../../infra/app.js';
import type { FunctionSpec } from '../../infra/functions.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';

export interface SynthesizedHotline extends HotlineStacks {
  readonly app: App;
}

export const CHINA_STAFF_ISSUER = {
  staffJwtIssuer: 'https://sso.example.gov.cn/realms/hotline12345',
  staffJwtAudience: 'staff-console',
  // The console's sign-in at the provider (docs/staff-console.md).
  staffOidcAuthorizationEndpoint:
    'https://sso.example.gov.cn/realms/hotline12345/protocol/openid-connect/auth',
  staffOidcTokenEndpoint: 'https://sso.example.gov.cn/realms/hotline12345/protocol/openid-connect/token',
  staffOidcEndSessionEndpoint:
    'https://sso.example.gov.cn/realms/hotline12345/protocol/openid-connect/logout',
} as const;

/**
 * Builds and synthesizes both stacks as the CLI does, minus the esbuild step: bundling is what
 * `npm run synth` checks, and skipping it keeps the suite fast. A cdk-nag finding makes this throw.
 */
export function synthHotline(
  env?: Environment,
  functions?: readonly FunctionSpec[],
  context: Record<string, unknown> = {},
): SynthesizedHotline {
  // The whole catalogue's synth is the slow part of the infra suite and most files ask for the same
  // few (each partition, a context value or two): synthesized once per process and shared, read-only
  // (the infra project runs its files in one module graph, isolate: false in vitest.config.ts).
  if (functions) return synthesize(env, functions, context);
  const key = JSON.stringify({ env, context });
  let synthesized = SYNTHESIZED.get(key);
  if (!synthesized) {
    synthesized = synthesize(env, undefined, context);
    SYNTHESIZED.set(key, synthesized);
  }
  return synthesized;
}

const SYNTHESIZED = new Map<string, SynthesizedHotline>();

/** A synth of its own, never shared: for a test that adds constructs to the stacks it gets. */
export function freshSynthHotline(env?: Environment): SynthesizedHotline {
  return synthesize(env, undefined, {});
}

function synthesize(
  env: Environment | undefined,
  functions: readonly FunctionSpec[] | undefined,
  context: Record<string, unknown>,
): SynthesizedHotline {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      // No Cognito in the China regions: the staff's tokens come from the city's own provider.
      ...(env?.region?.startsWith('cn-') ? CHINA_STAFF_ISSUER : {}),
      ...context,
    },
  });
  const stacks = buildHotline(app, { env, ...(functions ? { functions } : {}) });
  app.synth();
  return { app, ...stacks };
}

/** One statement of an IAM policy document, as the assertions read it. */
export interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the policies attached to a function's role, from the synthesized template. */
export function policyStatementsOf(service: ServiceStack, template: Template, name: string): Statement[] {
  const fn = service.functions.get(name);
  if (!fn?.role) throw new Error(`no function ${name}`);
  const roleId = service.getLogicalId(fn.role.node.defaultChild as CfnElement);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
