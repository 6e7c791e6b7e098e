import { join } from 'node:path';
import { CASES_TABLE } from '../../infra/resources.js';
import { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { createQueues, ensureTables, LOCAL_NAMES, type LocalQueues } from '../resources.js';
import { restoreSnapshot, saveSnapshot } from '../snapshot.js';
import type { Emulators } from './emulators.js';
import type { Teardown } from './teardown.js';

// Local stack, phase 2: the CDK app's tables, queues and bucket, the last run's snapshot, the seed.

export interface StackResources {
  queues: LocalQueues;
  /** The cases table's stream, which the stream consumers read; none on an emulator without streams. */
  streamArn: string | undefined;
}

export async function createResources(
  emulators: Emulators,
  o: {
    dataDir: string;
    persist: boolean;
    visibilityTimeoutSeconds: number;
    teardown: Teardown;
    log: (line: string) => void;
  },
): Promise<StackResources> {
  const { fauxqs, clients } = emulators;
  const [streams] = await Promise.all([
    ensureTables(clients.dynamodb, emulators.dynamoFeatures),
    Promise.resolve(fauxqs.createBucket(LOCAL_NAMES.archiveBucket)),
    // infra/resources.ts STAGING_BUCKET (fauxqs has no lifecycle rules: nothing expires locally).
    Promise.resolve(fauxqs.createBucket(LOCAL_NAMES.stagingBucket)),
  ]);
  const queues = createQueues(fauxqs, o.visibilityTimeoutSeconds);
  // fauxqs keeps everything in memory: a persisting stack saves it at stop and puts it back here.
  if (o.persist) {
    const dir = join(o.dataDir, 'fauxqs');
    await restoreSnapshot({
      dir,
      sqs: clients.sqs,
      s3: clients.s3,
      queueUrls: {
        [LOCAL_NAMES.intakeQueue]: queues.intakeQueueUrl,
        [LOCAL_NAMES.intakeDlq]: queues.intakeDlqUrl,
        [LOCAL_NAMES.streamFailuresQueue]: queues.streamFailuresUrl,
        [LOCAL_NAMES.noticesQueue]: queues.noticesQueueUrl,
        [LOCAL_NAMES.noticesDlq]: queues.noticesDlqUrl,
      },
    });
    // Saved at an orderly stop only, once the pollers (stopped before it) have drained.
    const save = () =>
      saveSnapshot({
        dir,
        fauxqs,
        s3: clients.s3,
        queues: [
          LOCAL_NAMES.intakeQueue,
          LOCAL_NAMES.intakeDlq,
          LOCAL_NAMES.streamFailuresQueue,
          LOCAL_NAMES.noticesQueue,
          LOCAL_NAMES.noticesDlq,
        ],
        buckets: [LOCAL_NAMES.archiveBucket, LOCAL_NAMES.stagingBucket],
      }).catch((error: unknown) => o.log(`snapshot failed: ${(error as Error).message}`));
    o.teardown.add(save, { unwind: false });
  }
  // Every start, so an edited seed reaches a persisted table; puts replace entries by key.
  await new DynamoDirectoryStore(clients.document, LOCAL_NAMES.directoryTable).write(SEED_DIRECTORY);

  const streamArn = streams[CASES_TABLE.id];
  if (!streamArn && emulators.dynamoFeatures.streams)
    throw new Error(`the ${LOCAL_NAMES.casesTable} table has no stream`);
  return { queues, streamArn };
}
