import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES, useDisclosureReplies } from '../../../functions/releases/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { closedCase } from '../fixtures/dossier.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

type Claims = Record<string, string>;
const DRAFTER: Claims = { sub: 's-1', role: 'supervisor' };
const REVIEWER: Claims = { sub: 's-2', role: 'supervisor' };
const ANALYST: Claims = { sub: 'n-1', role: 'analyst' };
const DEPARTMENT: Claims = { sub: 'u-1', role: 'department', departmentId: 'water-group' };

/** The cases table's items by pk/sk, and the archive's objects by key. */
let table: Map<string, Record<string, unknown>>;
let objects: Map<string, Uint8Array>;

function keyOf(pk: unknown, sk: unknown): string {
  return `${String(pk)}|${String(sk)}`;
}

function fakeTable(): void {
  ddb.on(GetCommand).callsFake((input) => ({ Item: table.get(keyOf(input.Key.pk, input.Key.sk)) }));
  ddb.on(QueryCommand).callsFake((input) => {
    if (input.TableName === 'directory') return directoryQuery(input);
    if (input.TableName === 'metrics') return { Items: [] };
    const prefix = String(input.ExpressionAttributeValues?.[':prefix'] ?? '');
    const items = [...table.values()]
      .filter((item) => item.pk === 'RELEASES' && String(item.sk).startsWith(prefix))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    return { Items: input.ScanIndexForward === false ? items.reverse() : items };
  });
  ddb.on(PutCommand).callsFake((input) => {
    const key = keyOf(input.Item?.pk, input.Item?.sk);
    const current = table.get(key);
    const values = input.ExpressionAttributeValues ?? {};
    const ok =
      input.ConditionExpression === 'attribute_not_exists(pk)'
        ? current === undefined
        : current !== undefined &&
          current.version === values[':version'] &&
          current.state === values[':state'];
    if (!ok) throw new ConditionalCheckFailedException({ message: 'conditional', $metadata: {} });
    table.set(key, input.Item as Record<string, unknown>);
    return {};
  });
  s3.on(GetObjectCommand).callsFake((input) => {
    const bytes = objects.get(input.Key as string);
    if (!bytes) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { Body: { transformToByteArray: async () => bytes } as never };
  });
  s3.on(PutObjectCommand).callsFake((input) => {
    const body = input.Body as Uint8Array;
    const digest = createHash('sha256').update(body).digest('base64');
    if (input.ChecksumSHA256 !== digest) throw new Error('checksum mismatch');
    objects.set(input.Key as string, body);
    return {};
  });
}

function request(
  claims: Claims | undefined,
  routeKey: string,
  options: { path: string; releaseId?: string; body?: unknown; query?: Record<string, string> },
) {
  const [method] = routeKey.split(' ') as [string];
  const event = httpEvent({
    method,
    path: options.path,
    routeKey,
    ...(options.releaseId ? { pathParameters: { releaseId: options.releaseId } } : {}),
    ...(options.query ? { query: options.query } : {}),
    ...(options.body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }),
  });
  return claims ? withClaims(event, claims) : event;
}

async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, testContext('releases'))) as APIGatewayProxyStructuredResultV2;
  const text = result.body as string | undefined;
  const json = result.headers?.['content-type']?.toString().startsWith('application/json');
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: text && json ? JSON.parse(text) : text,
  };
}

const create = (claims: Claims | undefined, body: unknown) =>
  call(request(claims, ROUTES.create, { path: '/v1/releases', body }));
const act = (claims: Claims, releaseId: string, body: unknown) =>
  call(request(claims, ROUTES.act, { path: `/v1/releases/${releaseId}/actions`, releaseId, body }));

/** A published 2026-10 figures release (the request time of httpEvent is 2026-11-22: late, due 11-13). */
async function published(): Promise<string> {
  const made = await create(DRAFTER, {
    kind: 'monthly_figures',
    period: '2026-10',
    responsible: { id: 's-1', name: '王主任' },
  });
  const id = made.body.release.releaseId as string;
  await act(ANALYST, id, { action: 'submit', expectedVersion: 0 });
  const done = await act(REVIEWER, id, { action: 'publish', expectedVersion: 1 });
  expect(done.status).toBe(200);
  return id;
}

