import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../../shared/adapters/config.js';
import { appealQueue, caseStore, directoryStore } from '../../../shared/adapters/stores.js';
import { TEST_ENV } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

describe('Adapter: stores', () => {
  beforeEach(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    resetConfig();
  });

  afterEach(() => {
    ddb.reset();
    vi.unstubAllEnvs();
    resetConfig();
  });

  it('makes one store per container and reads its table name from the config', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const first = directoryStore();
    const again = directoryStore();
    await caseStore().getById('c-1');

    // Assess
    expect(again).toBe(first);
    expect(appealQueue()).toBe(appealQueue());
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: TEST_ENV.CASES_TABLE_NAME });
  });

  it('makes a new store when the name or the follow-up window changes, never a stale one', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    const before = caseStore();

    // Act
    vi.stubEnv('CASES_TABLE_NAME', 'other-cases');
    resetConfig();
    const renamed = caseStore();
    await renamed.getById('c-1');
    vi.stubEnv('FOLLOW_UP_DAYS', '3');
    const shorter = caseStore();

    // Assess
    expect(renamed).not.toBe(before);
    expect(shorter).not.toBe(renamed);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: 'other-cases' });
  });
});
