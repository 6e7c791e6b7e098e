import type { LocalDynamoDb } from '../../local/dynamodb-engine.js';
import type { LocalStack, LocalStackOptions } from '../../local/stack.js';
import { TEST_SENDER_LIMIT } from './sender-limits.js';

// What every integration stack runs with, whichever process holds it (global-setup.ts in vitest's
// own, dynalite/stack-process.ts in a child), and what the test files learn about it.

/** What the test files (in worker processes) learn about the one stack their project runs. */
export interface ProvidedStack {
  url: string;
  endpoints: LocalStack['endpoints'];
  resources: LocalStack['resources'];
  dataDir: string;
  /** The DynamoDB emulator behind it. */
  dynamodb: LocalDynamoDb;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/** The handlers' test configuration, set in process.env before the stack loads them; returned too. */
export function applyTestEnvironment(): Record<string, string> {
  const env = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // The handlers run in this process: a directory edit through the admin API reaches them in 1 s.
    DIRECTORY_CACHE_SECONDS: '1',
    // Appeals per sender: raised above the defaults, and known to the test of the limit (sender-limits.ts).
    SENDER_LIMIT_PER_WINDOW: String(TEST_SENDER_LIMIT.perWindow),
    SENDER_LIMIT_WINDOW_MINUTES: String(TEST_SENDER_LIMIT.windowMinutes),
    SENDER_LIMIT_PER_DAY: String(TEST_SENDER_LIMIT.perDay),
    // 电话回访: every completed unrated case is on the agents' call list at once (the default waits 24
    // hours), so follow-up-calls.test.ts sees one over HTTP; nothing else reads the list.
    FOLLOW_UP_CALL_AFTER_HOURS: '0',
    // 漏接回拨: no wait between a failed callback attempt and the next (the default is 10 minutes), so
    // callbacks-desk.test.ts records an agent's three attempts over HTTP within a test; the hold, the
    // deadline and the retention keep their defaults (the tests age the data, never the clock).
    CALLBACK_ATTEMPT_GAP_MINUTES: '0',
  };
  Object.assign(process.env, env);
  return env;
}

/**
 * In memory, on random ports, with a 2 s visibility timeout so a failed message comes back (and
 * dead-letters) within seconds.
 */
export function testStackOptions(dataDir: string, dynamodb: LocalDynamoDb): LocalStackOptions {
  return {
    port: 0,
    dataDir,
    fresh: true,
    persist: false,
    dynamodb,
    visibilityTimeoutSeconds: 2,
    // The supervision schedule runs every 2 s, so a test sees the local scheduler fire.
    scheduleIntervalMs: 2_000,
    log: () => undefined,
  };
}

export function providedStack(stack: LocalStack, dataDir: string): ProvidedStack {
  return {
    url: stack.url,
    endpoints: stack.endpoints,
    resources: stack.resources,
    dataDir,
    dynamodb: stack.dynamodb,
  };
}
