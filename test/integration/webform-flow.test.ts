import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { rawPayloadKey } from '../../shared/adapters/raw-archive.js';
import {
  casesByTrackingNo,
  eventually,
  getStatus,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  s3,
  stack,
  webform,
} from './helpers.js';

describe('a web-form appeal through the local stack', () => {
  it('becomes a dispatched case whose status and raw payload can be read back', async () => {
    // Prepare
    const expected = routedPair();
    const body = webform();

    // Act
    const posted = await postWebform(body, { 'idempotency-key': idempotencyKey() });

    // Assess
    expect(posted.status).toBe(202);
    const trackingNo = posted.json.trackingNo as string;
    expect(trackingNo).toMatch(/^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the case in the cases table' },
    );
    expect(item).toMatchObject({ trackingNo, status: 'dispatched', departmentId: expected.departmentId });

    const status = await eventually(
      async () => {
        const s = await getStatus(trackingNo, '5678');
        return s.status === 200 && s.json.status === 'dispatched' ? s : undefined;
      },
      { what: 'the dispatched status' },
    );
    expect(status.json.department).toEqual({ id: expected.departmentId, name: expected.departmentName });

    const caseId = item?.caseId as string;
    const key = rawPayloadKey(caseId, new Date(item?.receivedAt as string));
    expect(key).toMatch(new RegExp(`^raw/\\d{4}/\\d{2}/\\d{2}/${caseId}\\.json$`));
    const object = await s3.send(new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: key }));
    const archived = JSON.parse(await (object.Body?.transformToString() ?? '{}')) as Record<string, unknown>;
    expect(archived).toMatchObject({ caseId, trackingNo, channel: 'webform' });
    expect(JSON.parse(archived.body as string)).toEqual(body);
  });

  it('gives a retried POST with the same Idempotency-Key the same tracking number and one case', async () => {
    // Prepare
    const key = idempotencyKey();
    const body = webform();

    // Act
    const first = await postWebform(body, { 'idempotency-key': key });
    const second = await postWebform(body, { 'idempotency-key': key });
    await eventually(async () =>
      (await casesByTrackingNo(first.json.trackingNo as string)).length ? true : undefined,
    );
    const third = await postWebform(body, { 'idempotency-key': key });

    // Assess
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(second.json.trackingNo).toBe(first.json.trackingNo);
    expect(third.json.trackingNo).toBe(first.json.trackingNo);
    await fetch(`${stack.url}/_local/idle`, { method: 'POST' });
    expect(await casesByTrackingNo(first.json.trackingNo as string)).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body with 422 and keeps the first appeal', async () => {
    // Prepare: a second citizen reuses the first one's key.
    const key = idempotencyKey();
    const body = webform();
    const other = webform({ content: '另一位市民：小区门口路灯坏了一个月，夜间出行不便' });

    // Act
    const first = await postWebform(body, { 'idempotency-key': key });
    const reused = await postWebform(other, { 'idempotency-key': key });
    const retried = await postWebform(body, { 'idempotency-key': key });

    // Assess
    expect([first.status, reused.status, retried.status]).toEqual([202, 422, 202]);
    expect(reused.json).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(reused.json.trackingNo).toBeUndefined();
    expect(retried.json.trackingNo).toBe(first.json.trackingNo);
    await idle();
    const items = await casesByTrackingNo(first.json.trackingNo as string);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ content: body.content });
  });

  it('takes an appeal with emoji (beyond U+FFFF) and stores its text as it was', async () => {
    // Prepare
    const content = '小区路灯坏了😡一个月🌃，夜间出行不便';

    // Act
    const posted = await postWebform(webform({ content }), { 'idempotency-key': idempotencyKey() });

    // Assess
    expect(posted.status).toBe(202);
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the emoji case in the cases table' },
    );
    expect(item?.content).toBe(content);
  });
});
