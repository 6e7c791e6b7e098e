// The mocked AWS world the authorisation matrix runs in: one help case owned by water-group, one
// disclosure request owned by housing-bureau and one call answered by agent a-017, so a caller's own
// and another's can be told apart. Writes succeed and change nothing: every row starts the same.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { agentCallKeys } from '../../../shared/adapters/call-item.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { CallRecordSchema, toCallItem } from '../../../shared/domain/call-record.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { disclosureCase } from '../fixtures/desk-disclosure-case.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { callRecord } from '../fixtures/hotline.js';
import { TEST_ENV } from '../fixtures/lambda.js';

/** The department of the help case, and of the disclosure request. */
export const HELP_OWNER = 'water-group';
export const DISCLOSURE_OWNER = 'housing-bureau';

/** A help case received Friday 2026-11-20, dispatched to water-group (no co-handlers). */
function helpCase(): Case {
  const sourceId = 'authz-help-1';
  const kase = createCase(testAppeal({ sourceId, caseId: deriveCaseId('webform', sourceId) }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  return { ...kase, departmentId: HELP_OWNER, coHandlers: [] };
}

export const HELP_CASE = helpCase();
export const DISCLOSURE_CASE: Case = { ...disclosureCase(), departmentId: DISCLOSURE_OWNER };

/** The 工号 of the agent who answered the stored call: an agent's "own"; any other is "other". */
export const CALL_AGENT = 'a-017';

/** A call the CTI recorded, answered by CALL_AGENT, with no appeal typed yet. */
function storedCall(): Record<string, unknown> {
  const { appeal: _none, ...record } = callRecord({ agentId: CALL_AGENT });
  const call = toCallItem(CallRecordSchema.parse(record), TEST_ENV.CONTACT_HASH_KEY);
  return { ...call, ...agentCallKeys(call) };
}

export const STORED_CALL = storedCall();

/** Every item a GetItem finds, by partition key. */
const ITEMS = new Map<string, Record<string, unknown>>([
  [`CASE#${HELP_CASE.caseId}`, toItem(HELP_CASE)],
  [`CASE#${DISCLOSURE_CASE.caseId}`, toItem(DISCLOSURE_CASE)],
  [String(STORED_CALL.pk), STORED_CALL],
]);

export const ddbDoc = mockClient(DynamoDBDocumentClient);
export const ddb = mockClient(DynamoDBClient);
export const s3 = mockClient(S3Client);
export const sqs = mockClient(SQSClient);

/** Every read finds the two cases, the call and the test directory, and nothing else; every write succeeds. */
export function mockWorld(): void {
  ddbDoc.on(GetCommand).callsFake((input) => {
    const item = ITEMS.get(String(input.Key?.pk ?? ''));
    return item && item.sk === input.Key?.sk ? { Item: item } : {};
  });
  ddbDoc.on(QueryCommand).callsFake((input) => {
    // A search by tracking number finds the help case, so a department's search shows whose it is.
    if (input.IndexName === 'by-tracking-no') return { Items: [toItem(HELP_CASE)] };
    return input.IndexName ? { Items: [] } : directoryQuery(input);
  });
  ddbDoc.on(ScanCommand).resolves({ Items: [] });
  ddbDoc.on(BatchGetCommand).resolves({ Responses: {} });
  ddbDoc.on(PutCommand).resolves({});
  ddbDoc.on(UpdateCommand).resolves({});
  ddbDoc.on(DeleteCommand).resolves({});
  ddbDoc.on(TransactWriteCommand).resolves({});
  sqs.onAnyCommand().resolves({ MessageId: 'authz-1' });
  s3.onAnyCommand().resolves({});
  ddb.onAnyCommand().resolves({});
}

/** Commands a read never sends: what a refused request must not have sent. */
const READS = /^(Get|BatchGet|Query|Scan|Head|List)/;

/** The names of the write commands sent to any mocked client since the last reset. */
export function writesSent(): string[] {
  const commands: object[] = [
    ...ddbDoc.calls().map((call) => call.args[0]),
    ...ddb.calls().map((call) => call.args[0]),
    ...s3.calls().map((call) => call.args[0]),
    ...sqs.calls().map((call) => call.args[0]),
  ];
  return commands.map((command) => command.constructor.name).filter((name) => !READS.test(name));
}

export function resetWorld(): void {
  for (const client of [ddbDoc, ddb, s3, sqs]) client.reset();
}
