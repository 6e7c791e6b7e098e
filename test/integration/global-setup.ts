import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack.js';
import { writeStackFile } from '../../local/stack-file.js';
import { STACK_ENV_NAMES } from '../unit/setup-env.js';
import { applyTestEnvironment, providedStack, testStackOptions } from './stack-setup.js';

// One local stack (DynamoDB Local) for every integration file, in this process.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  applyTestEnvironment();
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-it-'));
  const before = new Set(Object.keys(process.env));
  const stack = await startLocalStack(testStackOptions(dataDir, 'dynamodb-local'));
  // The stack's handlers run in this process and read their configuration from process.env, which
  // the unit project's workers (of the same `npm test`) inherit: they drop what the stack added
  // (test/unit/setup-env.ts), so a unit test never meets a provider or a backoff of the stack's.
  process.env[STACK_ENV_NAMES] = Object.keys(process.env)
    .filter((name) => !before.has(name))
    .join(',');
  // As npm start does: the scripts a reader pastes from the docs (token, verify-archive,
  // rebuild-metrics) find this stack through its data dir.
  writeStackFile(dataDir, stack.url, stack.env);
  project.provide('stack', providedStack(stack, dataDir));
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
