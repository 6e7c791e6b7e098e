import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { casesByTrackingNo, ddb, eventually, postWebform, sqs, stack, webform } from './helpers.js';

// The operator's day after an incident: a hand-written holiday calendar record that does not parse
// makes the dispatcher fail every appeal (it refuses to count deadlines on a calendar it cannot
// read), so an acknowledged appeal ends in the intake DLQ. The operator lists it, fixes the record
// and redrives it, and the appeal becomes its case.

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const BAD_YEAR = { pk: 'CALENDAR', sk: '2098' };

/** `npm run redrive -- <args>` against the test stack, found through its data dir as npm start's is. */
async function redrive(...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'scripts/redrive.ts', ...args, '--data-dir', stack.dataDir], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
  return stdout;
}

/** The intake DLQ's messages whose body mentions `text`, peeked without taking them. */
async function deadLettersWith(text: string): Promise<string[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: stack.resources.intakeDlqUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 1,
    }),
  );
  return (out.Messages ?? []).filter((m) => m.Body?.includes(text)).map((m) => m.MessageId ?? '');
}

describe('npm run redrive', () => {
  afterAll(async () => {
    // Whatever happened above, the calendar is readable again for the files that follow.
    await ddb.send(new DeleteCommand({ TableName: stack.resources.directoryTable, Key: BAD_YEAR }));
  });

  it('lists a dead-lettered appeal in the dry run, and after the fix moves it back to become its case', {
    timeout: 120_000,
  }, async () => {
    // Prepare: the broken calendar record, then an appeal the dispatcher cannot take.
    await ddb.send(
      new PutCommand({
        TableName: stack.resources.directoryTable,
        Item: { ...BAD_YEAR, year: 2098, holidays: 'not a list of holidays' },
      }),
    );
    const { status, json } = await postWebform(webform());
    expect(status).toBe(202);
    const trackingNo = json.trackingNo as string;
    const [messageId] = await eventually(
      async () => {
        const ids = await deadLettersWith(trackingNo);
        return ids.length > 0 ? ids : undefined;
      },
      { timeoutMs: 40_000, what: 'the appeal in the intake DLQ' },
    );

    // Act: the dry run
    const listed = await redrive('intake-dlq', '--dry-run');

    // Assess: listed, with what it is and where its error is; nothing moved
    expect(listed).toContain(`- ${messageId}`);
    expect(listed).toContain(`appeal ${trackingNo}`);
    expect(listed).toContain(`filter messageId = "${messageId}"`);
    expect(listed).toContain('dry run: nothing moved');
    expect(await deadLettersWith(trackingNo)).toEqual([messageId]);
    expect(await casesByTrackingNo(trackingNo)).toEqual([]);

    // Act: the fix, then the real run once the dispatcher's directory cache (1 s here) has let go
    await ddb.send(new DeleteCommand({ TableName: stack.resources.directoryTable, Key: BAD_YEAR }));
    await new Promise((r) => setTimeout(r, 1_500));
    const moved = await redrive('intake-dlq');

    // Assess: moved, processed, and the DLQ empty
    expect(moved).toMatch(/moved [1-9]\d* messages? back to /);
    expect(moved).toContain(messageId);
    const [kase] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 20_000, what: 'the redriven appeal as a case' },
    );
    expect(kase?.trackingNo).toBe(trackingNo);
    // Other files' poison may share the DLQ (and go back to it): this test's appeal is gone from it.
    expect(await deadLettersWith(trackingNo)).toEqual([]);
  });

  it('lists the stream-failure queue and says what to do instead of moving pointers', {
    timeout: 60_000,
  }, async () => {
    // Act
    const out = await redrive('case-stream-failures');

    // Assess
    expect(out).toMatch(/^case-stream-failures \(.+\/stream-failures\): \d+ messages?, \d+ listed$/m);
    expect(out).toContain('there is nothing to move back');
    expect(out).toContain('npm run rebuild-metrics -- --fix');
    expect(out).not.toContain('moved ');
  });
});
