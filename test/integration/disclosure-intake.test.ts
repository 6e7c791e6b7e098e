import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { rawPayloadKey } from '../../shared/adapters/raw-archive.js';
import { makeIdNumber } from '../unit/domain/disclosure/numbers.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  idle,
  invocations,
  postWebform,
  s3,
  stack,
  uniquePhone,
} from './helpers.js';

// 依申请公开 intake through the local stack: the disclosure office's staff entry (来信来访) and the
// web form make a `disclosure` case carrying the kept request, and no identity number is in clear in
// the stored item or in the raw archive's copy.

const ID = makeIdNumber('110105', '19870615', '006');

function request(phone: string) {
  return {
    applicant: {
      kind: 'citizen',
      name: '张三',
      document: { kind: 'resident_id_card', number: ID.toLowerCase() },
      contact: { phone, address: '江城市鼓楼区人民路 1 号', postcode: '100020' },
    },
    information: { description: '2025 年本市老旧小区改造项目的立项批复', documentNo: '江建发〔2025〕12号' },
    purpose: '了解本小区改造计划',
    form: { medium: 'paper', delivery: 'post' },
    departmentId: 'housing',
  };
}

async function storedCase(caseId: string): Promise<Record<string, unknown>> {
  return eventually(
    async () =>
      (
        await ddb.send(
          new GetCommand({
            TableName: stack.resources.casesTable,
            Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
          }),
        )
      ).Item,
    { what: `case ${caseId}` },
  );
}

async function rawCopy(caseId: string, receivedAt: string): Promise<string> {
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: stack.resources.archiveBucket,
      Key: rawPayloadKey(caseId, new Date(receivedAt)),
    }),
  );
  return (await object.Body?.transformToString()) ?? '';
}

/** What the staff entry answers: its numbers, or a refusal with its problems. */
interface Answer {
  trackingNo: string;
  caseId: string;
  receivedOn: string;
  error: { code: string; problems?: { path: string; code: string }[] };
}

/** The number in any spelling a leak could take: as typed (lower-case x) or normalised. */
function holdsId(text: string): boolean {
  return text.toLowerCase().includes(ID.toLowerCase());
}

describe('依申请公开 intake', () => {
  let agent: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    agent = await jwt.issue({ sub: 'it-agent', role: 'agent', agentId: 'a-901' });
  });

  async function enter(body: unknown, key?: string) {
    const res = await fetch(`${stack.url}/v1/disclosure/requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agent}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Answer };
  }

  it('makes a disclosure case of a letter entered by staff, with no identity number in clear', async () => {
    // Prepare: a registered letter signed for at 10:00 today in Shanghai.
    const signedForAt = new Date(Date.now() - 60_000).toISOString();
    const letter = { ...request(uniquePhone()), arrival: { way: 'post', signedForAt } };
    const key = idempotencyKey();

    // Act
    const first = await enter(letter, key);
    const retry = await enter(letter, key);
    await idle();

    // Assess
    expect(first.status).toBe(202);
    expect(retry.json).toEqual(first.json);
    const item = await storedCase(first.json.caseId);
    expect(item).toMatchObject({
      trackingNo: first.json.trackingNo,
      type: 'disclosure',
      channel: 'office',
      category: 'gov-info-disclosure',
      district: 'citywide',
    });
    expect((item.disclosure as { request?: unknown } | undefined)?.request).toMatchObject({
      departmentId: 'housing',
      receivedOn: first.json.receivedOn,
      applicant: { document: { kind: 'resident_id_card', last4: ID.slice(-4) } },
    });
    expect(holdsId(JSON.stringify(item))).toBe(false);
    const raw = await rawCopy(first.json.caseId, item.receivedAt as string);
    expect(raw).toContain('已隐去');
    expect(holdsId(raw)).toBe(false);
  });

  it('makes a disclosure case of the web form, received online on the day it is acknowledged', async () => {
    // Act
    const posted = await postWebform(
      { type: 'disclosure', disclosureRequest: request(uniquePhone()) },
      { 'idempotency-key': idempotencyKey() },
    );
    await idle();

    // Assess
    expect(posted.status).toBe(202);
    const trackingNo = posted.json.trackingNo as string;
    const [item] = await eventually(async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 ? items : undefined;
    });
    expect(item).toMatchObject({ type: 'disclosure', channel: 'webform' });
    expect((item?.disclosure as { request?: unknown } | undefined)?.request).toMatchObject({
      arrival: { way: 'online' },
      receivedOn: posted.json.receivedOn,
    });
    expect(holdsId(JSON.stringify(item))).toBe(false);
    expect(holdsId(await rawCopy(item?.caseId as string, item?.receivedAt as string))).toBe(false);
  });

  it('refuses a bad identity number with 422 invalid_request and queues nothing', async () => {
    // Prepare
    const before = (await invocations())['dispatch-appeal'];
    const bad = request(uniquePhone());
    bad.applicant.document.number = `${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}`;

    // Act
    const staff = await enter(
      { ...bad, arrival: { way: 'in_person', handedInAt: new Date().toISOString() } },
      idempotencyKey(),
    );
    const page = await postWebform({ type: 'disclosure', disclosureRequest: bad });
    await idle();

    // Assess
    for (const answer of [staff, page]) {
      expect(answer.status).toBe(422);
      const error = answer.json.error as Answer['error'];
      expect(error.code).toBe('invalid_request');
      expect(error.problems).toEqual([
        expect.objectContaining({ path: 'applicant.document.number', code: 'invalid_id_number' }),
      ]);
    }
    expect((await invocations())['dispatch-appeal']).toBe(before);
  });

  it('refuses an entry without an Idempotency-Key with 400 idempotency_key_required', async () => {
    // Act
    const answer = await enter({
      ...request(uniquePhone()),
      arrival: { way: 'fax', confirmedAt: new Date().toISOString() },
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('idempotency_key_required');
  });
});
