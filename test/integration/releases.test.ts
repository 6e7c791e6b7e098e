import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { previousPeriod } from '../../shared/domain/releases/index.js';
import { shanghaiDate } from '../../shared/domain/working-days.js';
import { ddb, eventually, type StaffJson, s3, stack, staffCall } from './helpers.js';

// 发布 through the local stack: the hourly drafting (every 2 s here) drafts last month's releases;
// a supervisor names the responsible person and submits, cannot publish their own, another
// publishes; the document is in the archive with the recorded hash, the public route lists it, a
// correction leaves it intact, and the 通报 counts it on time and an older month's release late.
// The clock is the request's: a release for an older month, published now, is late by itself.

type Release = {
  releaseId: string;
  version: number;
  state: string;
  dueOn: string;
  timeliness: string;
  frozen?: { key: string; sha256: string };
  correctedBy?: string;
};

const today = shanghaiDate(new Date());
const lastMonth = previousPeriod(today.slice(0, 7));
const olderMonth = previousPeriod(previousPeriod(previousPeriod(lastMonth)));
const RESPONSIBLE = { id: 'it-rel-a', name: '王主任' };

async function objectBytes(key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: key }));
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function publicJson(path: string): Promise<{ status: number; json: StaffJson }> {
  const res = await fetch(`${stack.url}${path}`);
  return { status: res.status, json: (await res.json()) as StaffJson };
}

