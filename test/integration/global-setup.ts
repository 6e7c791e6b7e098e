import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { writeStackFile } from '../../local/stack-file.js';
import { STACK_ENV_NAMES } from '../unit/setup-env.js';
import { TEST_SENDER_LIMIT } from './sender-limits.js';

/** What the test files (in worker processes) learn about the one stack this process runs. */
export interface ProvidedStack {
  url: string;
  endpoints: LocalStack['endpoints'];
  resources: LocalStack['resources'];
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

// One local stack for every integration file: in memory, on random ports, with a 2 s visibility
// timeout so a failed message comes back (and dead-letters) within seconds.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The handlers run in this process: a directory edit through the admin API reaches them in 1 s.
  process.env.DIRECTORY_CACHE_SECONDS = '1';
  // Appeals per sender: raised above the defaults, and known to the test of the limit (sender-limits.ts).
  process.env.SENDER_LIMIT_PER_WINDOW = String(TEST_SENDER_LIMIT.perWindow);
  process.env.SENDER_LIMIT_WINDOW_MINUTES = String(TEST_SENDER_LIMIT.windowMinutes);
  process.env.SENDER_LIMIT_PER_DAY = String(TEST_SENDER_LIMIT.perDay);
  // 电话回访: every completed unrated case is on the agents' call list at once (the default waits 24
  // hours), so follow-up-calls.test.ts sees one over HTTP; nothing else reads the list.
  process.env.FOLLOW_UP_CALL_AFTER_HOURS = '0';
  // 漏接回拨: no wait between a failed callback attempt and the next (the default is 10 minutes), so
  // callbacks-desk.test.ts records an agent's three attempts over HTTP within a test; the hold, the
  // deadline and the retention keep their defaults (the tests age the data, never the clock).
  process.env.CALLBACK_ATTEMPT_GAP_MINUTES = '0';
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-it-'));
  const before = new Set(Object.keys(process.env));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    fresh: true,
    persist: false,
    visibilityTimeoutSeconds: 2,
    // The supervision schedule runs every 2 s, so a test sees the local scheduler fire.
    scheduleIntervalMs: 2_000,
    log: () => undefined,
  });
  // The stack's handlers run in this process and read their configuration from process.env, which
  // the unit project's workers (of the same `npm test`) inherit: they drop what the stack added
  // (test/unit/setup-env.ts), so a unit test never meets a provider or a backoff of the stack's.
  process.env[STACK_ENV_NAMES] = Object.keys(process.env)
    .filter((name) => !before.has(name))
    .join(',');
  // As npm start does: the scripts a reader pastes from the docs (token, verify-archive,
  // rebuild-metrics) find this stack through its data dir.
  writeStackFile(dataDir, stack.url, stack.env);
  project.provide('stack', {
    url: stack.url,
    endpoints: stack.endpoints,
    resources: stack.resources,
    dataDir,
  });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
