import { resolve } from 'node:path';
import { readStackFile } from '../local/stack-file.js';
import { verifyArchivedCase } from '../shared/adapters/archive-verifier.js';
import { DynamoCaseStore } from '../shared/adapters/case-store.js';
import { documentClient, s3Client } from '../shared/adapters/clients.js';
import { commandLine, targetOrExit, usageError } from './command-line.js';

// `npm run verify-archive -- <caseId> [--data-dir .local]`: recomputes every hash of a closed case's
// dossier (and of each further dossier.v<N>.json a 复议/诉讼 or 法律保全 record left) and prints OK, or each
// mismatch; exit code 0 or 1 (2: bad usage or unreachable stack).
// Against `npm start` by default (its data dir names the emulators); against AWS when
// ARCHIVE_BUCKET_NAME (and CASES_TABLE_NAME) are set and no --data-dir is given.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `用法: npm run verify-archive -- <caseId 或 工单号> [--data-dir .local]
  本地栈（npm start）: 默认读取数据目录 LOCAL_DATA_DIR 或 .local 中的 stack.json
  AWS: ARCHIVE_BUCKET_NAME=<归档桶> CASES_TABLE_NAME=<工单表> npm run verify-archive -- <caseId>`;

const parsed = commandLine(
  {
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
const [caseId, ...extra] = parsed.positionals;
if (!caseId || extra.length > 0) usageError('须给出一个工单编号（caseId）或工单号', USAGE);

/**
 * The bucket and table to check: the running `npm start` (its stack file points this process's
 * shared clients at the emulators) unless ARCHIVE_BUCKET_NAME is set and no --data-dir is given.
 */
function target(): { bucket: string; table?: string; where: string } {
  const dataDir = parsed.values['data-dir'];
  const on = targetOrExit(parsed.values, ['ARCHIVE_BUCKET_NAME'], USAGE);
  const bucket = process.env.ARCHIVE_BUCKET_NAME as string;
  const table = process.env.CASES_TABLE_NAME;
  const where =
    on === 'local'
      ? `本地栈 ${readStackFile(resolve(dataDir ?? process.env.LOCAL_DATA_DIR ?? '.local')).url}`
      : `s3://${bucket}`;
  return { bucket, ...(table ? { table } : {}), where };
}

/** A 工单号 (what citizens and staff quote) names the case through the by-tracking-no index. */
const TRACKING_NO = /^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

const { bucket, table, where } = target();
const s3 = s3Client();
const ddb = table ? documentClient() : undefined;
try {
  const cases = ddb && table ? new DynamoCaseStore(ddb, table) : undefined;
  let id = caseId;
  if (cases && TRACKING_NO.test(caseId)) {
    const found = await cases.getByTrackingNo(caseId);
    if (!found) usageError(`工单号 ${caseId} 不在工单表中`, USAGE);
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
    for (const s of result.supplements) {
      console.log(
        `  补充档案 ${s.jsonKey}（结案后的复议/诉讼或法律保全记录归档）哈希 ${s.manifestHash ?? '?'}`,
      );
    }
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