describe('releases (发布) through the local stack', () => {
  let drafter: string;
  let reviewer: string;
  let analyst: string;
  let onTime: Release;

  const act = (token: string, id: string, body: unknown) =>
    staffCall(token, 'POST', `/v1/releases/${id}/actions`, body);

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    drafter = await jwt.issue({ sub: 'it-rel-a', role: 'supervisor' });
    reviewer = await jwt.issue({ sub: 'it-rel-b', role: 'supervisor' });
    analyst = await jwt.issue({ sub: 'it-rel-n', role: 'analyst' });
  });

  it('drafts last month, refuses a self-publish, and freezes what another supervisor publishes', async () => {
    // Prepare: the schedule's draft of last month's figures.
    const id = `${lastMonth}-figures-01`;
    const drafted = await eventually(async () => {
      const { json } = await staffCall(drafter, 'GET', `/v1/releases?period=${lastMonth}`);
      const found = (json.items as Release[]).find((r) => r.releaseId === id);
      if (!found) throw new Error('not drafted yet');
      return found;
    });
    await act(drafter, id, {
      action: 'assign_responsible',
      expectedVersion: drafted.version,
      responsible: RESPONSIBLE,
    });
    const submitted = await act(drafter, id, { action: 'submit', expectedVersion: drafted.version + 1 });

    // Act
    const self = await act(drafter, id, { action: 'publish', expectedVersion: drafted.version + 2 });
    const published = await act(reviewer, id, { action: 'publish', expectedVersion: drafted.version + 2 });
    const again = await act(reviewer, id, {
      action: 'reject',
      expectedVersion: drafted.version + 3,
      reason: '再改一下',
    });
    onTime = published.json.release as Release;

    // Assess
    expect(submitted.status).toBe(200);
    expect(self).toMatchObject({ status: 403, json: { error: { code: 'self_approval' } } });
    expect(published.status).toBe(200);
    expect(onTime).toMatchObject({ state: 'published', frozen: { key: `releases/${id}.json` } });
    expect(onTime.timeliness).toBe(today <= onTime.dueOn ? 'on_time' : 'late');
    expect(sha256(await objectBytes(`releases/${id}.json`))).toBe(onTime.frozen?.sha256);
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'release_published' } } });
  });

  it('lists the published release to the public with its frozen document', async () => {
    // Act
    const list = await publicJson('/v1/public/releases');
    const one = await publicJson(`/v1/public/releases/${onTime.releaseId}`);
    const draft = await publicJson(`/v1/public/releases/${lastMonth}-cases-01`);

    // Assess
    expect(list.json.items).toContainEqual(
      expect.objectContaining({
        releaseId: onTime.releaseId,
        sha256: onTime.frozen?.sha256,
        responsibleName: '王主任',
      }),
    );
    expect(one.json.document).toMatchObject({
      releaseId: onTime.releaseId,
      period: lastMonth,
      content: { kind: 'monthly_figures' },
    });
    expect(draft).toMatchObject({ status: 404, json: { error: { code: 'release_not_found' } } });
  });

  it('publishes a correction as a new release and leaves the original intact', async () => {
    // Prepare
    const before = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: 'RELEASES', sk: onTime.releaseId },
      }),
    );
    const made = await staffCall(drafter, 'POST', '/v1/releases', {
      kind: 'monthly_figures',
      period: lastMonth,
      corrects: onTime.releaseId,
      responsible: RESPONSIBLE,
    });
    const fix = made.json.release as Release;
    await act(analyst, fix.releaseId, { action: 'submit', expectedVersion: 0 });

    // Act
    const published = await act(reviewer, fix.releaseId, { action: 'publish', expectedVersion: 1 });
    const original = await publicJson(`/v1/public/releases/${onTime.releaseId}`);
    const after = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: 'RELEASES', sk: onTime.releaseId },
      }),
    );

    // Assess
    expect(made.status).toBe(201);
    expect(published.json.release).toMatchObject({ state: 'published', corrects: onTime.releaseId });
    expect(original.json.release).toMatchObject({
      releaseId: onTime.releaseId,
      sha256: onTime.frozen?.sha256,
      correctedBy: fix.releaseId,
    });
    expect(after.Item).toEqual(before.Item);
    expect(sha256(await objectBytes(`releases/${onTime.releaseId}.json`))).toBe(onTime.frozen?.sha256);
  });

  it('counts the release on time, and an older month published now late, in the 通报 of their due months', async () => {
    // Prepare: an older month's release, published today, long after its due day.
    const made = await staffCall(drafter, 'POST', '/v1/releases', {
      kind: 'monthly_figures',
      period: olderMonth,
      responsible: RESPONSIBLE,
    });
    const late = made.json.release as Release;
    await act(analyst, late.releaseId, { action: 'submit', expectedVersion: 0 });
    const published = await act(reviewer, late.releaseId, { action: 'publish', expectedVersion: 1 });

    // Act
    const dueMonth = await staffCall(
      analyst,
      'GET',
      `/v1/releases/bulletin?month=${onTime.dueOn.slice(0, 7)}`,
    );
    const lateMonth = await staffCall(
      analyst,
      'GET',
      `/v1/releases/bulletin?month=${late.dueOn.slice(0, 7)}`,
    );
    const csv = await fetch(`${stack.url}/v1/releases/bulletin?month=${late.dueOn.slice(0, 7)}&format=csv`, {
      headers: { authorization: `Bearer ${analyst}` },
    });

    // Assess
    expect(published.json.release).toMatchObject({ state: 'published', timeliness: 'late' });
    const hotline = (json: StaffJson) =>
      (json.rows as { bodyId: string; releases: unknown }[]).find((r) => r.bodyId === 'hotline');
    const expectedOnTime = today <= onTime.dueOn ? 1 : 0;
    expect(hotline(dueMonth.json)?.releases).toMatchObject({ numerator: expectedOnTime, denominator: 1 });
    expect(hotline(lateMonth.json)?.releases).toMatchObject({ numerator: 0, denominator: 1 });
    // (text() would drop the BOM: the bytes show it is there.)
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^排名,单位/);
  });

  it('answers bad input with a 4xx code and writes nothing', async () => {
    // Act
    const results = [
      await staffCall(drafter, 'POST', '/v1/releases', {
        kind: 'monthly_figures',
        period: today.slice(0, 7),
      }),
      await staffCall(drafter, 'POST', '/v1/releases', { kind: 'monthly_figures', period: 'last-month' }),
      await staffCall(analyst, 'POST', '/v1/releases', { kind: 'monthly_figures', period: olderMonth }),
      await staffCall(drafter, 'POST', '/v1/releases', { kind: 'monthly_figures', period: olderMonth }),
      await act(drafter, `${lastMonth}-cases-01`, {
        action: 'add_case',
        expectedVersion: 0,
        caseId: 'no-such-case',
        summary: { asked: '短', done: '短' },
      }),
      await staffCall(analyst, 'GET', '/v1/releases/bulletin?month=13'),
    ];

    // Assess
    expect(results.map((r) => [r.status, r.json.error?.code])).toEqual([
      [422, 'period_not_ended'],
      [422, 'validation_failed'],
      [403, 'forbidden'],
      [409, 'already_published'],
      [422, 'validation_failed'],
      [400, 'invalid_query'],
    ]);
  });
});
