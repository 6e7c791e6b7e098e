import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { InvalidCursorError } from '../../../shared/adapters/case-store.js';
import { DynamoDisclosureBook, monthBounds } from '../../../shared/adapters/disclosure-book.js';
import { encodeIndexCursor } from '../../../shared/adapters/index-cursor.js';
import type { Case } from '../../../shared/domain/case.js';
import { disclosureCase, disclosureFile } from '../fixtures/desk-disclosure-case.js';

// 依申请公开 book: the by-disclosure index read by receipt date, with pages filled across filtered reads.

const ddb = mockClient(DynamoDBDocumentClient);
const book = new DynamoDisclosureBook(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'cases');

function stored(id: string, receivedOn = '2026-11-02'): Record<string, unknown> {
  const file = disclosureFile({ request: { ...disclosureFile().request, receivedOn } });
  return toItem(disclosureCase(file, { caseId: id }));
}

describe('Layout: the by-disclosure keys of a case item', () => {
  it('files every case with a disclosure file under DISCLOSURE by receipt date and id, and no other case', () => {
    // Act
    const item = stored('wf1', '2026-03-02');
    const { disclosure: _d, ...other } = disclosureCase(undefined, { caseId: 'wf2' }) as Case;
    const plain = toItem({ ...other, type: 'complaint' } as Case);

    // Assess
    expect(item).toMatchObject({ disclosureBook: 'DISCLOSURE', disclosureOn: '2026-03-02#wf1' });
    expect(plain).not.toHaveProperty('disclosureBook');
  });
});

describe('Adapter: DynamoDisclosureBook', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('queries the year up to its last day for the annual report, leaving out requests replied before it', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [stored('wf1')] });

    // Act
    const cases = await book.forAnnualReport(2026);

    // Assess
    expect(cases.map((c) => c.caseId)).toEqual(['wf1']);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'by-disclosure',
      ExpressionAttributeValues: expect.objectContaining({
        ':ixBook': 'DISCLOSURE',
        ':ixFrom': '0000-01-01#',
        ':ixTo': '2026-12-31#~',
        ':first': '2026-01-01',
      }),
      FilterExpression: 'attribute_not_exists(#d.#on) OR #d.#on >= :first',
      // The filter's #on (decidedOn) and the key's sort attribute never share a name.
      ExpressionAttributeNames: {
        '#d': 'disclosure',
        '#on': 'decidedOn',
        '#ixBook': 'disclosureBook',
        '#ixOn': 'disclosureOn',
      },
    });
  });

  it('follows every page of a long year', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [stored('wf1')],
        LastEvaluatedKey: {
          pk: 'CASE#wf1',
          sk: 'CASE',
          disclosureBook: 'DISCLOSURE',
          disclosureOn: '2026-11-02#wf1',
        },
      })
      .resolvesOnce({ Items: [stored('wf2')] });

    // Act
    const cases = await book.forAnnualReport(2026);

    // Assess
    expect(cases.map((c) => c.caseId)).toEqual(['wf1', 'wf2']);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });

  it('fills a queue page across filtered reads and resumes after its last row', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [stored('wf1')],
        LastEvaluatedKey: {
          pk: 'CASE#x',
          sk: 'CASE',
          disclosureBook: 'DISCLOSURE',
          disclosureOn: '2026-11-02#x',
        },
      })
      .resolvesOnce({
        Items: [stored('wf2'), stored('wf3')],
        LastEvaluatedKey: {
          pk: 'CASE#y',
          sk: 'CASE',
          disclosureBook: 'DISCLOSURE',
          disclosureOn: '2026-11-02#y',
        },
      });

    // Act
    const page = await book.listQueue(
      'review',
      { today: '2026-12-03', departmentId: 'housing-bureau' },
      { limit: 2 },
    );

    // Assess
    expect(page.items.map((c) => c.caseId)).toEqual(['wf1', 'wf2']);
    expect(JSON.parse(Buffer.from(page.nextCursor ?? '', 'base64url').toString())).toEqual({
      pk: 'CASE#wf2',
      sk: 'CASE',
      disclosureBook: 'DISCLOSURE',
      disclosureOn: '2026-11-02#wf2',
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      FilterExpression:
        '#type = :disclosure AND #status <> :closed AND #status <> :merged AND attribute_exists(#d.#draft) AND attribute_not_exists(#d.#draft.#returned) AND attribute_not_exists(#d.#approval) AND #dept = :dept',
      ExpressionAttributeNames: expect.objectContaining({ '#returned': 'returnedAt' }),
      ExpressionAttributeValues: expect.objectContaining({
        ':ixFrom': '2025-10-29#',
        ':ixTo': '2026-12-03#~',
        ':dept': 'housing-bureau',
      }),
    });
  });

  it('refuses a cursor of another index partition', async () => {
    // Prepare
    const foreign = encodeIndexCursor({
      pk: 'CASE#a',
      sk: 'CASE',
      disclosureBook: 'OTHER',
      disclosureOn: 'x',
    });

    // Act & Assess
    await expect(
      book.listQueue('open', { today: '2026-12-03' }, { limit: 5, cursor: foreign }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('lists a month’s decided or due requests for the 通报, in Shanghai time', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    await book.decidedOrDueIn('2026-11');

    // Assess
    expect(monthBounds('2026-11')).toEqual({
      first: '2026-11-01',
      last: '2026-11-30',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: expect.objectContaining({
        ':first': '2026-11-01',
        ':last': '2026-11-30',
        ':from': '2026-10-31T16:00:00.000Z',
        ':to': '2026-11-30T16:00:00.000Z',
        // The key condition's range of receipt days stays its own, from 400 days before the month.
        ':ixFrom': '2025-09-27#',
        ':ixTo': '2026-11-30#~',
      }),
    });
  });
});
