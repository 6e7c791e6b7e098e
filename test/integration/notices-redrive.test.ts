import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { readStackFile } from '../../local/stack-file.js';
import { type ChildStack, killChildStacks, startChildStack, stopChildStack } from './child-stack.js';
import { eventually, idempotencyKey, routedPair, webform } from './helpers.js';

// 通知 that the provider keeps refusing, end to end: send-notice retries it until the notices queue
// dead-letters it, the operator redrives it once the provider is back, and the citizen gets the
// text once. A stack of its own (a child process): its send-notice holds a failed notice back for
// 0 s instead of 2, 4, 8 … (NOTICE_BACKOFF_BASE_SECONDS=0), so six receives take seconds, and no
// other file's notice takes a provider failure meant for this one. The backoff schedule itself is
// unit-tested (send-notice-handler).

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const dataDir = mkdtempSync(join(tmpdir(), 'hotline-notices-redrive-'));

interface NoticeRecord {
  noticeId: string;
  state: string;
  attempts: number;
  messageId?: string;
}

let child: ChildStack;
let ddb: DynamoDBDocumentClient;
let sqs: SQSClient;
let casesTable: string;
let noticesUrl: string;
let noticesDlqUrl: string;

/** `npm run redrive -- <args>` against the child stack, found through its data dir as npm start's is. */
async function redrive(...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'scripts/redrive.ts', ...args, '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
  return stdout;
}

async function caseItem(trackingNo: string): Promise<Record<string, unknown> | undefined> {
  const out = await ddb.send(
    new QueryCommand({
      TableName: casesTable,
      IndexName: 'by-tracking-no',
      KeyConditionExpression: 'trackingNo = :t',
      ExpressionAttributeValues: { ':t': trackingNo },
    }),
  );
  return out.Items?.[0];
}

async function noticeOf(trackingNo: string): Promise<NoticeRecord | undefined> {
  return ((await caseItem(trackingNo))?.notices as NoticeRecord[] | undefined)?.[0];
}

/** What the SMS fake accepted for this case: a send that reached the provider and was taken. */
async function sentFor(trackingNo: string): Promise<{ messageId: string }[]> {
  const all = (await (await fetch(`${child.api}/_local/notifications`)).json()) as {
    trackingNo?: string;
    messageId: string;
  }[];
  return all.filter((n) => n.trackingNo === trackingNo);
}

/** The notices DLQ's bodies, peeked without taking them. */
async function deadLetters(): Promise<string[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: noticesDlqUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 1,
    }),
  );
  return (out.Messages ?? []).map((m) => m.Body ?? '');
}

async function noticesQueueEmpty(): Promise<boolean> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: noticesUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Attributes?.ApproximateNumberOfMessages === '0' &&
    Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
  );
}

async function sendNoticeInvocations(): Promise<number> {
  const counts = (await (await fetch(`${child.api}/_local/invocations`)).json()) as Record<string, number>;
  return counts['send-notice'] ?? 0;
}

beforeAll(async () => {
  child = await startChildStack(dataDir, {
    fresh: true,
    env: { ...process.env, NOTICE_BACKOFF_BASE_SECONDS: '0', LOCAL_SMS_PROVIDER: 'tencent' },
  });
  const { env } = readStackFile(dataDir);
  const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }));
  sqs = new SQSClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_SQS, useQueueUrlAsEndpoint: false });
  casesTable = env.CASES_TABLE_NAME as string;
  const urlOf = async (QueueName: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl as string;
  noticesUrl = await urlOf(LOCAL_NAMES.noticesQueue);
  noticesDlqUrl = await urlOf(LOCAL_NAMES.noticesDlq);
});

