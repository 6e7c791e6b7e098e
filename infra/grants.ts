import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { ServiceFunction } from './constructs/service-function.js';
import { smsProviderOf } from './notice-settings.js';
import type { DataStack } from './stacks/data-stack.js';

/** Grants one kind of access to one function, on the data stack's resources. */
type Grant = (fn: ServiceFunction, data: DataStack) => void;

/**
 * What each kind of access in the service stack's `ACCESS` table grants: one function per kind, as
 * read from the adapters that use it. A kind grants nothing else; the data key's share is added
 * once for all of a function's kinds (`grantAccess`). The archive's policies are written next to
 * the bucket in the data stack (their wildcards are acknowledged there) and only attached here.
 */
const GRANTS = {
  'directory:query': (fn, { directoryTable }) => allow(fn, ['dynamodb:Query'], [directoryTable.tableArn]),
  // The catalogue's entries, put and (routing rules) deleted one by one: no batch, no scan.
  'directory:write': (fn, { directoryTable }) =>
    allow(fn, ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [directoryTable.tableArn]),
  'cases:get': (fn, { casesTable }) => allow(fn, ['dynamodb:GetItem'], [casesTable.tableArn]),
  // 发布 releases (the RELEASES partition of the cases table): read one, list by the table's own key
  // (Query of that partition), create a draft and write it back under its version (puts).
  'releases:read': (fn, { casesTable }) =>
    allowUnder(fn, casesTable, 'RELEASES', ['dynamodb:GetItem', 'dynamodb:Query']),
  'releases:write': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'RELEASES'),
  // New cases only (CASE# keys); call records have their own grant (cases:put-call).
  'cases:put': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'CASE#'),
  // Call records only (CALL# keys). Kept apart from cases:put (which the dispatcher holds too) so the
  // table reads true, and so that grant can be narrowed to CASE# keys without losing the call records.
  'cases:put-call': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'CALL#'),
  // Existing cases only (CASE# keys); the handler's put is conditioned on the version.
  'cases:update': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'CASE#'),
  // Which of a list's cases exist (the agent's calls): BatchGetItem, read only.
  'cases:batch-get': (fn, { casesTable }) => allow(fn, ['dynamodb:BatchGetItem'], [casesTable.tableArn]),
  'cases:query-by-tracking-no': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-tracking-no'),
  'cases:query-department-queue': (fn, { casesTable }) =>
    allowIndexQuery(fn, casesTable, 'by-department-queue'),
  'cases:query-review-queue': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-review-queue'),
  'cases:query-open-deadline': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-open-deadline'),
  'cases:query-by-caller': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-caller'),
  'cases:query-follow-up-calls': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-follow-up-call'),
  // 依申请公开 book: disclosure requests by receipt date (annual report, the desk's lists, 通报).
  'cases:query-disclosure': (fn, { casesTable }) => allowIndexQuery(fn, casesTable, 'by-disclosure'),
  // 答复书 文号: the per-body, per-year counter and the number each draft was given (LETTERNO# keys of
  // the directory table): a consistent read, the counter's ADD, the draft's conditional put.
  'letters:number': (fn, { directoryTable }) =>
    allowUnder(fn, directoryTable, 'LETTERNO#', [
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'dynamodb:PutItem',
    ]),
  // Put letters/ (once) and read it back; no delete.
  'archive:write-letter': (fn, data) => fn.role?.addManagedPolicy(data.archiveLetterWriterPolicy),
  // 漏接回拨 callback tasks (CALLBACK#<callerRef> / TASK#<round> items): a caller's rounds by the table's
  // own key (a consistent Query of that partition), one read, a new round (a conditional put) and a
  // task written back under its version (a put too). The open list is the work-queue index's.
  'callbacks:query-rounds': (fn, { casesTable }) => allowQueryUnder(fn, casesTable, 'CALLBACK#'),
  'callbacks:get': (fn, { casesTable }) => allowUnder(fn, casesTable, 'CALLBACK#', ['dynamodb:GetItem']),
  'callbacks:put': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'CALLBACK#'),
  'callbacks:update': (fn, { casesTable }) => allowPutUnder(fn, casesTable, 'CALLBACK#'),
  // The callback key (data stack): sealing a number is the Encryption SDK's KMS keyring calling
  // GenerateDataKey (no Encrypt: there is one key, the generator), opening it is Decrypt; both only
  // under the context every sealed number carries, so the key serves nothing else.
  'callback-key:encrypt': (fn, { callbackKey }) => allowCallbackKey(fn, callbackKey, 'kms:GenerateDataKey'),
  'callback-key:decrypt': (fn, { callbackKey }) => allowCallbackKey(fn, callbackKey, 'kms:Decrypt'),
  // The lookup's wrong-answer counters only (GUESS# keys): conditional updates and a consistent read.
  'lookup-guesses:update': (fn, { casesTable }) =>
    allowUnder(fn, casesTable, 'GUESS#', ['dynamodb:UpdateItem', 'dynamodb:GetItem']),
  // A case's duplicate links (并单: `CASE#<master>` / `DUP#<duplicate>` items), by the table's own
  // key: Query on the table itself, for CASE# keys only.
  'cases:query-duplicate-links': (fn, { casesTable }) => allowQueryUnder(fn, casesTable, 'CASE#'),
  // The notices queue: notify-citizen forwards to it (send-notice's event source grants the rest,
  // ChangeMessageVisibility included, which its backoff uses).
  'notices:send': (fn, { noticesQueue }) => allow(fn, ['sqs:SendMessage'], [noticesQueue.queueArn]),
  // The sender's marks in the request-marks table: an attempt claimed (NOTICE#, a conditional put
  // whose refusal returns the claim) and the receipt-matching mark (NOTICEMSG#), both put only.
  'marks:put-notice': (fn, { requestMarksTable }) => {
    allowPutUnder(fn, requestMarksTable, 'NOTICE#');
    allowPutUnder(fn, requestMarksTable, 'NOTICEMSG#');
  },
  // A notice's short link (LINK# keys): the sender puts it, the public redirect reads it.
  'marks:put-link': (fn, { requestMarksTable }) => allowPutUnder(fn, requestMarksTable, 'LINK#'),
  'marks:get-link': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'LINK#', ['dynamodb:GetItem']),
  // The channels' marks, each under its own prefix: a conditional put whose refusal returns the
  // mark already there (ReturnValuesOnConditionCheckFailure), so no read right is needed.
  'marks:put-nonce': (fn, { requestMarksTable }) => allowPutUnder(fn, requestMarksTable, 'NONCE#'),
  // An appeal typed for a call, marked once with its hash (CALLAPPEAL# keys): a conditional put.
  'marks:put-call-appeal': (fn, { requestMarksTable }) => allowPutUnder(fn, requestMarksTable, 'CALLAPPEAL#'),
  'marks:put-idempotency': (fn, { requestMarksTable }) =>
    allowPutUnder(fn, requestMarksTable, 'IDEMPOTENCY#'),
  // An upload granted (UPLOAD# keys): create-upload puts the mark, the web form claims it for the
  // one submission that references the photo (a conditional update, no read).
  'marks:put-upload': (fn, { requestMarksTable }) => allowPutUnder(fn, requestMarksTable, 'UPLOAD#'),
  'marks:claim-upload': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'UPLOAD#', ['dynamodb:UpdateItem']),
  // Appeals per sender (SENDER# keys): one conditional update each, whose refusal returns the count
  // (ReturnValuesOnConditionCheckFailure), so no read right is needed.
  'marks:count-sender': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'SENDER#', ['dynamodb:UpdateItem']),
  // 短信验证码 (VERIFY# keys): the sender counts per number and source address (conditional updates)
  // and puts each code's keyed hash; the web form checks and consumes a code (conditional updates).
  // Refusals return the item (ReturnValuesOnConditionCheckFailure), so neither needs a read right.
  'marks:send-verification': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'VERIFY#', ['dynamodb:PutItem', 'dynamodb:UpdateItem']),
  'marks:check-verification': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'VERIFY#', ['dynamodb:UpdateItem']),
  'metrics:update': (fn, { metricsTable }) =>
    allow(fn, ['dynamodb:UpdateItem', 'dynamodb:GetItem'], [metricsTable.tableArn]),
  'metrics:query': (fn, { metricsTable }) => allow(fn, ['dynamodb:Query'], [metricsTable.tableArn]),
  'intake:send': (fn, { intakeQueue }) => allow(fn, ['sqs:SendMessage'], [intakeQueue.queueArn]),
  // A presigned POST acts with this role's rights: put-only, under uploads/ of the staging bucket
  // only (never the locked archive).
  'uploads:presign': (fn, data) => fn.role?.addManagedPolicy(data.stagingPresignPolicy),
  // The dispatcher's copy of a referenced photo: read it from staging, put it into the archive
  // under the same key (and read that back, to find a copy a redelivery already made).
  'staging:read': (fn, data) => fn.role?.addManagedPolicy(data.stagingReaderPolicy),
  'archive:put-attachment': (fn, data) => fn.role?.addManagedPolicy(data.archiveUploadWriterPolicy),
  'archive:put-raw': (fn, data) => fn.role?.addManagedPolicy(data.archiveRawWriterPolicy),
  // Put under cases/, read cases/, raw/, uploads/ and letters/, set their legal hold (法律保全); no delete.
  'archive:write-dossier': (fn, data) => fn.role?.addManagedPolicy(data.archiveDossierWriterPolicy),
  // 发布: the frozen documents under releases/ (put once, read back); nothing else of the archive.
  'archive:write-release': (fn, data) => fn.role?.addManagedPolicy(data.archiveReleaseWriterPolicy),
  'archive:get-raw': (fn, data) => fn.role?.addManagedPolicy(data.archiveRawReaderPolicy),
  'contact-hash:read': (fn, data) => data.contactHashSecret.grantRead(fn),
  'disclosure-identity:read': (fn, data) => data.disclosureIdentitySecret.grantRead(fn),
  'hotline-hmac:read': (fn, data) => data.hotlineHmacSecret.grantRead(fn),
  'wechat-secret:read': (fn, data) => data.wechatSecret.grantRead(fn),
  'feedback-key:read': (fn, data) => data.feedbackTokenSecret.grantRead(fn),
  'sms-secret:read': (fn, data) => data.smsProviderSecret.grantRead(fn),
  // AWS End User Messaging SMS, only where the deployment chose it (-c smsProvider=aws): the
  // account's own phone numbers, pools, sender ids and configuration sets in this region.
  'sms:send-aws': (fn) => {
    const stack = Stack.of(fn);
    if (smsProviderOf((key) => stack.node.tryGetContext(key)) !== 'aws') return;
    const resource = stack.formatArn({ service: 'sms-voice', resource: '*' });
    allow(fn, ['sms-voice:SendTextMessage'], [resource]);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    // On the role, where the policy is (the role is the function's sibling, not its child).
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${region}:${account}:*]`,
      reason:
        'SendTextMessage names the origination identity, configuration set and opt-out list the request uses; which ones is deployment configuration (-c awsSmsOriginationIdentity), all in this account and region',
    });
  },
  'notice-receipt-key:read': (fn, data) => data.noticeReceiptSecret.grantRead(fn),
  // The sender's receipt-matching marks (NOTICEMSG# keys): read only, to find a receipt's notice.
  'marks:get-notice-message': (fn, { requestMarksTable }) =>
    allowUnder(fn, requestMarksTable, 'NOTICEMSG#', ['dynamodb:GetItem']),
} as const satisfies Readonly<Record<string, Grant>>;

/** What a function does with the data, as read from the adapters it calls. */
export type Access = keyof typeof GRANTS;

/** The kinds that write a table: they need the data key to encrypt, not only to decrypt. */
const TABLE_WRITES: ReadonlySet<Access> = new Set<Access>([
  'cases:put',
  'cases:put-call',
  'cases:update',
  'releases:write',
  'callbacks:put',
  'callbacks:update',
  'directory:write',
  'lookup-guesses:update',
  'letters:number',
  'metrics:update',
  'marks:put-nonce',
  'marks:put-idempotency',
  'marks:put-upload',
  'marks:claim-upload',
  'marks:count-sender',
  'marks:put-notice',
  'marks:put-link',
  'marks:send-verification',
  'marks:check-verification',
]);

/**
 * Grants `fn` each kind of access in `access`, in order, then its share of the data key.
 *
 * @example
 * grantAccess(fn, ['directory:query', 'intake:send'], data);
 */
export function grantAccess(fn: ServiceFunction, access: readonly Access[], data: DataStack): void {
  for (const kind of access) GRANTS[kind](fn, data);
  grantTableKey(fn, access, data.dataKey);
}

/**
 * The tables are encrypted with the data key: reading needs Decrypt, writing also Encrypt and
 * GenerateDataKey. Named actions, not grantEncryptDecrypt's wildcards. (The archive's share of the
 * key comes with its policies.)
 */
function grantTableKey(fn: ServiceFunction, access: readonly Access[], dataKey: kms.IKey): void {
  const writes = access.some((kind) => TABLE_WRITES.has(kind));
  const reads = access.some(
    (kind) =>
      kind.startsWith('cases:') ||
      kind.startsWith('callbacks:') ||
      kind.startsWith('releases:') ||
      kind.startsWith('metrics:') ||
      kind.startsWith('letters:') ||
      kind === 'directory:query',
  );
  if (writes) allow(fn, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [dataKey.keyArn]);
  else if (reads) allow(fn, ['kms:Decrypt'], [dataKey.keyArn]);
}

function allow(fn: ServiceFunction, actions: string[], resources: string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
}

/** One action on the callback key, only for what was sealed as a callback number (its context). */
function allowCallbackKey(
  fn: ServiceFunction,
  key: kms.IKey,
  action: 'kms:GenerateDataKey' | 'kms:Decrypt',
): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [action],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'callback-number' } },
    }),
  );
}

/** Query on `table` itself, only for partition keys that start with `prefix`. */
function allowQueryUnder(fn: ServiceFunction, table: dynamodb.ITable, prefix: 'CASE#' | 'CALLBACK#'): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}*`] } },
    }),
  );
}

