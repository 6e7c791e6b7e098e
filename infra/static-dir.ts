import type { Stack } from 'aws-cdk-lib';
import { ensureBuilt } from '../web/build/ensure-build.js';
import type { FunctionSpec } from './functions.js';

// A function's `staticDir` (the Vite build for serve-web): built at synth when missing or stale, then
// copied beside the bundle by CDK's afterBundling hook (copyStaticDirCommand in bundling.ts), so
// `npm ci && npm run synth` on a fresh clone ships the pages of today's sources, no step to forget.

/**
 * Builds the spec's static folder before bundling, only when this synth bundles the stack (infra
 * tests skip bundling with `aws:cdk:bundling-stacks: []`, and so skip the web build).
 */
export function prepareStaticDir(spec: FunctionSpec, stack: Stack, projectRoot: string): void {
  if (!spec.staticDir || !stack.bundlingRequired) return;
  ensureBuilt({
    repoRoot: projectRoot,
    distDir: spec.staticDir.from,
    command: spec.staticDir.build,
    // synth's stdout is the template (cdk synth without --quiet): progress goes to stderr.
    log: (line) => process.stderr.write(`${spec.name}: ${line}\n`),
  });
}