describe('Function: releases', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    table = new Map();
    objects = new Map();
    fakeTable();
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('creates a draft with its due day and deterministic id', async () => {
    // Act
    const result = await create(DRAFTER, { kind: 'monthly_figures', period: '2026-10' });

    // Assess
    expect(result.status).toBe(201);
    expect(result.body.release).toMatchObject({
      releaseId: '2026-10-figures-01',
      state: 'draft',
      dueOn: '2026-11-13',
      timeliness: 'overdue',
    });
  });

  it('freezes the published document in the archive with its SHA-256, and refuses any later action with 409', async () => {
    // Act
    const id = await published();
    const again = await act(REVIEWER, id, { action: 'reject', expectedVersion: 2, reason: '想再改改' });
    const stored = table.get(keyOf('RELEASES', id));
    const bytes = objects.get(`releases/${id}.json`) as Uint8Array;

    // Assess
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'release_published' } } });
    expect(stored).toMatchObject({
      state: 'published',
      publishedBy: 's-2',
      frozen: { key: `releases/${id}.json` },
    });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      (stored as { frozen: { sha256: string } }).frozen.sha256,
    );
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `releases/${id}.json`, IfNoneMatch: '*' });
  });

  it('refuses the submitter publishing their own release (403 self_approval) and stores nothing', async () => {
    // Prepare
    const made = await create(DRAFTER, {
      kind: 'monthly_figures',
      period: '2026-10',
      responsible: { id: 's-1', name: '王主任' },
    });
    await act(DRAFTER, made.body.release.releaseId, { action: 'submit', expectedVersion: 0 });

    // Act
    const result = await act(DRAFTER, made.body.release.releaseId, { action: 'publish', expectedVersion: 1 });

    // Assess
    expect(result).toMatchObject({ status: 403, body: { error: { code: 'self_approval' } } });
    expect(objects.size).toBe(0);
  });

  it('answers bad input with a 4xx code and writes nothing', async () => {
    // Act
    const results = [
      await create(DRAFTER, { kind: 'weekly', period: '2026-10' }),
      await create(DRAFTER, { kind: 'monthly_figures', period: '2026-13' }),
      await create(DRAFTER, '{not json'),
      await create(DRAFTER, { kind: 'monthly_figures', period: '2026-11' }),
      await create(ANALYST, { kind: 'monthly_figures', period: '2026-10' }),
      await create(DEPARTMENT, { kind: 'monthly_figures', period: '2026-10' }),
      await create(undefined, { kind: 'monthly_figures', period: '2026-10' }),
      await act(DRAFTER, '2026-10-figures-01', { action: 'submit', expectedVersion: 0 }),
      await act(DRAFTER, 'nope', { action: 'submit', expectedVersion: 0 }),
    ];

    // Assess
    expect(results.map((r) => [r.status, r.body?.error?.code])).toEqual([
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [400, 'malformed_json'],
      [422, 'period_not_ended'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [401, 'unauthorized'],
      [404, 'release_not_found'],
      [404, 'release_not_found'],
    ]);
    expect(table.size).toBe(0);
  });

  it('refuses a stale expectedVersion with 409 version_conflict', async () => {
    // Prepare
    const made = await create(DRAFTER, { kind: 'monthly_figures', period: '2026-10' });

    // Act
    const result = await act(DRAFTER, made.body.release.releaseId, {
      action: 'assign_responsible',
      expectedVersion: 5,
      responsible: { id: 's-1', name: '王主任' },
    });

    // Assess
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'version_conflict' } } });
  });

  it('adds an anonymised typical case, and refuses a summary naming the caller', async () => {
    // Prepare
    const { closed } = closedCase({
      contact: { phoneHash: 'a'.repeat(64), phoneMasked: '139****5678', name: '张小明' },
    });
    table.set(keyOf(`CASE#${closed.caseId}`, 'CASE'), toItem(closed));
    const made = await create(DRAFTER, { kind: 'typical_cases', period: '2026-10' });
    const id = made.body.release.releaseId as string;
    const summary = {
      asked: '市民反映小区自前一晚起停水，未收到停水通知。',
      done: '供水公司连夜抢修，次日清晨恢复供水并张贴通知。',
    };

    // Act
    const leak = await act(DRAFTER, id, {
      action: 'add_case',
      expectedVersion: 0,
      caseId: closed.caseId,
      summary: { ...summary, asked: `${summary.asked}张小明很着急。` },
    });
    const added = await act(DRAFTER, id, {
      action: 'add_case',
      expectedVersion: 0,
      caseId: closed.caseId,
      summary,
    });

    // Assess
    expect(leak).toMatchObject({
      status: 422,
      body: {
        error: { code: 'identifying_text', details: { problems: [{ field: 'asked', kind: 'name' }] } },
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.release.cases[0].entry).toMatchObject({
      categoryName: expect.any(String),
      asked: summary.asked,
    });
  });

  it('lists published releases to the public, newest first, with the frozen document and its hash', async () => {
    // Prepare
    const id = await published();
    await create(DRAFTER, { kind: 'typical_cases', period: '2026-10' });

    // Act
    const list = await call(request(undefined, ROUTES.publicList, { path: '/v1/public/releases' }));
    const one = await call(
      request(undefined, ROUTES.publicGet, { path: `/v1/public/releases/${id}`, releaseId: id }),
    );
    const draft = await call(
      request(undefined, ROUTES.publicGet, {
        path: '/v1/public/releases/2026-10-cases-01',
        releaseId: '2026-10-cases-01',
      }),
    );

    // Assess
    expect(list.body.items).toEqual([
      expect.objectContaining({ releaseId: id, onTime: false, responsibleName: '王主任' }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('s-1');
    expect(one.body.document).toMatchObject({
      releaseId: id,
      content: { kind: 'monthly_figures', figures: { month: '2026-10' } },
    });
    expect(draft).toMatchObject({ status: 404, body: { error: { code: 'release_not_found' } } });
  });

  it('derives correctedBy from the correction without writing the frozen release', async () => {
    // Prepare
    const id = await published();
    const frozenItem = structuredClone(table.get(keyOf('RELEASES', id)));
    const fix = await create(DRAFTER, {
      kind: 'monthly_figures',
      period: '2026-10',
      corrects: id,
      responsible: { id: 's-1', name: '王主任' },
    });
    const fixId = fix.body.release.releaseId as string;
    await act(ANALYST, fixId, { action: 'submit', expectedVersion: 0 });
    await act(REVIEWER, fixId, { action: 'publish', expectedVersion: 1 });

    // Act
    const original = await call(
      request(undefined, ROUTES.publicGet, { path: `/v1/public/releases/${id}`, releaseId: id }),
    );

    // Assess
    expect(original.body.release).toMatchObject({ releaseId: id, correctedBy: fixId });
    expect(table.get(keyOf('RELEASES', id))).toEqual(frozenItem);
  });

  it('gives the bulletin as JSON and as CSV with a BOM, counting the disclosure replies of the port', async () => {
    // Prepare: the 2026-10 figures are due 2026-11-13 and published late (request time 2026-11-22).
    await published();
    useDisclosureReplies({
      decidedIn: async () => [
        {
          caseId: 'c1',
          departmentId: 'water-group',
          dueAt: '2026-11-20T15:59:59.000Z',
          slaOutcome: 'on_time',
          decidedOn: '2026-11-10',
        },
      ],
    });

    // Act
    const json = await call(
      request(ANALYST, ROUTES.bulletin, { path: '/v1/releases/bulletin', query: { month: '2026-11' } }),
    );
    const csv = await call(
      request(DRAFTER, ROUTES.bulletin, {
        path: '/v1/releases/bulletin',
        query: { month: '2026-11', format: 'csv' },
      }),
    );
    const bad = await call(
      request(ANALYST, ROUTES.bulletin, { path: '/v1/releases/bulletin', query: { month: '11/2026' } }),
    );

    // Assess
    expect(json.body.rows.map((r: { rank: number; bodyId: string }) => [r.rank, r.bodyId])).toEqual([
      [1, 'water-group'],
      [2, 'hotline'],
    ]);
    expect(json.body.rows[1].releases).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(csv.body.startsWith('\uFEFF排名,单位')).toBe(true);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_query' } } });
    useDisclosureReplies(undefined);
  });

  it('refuses to publish over a document already archived with other bytes (409 archive_conflict), changing nothing', async () => {
    // Prepare: the same id's document from an earlier, failed publish of other content.
    const made = await create(DRAFTER, {
      kind: 'monthly_figures',
      period: '2026-10',
      responsible: { id: 's-1', name: '王主任' },
    });
    const id = made.body.release.releaseId as string;
    objects.set(`releases/${id}.json`, new TextEncoder().encode('{"other":true}'));
    await act(ANALYST, id, { action: 'submit', expectedVersion: 0 });

    // Act
    const result = await act(REVIEWER, id, { action: 'publish', expectedVersion: 1 });

    // Assess
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'archive_conflict' } } });
    expect(table.get(keyOf('RELEASES', id))).toMatchObject({ state: 'submitted', version: 1 });
    expect(new TextDecoder().decode(objects.get(`releases/${id}.json`))).toBe('{"other":true}');
  });
});
