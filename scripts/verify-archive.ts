import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readStackFile } from '../local/stack-file.js';
import { verifyArchivedCase } from '../shared/adapters/archive-verifier.js';
import { DynamoCaseStore } from '../shared/adapters/case-store.js';

// `npm run verify-archive -- <caseId> [--data-dir .local]`: recomputes every hash of a closed case's
// dossier and prints OK, or each mismatch; exit code 0 or 1 (2: bad usage or unreachable stack).
// Against `npm start` by default (its data dir names the emulators); against AWS when
// ARCHIVE_BUCKET_NAME (and CASES_TABLE_NAME) are set and no --data-dir is given.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `用法: npm run verify-archive -- <caseId 或 工单号> [--data-dir .local]
  本地栈（npm start）: 默认读取数据目录 LOCAL_DATA_DIR 或 .local 中的 stack.json
  AWS: ARCHIVE_BUCKET_NAME=<归档桶> CASES_TABLE_NAME=<工单表> npm run verify-archive -- <caseId>`;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  usage((error as Error).message);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [caseId, ...extra] = parsed.positionals;
if (!caseId || extra.length > 0) usage('须给出一个工单编号（caseId）或工单号');

function clients(): {
  s3: S3Client;
  ddb?: DynamoDBDocumentClient;
  bucket: string;
  table?: string;
  where: string;
} {
  const awsBucket = process.env.ARCHIVE_BUCKET_NAME;
  if (awsBucket && !parsed.values['data-dir']) {
    const table = process.env.CASES_TABLE_NAME;
    return {
      s3: new S3Client({}),
      ...(table ? { ddb: DynamoDBDocumentClient.from(new DynamoDBClient({})), table } : {}),
      bucket: awsBucket,
      where: `s3://${awsBucket}`,
    };
  }
  const dataDir = resolve(parsed.values['data-dir'] ?? process.env.LOCAL_DATA_DIR ?? '.local');
  let stack: ReturnType<typeof readStackFile>;
  try {
    stack = readStackFile(dataDir);
  } catch (error) {
    usage((error as Error).message);
  }
  // The emulators take any credentials (the stack file's dummy ones); real ones must not reach them.
  const env = stack.env;
  const base = {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  return {
    s3: new S3Client({ ...base, endpoint: env.AWS_ENDPOINT_URL_S3, forcePathStyle: true }),
    ddb: DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    ),
    bucket: env.ARCHIVE_BUCKET_NAME as string,
    table: env.CASES_TABLE_NAME as string,
    where: `本地栈 ${stack.url}`,
  };
}

/** A 工单号 (what citizens and staff quote) names the case through the by-tracking-no index. */
const TRACKING_NO = /^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

const { s3, ddb, bucket, table, where } = clients();
try {
  const cases = ddb && table ? new DynamoCaseStore(ddb, table) : undefined;
  let id = caseId;
  if (cases && TRACKING_NO.test(caseId)) {
    const found = await cases.getByTrackingNo(caseId);
    if (!found) usage(`工单号 ${caseId} 不在工单表中`);
    id = found.caseId;
    console.log(`工单号 ${caseId} → 工单编号 ${id}`);
  }
  const result = await verifyArchivedCase(id, { s3, bucket, ...(cases ? { cases } : {}) });
  if (result.mismatches.length === 0) {
    console.log(`OK 工单 ${result.caseId} 的档案校验通过（${where}）`);
    console.log(`  档案   ${result.jsonKey}`);
    console.log(`  哈希   ${result.manifestHash}`);
    console.log(
      `  已核对 办理过程 ${result.stored?.history.length ?? '?'} 条、原始报文与附件 ${result.objectsChecked} 个、dossier.html`,
    );
    process.exitCode = 0;
  } else {
    console.log(`不一致 工单 ${result.caseId} 的档案有 ${result.mismatches.length} 处问题（${where}）`);
    if (result.jsonKey) console.log(`  档案   ${result.jsonKey}`);
    for (const m of result.mismatches) console.log(`  [${m.code}] ${m.where}: ${m.message}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`校验失败：${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  s3.destroy();
  ddb?.destroy();
}
