import { beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  staffCall,
  webform,
} from './helpers.js';

// A case driven through the staff case API with dev tokens, the way a department and a supervisor
// would: through the gateway's JWT check, the handler and DynamoDB Local.

describe('the staff case API through the local stack', () => {
  const { departmentId } = routedPair();
  let jwt: DevJwt;
  let department: string;
  let otherDepartment: string;
  let supervisor: string;
  let caseId: string;

  beforeAll(async () => {
    // The stack's own signing key: the tokens `npm run token` prints for this data dir.
    jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-dept', role: 'department', departmentId });
    otherDepartment = await jwt.issue({
      sub: 'it-other',
      role: 'department',
      departmentId: `not-${departmentId}`,
    });
    supervisor = await jwt.issue({ sub: 'it-super', role: 'supervisor' });

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

  it('lists the dispatched case in its department queue, and hides it from another department', async () => {
    // Act
    const own = await staffCall(department, 'GET', `/v1/departments/${departmentId}/cases?limit=100`);
    const foreignQueue = await staffCall(otherDepartment, 'GET', `/v1/departments/${departmentId}/cases`);
    const foreignCase = await staffCall(otherDepartment, 'GET', `/v1/cases/by-id/${caseId}`);

    // Assess
    expect(own.status).toBe(200);
    expect((own.json.items as { caseId: string }[]).map((i) => i.caseId)).toContain(caseId);
    expect(foreignQueue.status).toBe(404);
    expect(foreignCase.status).toBe(404);
  });

  it('walks the case: acknowledge, request an extension, a supervisor approves it, complete', async () => {
    // Prepare
    const read = await staffCall(department, 'GET', `/v1/cases/by-id/${caseId}`);
    const dueAt = new Date(read.json.dueAt as string);
    const requestedDueAt = new Date(dueAt.getTime() + 86_400_000).toISOString();
    const actions = `/v1/cases/by-id/${caseId}/actions`;

    // Act
    const acknowledged = await staffCall(department, 'POST', actions, { action: 'acknowledge' });
    const again = await staffCall(department, 'POST', actions, { action: 'acknowledge' });
    const requested = await staffCall(department, 'POST', actions, {
      action: 'request_extension',
      reason: '需协调管网抢修',
      requestedDueAt,
    });
    const approved = await staffCall(supervisor, 'POST', actions, { action: 'approve_extension' });
    const completed = await staffCall(department, 'POST', actions, {
      action: 'complete',
      reply: '已处理完毕',
      internalNote: '现场核实',
    });

    // Assess
    expect(read.status).toBe(200);
    expect(acknowledged).toMatchObject({ status: 200, json: { status: 'acknowledged' } });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'illegal_transition' } } });
    expect(requested).toMatchObject({ status: 200, json: { pendingExtension: { requestedDueAt } } });
    expect(approved).toMatchObject({ status: 200, json: { dueAt: requestedDueAt, extensionsApproved: 1 } });
    expect(completed).toMatchObject({ status: 200, json: { status: 'completed', slaOutcome: 'on_time' } });
    const history = (completed.json.history as { action: string; actor: string }[]).map((h) => h.action);
    expect(history.slice(-4)).toEqual(['acknowledge', 'request_extension', 'approve_extension', 'complete']);
    expect(completed.json.version).toBe((read.json.version as number) + 4);

    const queue = await staffCall(department, 'GET', `/v1/departments/${departmentId}/cases?limit=100`);
    expect((queue.json.items as { caseId: string }[]).map((i) => i.caseId)).not.toContain(caseId);
  });
});
