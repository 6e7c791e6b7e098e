import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

// What `npm run redrive` does to a dead-letter queue: look without taking (dry run), and move its
// messages back to the queue they came from, with SQS's own move task where the endpoint has one.

/** One dead-lettered message as the dry run lists it. */
export interface DeadLetter {
  readonly messageId: string;
  /** When the message was first sent to its source queue (SQS keeps it through the dead-lettering). */
  readonly sentAt?: Date;
  /** Receives so far, the dead-letter queue's peeks included. */
  readonly receiveCount?: number;
  readonly body: string;
  /** Its string message attributes (a scheduler's dead letter carries ERROR_CODE and ERROR_MESSAGE). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Every message of the queue, without taking any: each receive uses a visibility timeout of 0, so a
 * message peeked stays visible and is neither hidden from the consumer nor deleted; the only trace is
 * its receive count, which a dead-letter queue (it has no redrive policy of its own) never acts on.
 * The same message may come back on the next receive, so messages are told apart by their id; the
 * peek stops when `quietReceives` receives in a row bring nothing new, or at `limit` messages.
 *
 * @example
 * const letters = await peekDeadLetters(sqsClient(), dlqUrl);
 */
export async function peekDeadLetters(
  client: SQSClient,
  queueUrl: string,
  options: { limit?: number; quietReceives?: number } = {},
): Promise<DeadLetter[]> {
  const limit = options.limit ?? 1000;
  const quietReceives = options.quietReceives ?? 3;
  const seen = new Map<string, DeadLetter>();
  let quiet = 0;
  while (quiet < quietReceives && seen.size < limit) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    for (const message of fresh) seen.set(message.MessageId as string, deadLetterOf(message));
    quiet = fresh.length === 0 ? quiet + 1 : 0;
  }
  return [...seen.values()].slice(0, limit);
}

function deadLetterOf(message: Message): DeadLetter {
  const sent = Number(message.Attributes?.SentTimestamp);
  const receives = Number(message.Attributes?.ApproximateReceiveCount);
  const attributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
      value.StringValue !== undefined ? [[name, value.StringValue]] : [],
    ),
  );
  return {
    messageId: message.MessageId as string,
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent) } : {}),
    ...(Number.isFinite(receives) && receives > 0 ? { receiveCount: receives } : {}),
    body: message.Body ?? '',
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/** The URLs of the queues whose names start with `prefix` (CloudFormation's generated names). */
export async function queueUrlsByPrefix(client: SQSClient, prefix: string): Promise<string[]> {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken }),
    );
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return urls;
}

/** The queue's ARN, from its URL. */
export async function queueArnOf(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for the queue ${queueUrl}`);
  return arn;
}

/**
 * How many messages the queue holds now, those in flight included: a peek (visibility timeout 0)
 * leaves a message counted as in flight for a moment on some endpoints (the local emulator).
 */
export async function messageCount(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/**
 * The URL of the queue whose redrive policy names `dlqArn`: ListDeadLetterSourceQueues where the
 * endpoint has it, else every queue's RedrivePolicy read (the local emulator lacks the call).
 * Undefined when no queue dead-letters into it (a stream's on-failure queue, a schedule's DLQ).
 */
export async function sourceQueueOf(
  client: SQSClient,
  dlqUrl: string,
  dlqArn: string,
): Promise<string | undefined> {
  try {
    const { queueUrls = [] } = await client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    return queueUrls[0];
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  }
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListQueuesCommand({ MaxResults: 1000, NextToken }));
    for (const url of page.QueueUrls ?? []) {
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
      );
      const policy = Attributes?.RedrivePolicy;
      if (policy && (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlqArn) {
        return url;
      }
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** The outcome of a real redrive: SQS's own task, or the messages moved one by one. */
export type RedriveResult =
  | { readonly by: 'move-task'; readonly taskHandle: string }
  | { readonly by: 'hand'; readonly moved: readonly string[] };

/**
 * Moves the dead-letter queue's messages back to `sourceUrl`. With SQS's move task where the
 * endpoint offers one (its destination left out: SQS sends each message back to the queue it came
 * from); otherwise (the local emulator) by hand, see `moveByHand`.
 */
export async function redrive(
  client: SQSClient,
  queue: { dlqUrl: string; dlqArn: string; sourceUrl: string },
): Promise<RedriveResult> {
  try {
    const { TaskHandle } = await client.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlqArn }));
    if (!TaskHandle) throw new Error(`SQS started no move task for ${queue.dlqArn}`);
    return { by: 'move-task', taskHandle: TaskHandle };
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  }
  return { by: 'hand', moved: await moveByHand(client, queue.dlqUrl, queue.sourceUrl) };
}

/**
 * Receive, send to the source queue with the same body and attributes, and only then delete from the
 * dead-letter queue: a failure between the two leaves the message in both queues (the consumers are
 * idempotent, so it is handled once), never in neither. It moves at most as many messages as the
 * queue held when it began, so a message that fails again and comes back is not moved twice in one run.
 * Returns the ids of the messages taken from the dead-letter queue.
 */
export async function moveByHand(client: SQSClient, dlqUrl: string, sourceUrl: string): Promise<string[]> {
  const budget = await messageCount(client, dlqUrl);
  const moved: string[] = [];
  while (moved.length < budget) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, budget - moved.length),
        // Long enough to send and delete; should the script die, the message shows again in the DLQ.
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: sourceUrl,
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
        }),
      );
      await client.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      moved.push(message.MessageId ?? '');
    }
  }
  return moved;
}

/** The endpoint does not know the call (the local emulator: InvalidAction; some regions: unsupported). */
function isUnsupported(error: unknown): boolean {
  const name = (error as { name?: string; Code?: string }).name ?? '';
  const code = (error as { Code?: string }).Code ?? '';
  return /InvalidAction|UnsupportedOperation|UnknownOperation|NotImplemented/.test(`${name} ${code}`);
}
