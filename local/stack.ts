import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTAKE_QUEUE } from '../infra/resources.js';
import { acquireDataDirLock, assertDataDirFree } from './data-dir-lock.js';
import { dynamoDbFromEnv, type LocalDynamoDb } from './dynamodb-engine.js';
import { idleWaiter } from './idle.js';
import { type DevTokenClaims, loadDevJwt } from './jwt.js';
import { startEmulators } from './phases/emulators.js';
import { prepareEnvironment } from './phases/environment.js';
import { openFrontDoors } from './phases/front-doors.js';
import { startFunctions } from './phases/functions.js';
import { createResources } from './phases/resources.js';
import { Teardown } from './phases/teardown.js';
import { buildStaticDirs } from './phases/web.js';
import type { RateLimit } from './rate-limit.js';
import { LOCAL_NAMES } from './resources.js';
import { loadDevSecrets } from './secrets.js';

// The whole system on one machine: the phases of local/phases/ in order, one teardown for them all.

export interface LocalStackOptions {
  /** 0 = random; default Number(process.env.PORT ?? 3000). */
  port?: number;
  /** Default `.local` in the repository. */
  dataDir?: string;
  /** Wipe dataDir first. */
  fresh?: boolean;
  /** Default true; false = in-memory DynamoDB and no snapshot. */
  persist?: boolean;
  /**
   * The DynamoDB emulator; default LOCAL_DYNAMODB, else `dynamodb-local`. `dynalite` needs
   * `persist: false` and has no streams: the stream consumers are not polled (local/dynamodb-engine.ts).
   */
  dynamodb?: LocalDynamoDb;
  /** Overrides the intake queue's visibility timeout, so tests see redelivery in seconds. */
  visibilityTimeoutSeconds?: number;
  /** Per-client limit on the gateway's public routes; none by default (tests, the benchmark). */
  rateLimit?: RateLimit;
  /** Default console.log; tests pass a no-op. */
  log?: (line: string) => void;
  /**
   * How often the `schedule` triggers (supervision) run; 0 = never. Default LOCAL_SCHEDULE_SECONDS
   * or 60 s.
   */
  scheduleIntervalMs?: number;
}

export interface LocalStack {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  /** The DynamoDB emulator this stack runs. */
  dynamodb: LocalDynamoDb;
  resources: {
    casesTable: string;
    directoryTable: string;
    intakeQueueUrl: string;
    intakeDlqUrl: string;
    noticesQueueUrl: string;
    noticesDlqUrl: string;
    archiveBucket: string;
    /** Where the page's photos are posted; referenced ones are copied into the archive. */
    stagingBucket: string;
  };
  /** The environment the handlers run with. */
  env: Record<string, string>;
  /** Handler invocations by function name. */
  invocations: Record<string, number>;
  /** Wall time spent in each function's invocations, in ms. */
  invocationMs: Record<string, number>;
  /** Resolves when the intake queue is empty (in flight included) and the stream poller has caught up. */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * A staff token the gateway accepts, signed with the data dir's dev key (what `npm run token`
   * prints). `ttl` is a jose time span, default 8 h.
   *
   * @example
   * const token = await stack.issueToken({ sub: 'alice', role: 'department', departmentId: 'water-group' });
   */
  issueToken(claims: DevTokenClaims, options?: { ttl?: string }): Promise<string>;
  /** Drains in-flight work, snapshots state (when persisting), stops the emulators. */
  stop(): Promise<void>;
}

const REPO_ROOT = new URL('../', import.meta.url);
const DEFAULT_DATA_DIR = join(fileURLToPath(REPO_ROOT), '.local');

/**
 * The handlers share this process's environment and module-level SDK clients, so one stack runs
 * per process at a time.
 */
let running = false;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (running) throw new Error('a local stack is already running in this process');
  const dynamodb = options.dynamodb ?? dynamoDbFromEnv();
  running = true;
  const log = options.log ?? ((line: string) => console.log(line));
  const persist = options.persist ?? true;
  // Everything started so far: stopped in reverse at stop(), or if a later phase fails.
  const teardown = new Teardown();
  try {
    const dataDir = await prepareDataDir(options);
    const lock = acquireDataDirLock(dataDir);
    teardown.add(() => lock.release());
    buildStaticDirs(REPO_ROOT, log);
    const secrets = loadDevSecrets(join(dataDir, 'dev-secrets.json'));
    const devJwt = await loadDevJwt(dataDir);
    const emulators = await startEmulators({ dataDir, persist, dynamodb, teardown });
    const resources = await createResources(emulators, {
      dataDir,
      persist,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? INTAKE_QUEUE.visibilityTimeoutSeconds,
      teardown,
      log,
    });
    const { env, outbox, gatewayPort } = await prepareEnvironment(emulators, resources, {
      dataDir,
      secrets,
      requestedPort: options.port ?? Number(process.env.PORT ?? 3000),
      teardown,
    });
    const { functions, sqsPollers, streamPollers } = await startFunctions(emulators, resources, {
      repoRoot: REPO_ROOT,
      env,
      dataDir,
      persist,
      ...(options.scheduleIntervalMs !== undefined ? { scheduleIntervalMs: options.scheduleIntervalMs } : {}),
      teardown,
      log,
    });
    const idle = idleWaiter(emulators.fauxqs, {
      sqsPollers,
      streamPollers,
      ...(outbox ? { providersBusy: () => outbox.busy() } : {}),
    });
    const gateway = await openFrontDoors({
      port: gatewayPort,
      functions,
      devJwt,
      outbox,
      idle: () => idle(),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      persist,
      dataDir,
      env,
      teardown,
      log,
    });

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= teardown.stop().then(() => {
        running = false;
      });
      return stopping;
    };
    return {
      url: gateway.url,
      endpoints: emulators.endpoints,
      dynamodb,
      resources: {
        casesTable: LOCAL_NAMES.casesTable,
        directoryTable: LOCAL_NAMES.directoryTable,
        intakeQueueUrl: resources.queues.intakeQueueUrl,
        intakeDlqUrl: resources.queues.intakeDlqUrl,
        noticesQueueUrl: resources.queues.noticesQueueUrl,
        noticesDlqUrl: resources.queues.noticesDlqUrl,
        archiveBucket: LOCAL_NAMES.archiveBucket,
        stagingBucket: LOCAL_NAMES.stagingBucket,
      },
      env,
      invocations: functions.invocations,
      invocationMs: functions.invocationMs,
      idle,
      issueToken: (claims, tokenOptions) => devJwt.issue(claims, tokenOptions),
      stop,
    };
  } catch (error) {
    await teardown.unwind();
    running = false;
    throw error;
  }
}

/** The data dir, absolute, created (and emptied first when `fresh`). */
async function prepareDataDir(options: LocalStackOptions): Promise<string> {
  const dataDir = options.dataDir
    ? isAbsolute(options.dataDir)
      ? options.dataDir
      : resolve(options.dataDir)
    : DEFAULT_DATA_DIR;
  // Checked before --fresh wipes anything: a fresh start must not delete a running stack's data.
  if (existsSync(dataDir)) assertDataDirFree(dataDir);
  if (options.fresh && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  return dataDir;
}
