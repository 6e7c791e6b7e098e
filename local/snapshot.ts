import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';

/**
 * fauxqs keeps everything in memory, so the local stack saves what it holds at stop and puts it
 * back at start: S3 objects (the archive) and any messages left in the queues (the DLQs, mostly).
 * Restored messages are new sends: their ids, receive counts and sent times start over.
 */
interface SnapshotManifest {
  queues: Record<
    string,
    {
      body: string;
      attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
    }[]
  >;
  objects: Record<string, { key: string; file: string; contentType?: string }[]>;
}

export async function saveSnapshot(options: {
  dir: string;
  fauxqs: FauxqsServer;
  s3: S3Client;
  queues: readonly string[];
  buckets: readonly string[];
}): Promise<{ messages: number; objects: number }> {
  const tmp = `${options.dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const manifest: SnapshotManifest = { queues: {}, objects: {} };
  let messages = 0;
  let objects = 0;
  for (const name of options.queues) {
    const state = options.fauxqs.inspectQueue(name);
    if (!state) continue;
    const all = [
      ...state.messages.ready,
      ...state.messages.delayed,
      ...state.messages.inflight.map((i) => i.message),
    ];
    manifest.queues[name] = all.map((m) => ({ body: m.body, attributes: m.messageAttributes }));
    messages += all.length;
  }
  for (const bucket of options.buckets) {
    const entries: SnapshotManifest['objects'][string] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await options.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
      for (const { Key } of page.Contents ?? []) {
        if (!Key) continue;
        const object = await options.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
        const bytes = await object.Body?.transformToByteArray();
        const file = join('s3', bucket, String(entries.length));
        await mkdir(dirname(join(tmp, file)), { recursive: true });
        await writeFile(join(tmp, file), bytes ?? new Uint8Array());
        entries.push({ key: Key, file, ...(object.ContentType ? { contentType: object.ContentType } : {}) });
      }
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    manifest.objects[bucket] = entries;
    objects += entries.length;
  }
  await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest));
  // Swapped in whole, so a crash while saving keeps the previous snapshot.
  await rm(options.dir, { recursive: true, force: true });
  await rename(tmp, options.dir);
  return { messages, objects };
}

export async function restoreSnapshot(options: {
  dir: string;
  sqs: SQSClient;
  s3: S3Client;
  queueUrls: Record<string, string>;
}): Promise<{ messages: number; objects: number }> {
  const manifestFile = join(options.dir, 'manifest.json');
  if (!existsSync(manifestFile)) return { messages: 0, objects: 0 };
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as SnapshotManifest;
  let messages = 0;
  let objects = 0;
  for (const [bucket, entries] of Object.entries(manifest.objects)) {
    for (const entry of entries) {
      await options.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: entry.key,
          Body: await readFile(join(options.dir, entry.file)),
          ContentType: entry.contentType,
        }),
      );
      objects++;
    }
  }
  for (const [queue, list] of Object.entries(manifest.queues)) {
    const QueueUrl = options.queueUrls[queue];
    if (!QueueUrl) continue;
    for (const m of list) {
      const MessageAttributes = Object.fromEntries(
        Object.entries(m.attributes ?? {}).map(([k, v]) => [
          k,
          {
            DataType: v.DataType,
            ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
            ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : {}),
          },
        ]),
      );
      await options.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: m.body, MessageAttributes }));
      messages++;
    }
  }
  return { messages, objects };
}
