import {
  DeleteObjectCommand,
  GetObjectLegalHoldCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { readStackFile } from '../../local/stack-file.js';
import { verifyArchivedCase } from '../../shared/adapters/archive-verifier.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import type { Case } from '../../shared/domain/case.js';
import { dossierPrefix } from '../../shared/domain/dossier/index.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  s3,
  stack,
  staffCall,
  webform,
} from './helpers.js';

// 法律保全 through the local stack: a supervisor holds a closed case's dossier over the staff API,
// the stream consumer puts the hold on every object of it (the local S3 front keeps the holds
// fauxqs lacks), read back with GetObjectLegalHold through the SDK as the functions reach S3; then
// lifted. Other roles are refused, and verify-archive takes the further dossiers the hold leaves.

const bucket = stack.resources.archiveBucket;
const cases = new DynamoCaseStore(ddb, stack.resources.casesTable);
/** The functions' S3 endpoint (the front), not fauxqs itself as the other helpers' client. */
const front = new S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  endpoint: readStackFile(stack.dataDir).env.AWS_ENDPOINT_URL_S3,
  forcePathStyle: true,
});

async function folderOf(kase: Case): Promise<string[]> {
  const Prefix = dossierPrefix(kase.caseId, kase.history.find((h) => h.action === 'close')?.at as string);
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix }));
  return (page.Contents ?? []).map((o) => o.Key as string).sort();
}

async function holdOf(key: string): Promise<string> {
  try {
    const out = await front.send(new GetObjectLegalHoldCommand({ Bucket: bucket, Key: key }));
    return out.LegalHold?.Status ?? 'none';
  } catch (error) {
    return (error as Error).name;
  }
}

describe('法律保全 (legal_hold) through the local stack', () => {
  let closed: Case;
  let supervisor: string;
  let department: string;
  let analyst: string;
  const hold = (token: string, on: boolean, note = on ? '法院调取证据（集成测试）' : '案件审结，解除保全') =>
    staffCall(token, 'POST', `/v1/cases/by-id/${closed.caseId}/actions`, {
      action: 'legal_hold',
      hold: on,
      note,
    });

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    const { departmentId } = routedPair();
    supervisor = await jwt.issue({ sub: 'it-hold-supervisor', role: 'supervisor' });
    department = await jwt.issue({ sub: 'it-hold-dept', role: 'department', departmentId });
    analyst = await jwt.issue({ sub: 'it-hold-analyst', role: 'analyst' });
    const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );
    const close = await staffCall(supervisor, 'POST', `/v1/cases/by-id/${item?.caseId as string}/actions`, {
      action: 'close',
      note: '市民撤回诉求（法律保全测试）',
    });
    expect(close.status).toBe(200);
    closed = close.json as unknown as Case;
    await idle();
    await eventually(async () => ((await folderOf(closed)).length === 2 ? true : undefined), {
      what: 'the dossier',
    });
  });

  it('refuses a department user and an analyst (403) and writes nothing', async () => {
    // Act
    const byDepartment = await hold(department, true);
    const byAnalyst = await hold(analyst, true);

    // Assess
    expect([byDepartment.status, byAnalyst.status]).toEqual([403, 403]);
    expect((await cases.getById(closed.caseId))?.version).toBe(closed.version);
  });

  it("sets the hold from the supervisor's action: audited in the history, ON on every object of the dossier", async () => {
    // Act
    const res = await hold(supervisor, true);
    await idle();

    // Assess
    expect(res.status).toBe(200);
    const held = res.json as unknown as Case;
    expect(held.history.at(-1)).toMatchObject({
      actor: 'supervisor:it-hold-supervisor',
      action: 'legal_hold',
      note: 'on: 法院调取证据（集成测试）',
    });
    expect(held.legalHold).toMatchObject({ on: true, by: 'supervisor:it-hold-supervisor' });
    const folder = await eventually(
      async () => {
        const keys = await folderOf(closed);
        return keys.length === 4 ? keys : undefined;
      },
      { what: 'the further dossier of the hold' },
    );
    expect(folder.some((k) => k.endsWith(`dossier.v${held.version}.json`))).toBe(true);
    const keys = [...folder, closed.rawKey as string];
    await eventually(
      async () => ((await Promise.all(keys.map(holdOf))).every((s) => s === 'ON') ? true : undefined),
      {
        what: 'the legal hold on every object',
      },
    );
  });

  it('refuses the same hold again (409 already_done), so a retry writes nothing', async () => {
    // Prepare
    const before = await cases.getById(closed.caseId);

    // Act
    const again = await hold(supervisor, true);

    // Assess
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('already_done');
    expect((await cases.getById(closed.caseId))?.version).toBe(before?.version);
  });

  it('refuses to delete a held dossier (AccessDenied)', async () => {
    // Prepare
    const [json] = (await folderOf(closed)).filter((k) => k.endsWith('/dossier.json'));

    // Act
    const deleted = await front
      .send(new DeleteObjectCommand({ Bucket: bucket, Key: json }))
      .then(() => 'deleted')
      .catch((error: Error) => error.name);

    // Assess
    expect(deleted).toBe('AccessDenied');
    expect(await folderOf(closed)).toContain(json);
  });

  it('lifts the hold (OFF on every object), and verify-archive takes both further dossiers', async () => {
    // Act
    const res = await hold(supervisor, false);
    await idle();

    // Assess
    expect(res.status).toBe(200);
    expect((res.json as unknown as Case).legalHold).toMatchObject({ on: false, note: '案件审结，解除保全' });
    const folder = await eventually(
      async () => {
        const keys = await folderOf(closed);
        return keys.length === 6 ? keys : undefined;
      },
      { what: 'the further dossier of the lift' },
    );
    const keys = [...folder, closed.rawKey as string];
    await eventually(
      async () => ((await Promise.all(keys.map(holdOf))).every((s) => s === 'OFF') ? true : undefined),
      {
        what: 'the legal hold lifted on every object',
      },
    );
    const verified = await verifyArchivedCase(closed.caseId, { s3, bucket, cases });
    expect(verified.mismatches).toEqual([]);
    expect(verified.supplements).toHaveLength(2);
  });
});
