import { join } from 'node:path';
import { FUNCTIONS } from '../../infra/functions.js';
import { CheckpointStore } from '../checkpoints.js';
import { LocalFunctions } from '../functions.js';
import { startPollers } from '../pollers.js';
import { ScheduleRunner } from '../schedule-runner.js';
import type { SqsPoller } from '../sqs-poller.js';
import type { StreamPoller } from '../stream-poller.js';
import { within } from '../wait.js';
import type { Emulators } from './emulators.js';
import type { StackResources } from './resources.js';
import type { Teardown } from './teardown.js';

// Local stack, phase 4: the handlers, and what invokes them besides the gateway (pollers, schedule).

export interface RunningFunctions {
  functions: LocalFunctions;
  sqsPollers: SqsPoller[];
  streamPollers: StreamPoller[];
}

export async function startFunctions(
  emulators: Emulators,
  resources: StackResources,
  o: {
    repoRoot: URL;
    env: Record<string, string>;
    dataDir: string;
    persist: boolean;
    scheduleIntervalMs?: number;
    teardown: Teardown;
    log: (line: string) => void;
  },
): Promise<RunningFunctions> {
  // The handlers' modules read the environment as they load: set it first, import after.
  Object.assign(process.env, o.env);
  const functions = await LocalFunctions.load(o.repoRoot);

  const { streamArn } = resources;
  if (streamArn === undefined) {
    const consumers = FUNCTIONS.filter((f) => f.triggers.some((t) => t.kind === 'stream'));
    o.log(`no table stream: ${consumers.map((f) => f.name).join(', ')} run only when a test invokes them`);
  }
  const { sqsPollers, streamPollers } = startPollers({
    specs: FUNCTIONS,
    functions,
    clients: emulators.clients,
    queues: resources.queues,
    streamArn,
    checkpointsFor: (name, arn) =>
      new CheckpointStore(arn, o.persist ? join(o.dataDir, checkpointFileOf(name)) : undefined),
    log: o.log,
  });
  o.teardown.add(async () => {
    await Promise.all(sqsPollers.map((p) => p.stop()));
    // Let the stream consumer see what the last dispatch batch wrote, within reason.
    await within(Promise.all(streamPollers.map((p) => p.caughtUp())), 5_000);
    await Promise.all(streamPollers.map((p) => p.stop()));
  });
  const scheduleRunner = new ScheduleRunner({
    specs: FUNCTIONS,
    functions,
    intervalMs: o.scheduleIntervalMs ?? scheduleSecondsFromEnv() * 1000,
    log: o.log,
  });
  scheduleRunner.start();
  o.teardown.add(() => scheduleRunner.stop());
  return { functions, sqsPollers, streamPollers };
}

/**
 * Each stream consumer's checkpoint file. project-case-events was the only consumer when the file
 * was named for none: it keeps that name, so a data dir from before resumes where it was.
 */
function checkpointFileOf(functionName: string): string {
  return functionName === 'project-case-events'
    ? 'stream-checkpoints.json'
    : `stream-checkpoints.${functionName}.json`;
}

/** LOCAL_SCHEDULE_SECONDS, default 60; a value that is not a number must not become a busy loop. */
function scheduleSecondsFromEnv(): number {
  const raw = process.env.LOCAL_SCHEDULE_SECONDS;
  if (raw === undefined || raw === '') return 60;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`LOCAL_SCHEDULE_SECONDS must be a number of seconds (0 = off), not '${raw}'`);
  }
  return seconds;
}
