import { join, resolve } from 'node:path';
import { spawnStack } from '../bench/stack-client.js';
import { CASES_TABLE, INTAKE_QUEUE, METRICS_TABLE } from '../infra/resources.js';
import { LOCAL_NAMES } from '../local/resources.js';
import { readStackFile } from '../local/stack-file.js';
import { waitIdle } from '../scripts/staff-client.js';

// What the load test drives: a stack of its own in a child process (the default), or a running
// `npm start` on this machine (--url). Only ever loopback: a load test aimed at a real deployment
// by mistake is a denial of service on a city's hotline.

export interface Target {
  readonly url: string;
  readonly dataDir: string;
  readonly endpoints: { readonly sqs: string; readonly dynamodb: string };
  readonly intakeQueueUrl: string;
  readonly intakeDlqUrl: string;
  /** The notices queue (通知) and its DLQ: a notice held back for its backoff is work still to come. */
  readonly noticesQueueUrl: string;
  readonly noticesDlqUrl: string;
  readonly casesTable: string;
  readonly metricsTable: string;
  /** Resolves when the stack has nothing left to do (queues drained, streams caught up). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** A URL on this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A fresh stack in a child process on a free loopback port, with `dataDir` (a temporary one). */
export async function ownStack(dataDir: string): Promise<Target> {
  // The child starts the stack without the gateway's per-client limit (bench/stack-process.ts
  // passes none): one driver stands for thousands of citizens. Said here for `npm start` alike.
  process.env.LOCAL_RATE_LIMIT = 'off';
  const stack = await spawnStack(dataDir);
  return {
    url: stack.url,
    dataDir,
    endpoints: stack.endpoints,
    intakeQueueUrl: stack.resources.intakeQueueUrl,
    intakeDlqUrl: stack.resources.intakeDlqUrl,
    noticesQueueUrl: stack.resources.noticesQueueUrl,
    noticesDlqUrl: stack.resources.noticesDlqUrl,
    casesTable: stack.resources.casesTable,
    metricsTable: LOCAL_NAMES.metricsTable,
    idle: () => stack.idle(),
    stop: () => stack.stop(),
  };
}

/**
 * A running `npm start` of `dataDir` at `url` (its stack.json gives the endpoints and names). Start
 * it with LOCAL_RATE_LIMIT=off, or its per-client limit answers most of the load with 429.
 */
export function runningStack(url: string, dataDir: string): Target {
  if (!isLoopback(url)) throw new Error(`the load test drives this machine only, not ${url}`);
  const file = readStackFile(resolve(dataDir));
  const env = file.env;
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`the stack file of ${dataDir} has no ${name}`);
    return value;
  };
  const intakeQueueUrl = need(INTAKE_QUEUE.env);
  // The other queues sit beside the intake queue, under the names of local/resources.ts.
  const beside = (name: string) => intakeQueueUrl.replace(new RegExp(`${LOCAL_NAMES.intakeQueue}$`), name);
  return {
    url: url.replace(/\/$/, ''),
    dataDir: resolve(dataDir),
    endpoints: { sqs: need('AWS_ENDPOINT_URL_SQS'), dynamodb: need('AWS_ENDPOINT_URL_DYNAMODB') },
    intakeQueueUrl,
    intakeDlqUrl: beside(LOCAL_NAMES.intakeDlq),
    noticesQueueUrl: beside(LOCAL_NAMES.noticesQueue),
    noticesDlqUrl: beside(LOCAL_NAMES.noticesDlq),
    casesTable: need(CASES_TABLE.env),
    metricsTable: need(METRICS_TABLE.env),
    idle: async () => {
      if (!(await waitIdle(url, 20))) throw new Error(`${url} did not become idle`);
    },
    stop: async () => {},
  };
}

/** The default data dir of `npm start`, as the operator scripts find it. */
export const defaultDataDir = () => process.env.LOCAL_DATA_DIR ?? join(process.cwd(), '.local');
