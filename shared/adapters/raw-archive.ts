import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type AppealMessage, shanghaiDate } from '../domain/index.js';

/** Where a case's raw inbound payload is kept: `raw/YYYY/MM/DD/<caseId>.json`, by Shanghai date. */
export function rawPayloadKey(caseId: string, receivedAt: Date): string {
  return `raw/${shanghaiDate(receivedAt).replaceAll('-', '/')}/${caseId}.json`;
}

/** The port that keeps the original of every appeal, so a dispute can be settled from it. */
export interface RawArchive {
  put(message: AppealMessage): Promise<string>;
}

export class S3RawArchive implements RawArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** Idempotent: a redelivered message writes the same bytes under the same key. */
  async put(message: AppealMessage): Promise<string> {
    const { appeal, raw } = message;
    const key = rawPayloadKey(appeal.caseId, new Date(appeal.receivedAt));
    const body = JSON.stringify({
      caseId: appeal.caseId,
      trackingNo: appeal.trackingNo,
      channel: appeal.channel,
      sourceId: appeal.sourceId,
      receivedAt: appeal.receivedAt,
      contentType: raw.contentType,
      headers: raw.headers ?? {},
      body: raw.body,
    });
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json; charset=utf-8',
      }),
    );
    return key;
  }
}

/** A raw payload as `S3RawArchive.put` stored it. `body` is the channel's original, as received. */
export interface StoredRawPayload {
  readonly caseId: string;
  readonly channel: string;
  readonly contentType: string;
  readonly body: string;
}

/** Reads an original back: for the completion notice, the only place the citizen's address is in clear. */
export interface RawPayloadReader {
  get(key: string): Promise<StoredRawPayload>;
}

export class S3RawPayloadReader implements RawPayloadReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<StoredRawPayload> {
    // Only what the writer put there: the grant is on raw/* alone, and a case names its own key.
    if (!key.startsWith('raw/')) throw new Error(`not a raw payload key: ${key}`);
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const text = await out.Body?.transformToString('utf-8');
    if (!text) throw new Error(`the raw payload ${key} is empty`);
    const stored = JSON.parse(text) as Partial<StoredRawPayload>;
    if (typeof stored.body !== 'string' || typeof stored.channel !== 'string') {
      throw new Error(`the raw payload ${key} is not one the archive wrote`);
    }
    return stored as StoredRawPayload;
  }
}
