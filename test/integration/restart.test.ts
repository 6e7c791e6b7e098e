import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { killChildStacks, startChildStack, stopChildStack } from './child-stack.js';
import { eventually, idempotencyKey, webform } from './helpers.js';

// A real restart: `local/start.ts` in a child process (one stack per process), stopped with
// SIGTERM and started again on the same data dir, as a developer does with Ctrl-C and npm start.

function javaFor(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.*${dataDir}`])
      .toString()
      .trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

async function dispatchedStatus(
  api: string,
  trackingNo: string,
): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${api}/v1/cases/${trackingNo}?phoneLast4=5678`);
  const body = (await res.json()) as Record<string, unknown>;
  return res.status === 200 && body.status === 'dispatched' ? body : undefined;
}

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-restart-'));

afterAll(() => {
  killChildStacks();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local stack across a restart', () => {
  it('still serves a case, and its raw payload, created before a clean stop', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const first = await startChildStack(dataDir, { fresh: true });
    const posted = await fetch(`${first.api}/v1/channels/webform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
      body: JSON.stringify(webform({ phone: '13912345678' })),
    });
    const { trackingNo } = (await posted.json()) as { trackingNo: string };
    const before = await eventually(() => dispatchedStatus(first.api, trackingNo), { what: 'the dispatch' });
    const firstExit = await stopChildStack(first.child);
    const javaLeft = javaFor(dataDir);

    // Act
    const second = await startChildStack(dataDir, { fresh: false });
    const after = await dispatchedStatus(second.api, trackingNo);
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: second.fauxqs,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const objects = await s3.send(
      new ListObjectsV2Command({ Bucket: 'hotline12345-archive', Prefix: 'raw/' }),
    );
    const secondExit = await stopChildStack(second.child);

    // Assess
    expect(firstExit).toBe(0);
    expect(javaLeft).toBe('');
    expect(after).toEqual(before);
    expect(objects.Contents?.length).toBe(1);
    expect(secondExit).toBe(0);
    expect(javaFor(dataDir)).toBe('');
  });
});
