// The adapters a function talks to, one memoised factory each: the one place a handler's store or
// queue is made from the shared clients and the names in `config()`.
import { DynamoAggregateTable } from './aggregate-table.js';
import { SqsAppealQueue } from './appeal-queue.js';
import { S3AttachmentArchive } from './attachment-archive.js';
import { DynamoCallStore } from './call-store.js';
import { DynamoCallbackStore } from './callback-store.js';
import { DynamoCaseRefs } from './case-refs.js';
import { DynamoCaseStore } from './case-store.js';
import { documentClient, s3Client, sqsClient } from './clients.js';
import {
  config,
  followUpCallAfterHours,
  followUpDays,
  type LookupGuessPolicy,
  lookupGuessPolicy,
  metricsTableName,
  noticesQueueUrl,
  requestMarksTableName,
  type SenderLimitPolicy,
  senderLimitPolicy,
  stagingBucketName,
} from './config.js';
import { DynamoDirectoryStore } from './directory-store.js';
import { DynamoDisclosureBook } from './disclosure-book.js';
import { S3DossierArchive } from './dossier-archive.js';
import { DynamoLetterNumbers } from './letter-numbers.js';
import { S3LetterStore } from './letter-store.js';
import { DynamoLookupGuesses } from './lookup-guesses.js';
import { MetricsReader } from './metrics-reader.js';
import { SqsNoticeQueue } from './notice-queue.js';
import { DynamoNoticeSendMarks } from './notice-send-marks.js';
import { DynamoPhoneVerifications } from './phone-verifications.js';
import { S3RawArchive, S3RawPayloadReader } from './raw-archive.js';
import { S3ReleaseArchive } from './release-archive.js';
import { DynamoReleaseStore } from './release-store.js';
import { DynamoRequestMarks } from './request-marks.js';
import { DynamoSenderLimit } from './sender-limit.js';
import { DynamoShortLinks } from './short-links.js';
import { DynamoUploadGrants } from './upload-grants.js';

/**
 * One instance per container for as long as its key (the table, queue or bucket name, and any
 * setting it is made with) stays the same: a warm function keeps its caches (the directory, the
 * calendar), and a test that changes the environment gets a new instance, never a stale name.
 */
function memoised<T, S extends unknown[] = []>(
  make: (name: string, ...settings: S) => T,
): (name: string, ...settings: S) => T {
  let last: { key: string; value: T } | undefined;
  return (name, ...settings) => {
    const key = JSON.stringify([name, ...settings]);
    if (last?.key !== key) last = { key, value: make(name, ...settings) };
    return last.value;
  };
}

const caseStores = memoised(
  (name, days: number, callAfterHours: number) =>
    new DynamoCaseStore(documentClient(), name, {
      followUpDays: days,
      followUpCallAfterHours: callAfterHours,
    }),
);
const callStores = memoised((name) => new DynamoCallStore(documentClient(), name));
const callbackStores = memoised((name) => new DynamoCallbackStore(documentClient(), name));
const caseRefStores = memoised((name) => new DynamoCaseRefs(documentClient(), name));
const lookupGuessCounters = memoised(
  (name, policy: LookupGuessPolicy) => new DynamoLookupGuesses(documentClient(), name, policy),
);
const noticeSendMarkStores = memoised((name) => new DynamoNoticeSendMarks(documentClient(), name));
const shortLinkStores = memoised((name) => new DynamoShortLinks(documentClient(), name));
const directoryStores = memoised((name) => new DynamoDirectoryStore(documentClient(), name));
const metricsReaders = memoised((name) => new MetricsReader(documentClient(), name));
const aggregateTables = memoised((name) => new DynamoAggregateTable(documentClient(), name));
const requestMarkStores = memoised((name) => new DynamoRequestMarks(documentClient(), name));
const phoneVerificationStores = memoised(
  (name, key: string) => new DynamoPhoneVerifications(documentClient(), name, key),
);
const senderLimits = memoised(
  (name, policy: SenderLimitPolicy) => new DynamoSenderLimit(documentClient(), name, policy),
);
const appealQueues = memoised((url) => new SqsAppealQueue(sqsClient(), url));
const noticeQueues = memoised((url) => new SqsNoticeQueue(sqsClient(), url));
const rawArchives = memoised((bucket) => new S3RawArchive(s3Client(), bucket));
const rawPayloadReaders = memoised((bucket) => new S3RawPayloadReader(s3Client(), bucket));
const dossierArchives = memoised((bucket) => new S3DossierArchive(s3Client(), bucket));
const releaseStores = memoised((name) => new DynamoReleaseStore(documentClient(), name));
const releaseArchives = memoised((bucket) => new S3ReleaseArchive(s3Client(), bucket));
const uploadGrantStores = memoised((name) => new DynamoUploadGrants(documentClient(), name));
const disclosureBooks = memoised((name) => new DynamoDisclosureBook(documentClient(), name));
const letterNumberStores = memoised((name) => new DynamoLetterNumbers(documentClient(), name));
const letterStores = memoised((bucket) => new S3LetterStore(s3Client(), bucket));
const attachmentArchives = memoised(
  (staging, archive: string) => new S3AttachmentArchive(s3Client(), staging, archive),
);

