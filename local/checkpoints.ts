import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The last sequence number handled per shard, or END for a closed shard read to its end. */
export type ShardCheckpoints = Record<string, string>;
export const SHARD_END = 'END';

/**
 * Where a stream consumer resumes after a restart, as Lambda keeps it per event source mapping.
 * Bound to one stream ARN: a recreated table has a new stream, and its checkpoints start over.
 */
export class CheckpointStore {
  private readonly shards: ShardCheckpoints;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly streamArn: string,
    private readonly file?: string,
  ) {
    this.shards = {};
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        streamArn?: string;
        shards?: ShardCheckpoints;
      };
      if (saved.streamArn === streamArn) Object.assign(this.shards, saved.shards);
    }
  }

  get(shardId: string): string | undefined {
    return this.shards[shardId];
  }

  set(shardId: string, sequenceNumber: string): Promise<void> {
    this.shards[shardId] = sequenceNumber;
    const file = this.file;
    if (!file) return Promise.resolve();
    const text = JSON.stringify({ streamArn: this.streamArn, shards: this.shards }, null, 2);
    // Written through a temporary file and chained, so a crash never leaves half a file.
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    });
    return this.writing;
  }
}
