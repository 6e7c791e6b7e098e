import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeleteObjectCommand,
  GetObjectLegalHoldCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectLegalHoldCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { objectOf } from '../../../local/s3-legal-hold.js';
import { type S3PostFront, startS3PostFront } from '../../../local/s3-post-front.js';

const KEY = 'cases/2026/12/case-1/dossier.json';

describe('Module: local S3 front, legal holds (fauxqs has none)', () => {
  // What reached the emulator behind the front: a legal-hold request never may.
  const forwarded: string[] = [];
  let upstream: Server;
  let front: S3PostFront;
  let client: S3Client;
  const direct = new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  });
  const emulator = mockClient(direct);

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      forwarded.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    front = await startS3PostFront({
      target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      s3: direct,
      secretAccessKey: 'local',
      allowedOrigins: [],
    });
    client = new S3Client({
      region: 'cn-north-1',
      endpoint: front.url,
      forcePathStyle: true,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
  });

  afterAll(async () => {
    await front.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  beforeEach(() => {
    forwarded.length = 0;
    emulator.reset();
    emulator
      .on(HeadObjectCommand)
      .rejects(new NotFound({ message: 'no', $metadata: { httpStatusCode: 404 } }));
    emulator.on(HeadObjectCommand, { Bucket: 'archive', Key: KEY }).resolves({});
  });

  const holdOf = async (key = KEY) =>
    (await client.send(new GetObjectLegalHoldCommand({ Bucket: 'archive', Key: key }))).LegalHold?.Status;
  const put = (Status: 'ON' | 'OFF', key = KEY) =>
    client.send(new PutObjectLegalHoldCommand({ Bucket: 'archive', Key: key, LegalHold: { Status } }));

  it('answers PutObjectLegalHold and GetObjectLegalHold through the SDK, and forwards neither', async () => {
    // Act
    await put('ON');
    const on = await holdOf();
    await put('OFF');
    const off = await holdOf();

    // Assess
    expect([on, off]).toEqual(['ON', 'OFF']);
    expect(forwarded).toEqual([]);
  });

  it('answers NoSuchKey for a missing object, and NoSuchObjectLockConfiguration for one never held', async () => {
    // Prepare
    emulator.on(HeadObjectCommand, { Key: 'cases/2026/12/case-1/dossier.html' }).resolves({});

    // Act
    const missing = await put('ON', 'cases/none.json').catch((e: Error) => e.name);
    const never = await holdOf('cases/2026/12/case-1/dossier.html').catch((e: Error) => e.name);

    // Assess
    expect(missing).toBe('NoSuchKey');
    expect(never).toBe('NoSuchObjectLockConfiguration');
    expect(forwarded).toEqual([]);
  });

  it('refuses to delete a held object (AccessDenied), and lets a delete through once lifted', async () => {
    // Prepare
    await put('ON');

    // Act
    const refused = await client
      .send(new DeleteObjectCommand({ Bucket: 'archive', Key: KEY }))
      .catch((e: Error) => e.name);
    await put('OFF');
    await client.send(new DeleteObjectCommand({ Bucket: 'archive', Key: KEY }));

    // Assess
    expect(refused).toBe('AccessDenied');
    expect(forwarded).toEqual([`DELETE /archive/${KEY}?x-id=DeleteObject`]);
  });

  it('refuses a hold request without a checksum or with a status S3 does not know', async () => {
    // Act
    const bare = await fetch(`${front.url}/archive/${KEY}?legal-hold`, {
      method: 'PUT',
      body: '<LegalHold><Status>ON</Status></LegalHold>',
    });
    const odd = await fetch(`${front.url}/archive/${KEY}?legal-hold`, {
      method: 'PUT',
      headers: { 'content-md5': 'x' },
      body: '<LegalHold><Status>MAYBE</Status></LegalHold>',
    });

    // Assess
    expect([bare.status, await bare.text()]).toEqual([400, expect.stringContaining('InvalidRequest')]);
    expect([odd.status, await odd.text()]).toEqual([400, expect.stringContaining('MalformedXML')]);
    expect(forwarded).toEqual([]);
  });

  it('reads bucket and key from a path-style URL, the key decoded', () => {
    // Act & Assess
    expect(objectOf('/archive/uploads/a%20b.jpg?legal-hold')).toEqual({
      bucket: 'archive',
      key: 'uploads/a b.jpg',
      legalHold: true,
    });
    expect(objectOf('/archive?list-type=2')).toBeUndefined();
    expect(objectOf('/archive/')).toBeUndefined();
  });
});
