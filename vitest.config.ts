import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { FUZZ_ENV } from './test/fuzz/env.js';
import { DYNALITE_FILES } from './test/integration/dynalite/files.js';
import { UNIT_ENV } from './test/unit/setup-env.js';

// The integration files that need no stream, again on dynalite (test/integration/dynalite/files.ts),
// in `npm test` after the DynamoDB Local run (about 3 minutes; the issue asks CI to prove both);
// `npm run test:dynalite` runs it alone.
const integrationDynalite = {
  test: {
    name: 'integration-dynalite',
    // After the DynamoDB Local run: one stack's emulators at a time.
    sequence: { groupOrder: 2 },
    include: [...DYNALITE_FILES],
    globalSetup: ['test/integration/dynalite/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
};

// Five suites, one command: `npm test` runs them all; `npm run test:<suite>` runs one.
//
// Three groups, one after the other (sequence.groupOrder). First the in-process suites (unit, fuzz,
// infra), CPU-bound and independent, on every core: vitest's default on a 2-core machine is one
// worker, which ran them one file at a time. Then the integration suite alone, one file at a time
// against its one local stack, so nothing else competes with its emulators' timing; then the same
// kind of run on dynalite.
const IN_PROCESS = { groupOrder: 0, maxWorkers: Math.max(2, availableParallelism()) };
const AGAINST_THE_STACK = { groupOrder: 1 };

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
    // In CI a JSON report too, from which .ci/run prints its closing "N passed, N failed" line.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]]
      : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: IN_PROCESS.groupOrder },
          maxWorkers: IN_PROCESS.maxWorkers,
          include: ['test/unit/**/*.test.ts', 'web/test/**/*.test.ts'],
          setupFiles: ['test/unit/setup-env.ts'],
          env: { ...UNIT_ENV },
        },
      },
      {
        test: {
          // Hostile input, in-process: FUZZ_RUNS cases per public entry point (docs/reliability.md).
          name: 'fuzz',
          sequence: { groupOrder: IN_PROCESS.groupOrder },
          maxWorkers: IN_PROCESS.maxWorkers,
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          setupFiles: ['test/fuzz/setup-env.ts'],
          env: { ...UNIT_ENV, ...FUZZ_ENV },
          testTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: AGAINST_THE_STACK.groupOrder },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // One local stack serves every integration file; running them one at a time keeps the
          // emulators' state readable in a failure.
          fileParallelism: false,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      integrationDynalite,
      {
        test: {
          name: 'infra',
          sequence: { groupOrder: IN_PROCESS.groupOrder },
          maxWorkers: IN_PROCESS.maxWorkers,
          include: ['test/infra/**/*.test.ts'],
          // One module graph for the infra files: aws-cdk-lib is imported once, and synth.ts shares
          // each synthesized app between the files that ask for it (they only read templates).
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
