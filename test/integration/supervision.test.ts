import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { supervise as Supervise } from '../../functions/supervise-deadlines/handler.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { type Case, createCase } from '../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../shared/domain/working-days.js';
import { testAppeal } from '../unit/fixtures/appeal.js';
import { TEST_DIRECTORY } from '../unit/fixtures/directory.js';
import { ddb, eventually, invocations, stack, supervisionJob } from './helpers.js';

const DAY_MS = 86_400_000;

describe('Supervision through the local stack', () => {
  let supervise: typeof Supervise;

  beforeAll(async () => {
    // The supervision job runs in this worker, when the test says (helpers.ts).
    supervise = await supervisionJob();
  });

  it('marks a case past its deadline late exactly once when the job runs twice', async () => {
    // Prepare
    const store = new DynamoCaseStore(ddb, stack.resources.casesTable);
    const sourceId = `supervision-${randomUUID()}`;
    const caseId = deriveCaseId('webform', sourceId);
    const receivedAt = new Date(Date.now() - 30 * DAY_MS);
    const kase = createCase(
      testAppeal({
        sourceId,
        caseId,
        trackingNo: deriveTrackingNo(caseId, receivedAt),
        receivedAt: receivedAt.toISOString(),
      }),
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: receivedAt },
    );
    expect(kase.status).toBe('dispatched');
    expect(new Date(kase.dueAt).getTime()).toBeLessThan(Date.now());
    await store.create(kase);

    // Act
    const now = new Date();
    await supervise(now);
    await supervise(now);

    // Assess
    const stored = await store.getById(caseId);
    expect(stored?.slaOutcome).toBe('late');
    expect(stored?.history.filter((h) => h.action === 'mark_overdue')).toHaveLength(1);
    expect(stored?.history.filter((h) => h.action === 'remind').map((h) => h.note)).toEqual([
      'acknowledge',
      'complete',
    ]);
    expect(stored?.version).toBe(kase.version + 3);
  });

  it('marks late a case whose department paused it and never resumed, once the pause allowance is used up', async () => {
    // Prepare: received 30 days ago, acknowledged and paused by its department the next day
    const store = new DynamoCaseStore(ddb, stack.resources.casesTable);
    const sourceId = `supervision-paused-${randomUUID()}`;
    const caseId = deriveCaseId('webform', sourceId);
    const receivedAt = new Date(Date.now() - 30 * DAY_MS);
    const department: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
    const step = (k: Case, action: LifecycleAction, at: Date): Case => {
      const result = applyAction(k, action, department, { now: at, calendar: WEEKENDS_ONLY });
      if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
      return result.case;
    };
    const dispatched = createCase(
      testAppeal({
        sourceId,
        caseId,
        trackingNo: deriveTrackingNo(caseId, receivedAt),
        receivedAt: receivedAt.toISOString(),
      }),
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: receivedAt },
    );
    const acknowledged = step(
      dispatched,
      { action: 'acknowledge' },
      new Date(receivedAt.getTime() + 3_600_000),
    );
    const paused = step(
      acknowledged,
      { action: 'pause', reason: 'awaiting_correction' },
      new Date(receivedAt.getTime() + DAY_MS),
    );
    const latest = paused.pausedSince?.latestDueAt as string;
    expect(new Date(latest).getTime()).toBeLessThan(Date.now());
    await store.create(paused);

    // Act
    const now = new Date();
    await supervise(now);
    await supervise(now);

    // Assess
    const stored = await store.getById(caseId);
    expect(stored).toMatchObject({ slaOutcome: 'late', slaDueAt: latest, pausedSince: paused.pausedSince });
    expect(stored?.history.filter((h) => h.action === 'mark_overdue').map((h) => h.note)).toEqual([
      `${latest}: pause_limit_reached`,
    ]);
    expect(stored?.version).toBe(paused.version + 2);
  });

  it('runs the job on the local schedule', async () => {
    // Prepare
    const before = (await invocations())['supervise-deadlines'] ?? 0;

    // Act
    const after = await eventually(
      async () => {
        const n = (await invocations())['supervise-deadlines'] ?? 0;
        return n > before ? n : undefined;
      },
      { timeoutMs: 10_000, what: 'a scheduled supervise-deadlines run' },
    );

    // Assess
    expect(after).toBeGreaterThan(before);
  });
});
