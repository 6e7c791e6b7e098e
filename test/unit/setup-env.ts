// The unit project's workers may be spawned by an `npm test` whose integration global setup already
// started the local stack in the main process, whose handlers read their configuration from
// process.env (an SMS provider, the notice backoff, the follow-up call delay …). Unit tests assume
// none of it: each file starts without the variables the stack added.

/** The variable naming them, set by test/integration/global-setup.ts. */
export const STACK_ENV_NAMES = 'LOCAL_STACK_ENV_NAMES';

/** The unit project's own environment (vitest.config.ts): kept, whoever else set it. */
export const UNIT_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'unit',
  AWS_SECRET_ACCESS_KEY: 'unit',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
} as const;

for (const name of (process.env[STACK_ENV_NAMES] ?? '').split(',')) {
  if (name && !(name in UNIT_ENV)) delete process.env[name];
}
