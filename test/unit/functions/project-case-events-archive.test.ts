import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  PutObjectLegalHoldCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import { S3DossierArchive } from '../../../shared/adapters/dossier-archive.js';
import type { Case } from '../../../shared/domain/case.js';
import { dossierKeys } from '../../../shared/domain/dossier/index.js';
import { applyAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { closedCase, PHOTO_KEY, RAW_KEY } from '../fixtures/dossier.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

type Handler = typeof import('../../../functions/project-case-events/handler.js').handler;
type Archive = typeof import('../../../functions/project-case-events/archive.js').archiveTerminalCases;
let handler: Handler;
let archiveTerminalCases: Archive;
let logger: typeof import('../../../shared/logger.js').logger;

const s3 = mockClient(S3Client);
// The same handler keeps the metric aggregates: they answer, and are tested on their own.
const ddb = mockClient(DynamoDBDocumentClient);
const utf8 = new TextEncoder();
const RAW = utf8.encode('{"body":"停水了"}');
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

const { completed, closed } = closedCase();
const keys = dossierKeys(closed.caseId, closed.history.at(-1)?.at as string);

function image(c: Case) {
  return marshall(toItem(c), { removeUndefinedValues: true }) as never;
}

function streamRecord(id: string, before: Case | undefined, after: Case): DynamoDBRecord {
  return {
    eventID: id,
    eventName: before ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: marshall({ pk: `CASE#${after.caseId}`, sk: 'CASE' }) as never,
      ...(before ? { OldImage: image(before) } : {}),
      NewImage: image(after),
      SequenceNumber: id,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const closing: DynamoDBStreamEvent = { Records: [streamRecord('100', completed, closed)] };

function body(bytes: Uint8Array) {
  return { Body: { transformToByteArray: async () => bytes } as never };
}

const noSuchKey = () =>
  new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });

/** The bucket holds the raw payload and the photo; the dossier files as given (absent by default). */
function bucket(dossier: { json?: Uint8Array; html?: Uint8Array } = {}): void {
  s3.on(GetObjectCommand).rejects(noSuchKey());
  s3.on(GetObjectCommand, { Key: RAW_KEY }).resolves(body(RAW));
  s3.on(GetObjectCommand, { Key: PHOTO_KEY }).resolves(body(PHOTO));
  if (dossier.json) s3.on(GetObjectCommand, { Key: keys.json }).resolves(body(dossier.json));
  if (dossier.html) s3.on(GetObjectCommand, { Key: keys.html }).resolves(body(dossier.html));
  s3.on(PutObjectCommand).resolves({});
}

function puts(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
}

/** The EMF documents Powertools wrote to stdout during `run`. */
async function outputDuring(run: () => Promise<unknown>) {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  let outcome: unknown;
  try {
    outcome = await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const parsed = lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { outcome, emf: parsed.filter((d) => '_aws' in d) };
}

describe('Function: project-case-events, 归档', () => {
  beforeAll(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'project-case-events');
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    resetConfig();
    // Imported after the environment is set: the logger and metrics read it as they load.
    ({ handler } = await import('../../../functions/project-case-events/handler.js'));
    ({ archiveTerminalCases } = await import('../../../functions/project-case-events/archive.js'));
    ({ logger } = await import('../../../shared/logger.js'));
  });

  beforeEach(() => {
    s3.reset();
    ddb.reset();
    ddb.on(UpdateCommand).resolves({});
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes dossier.html and dossier.json create-only when a case closes', async () => {
    // Prepare
    bucket();

    // Act
    const result = await handler(closing, testContext('project-case-events'));

    // Assess
    expect(result).toBeUndefined(); // the batch succeeded whole (no partial responses)
    expect(puts().map((p) => p.Key)).toEqual([keys.html, keys.json]);
    expect(keys.json).toBe(`cases/2026/12/${closed.caseId}/dossier.json`);
    for (const put of puts())
      expect(put).toMatchObject({ Bucket: 'archive', IfNoneMatch: '*', ChecksumAlgorithm: 'SHA256' });
    const dossier = JSON.parse(new TextDecoder().decode(puts()[1]?.Body as Uint8Array));
    expect(dossier.objects).toEqual([
      expect.objectContaining({ kind: 'raw', key: RAW_KEY, size: RAW.length }),
      expect.objectContaining({ kind: 'attachment', key: PHOTO_KEY, size: PHOTO.length }),
    ]);
    expect(dossier.case.history).toEqual(closed.history);
  });

  it('writes nothing on a replay of the same record: the objects are there with the same bytes', async () => {
    // Prepare: the first delivery's bytes are what the bucket now holds
    bucket();
    await handler(closing, testContext('project-case-events'));
    const [html, json] = puts().map((p) => p.Body as Uint8Array);
    s3.reset();
    bucket({ json, html });

    // Act
    const result = await handler(closing, testContext('project-case-events'));

    // Assess
    expect(result).toBeUndefined(); // the batch succeeded whole (no partial responses)
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('raises ArchiveConflict and overwrites nothing when a dossier exists with other bytes', async () => {
    // Prepare
    bucket({ json: utf8.encode('{"tampered":true}\n') });

    // Act
    const error = vi.spyOn(logger, 'error');
    const { outcome, emf } = await outputDuring(() => handler(closing, testContext('project-case-events')));

    // Assess: not a failure either, so the record is not retried for ever
    expect(outcome).toBeUndefined();
    expect(puts().map((p) => p.Key)).toEqual([keys.html]);
    expect(emf).toEqual([expect.objectContaining({ ArchiveConflict: 1, service: 'project-case-events' })]);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('archive conflict'),
      expect.objectContaining({ caseId: closed.caseId, keys: [keys.json] }),
    );
  });

  it('fails the invocation when a dossier cannot be written, so the batch is retried', async () => {
    // Prepare
    bucket();
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
    );

    // Act & Assess
    await expect(handler(closing, testContext('project-case-events'))).rejects.toThrow();
  });

  it('settles a put refused with 412 by the bytes that won the race', async () => {
    // Prepare: absent at the read, present at the put (another invocation wrote the same bytes)
    bucket();
    const archive = new S3DossierArchive(new S3Client({}), 'archive');
    const first = await archive.archive(closed);
    const [html, json] = puts().map((p) => p.Body as Uint8Array);
    s3.reset();
    bucket();
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    s3.on(GetObjectCommand, { Key: keys.html })
      .rejectsOnce(noSuchKey())
      .resolves(body(html as Uint8Array));
    s3.on(GetObjectCommand, { Key: keys.json })
      .rejectsOnce(noSuchKey())
      .resolves(body(json as Uint8Array));

    // Act
    const second = await archive.archive(closed);

    // Assess
    expect(first).toMatchObject({ html: 'written', json: 'written' });
    expect(second).toMatchObject({ html: 'unchanged', json: 'unchanged' });
  });

  it('records a referenced object that is not there instead of failing for ever', async () => {
    // Prepare
    bucket();
    s3.on(GetObjectCommand, { Key: PHOTO_KEY }).rejects(noSuchKey());

    // Act
    const [result] = await archiveTerminalCases([{ before: completed, after: closed }]);

    // Assess
    expect(result?.dossier.objects[1]).toEqual({ kind: 'attachment', key: PHOTO_KEY, missing: true });
  });

  it('archives a merged case too, and nothing for a change between open statuses or of a closed case', async () => {
    // Prepare
    bucket();
    const { closed: duplicate } = closedCase({ caseId: `${closed.caseId}-dup` });
    const created = { ...duplicate, status: 'dispatched' as const, history: duplicate.history.slice(0, 2) };
    const merge = applyAction(
      created,
      { action: 'merge', masterCaseId: closed.caseId },
      { role: 'dispatcher', id: 'd-1' },
      { now: new Date('2026-11-20T05:00:00Z'), calendar: WEEKENDS_ONLY },
    );
    if (!merge.ok) throw new Error(merge.refusal.code);

    // Act
    const results = await archiveTerminalCases([
      { before: created, after: merge.case },
      { before: closed, after: { ...closed, version: closed.version + 1 } },
      { before: { ...completed, status: 'acknowledged' }, after: completed },
      { after: undefined },
    ]);

    // Assess
    expect(results.map((r) => [r.dossier.caseId, r.dossier.status])).toEqual([[merge.case.caseId, 'merged']]);
    expect(results[0]?.keys.json).toBe(`cases/2026/11/${merge.case.caseId}/dossier.json`);
  });

  it('writes a further dossier beside the first when a closed case gains a review (record_review)', async () => {
    // Prepare: the review is appended a month later; the case stays closed
    bucket();
    const reviewed: Case = {
      ...closed,
      version: closed.version + 1,
      history: [
        ...closed.history,
        { at: '2027-01-06T02:00:00.000Z', actor: 'supervisor:s-1', action: 'record_review', note: 'R1' },
      ],
    };

    // Act
    const results = await archiveTerminalCases([{ before: closed, after: reviewed }]);

    // Assess: same folder (the instant it closed), a versioned name, the first chain as its prefix
    const supplement = `cases/2026/12/${closed.caseId}/dossier.v${reviewed.version}`;
    expect(puts().map((p) => p.Key)).toEqual([`${supplement}.html`, `${supplement}.json`]);
    const dossier = results[0]?.dossier;
    expect(dossier?.closedAt).toBe(closed.history.at(-1)?.at);
    expect(dossier?.case.history.at(-1)?.action).toBe('record_review');
    const [first] = await archiveTerminalCases([{ before: completed, after: closed }]);
    expect(dossier?.chain.slice(0, first?.dossier.chain.length)).toEqual(first?.dossier.chain);
  });

  describe('法律保全 (legal_hold)', () => {
    const supervisor = { role: 'supervisor' as const, id: 's-1' };
    const folder = `cases/2026/12/${closed.caseId}/`;
    const hold = (kase: Case, on: boolean, iso: string): Case => {
      const result = applyAction(
        kase,
        { action: 'legal_hold', hold: on, note: on ? '法院调取证据' : '案件审结' },
        supervisor,
        { now: new Date(iso), calendar: WEEKENDS_ONLY },
      );
      if (!result.ok) throw new Error(result.refusal.code);
      return result.case;
    };
    const held = hold(closed, true, '2027-01-06T02:00:00.000Z');

    /** The case's folder as S3 lists it: the first dossier and the further ones named. */
    function folderHolds(...versions: number[]): void {
      const names = [
        'dossier.html',
        'dossier.json',
        ...versions.flatMap((v) => [`dossier.v${v}.html`, `dossier.v${v}.json`]),
      ];
      s3.on(ListObjectsV2Command, { Prefix: folder }).resolves({
        Contents: names.map((n) => ({ Key: `${folder}${n}` })),
      });
      s3.on(PutObjectLegalHoldCommand).resolves({});
    }
    const holdCalls = () =>
      s3
        .commandCalls(PutObjectLegalHoldCommand)
        .map((c) => `${c.args[0].input.Key} ${c.args[0].input.LegalHold?.Status}`);

    it('puts the legal hold ON every object of the dossier, the further dossier of the hold included', async () => {
      // Prepare
      bucket();
      folderHolds(held.version);

      // Act
      await archiveTerminalCases([{ before: closed, after: held }]);

      // Assess: the hold's own further dossier is written first, then everything is held
      const supplement = `${folder}dossier.v${held.version}`;
      expect(puts().map((p) => p.Key)).toEqual([`${supplement}.html`, `${supplement}.json`]);
      expect(holdCalls().sort()).toEqual(
        [
          `${folder}dossier.html ON`,
          `${folder}dossier.json ON`,
          `${supplement}.html ON`,
          `${supplement}.json ON`,
          `${RAW_KEY} ON`,
          `${PHOTO_KEY} ON`,
        ].sort(),
      );
      for (const call of s3.commandCalls(PutObjectLegalHoldCommand)) {
        expect(call.args[0].input).toMatchObject({ Bucket: 'archive', ChecksumAlgorithm: 'SHA256' });
        expect(call.args[0].input.VersionId).toBeUndefined();
      }
      expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'archive', Prefix: folder });
    });

    it('lifts it (OFF) on every object when the hold is lifted', async () => {
      // Prepare
      const lifted = hold(held, false, '2027-03-01T02:00:00.000Z');
      bucket();
      folderHolds(held.version, lifted.version);

      // Act
      await archiveTerminalCases([{ before: held, after: lifted }]);

      // Assess
      expect(holdCalls()).toHaveLength(8);
      expect(holdCalls().every((c) => c.endsWith(' OFF'))).toBe(true);
    });

    it('puts only the last state of a case set and lifted within one batch, once per object', async () => {
      // Prepare
      const lifted = hold(held, false, '2027-01-06T03:00:00.000Z');
      bucket();
      folderHolds(held.version, lifted.version);

      // Act
      await archiveTerminalCases([
        { before: closed, after: held },
        { before: held, after: lifted },
      ]);

      // Assess
      const calls = holdCalls();
      expect(calls).toHaveLength(8);
      expect(new Set(calls).size).toBe(8);
      expect(calls.every((c) => c.endsWith(' OFF'))).toBe(true);
    });

    it('holds the further dossier a review leaves while held, and holds nothing for a review of an unheld case', async () => {
      // Prepare
      const review = {
        at: '2027-02-01T02:00:00.000Z',
        actor: 'supervisor:s-1',
        action: 'record_review',
        note: 'R1',
      };
      const reviewedHeld: Case = { ...held, version: held.version + 1, history: [...held.history, review] };
      const reviewedFree: Case = {
        ...closed,
        version: closed.version + 1,
        history: [...closed.history, review],
      };
      bucket();
      folderHolds(held.version, reviewedHeld.version);

      // Act
      await archiveTerminalCases([{ before: closed, after: reviewedFree }]);
      const unheld = holdCalls();
      await archiveTerminalCases([{ before: held, after: reviewedHeld }]);

      // Assess
      expect(unheld).toEqual([]);
      expect(holdCalls()).toContain(`${folder}dossier.v${reviewedHeld.version}.json ON`);
    });

    it('skips a photo that never reached the archive, and fails the batch on any other refusal', async () => {
      // Prepare
      bucket();
      folderHolds(held.version);
      s3.on(PutObjectLegalHoldCommand, { Key: PHOTO_KEY }).rejects(noSuchKey());
      const logged = vi.spyOn(logger, 'info');

      // Act
      await archiveTerminalCases([{ before: closed, after: held }]);
      s3.on(PutObjectLegalHoldCommand, { Key: RAW_KEY }).rejects(
        new S3ServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          message: 'Access Denied',
          $metadata: { httpStatusCode: 403 },
        }),
      );
      const denied = archiveTerminalCases([{ before: closed, after: held }]);

      // Assess
      expect(logged).toHaveBeenCalledWith(
        'legal hold set',
        expect.objectContaining({ caseId: closed.caseId, status: 'ON', objects: 5, missing: [PHOTO_KEY] }),
      );
      await expect(denied).rejects.toThrow('Access Denied');
    });
  });

  it('sends If-None-Match and a SHA-256 checksum on the wire (Object Lock needs the checksum)', async () => {
    // Prepare: a real client, its HTTP handler replaced, so the SDK's own middleware runs
    s3.restore();
    const sent: { method: string; path: string; headers: Record<string, string> }[] = [];
    const client = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      requestHandler: {
        handle: async (request: { method: string; path: string; headers: Record<string, string> }) => {
          sent.push({ method: request.method, path: request.path, headers: request.headers });
          const isGet = request.method === 'GET';
          return {
            response: {
              statusCode: isGet ? 404 : 200,
              headers: isGet ? { 'content-type': 'application/xml' } : {},
              body: Readable.from([
                isGet
                  ? '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>'
                  : '',
              ]),
            },
          };
        },
      } as never,
    });

    // Act
    const result = await new S3DossierArchive(client, 'archive').archive({
      ...closed,
      rawKey: undefined,
      attachments: [],
    } as Case);

    // Assess
    const put = sent.filter((r) => r.method === 'PUT');
    expect(result).toMatchObject({ json: 'written', html: 'written' });
    expect(put).toHaveLength(2);
    for (const r of put) {
      expect(r.headers['if-none-match']).toBe('*');
      expect(r.headers['x-amz-checksum-sha256']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
    s3.restore();
  });
});