/**
 * The cases table, laid out with the deployment's follow-up window (`FOLLOW_UP_DAYS`) and call list
 * delay (`FOLLOW_UP_CALL_AFTER_HOURS`).
 *
 * @example
 * const kase = await caseStore().getById(caseId);
 */
export function caseStore(): DynamoCaseStore {
  return caseStores(config().CASES_TABLE_NAME, followUpDays(), followUpCallAfterHours());
}

/** Call records (接通率 and the other call metrics), kept in the cases table. */
export function callStore(): DynamoCallStore {
  return callStores(config().CASES_TABLE_NAME);
}

/** 漏接回拨 callback tasks (`CALLBACK#<callerRef>` / `TASK#<round>`), kept in the cases table. */
export function callbackStore(): DynamoCallbackStore {
  return callbackStores(config().CASES_TABLE_NAME);
}

/** Which cases exist, with their tracking numbers (a batch read of the cases table). */
export function caseRefs(): DynamoCaseRefs {
  return caseRefStores(config().CASES_TABLE_NAME);
}

/**
 * The sender's marks (`NOTICE#` per attempt, `NOTICEMSG#` per accepted message), kept in the
 * request-marks table.
 */
export function noticeSendMarks(): DynamoNoticeSendMarks {
  return noticeSendMarkStores(requestMarksTableName());
}

/** The notices' short links (`LINK#<code>`), kept in the request-marks table. */
export function shortLinks(): DynamoShortLinks {
  return shortLinkStores(requestMarksTableName());
}

/** The wrong `phoneLast4` answers per tracking number (GUESS# keys), kept in the cases table. */
export function lookupGuesses(): DynamoLookupGuesses {
  return lookupGuessCounters(config().CASES_TABLE_NAME, lookupGuessPolicy());
}

/** The directory (派单目录) and the calendar, with their cached copies kept while the function is warm. */
export function directoryStore(): DynamoDirectoryStore {
  return directoryStores(config().DIRECTORY_TABLE_NAME);
}

/** The metric aggregates, read (the metrics API). */
export function metricsReader(): MetricsReader {
  return metricsReaders(metricsTableName());
}

/** The metric aggregates, written (the stream projection). Needs only `METRICS_TABLE_NAME`. */
export function aggregateTable(): DynamoAggregateTable {
  return aggregateTables(metricsTableName());
}

/** The channels' short-lived marks: a WeChat nonce seen, an Idempotency-Key and its body. */
export function requestMarks(): DynamoRequestMarks {
  return requestMarkStores(requestMarksTableName());
}

/** 短信验证码 and their send counts (VERIFY# keys), in the request-marks table; `key`: the contact-hash key. */
export function phoneVerifications(key: string): DynamoPhoneVerifications {
  return phoneVerificationStores(requestMarksTableName(), key);
}

/** Appeals per sender per window and day (SENDER# keys), kept in the request-marks table. */
export function senderLimit(): DynamoSenderLimit {
  return senderLimits(requestMarksTableName(), senderLimitPolicy());
}

/** The intake queue, where a channel's appeal is durable before the channel gets its 2xx. */
export function appealQueue(): SqsAppealQueue {
  return appealQueues(config().INTAKE_QUEUE_URL);
}

/** The notices queue: a queued notice on its way to send-notice. */
export function noticeQueue(): SqsNoticeQueue {
  return noticeQueues(noticesQueueUrl());
}

/** The raw payloads of the channels, written as they arrived (evidence for a dispute). */
export function rawArchive(): S3RawArchive {
  return rawArchives(config().ARCHIVE_BUCKET_NAME);
}

/** The raw payloads, read back (the citizen's address for a notice). */
export function rawPayloadReader(): S3RawPayloadReader {
  return rawPayloadReaders(config().ARCHIVE_BUCKET_NAME);
}

/** The closed cases' dossiers (归档). */
export function dossierArchive(): S3DossierArchive {
  return dossierArchives(config().ARCHIVE_BUCKET_NAME);
}

/** The upload grants' marks (`UPLOAD#` keys of the request-marks table): create-upload, the web form. */
export function uploadGrants(): DynamoUploadGrants {
  return uploadGrantStores(requestMarksTableName());
}

/** The dispatcher's copy of referenced photos from the staging bucket into the archive. */
export function attachmentArchive(): S3AttachmentArchive {
  return attachmentArchives(stagingBucketName(), config().ARCHIVE_BUCKET_NAME);
}

/** 发布 releases (the `RELEASES` partition of the cases table). */
export function releaseStore(): DynamoReleaseStore {
  return releaseStores(config().CASES_TABLE_NAME);
}

/** 发布 frozen documents under `releases/` of the archive bucket. */
export function releaseArchive(): S3ReleaseArchive {
  return releaseArchives(config().ARCHIVE_BUCKET_NAME);
}

/** 依申请公开 book: disclosure requests by receipt date (the by-disclosure index of the cases table). */
export function disclosureBook(): DynamoDisclosureBook {
  return disclosureBooks(config().CASES_TABLE_NAME);
}

/** 答复书 文号: a counter per body and year, in the directory table (LETTERNO# keys). */
export function letterNumbers(): DynamoLetterNumbers {
  return letterNumberStores(config().DIRECTORY_TABLE_NAME);
}

/** 答复书 PDFs in the archive bucket (letters/). */
export function letterStore(): S3LetterStore {
  return letterStores(config().ARCHIVE_BUCKET_NAME);
}
