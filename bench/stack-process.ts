import { startLocalStack } from '../local/stack.js';
import {
  capacityByIndex,
  capacityByTable,
  requestCounts,
  resetRequestCounts,
} from '../shared/adapters/request-count.js';

// The local stack in a process of its own, driven over IPC by bench/run.ts: the benchmark's client
// then competes with the stack for nothing but the machine, as a real channel would.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: run by bench/run.ts with an IPC channel and a data dir');
  process.exit(2);
}

const stack = await startLocalStack({ port: 0, fresh: true, persist: false, dataDir, log: () => {} });
process.send({ type: 'ready', url: stack.url, endpoints: stack.endpoints, resources: stack.resources });

process.on('message', (message: { type: string }) => {
  if (message.type === 'idle') {
    stack.idle(120_000).then(
      () => process.send?.({ type: 'idle' }),
      (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
    );
  }
  // The cost phase's tallies (bench/cost.ts): AWS requests (counted when COUNT_AWS_REQUESTS=true)
  // and each function's invocations and time, zeroed before its traffic and read after.
  if (message.type === 'reset-counts') {
    resetRequestCounts();
    for (const name of Object.keys(stack.invocations)) {
      stack.invocations[name] = 0;
      stack.invocationMs[name] = 0;
    }
    process.send?.({ type: 'counts-reset' });
  }
  if (message.type === 'counts') {
    process.send?.({
      type: 'counts',
      requests: requestCounts(),
      tables: capacityByTable(),
      indexes: capacityByIndex(),
      invocations: stack.invocations,
      invocationMs: stack.invocationMs,
    });
  }
  if (message.type === 'stop') {
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
});
