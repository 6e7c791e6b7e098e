import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { buildWorkingCalendar, type CalendarYear } from '../../shared/domain/calendar/index.js';
import { createCase } from '../../shared/domain/case.js';
import { computeDeadlines } from '../../shared/domain/deadline-policy.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../shared/domain/working-days.js';
import { SEED_CALENDAR_YEARS } from '../../shared/seed/calendar/index.js';
import { testAppeal } from '../unit/fixtures/appeal.js';
import { TEST_DIRECTORY } from '../unit/fixtures/directory.js';
import { ddb, stack } from './helpers.js';

// 重算期限 through the local gateway: a calendar year put corrects the open case whose deadline was
// counted while that year was missing. The year is far out (2096) so no other test file counts a
// deadline in it, and its record is removed afterwards: the shared stack is left as it was found.

const YEAR = 2096;
/** A synthetic schedule: 元旦 on Sunday 2096-01-01 and Monday 01-02. Never in the seed. */
const Y2096: CalendarYear = {
  year: YEAR,
  holidays: [{ name: '元旦', from: '2096-01-01', to: '2096-01-02' }],
  makeUpWorkdays: [],
  source: 'integration test: a synthetic schedule',
};

type Json = Record<string, unknown> & { error?: { code: string } };

async function call(token: string, method: 'GET' | 'PUT', path: string, body?: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

/** The year's record, and any recompute a PUT of it left to do: the directory as it was found. */
async function removeYear(): Promise<void> {
  for (const pk of ['CALENDAR', 'CALENDAR_RECOMPUTE']) {
    await ddb.send(
      new DeleteCommand({ TableName: stack.resources.directoryTable, Key: { pk, sk: String(YEAR) } }),
    );
  }
}

describe('PUT /v1/admin/calendar/{year} through the local stack: the open deadlines in the year', () => {
  const store = new DynamoCaseStore(ddb, stack.resources.casesTable);
  // Help (5 working days) received Tuesday 2095-12-27 while 2096 had no schedule: Monday 01-02
  // was counted as a working day, so it is due Tuesday 01-03.
  const receivedAt = new Date('2095-12-27T02:00:00.000Z');
  const sourceId = `calendar-${randomUUID()}`;
  const caseId = deriveCaseId('webform', sourceId);
  let supervisor: string;

  beforeAll(async () => {
    supervisor = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-calendar', role: 'supervisor' });
    await removeYear();
    // Written as the stack holds such a case: recorded (受理), not yet dispatched, so no department's
    // queue shows it to another test.
    await store.create(
      createCase(
        testAppeal({
          sourceId,
          caseId,
          trackingNo: deriveTrackingNo(caseId, receivedAt),
          receivedAt: receivedAt.toISOString(),
        }),
        { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: receivedAt, route: false },
      ),
    );
  });

  afterAll(async () => {
    await removeYear();
  });

  it('moves the deadline of the open case, records why, counts it, and a second PUT changes nothing', async () => {
    // Prepare
    const before = await store.getById(caseId);
    const expected = computeDeadlines(
      'help',
      'normal',
      receivedAt,
      buildWorkingCalendar([...SEED_CALENDAR_YEARS, Y2096]),
    );

    // Act
    const first = await call(supervisor, 'PUT', `/v1/admin/calendar/${YEAR}`, Y2096);
    const after = await store.getById(caseId);
    const again = await call(supervisor, 'PUT', `/v1/admin/calendar/${YEAR}`, Y2096);
    const afterAgain = await store.getById(caseId);

    // Assess
    expect(before?.dueAt).toBe('2096-01-03T15:59:59.000Z');
    expect(first.status).toBe(201);
    expect(first.json.recomputed).toMatchObject({ failed: 0, complete: true });
    expect((first.json.recomputed as { changed: number }).changed).toBeGreaterThanOrEqual(1);
    expect(after?.dueAt).toBe(expected.dueAt.toISOString());
    expect(after?.dueAt).toBe('2096-01-04T15:59:59.000Z');
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.history.at(-1)).toMatchObject({
      actor: 'system:holiday-calendar',
      action: 'recompute_deadline',
      note: '2096 年节假日安排已添加：办理期限由 2096-01-03 改为 2096-01-04',
    });
    expect(again.status).toBe(200);
    expect(again.json.recomputed).toMatchObject({ changed: 0, failed: 0 });
    expect(afterAgain?.version).toBe(after?.version);
    expect(afterAgain?.dueAt).toBe(after?.dueAt);
  });
});
