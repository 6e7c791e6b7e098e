import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/project-case-events/handler.js';
import { metricSourceOf } from '../../../shared/adapters/metric-source.js';
import { createRelease } from '../../../shared/domain/releases/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testContext } from '../fixtures/lambda.js';

// 发布 releases live in the cases table (RELEASES partition): the stream brings their writes to the
// one consumer, which must count and archive nothing for them, and the recount must pass them by.

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const created = createRelease(
  { kind: 'monthly_figures', period: '2026-10', responsible: { id: 's-1', name: '王主任' } },
  { existing: [], calendar: WEEKENDS_ONLY, actor: 's-1', at: '2026-11-02T01:00:00.000Z' },
);
if (!created.ok) throw new Error('fixture refused');
const draft = { pk: 'RELEASES', sk: created.release.releaseId, ...created.release };
const published = {
  ...draft,
  state: 'published',
  version: 2,
  publishedAt: '2026-11-10T02:00:00.000Z',
  frozen: { key: `releases/${draft.releaseId}.json`, sha256: 'a'.repeat(64), bytes: 10 },
};

function record(seq: string, name: 'INSERT' | 'MODIFY', before?: object, after?: object): DynamoDBRecord {
  return {
    eventID: `e-${seq}`,
    eventName: name,
    dynamodb: {
      Keys: marshall({ pk: 'RELEASES', sk: draft.releaseId }) as never,
      SequenceNumber: seq,
      ApproximateCreationDateTime: Date.parse('2026-11-10T02:00:01Z') / 1000,
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) as never } : {}),
      ...(after ? { NewImage: marshall(after, { removeUndefinedValues: true }) as never } : {}),
    },
  };
}

describe('Function: project-case-events (release items)', () => {
  beforeAll(() => {
    vi.stubEnv('METRICS_TABLE_NAME', 'metrics');
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('counts nothing for a release item, in the projection or the recount', () => {
    // Assess
    expect(metricSourceOf(draft)).toBeUndefined();
    expect(metricSourceOf(published)).toBeUndefined();
  });

  it('writes no aggregate and archives nothing when a release is drafted and published', async () => {
    // Act
    await handler(
      { Records: [record('100', 'INSERT', undefined, draft), record('101', 'MODIFY', draft, published)] },
      testContext('project-case-events'),
    );

    // Assess
    expect(ddb.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});
