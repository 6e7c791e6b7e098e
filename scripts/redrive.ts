import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../shared/adapters/clients.js';
import {
  type DeadLetter,
  messageCount,
  peekDeadLetters,
  queueArnOf,
  queueUrlsByPrefix,
  redrive,
  sourceQueueOf,
} from '../shared/adapters/dead-letters.js';
import { commandLine, targetOrExit, usageError } from './command-line.js';
import {
  adviceFor,
  awsNamePrefix,
  DEAD_LETTER_QUEUES,
  type DeadLetterQueue,
  deadLetterQueue,
  firstErrorOf,
  subjectOf,
  urlVariableOf,
} from './redrive-queues.js';

// `npm run redrive -- <queue> [--dry-run] [--aws] [--local | --data-dir <dir>]`: after a fix, moves
// a dead-letter queue's messages back to the queue they came from (SQS's move task in AWS, one by
// one on the local stack), or with --dry-run lists them (id, age, receives, first error) and changes
// nothing. Against AWS: INTAKE_DLQ_URL (the queue's name in capitals, _URL) set to the queue's URL, or
// --aws to find the queue by the name CloudFormation gave it; with the usual AWS_PROFILE / AWS_REGION.
// Otherwise against the running `npm start` (its data dir's stack.json).

const USAGE = [
  'usage: npm run redrive -- <queue> [--dry-run] [--aws] [--local | --data-dir <dir>]',
  `queues: ${DEAD_LETTER_QUEUES.map((q) => q.name).join(', ')}`,
].join('\n');

const { values, positionals } = commandLine(
  {
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      aws: { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);

const [name, ...extra] = positionals;
if (!name || extra.length > 0) usageError('name one dead-letter queue', USAGE);
const queue = deadLetterQueue(name);
if (!queue) usageError(`no dead-letter queue named '${name}'`, USAGE);

const target = values.aws ? 'aws' : targetOrExit(values, [urlVariableOf(queue)], USAGE);
const client = sqsClient();
const dlqUrl = await queueUrlOf(queue, target);
// Counted before the peek, which leaves messages in flight for a moment on some endpoints.
const held = await messageCount(client, dlqUrl);
const letters = await peekDeadLetters(client, dlqUrl);
// SQS answers a receive from a sample of its servers: a large queue may list fewer than it holds.
console.log(`${queue.name} (${dlqUrl}): ${held} message${held === 1 ? '' : 's'}, ${letters.length} listed`);
for (const letter of letters) console.log(describe(queue, letter));

if (queue.kind !== 'messages') {
  console.log(`\n${adviceFor(queue)}`);
  process.exit(0);
}
if (values['dry-run'] || letters.length === 0) {
  if (values['dry-run']) console.log('dry run: nothing moved');
  process.exit(0);
}

const dlqArn = await queueArnOf(client, dlqUrl);
const sourceUrl = await sourceQueueOf(client, dlqUrl, dlqArn);
if (!sourceUrl) {
  console.error(`no queue dead-letters into ${queue.name}: nothing to move back to`);
  process.exit(1);
}
const result = await redrive(client, { dlqUrl, dlqArn, sourceUrl });
if (result.by === 'move-task') {
  console.log(`SQS move task started: ${result.taskHandle}`);
  console.log(
    `  back to ${sourceUrl}; watch it with: aws sqs list-message-move-tasks --source-arn ${dlqArn}`,
  );
  console.log(`  (cancel: aws sqs cancel-message-move-task --task-handle ${result.taskHandle})`);
} else {
  console.log(
    `moved ${result.moved.length} message${result.moved.length === 1 ? '' : 's'} back to ${sourceUrl}`,
  );
  for (const id of result.moved) console.log(`  ${id}`);
}
console.log(
  `${queue.consumer} takes them again; one that fails again returns to ${queue.name} after its retries`,
);

/** One line per message: id, age, receives, what it is about, first error. */
function describe(q: DeadLetterQueue, letter: DeadLetter): string {
  const age = letter.sentAt ? ageOf(Date.now() - letter.sentAt.getTime()) : 'unknown';
  const subject = subjectOf(letter);
  return [
    `- ${letter.messageId}`,
    `    age ${age} (sent ${letter.sentAt?.toISOString() ?? '?'}), received ${letter.receiveCount ?? '?'} times`,
    ...(subject ? [`    ${subject}`] : []),
    `    first error: ${firstErrorOf(q, letter)}`,
    // The local stack has no log groups: its handlers log to the terminal of npm start.
    ...(target === 'local' && q.kind === 'messages'
      ? ['    (locally: the npm start output, its ERROR lines with this messageId)']
      : []),
  ].join('\n');
}

/** 3d 4h, 2h 5m, 40s: the two largest units. */
function ageOf(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor(s / 3600) % 24, 'h'],
    [Math.floor(s / 60) % 60, 'm'],
    [s % 60, 's'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(' ');
}

/**
 * The dead-letter queue's URL: on the local stack by its local name; in AWS from its variable, else
 * the one queue whose generated name starts with the stack's name and the queue's id.
 */
async function queueUrlOf(q: DeadLetterQueue, where: 'local' | 'aws'): Promise<string> {
  if (where === 'local') {
    if (!q.localName) usageError(`${q.name} exists in AWS only (the local stack has no such queue)`, USAGE);
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: q.localName }));
    if (!QueueUrl) throw new Error(`the local stack has no queue ${q.localName}`);
    return QueueUrl;
  }
  const given = process.env[urlVariableOf(q)];
  if (given) return given;
  const prefix = awsNamePrefix(q);
  const urls = await queueUrlsByPrefix(client, prefix);
  if (urls.length !== 1) {
    usageError(
      `${urls.length === 0 ? 'no queue' : `${urls.length} queues`} named ${prefix}… in this account and region; ` +
        `set ${urlVariableOf(q)} to its URL (the ${q.stack} stack's outputs or resources)`,
      USAGE,
    );
  }
  return urls[0] as string;
}