/** Query on one index of `table`, not the table itself nor its other indexes. */
function allowIndexQuery(fn: ServiceFunction, table: dynamodb.ITable, index: string): void {
  allow(fn, ['dynamodb:Query'], [`${table.tableArn}/index/${index}`]);
}

/**
 * PutItem on `table` only for items whose partition key starts with `prefix`: the condition
 * `dynamodb:LeadingKeys` keeps a writer of one kind of item (cases, call records, notice marks, request marks)
 * from writing any other kind.
 */
function allowPutUnder(fn: ServiceFunction, table: dynamodb.ITable, prefix: KeyPrefix): void {
  allowUnder(fn, table, prefix, ['dynamodb:PutItem']);
}

/** The kinds of item, by their partition key's prefix, that a grant may be bound to. */
type KeyPrefix =
  | 'CASE#'
  | 'CALL#'
  | 'CALLBACK#'
  | 'CALLAPPEAL#'
  | 'NOTICE#'
  | 'NOTICEMSG#'
  | 'LINK#'
  | 'GUESS#'
  | 'LETTERNO#'
  | 'NONCE#'
  | 'IDEMPOTENCY#'
  | 'UPLOAD#'
  | 'SENDER#'
  | 'VERIFY#'
  | 'RELEASES';

/** `actions` on `table` only for items whose partition key starts with `prefix`. */
function allowUnder(fn: ServiceFunction, table: dynamodb.ITable, prefix: KeyPrefix, actions: string[]): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions,
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}*`] } },
    }),
  );
}
