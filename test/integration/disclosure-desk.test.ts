import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import { verifyArchivedCase } from '../../shared/adapters/archive-verifier.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { citizenRequest } from '../unit/domain/disclosure/fixtures.js';
import { ddb, eventually, idempotencyKey, s3, stack, staffCall } from './helpers.js';

// 依申请公开 desk through the local stack: a request entered at the office, registered and drafted by
// a department user, refused to that same person, approved by a reviewer (the 答复书 rendered with the
// real font and stored in the archive), the letter served with its hash, and the annual report.

const BODY = 'housing';

async function raw(token: string, path: string) {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('the disclosure desk through the local stack', () => {
  let jwt: DevJwt;
  let handler: string;
  let handlerAsReviewer: string;
  let reviewer: string;
  let analyst: string;
  let caseId: string;
  let year: string;

  beforeAll(async () => {
    jwt = await loadDevJwt(stack.dataDir);
    handler = await jwt.issue({ sub: 'it-disc-a', role: 'department', departmentId: BODY });
    // The same person holding the reviewer role too: the two-person rule compares people, not roles.
    handlerAsReviewer = await jwt.issue({ sub: 'it-disc-a', role: 'reviewer' });
    reviewer = await jwt.issue({ sub: 'it-disc-r', role: 'reviewer' });
    analyst = await jwt.issue({ sub: 'it-disc-n', role: 'analyst' });

    // Prepare: a request handed in at the counter (来访), entered by the office.
    const now = new Date().toISOString();
    const res = await fetch(`${stack.url}/v1/disclosure/requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${handler}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey(),
      },
      body: JSON.stringify(
        citizenRequest({ departmentId: BODY, arrival: { way: 'in_person', handedInAt: now } }),
      ),
    });
    const entered = (await res.json()) as { caseId: string; receivedOn: string };
    expect(res.status).toBe(202);
    caseId = entered.caseId;
    year = entered.receivedOn.slice(0, 4);
    await eventually(
      async () => {
        const got = await staffCall(handler, 'GET', `/v1/cases/by-id/${caseId}`);
        return got.status === 200 ? got : undefined;
      },
      { what: 'the disclosure case', timeoutMs: 30_000 },
    );
  }, 60_000);

  it('registers, drafts, refuses the drafter, approves by a reviewer and serves the letter', async () => {
    // Prepare: 登记 and 拟稿 by the handler, through the case API.
    const act = async (body: Record<string, unknown>) => {
      const current = await staffCall(handler, 'GET', `/v1/cases/by-id/${caseId}`);
      return staffCall(handler, 'POST', `/v1/cases/by-id/${caseId}/actions`, body).then((r) => ({
        ...r,
        before: current.json.version,
      }));
    };
    const registered = await act({ action: 'register', decision: 'accept' });
    expect(registered.status, JSON.stringify(registered.json)).toBe(200);
    const drafted = await act({
      action: 'draft_reply',
      drafterName: '王五',
      reply: {
        outcome: 'partly_disclosed',
        provision: { form: 'email', formWanted: 'email' },
        withheldParts: [
          {
            part: '中标企业的报价明细',
            ground: 'withheld_third_party_rights',
            reason: '涉及第三方商业秘密，第三方不同意公开',
          },
        ],
      },
    });
    expect(drafted.status, JSON.stringify(drafted.json)).toBe(200);
    const version = drafted.json.version as number;

    // The review queue shows it, masked.
    const queue = await staffCall(reviewer, 'GET', '/v1/disclosure/cases?queue=review&limit=100');
    expect(queue.status).toBe(200);
    const row = (queue.json.items as Record<string, unknown>[]).find((r) => r.caseId === caseId);
    expect(row).toMatchObject({ applicant: { name: '张三' }, draft: { revision: 1, drafterName: '王五' } });
    expect(JSON.stringify(row)).not.toMatch(/\d{17}[\dXx]/);

    // Act: the handler tries to approve (by role, then as a reviewer), then a reviewer does.
    const body = { expectedVersion: version, confidentialityReviewed: true, reviewerName: '李审核' };
    const asDepartment = await staffCall(handler, 'POST', `/v1/disclosure/cases/${caseId}/approve`, body);
    const asSelf = await staffCall(handlerAsReviewer, 'POST', `/v1/disclosure/cases/${caseId}/approve`, body);
    const approved = await staffCall(reviewer, 'POST', `/v1/disclosure/cases/${caseId}/approve`, body);

    // Assess
    expect(asDepartment.status).toBe(403);
    expect(asSelf.status).toBe(403);
    expect(asSelf.json.error?.code).toBe('self_approval');
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    const kase = approved.json.case as {
      status: string;
      disclosure: { letter: { sha256: string; letterNo: string }; outcome: string };
    };
    expect(kase.status).toBe('closed');
    expect(kase.disclosure.outcome).toBe('partly_disclosed');
    expect(kase.disclosure.letter.letterNo).toMatch(new RegExp(`〔${year}〕第\\d{4}号$`));

    const letter = await raw(handler, `/v1/disclosure/cases/${caseId}/letter`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(letter.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(createHash('sha256').update(letter.bytes).digest('hex')).toBe(kase.disclosure.letter.sha256);
    expect(letter.headers.get('content-disposition')).toContain(
      encodeURIComponent(kase.disclosure.letter.letterNo),
    );

    // The closed case's dossier names the letter with its hash, and verify-archive re-hashes it.
    const cases = new DynamoCaseStore(ddb, stack.resources.casesTable);
    const verified = await eventually(
      async () => {
        const result = await verifyArchivedCase(caseId, { s3, bucket: stack.resources.archiveBucket, cases });
        return result.jsonKey ? result : undefined;
      },
      { what: 'the dossier of the replied request', timeoutMs: 30_000 },
    );
    expect(verified.mismatches).toEqual([]);
    const json = await s3.send(
      new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: verified.jsonKey }),
    );
    const dossier = JSON.parse((await json.Body?.transformToString()) ?? '{}') as {
      objects: Record<string, unknown>[];
    };
    expect(dossier.objects).toContainEqual(
      expect.objectContaining({ kind: 'letter', sha256: kase.disclosure.letter.sha256 }),
    );
  }, 120_000);

  it('answers the annual report as JSON, CSV and XLSX, counting the request', async () => {
    // Act
    const json = await staffCall(analyst, 'GET', `/v1/disclosure/annual-report?year=${year}`);
    const csv = await raw(analyst, `/v1/disclosure/annual-report?year=${year}&format=csv`);
    const xlsx = await raw(analyst, `/v1/disclosure/annual-report?year=${year}&format=xlsx`);
    const bad = await staffCall(analyst, 'GET', '/v1/disclosure/annual-report?year=20x6');

    // Assess
    expect(json.status).toBe(200);
    const requests = json.json.requests as { received: { counts: { natural_person: number } } };
    expect(requests.received.counts.natural_person).toBeGreaterThanOrEqual(1);
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.headers.get('content-disposition')).toContain(`disclosure-annual-report-${year}.csv`);
    expect(xlsx.status).toBe(200);
    expect(new TextDecoder().decode(xlsx.bytes.subarray(0, 2))).toBe('PK');
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid_year');
  });
});
