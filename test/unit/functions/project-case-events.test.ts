import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { testContext } from '../fixtures/lambda.js';

type Handler = typeof import('../../../functions/project-case-events/handler.js').handler;
let handler: Handler;

const kase = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date(),
});

function image(c: Case) {
  return marshall(toItem(c), { removeUndefinedValues: true }) as never;
}

function streamRecord(id: string, name: 'INSERT' | 'MODIFY', before?: Case, after?: Case): DynamoDBRecord {
  return {
    eventID: id,
    eventName: name,
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: marshall({ pk: `CASE#${kase.caseId}`, sk: 'CASE' }) as never,
      ...(before ? { OldImage: image(before) } : {}),
      ...(after ? { NewImage: image(after) } : {}),
      SequenceNumber: id,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The EMF documents Powertools wrote to stdout during `run`. */
async function emfDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l));
}

describe('Function: project-case-events', () => {
  beforeAll(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'project-case-events');
    ({ handler } = await import('../../../functions/project-case-events/handler.js'));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('emits CaseReceived by channel and CaseDispatched by department for a new case', async () => {
    // Prepare
    const event: DynamoDBStreamEvent = { Records: [streamRecord('1', 'INSERT', undefined, kase)] };

    // Act
    const docs = await emfDuring(() => handler(event, testContext('project-case-events')));

    // Assess
    expect(docs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ CaseReceived: 1, Channel: 'webform' }),
        expect.objectContaining({ CaseDispatched: 1, Department: 'water-group' }),
      ]),
    );
  });

  it('emits nothing for a write that changes no status', async () => {
    // Prepare
    const event: DynamoDBStreamEvent = {
      Records: [streamRecord('2', 'MODIFY', kase, { ...kase, version: 2 })],
    };

    // Act
    const docs = await emfDuring(() => handler(event, testContext('project-case-events')));

    // Assess
    expect(docs.filter((d) => 'CaseReceived' in d || 'CaseDispatched' in d)).toEqual([]);
  });

  it('skips items that are not cases', async () => {
    // Prepare
    const record: DynamoDBRecord = {
      ...streamRecord('3', 'INSERT'),
      dynamodb: { NewImage: marshall({ pk: 'CALL#1', sk: 'CALL' }) as never, SequenceNumber: '3' },
    };

    // Act
    const result = await handler({ Records: [record] }, testContext('project-case-events'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('reports a record it cannot read as a failure of that record alone', async () => {
    // Prepare: a case image missing required attributes
    const broken: DynamoDBRecord = {
      ...streamRecord('4', 'INSERT'),
      dynamodb: {
        NewImage: marshall({ pk: 'CASE#x', sk: 'CASE', status: 'nonsense' }) as never,
        SequenceNumber: '4',
      },
    };
    const event: DynamoDBStreamEvent = { Records: [streamRecord('5', 'INSERT', undefined, kase), broken] };

    // Act
    const result = await handler(event, testContext('project-case-events'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '4' }] });
  });
});
