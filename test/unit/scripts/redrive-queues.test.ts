import { describe, expect, it } from 'vitest';
import {
  adviceFor,
  awsNamePrefix,
  DEAD_LETTER_QUEUES,
  type DeadLetterQueue,
  deadLetterQueue,
  firstErrorOf,
  subjectOf,
  urlVariableOf,
} from '../../../scripts/redrive-queues.js';

const known = (name: string): DeadLetterQueue => {
  const queue = deadLetterQueue(name);
  if (!queue) throw new Error(`no queue ${name}`);
  return queue;
};

describe('Module: redrive-queues', () => {
  it('knows the intake, notices and stream-failure queues, and a DLQ per schedule', () => {
    // Act
    const names = DEAD_LETTER_QUEUES.map((q) => q.name);

    // Assess
    expect(names).toEqual(
      expect.arrayContaining([
        'intake-dlq',
        'notices-dlq',
        'case-stream-failures',
        'supervise-deadlines-schedule-dlq',
        'record-sms-event-failures',
        'connect-ctr-failures',
      ]),
    );
    expect(known('connect-ctr-failures')).toMatchObject({
      kind: 'pointers',
      stack: 'Hotline12345-Service',
      consumer: 'ingest-connect-stream',
    });
    expect(known('intake-dlq')).toMatchObject({
      kind: 'messages',
      localName: 'intake-dlq',
      consumer: 'dispatch-appeal',
    });
    expect(known('case-stream-failures')).toMatchObject({ kind: 'pointers', localName: 'stream-failures' });
    expect(deadLetterQueue('intake')).toBeUndefined();
  });

  it('derives the AWS name prefix and the URL variable from the construct id', () => {
    // Act & Assess
    expect(awsNamePrefix(known('intake-dlq'))).toBe('Hotline12345-Data-intakedlq');
    expect(awsNamePrefix(known('supervise-deadlines-schedule-dlq'))).toBe(
      'Hotline12345-Service-supervisedeadlinesscheduledlq',
    );
    expect(urlVariableOf(known('case-stream-failures'))).toBe('CASE_STREAM_FAILURES_URL');
  });

  it("names an appeal's 工单号, a notice and a stream batch with its consumer", () => {
    // Prepare
    const appeal = { appeal: { trackingNo: '261204-2HTC-C7GB', caseId: 'wfabc' }, raw: {} };
    const notice = { caseId: 'wfabc', noticeId: 'n-1' };
    const pointer = {
      requestContext: {
        functionArn:
          'arn:aws-cn:lambda:cn-north-1:123456789012:function:Hotline12345-Service-projectcaseevents',
        condition: 'RetryAttemptsExhausted',
      },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        shardId: 'shard-1',
        startSequenceNumber: '100',
        endSequenceNumber: '199',
        batchSize: 100,
      },
    };
    const letter = (body: unknown) => ({ messageId: 'm', body: JSON.stringify(body) });

    // Act & Assess
    expect(subjectOf(letter(appeal))).toBe('appeal 261204-2HTC-C7GB (case wfabc)');
    expect(subjectOf(letter(notice))).toBe('notice n-1 of case wfabc');
    expect(subjectOf(letter(pointer))).toBe(
      'Hotline12345-Service-projectcaseevents: stream batch of 100 records, shard-1 sequence 100 to 199',
    );
    const { DDBStreamBatchInfo, ...rest } = pointer;
    expect(subjectOf(letter({ ...rest, KinesisBatchInfo: DDBStreamBatchInfo }))).toContain(
      'shard-1 sequence 100 to 199',
    );
    expect(subjectOf({ messageId: 'm', body: 'poison' })).toBe('body is not JSON');
    expect(firstErrorOf(known('case-stream-failures'), letter(pointer))).toBe(
      'RetryAttemptsExhausted (Unhandled)',
    );
  });

  it("gives a scheduler's error, or the Logs Insights query for a message SQS keeps no reason for", () => {
    // Prepare
    const scheduled = {
      messageId: 'm-1',
      body: '{}',
      attributes: { ERROR_CODE: 'AWS.Lambda.FunctionError', ERROR_MESSAGE: 'Task timed out' },
    };

    // Act
    const fromScheduler = firstErrorOf(known('supervise-deadlines-schedule-dlq'), scheduled);
    const fromLogs = firstErrorOf(known('intake-dlq'), { messageId: 'm-2', body: '{}' });

    // Assess
    expect(fromScheduler).toBe('Task timed out');
    expect(fromLogs).toContain('dispatch-appeal log group');
    expect(fromLogs).toContain('filter messageId = "m-2"');
  });

  it('tells what to do instead of moving, for queues whose messages cannot go back', () => {
    // Act & Assess
    expect(adviceFor(known('case-stream-failures'))).toContain('npm run rebuild-metrics -- --fix');
    expect(adviceFor(known('draft-releases-schedule-dlq'))).toContain('next run does the same work');
    expect(adviceFor(known('connect-ctr-failures'))).toContain('read the records again from');
    expect(adviceFor(known('connect-ctr-failures'))).not.toContain('rebuild-metrics');
  });
});
