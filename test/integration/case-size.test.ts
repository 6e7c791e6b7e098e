import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { supervise as Supervise } from '../../functions/supervise-deadlines/handler.js';
import { loadDevJwt } from '../../local/jwt.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { type Case, createCase } from '../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../shared/domain/working-days.js';
import { testAppeal } from '../unit/fixtures/appeal.js';
import { TEST_DIRECTORY } from '../unit/fixtures/directory.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  type StaffJson,
  stack,
  staffCall,
  supervisionJob,
  webform,
} from './helpers.js';

// Issue 10, "a department can brick its own case": same-instant pause/resume with the longest notes
// used to grow a case to DynamoDB's 400 KB item limit, after which every write of it (complete,
// close, redispatch, supervision) failed with a 503. Driven here over HTTP as a department would.

const DAY_MS = 86_400_000;
const LONGEST_NOTE = '办'.repeat(500);

describe('a case a department tries to brick', () => {
  const { departmentId } = routedPair();
  let department: string;
  let supervisor: string;
  let caseId: string;
  let supervise: typeof Supervise;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-brick', role: 'department', departmentId });
    supervisor = await jwt.issue({ sub: 'it-brick-super', role: 'supervisor' });
    // The supervision job runs in this worker, when the test says (helpers.ts).
    supervise = await supervisionJob('ERROR');

    const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );
    caseId = item?.caseId as string;
  });

  it('refuses a note longer than the bound with 422 validation_failed naming the field', async () => {
    // Act
    const { status, json } = await staffCall(department, 'POST', `/v1/cases/by-id/${caseId}/actions`, {
      action: 'acknowledge',
      note: '办'.repeat(2000),
    });

    // Assess
    expect(status).toBe(422);
    expect(json.error?.code).toBe('validation_failed');
    expect(json.error?.details?.map((d) => d.path)).toEqual(['note']);
  });

  // About 160 actions over HTTP, one after another.
  it('refuses pause/resume with 422 case_too_large before the limit, and a supervisor still closes it', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const actions = `/v1/cases/by-id/${caseId}/actions`;
    expect((await staffCall(department, 'POST', actions, { action: 'acknowledge' })).status).toBe(200);

    // Act
    const answers: number[] = [];
    let refusal: StaffJson | undefined;
    for (let i = 0; i < 400 && !refusal; i++) {
      const body =
        i % 2 === 0
          ? { action: 'pause', reason: 'third_party', note: LONGEST_NOTE }
          : { action: 'resume', note: LONGEST_NOTE };
      const { status, json } = await staffCall(department, 'POST', actions, body);
      answers.push(status);
      if (status !== 200) refusal = json;
    }
    const filled = await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`);
    const resumed = filled.json.pausedSince
      ? await staffCall(supervisor, 'POST', actions, { action: 'resume', note: LONGEST_NOTE })
      : { status: 200 };
    const completed = await staffCall(department, 'POST', actions, { action: 'complete', reply: '已处理' });
    const closed = await staffCall(supervisor, 'POST', actions, { action: 'close', note: LONGEST_NOTE });

    // Assess
    expect(answers.at(-1)).toBe(422);
    expect(answers.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(refusal?.error?.code).toBe('case_too_large');
    expect(completed.status).toBe(422);
    expect(completed.json.error?.code).toBe('case_too_large');
    expect(resumed.status).toBe(200);
    expect(closed.status).toBe(200);
    expect(closed.json.status).toBe('closed');
    expect(Buffer.byteLength(JSON.stringify(closed.json))).toBeLessThan(320_000);
  });

  it('still marks late a case past its deadline whose history a department filled', async () => {
    // Prepare: the filled history, on a case past its deadline, written as the stack would hold it.
    const filled = await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`);
    const history = (filled.json.history as Case['history']).filter((h) => h.action !== 'close');
    const store = new DynamoCaseStore(ddb, stack.resources.casesTable);
    const sourceId = `brick-${randomUUID()}`;
    const lateId = deriveCaseId('webform', sourceId);
    const receivedAt = new Date(Date.now() - 30 * DAY_MS);
    const kase = createCase(
      testAppeal({
        sourceId,
        caseId: lateId,
        trackingNo: deriveTrackingNo(lateId, receivedAt),
        receivedAt: receivedAt.toISOString(),
      }),
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: receivedAt },
    );
    await store.create({ ...kase, history });

    // Act
    await supervise(new Date());

    // Assess
    const stored = await store.getById(lateId);
    expect(stored?.slaOutcome).toBe('late');
  });
});
