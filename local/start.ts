import { parseArgs } from 'node:util';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { JavaMissingError } from './java.js';
import { rateLimitFromEnv } from './rate-limit.js';
import { startLocalStack } from './stack.js';

// `npm start [-- --fresh] [--data-dir <dir>]`: the whole system on this machine, until Ctrl-C. The
// data dir is --data-dir, else LOCAL_DATA_DIR, else .local: the same the operator scripts look in.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});

const startedAt = performance.now();
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({
    fresh: values.fresh,
    // 20 requests/s, bursts of 40, per client address; LOCAL_RATE_LIMIT=off or e.g. 100/200 to change.
    rateLimit: rateLimitFromEnv(process.env.LOCAL_RATE_LIMIT),
    ...((values['data-dir'] ?? process.env.LOCAL_DATA_DIR)
      ? { dataDir: values['data-dir'] ?? process.env.LOCAL_DATA_DIR }
      : {}),
  });
} catch (error) {
  if (error instanceof JavaMissingError || error instanceof DataDirLockedError)
    console.error(`\n${error.message}\n`);
  else console.error('\nThe local stack did not start:', error);
  process.exit(1);
}
const readyMs = Math.round(performance.now() - startedAt);

// A real category and district from the seed, so the example curl is accepted as it stands.
const rule = SEED_DIRECTORY.rules.find((r) => r.category !== '*' && r.district !== '*');
const category =
  SEED_DIRECTORY.categories.find((c) => c.code === rule?.category) ?? SEED_DIRECTORY.categories[0];
const district = rule?.district ?? SEED_DIRECTORY.districts[0]?.code;
const body = JSON.stringify({
  type: category?.defaultType ?? 'complaint',
  category: category?.code,
  district,
  content: `${category?.name ?? ''}问题已经持续一周，请尽快处理`,
  phone: '13912345678',
});
const dataDir = stack.env.LOCAL_DATA_DIR;
// The department the example appeal is routed to, so its token sees that case in its queue.
const department = rule?.departmentId ?? SEED_DIRECTORY.departments[0]?.id;

console.log(`
12345 citizen-appeal backend, local stack ready in ${(readyMs / 1000).toFixed(1)} s

  API            ${stack.url}
  citizen page   ${stack.url}/
  staff console  ${stack.url}/console/   (工作台; sign in as any role through the local issuer)
  dashboard      ${stack.url}/dashboard
  DynamoDB Local ${stack.endpoints.dynamodb}   tables: ${stack.resources.casesTable}, ${stack.resources.directoryTable}
  fauxqs         ${stack.endpoints.sqs}   (SQS + S3) queues: intake, intake-dlq, stream-failures; buckets: ${stack.resources.archiveBucket}, ${stack.resources.stagingBucket}
  data dir       ${dataDir}   (npm start -- --fresh starts empty)
  dev secrets    ${dataDir}/dev-secrets.json

Submit an appeal:
  curl -sS -X POST ${stack.url}/v1/channels/webform \\
    -H 'content-type: application/json' -H "idempotency-key: $(node -p 'crypto.randomUUID()')" \\
    -d '${body}'

Look it up (replace <trackingNo> with the one you got back):
  curl -sS '${stack.url}/v1/cases/<trackingNo>?phoneLast4=5678'

WeChat Official Account (服务器配置; a public tunnel to this port for a real test account):
  URL            ${stack.url}/v1/channels/wechat
  Token          ${stack.env.WECHAT_TOKEN}
  EncodingAESKey ${stack.env.WECHAT_ENCODING_AES_KEY}
  AppID          ${stack.env.WECHAT_APP_ID}
  try it         npx tsx scripts/wechat-send.ts --url ${stack.url} --data-dir ${dataDir} --mode safe events/wechat/text.xml

Hotline (CTI) call records, signed with HMAC-SHA256 (docs/channels.md, "Hotline (CTI)"):
  URL            ${stack.url}/v1/channels/hotline/calls   (Amazon Connect CTRs: …/hotline/connect-ctr)
  HMAC secret    ${stack.env.HOTLINE_HMAC_SECRET}
  try it         npx tsx scripts/sign-hotline.ts --url ${stack.url} --data-dir ${dataDir} events/hotline/answered-with-appeal.json | sh

Staff console 工作台 (docs/staff-console.md): sign in at the development issuer — pick a role, no password
  ${stack.url}/console/

Staff routes (JWT; docs/staff-api.md, "Staff access"): a dev token, signed with ${dataDir}/dev-jwt-key.json
  TOKEN=$(npm run -s token -- --role department --department ${department} --data-dir ${dataDir})
  curl -sS -H "authorization: Bearer $TOKEN" ${stack.url}/v1/departments/${department}/cases
  roles: agent, dispatcher, department (with --department), supervisor, analyst, admin, reviewer; --sub, --ttl 8h

Analyst dashboard (docs/metrics.md, "Analyst dashboard"): open the printed URL (the token stays in the fragment)
  echo "${stack.url}/dashboard#token=$(npm run -s token -- --role analyst --data-dir ${dataDir})"

Disclosure requests 依申请公开 (docs/disclosure.md): the citizen page's form, the annual report
  ${stack.url}/#disclosure
  curl -sS -H "authorization: Bearer $(npm run -s token -- --role analyst --data-dir ${dataDir})" '${stack.url}/v1/disclosure/annual-report?year=${new Date().getFullYear()}&format=csv'

Releases 发布 (docs/releases.md): the published monthly figures and typical cases
  ${stack.url}/releases

Completion notices (回访; WeChat and the SMS provider through local fakes of their APIs), with their
feedback links and tokens:
  curl -sS ${stack.url}/_local/notifications

Ctrl-C stops (drains in-flight work first); a second Ctrl-C forces exit.
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    console.error(`\n${signal} again: exiting without draining`);
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: draining in-flight work and saving state…`);
  try {
    await stack.stop();
    console.log('stopped cleanly');
    process.exit(0);
  } catch (error) {
    console.error('stop failed:', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
