import { App, type Environment } from 'aws-cdk-lib';
import { buildHotline, type HotlineStacks } from '../../infra/app.js';

export interface SynthesizedHotline extends HotlineStacks {
  readonly app: App;
}

/**
 * Builds and synthesizes both stacks as the CLI does, minus the esbuild step: bundling is what
 * `npm run synth` checks, and skipping it keeps the suite fast. A cdk-nag finding makes this throw.
 */
export function synthHotline(env?: Environment): SynthesizedHotline {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    },
  });
  const stacks = buildHotline(app, { env });
  app.synth();
  return { app, ...stacks };
}