afterAll(async () => {
  if (child) await stopChildStack(child.child);
  killChildStacks();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run redrive -- notices-dlq', () => {
  it('sends a dead-lettered notice once after the provider recovers, and never again on a second redrive or a replay', {
    timeout: 180_000,
  }, async () => {
    // Prepare: a case of this stack, dispatched to the department the seed routes it to
    const { departmentId } = routedPair();
    const department = await (await loadDevJwt(dataDir)).issue({
      sub: 'it-notices-redrive',
      role: 'department',
      departmentId,
    });
    const posted = await fetch(`${child.api}/v1/channels/webform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
      body: JSON.stringify(webform()),
    });
    expect(posted.status).toBe(202);
    const { trackingNo } = (await posted.json()) as { trackingNo: string };
    const kase = await eventually(() => caseItem(trackingNo), { timeoutMs: 30_000, what: 'the case' });
    const caseId = kase.caseId as string;
    // The provider refuses the next six sends: every receive the notices queue allows (maxReceiveCount 6).
    const failing = await fetch(`${child.api}/_local/notifications/fail-next/tencent/6/transient`, {
      method: 'POST',
    });
    expect(failing.status).toBe(200);
    const actions = `${child.api}/v1/cases/by-id/${caseId}/actions`;
    for (const action of [{ action: 'acknowledge' }, { action: 'complete', reply: '已处理完毕' }]) {
      const res = await fetch(actions, {
        method: 'POST',
        headers: { authorization: `Bearer ${department}`, 'content-type': 'application/json' },
        body: JSON.stringify(action),
      });
      expect(res.status).toBe(200);
    }

    // Act: the retries run out
    const [letter] = await eventually(
      async () => {
        const ours = (await deadLetters()).filter((body) => body.includes(caseId));
        return ours.length > 0 ? ours : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the notice in the notices DLQ' },
    );

    // Assess: dead-lettered after six failed attempts, failed on the case, nothing sent
    const { noticeId } = JSON.parse(letter as string) as { caseId: string; noticeId: string };
    expect(JSON.parse(letter as string)).toEqual({ caseId, noticeId });
    expect(await noticeOf(trackingNo)).toMatchObject({ noticeId, state: 'failed', attempts: 6 });
    expect(await sentFor(trackingNo)).toEqual([]);

    // Act: the operator's dry run, then the redrive (the provider has taken its six failures)
    const listed = await redrive('notices-dlq', '--dry-run');
    const moved = await redrive('notices-dlq');

    // Assess: listed by its notice, moved back, sent once, and then delivered
    expect(listed).toMatch(/^notices-dlq \(.+\): 1 message, 1 listed$/m);
    expect(listed).toContain(`notice ${noticeId} of case ${caseId}`);
    expect(listed).toContain('dry run: nothing moved');
    expect(moved).toMatch(/moved 1 message back to .+notices/);
    const delivered = await eventually(
      async () => {
        const notice = await noticeOf(trackingNo);
        return notice?.state === 'delivered' ? notice : undefined;
      },
      { timeoutMs: 30_000, what: 'the redriven notice delivered' },
    );
    expect(delivered).toMatchObject({ attempts: 7 });
    const sent = await sentFor(trackingNo);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.messageId).toBe(delivered.messageId);
    expect(await deadLetters()).toEqual([]);

    // Act: a second redrive, then a replay of the same message on the notices queue
    const again = await redrive('notices-dlq');
    const before = await sendNoticeInvocations();
    await sqs.send(new SendMessageCommand({ QueueUrl: noticesUrl, MessageBody: letter as string }));
    await eventually(
      async () =>
        (await sendNoticeInvocations()) > before && (await noticesQueueEmpty()) ? true : undefined,
      { timeoutMs: 20_000, what: 'the replay taken and settled' },
    );

    // Assess: nothing moved, nothing sent twice, the notice as it was
    expect(again).toMatch(/^notices-dlq \(.+\): 0 messages, 0 listed$/m);
    expect(again).not.toContain('moved ');
    expect(await sentFor(trackingNo)).toHaveLength(1);
    expect(await noticeOf(trackingNo)).toEqual(delivered);
    expect(await deadLetters()).toEqual([]);
  });
});
