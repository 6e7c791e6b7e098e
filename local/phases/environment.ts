import {
  ARCHIVE_BUCKET,
  CASES_TABLE,
  DIRECTORY_TABLE,
  INTAKE_QUEUE,
  METRICS_TABLE,
  NOTICES_QUEUE,
  REQUEST_MARKS_TABLE,
  STAGING_BUCKET,
} from '../../infra/resources.js';
import { LOCAL_REGION } from '../lambda-context.js';
import { type NotificationOutbox, startNotificationOutbox } from '../notice-providers.js';
import { LOCAL_CONSOLE_CLIENT_ID, LOCAL_OIDC_PATH } from '../oidc/issuer.js';
import { freePort } from '../ports.js';
import { LOCAL_NAMES } from '../resources.js';
import { startS3PostFront } from '../s3-post-front.js';
import type { DevSecrets } from '../secrets.js';
import type { Emulators } from './emulators.js';
import type { StackResources } from './resources.js';
import type { Teardown } from './teardown.js';

// Local stack, phase 3: the S3 POST front and the notice providers' fakes the functions reach, and
// their env.

export interface FunctionEnvironment {
  /** What the handlers find in process.env, as in AWS they find their function's configuration. */
  env: Record<string, string>;
  outbox: NotificationOutbox;
  /** The port the gateway is to listen on, known before it does. */
  gatewayPort: number;
}

export async function prepareEnvironment(
  emulators: Emulators,
  resources: StackResources,
  o: { dataDir: string; secrets: DevSecrets; requestedPort: number; teardown: Teardown },
): Promise<FunctionEnvironment> {
  // The gateway's port is chosen now, so the feedback links the notices carry (PUBLIC_BASE_URL)
  // are right from the first stream record on, before the gateway listens, and the S3 front knows
  // the page's origin.
  const gatewayPort = o.requestedPort === 0 ? await freePort() : o.requestedPort;
  const publicBaseUrl = process.env.PUBLIC_BASE_URL || `http://127.0.0.1:${gatewayPort}`;
  // The functions reach S3 through the POST front (browser uploads, CORS); the stack's own
  // clients and the tests talk to fauxqs directly.
  const s3Front = await startS3PostFront({
    target: emulators.fauxqs.address,
    s3: emulators.clients.s3,
    secretAccessKey: 'local',
    // As in AWS (data-stack): S3 refuses an upload to the archive without a checksum. The page
    // posts to the staging bucket, whose signed policy demands the checksum anyway.
    objectLockBuckets: [LOCAL_NAMES.archiveBucket],
    // As the bucket's CORS rule in AWS: the page's own origin only (the gateway serves it).
    allowedOrigins: pageOrigins(gatewayPort, publicBaseUrl),
  });
  o.teardown.add(() => s3Front.close());
  // Notices go to fakes of the SMS provider (LOCAL_SMS_PROVIDER, default tencent) and of WeChat's
  // API, listed at /_local/notifications; receipts come back through the gateway.
  const outbox = await startNotificationOutbox({
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    publicBaseUrl,
    secrets: o.secrets,
    marks: { client: emulators.clients.document, tableName: LOCAL_NAMES.requestMarksTable },
    region: LOCAL_REGION,
  });
  o.teardown.add(() => outbox.close());
  const endpoints = { ...emulators.endpoints, s3: s3Front.url };
  const env = {
    ...stackEnv(endpoints, resources.queues.intakeQueueUrl, o.secrets),
    [NOTICES_QUEUE.env]: resources.queues.noticesQueueUrl,
    LOCAL_DATA_DIR: o.dataDir,
    ...outbox.env,
    PUBLIC_BASE_URL: publicBaseUrl,
    ...consoleSignInEnv(publicBaseUrl),
  };
  return { env, outbox, gatewayPort };
}

/**
 * Where the console signs in locally (serve-web answers it at GET /console/config.json): the
 * development issuer of local/oidc/, at the stack's public address. Its tokens' `iss` is
 * hotline12345-local (the discovery document says so); CONSOLE_OIDC_ISSUER is where to find it.
 */
export function consoleSignInEnv(publicBaseUrl: string): Record<string, string> {
  const base = `${publicBaseUrl.replace(/\/+$/, '')}${LOCAL_OIDC_PATH}`;
  return {
    CONSOLE_OIDC_ISSUER: base,
    CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: `${base}/authorize`,
    CONSOLE_OIDC_TOKEN_ENDPOINT: `${base}/token`,
    CONSOLE_OIDC_END_SESSION_ENDPOINT: `${base}/logout`,
    CONSOLE_OIDC_LOGOUT_STYLE: 'oidc',
    CONSOLE_OIDC_CLIENT_ID: LOCAL_CONSOLE_CLIENT_ID,
    CONSOLE_OIDC_SCOPE: 'openid profile email',
  };
}

/**
 * The origins the citizen page is served from locally: the gateway by address or by name, and
 * PUBLIC_BASE_URL's when a developer set one (a tunnel to the stack).
 *
 * @example pageOrigins(3000, 'http://127.0.0.1:3000') // ['http://127.0.0.1:3000', 'http://localhost:3000']
 */
export function pageOrigins(gatewayPort: number, publicBaseUrl: string): string[] {
  const origins = [`http://127.0.0.1:${gatewayPort}`, `http://localhost:${gatewayPort}`];
  const base = URL.canParse(publicBaseUrl) ? new URL(publicBaseUrl).origin : undefined;
  return base && !origins.includes(base) ? [...origins, base] : origins;
}

function stackEnv(
  endpoints: { dynamodb: string; sqs: string; s3: string },
  intakeQueueUrl: string,
  secrets: Record<string, string>,
): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    // Dummy credentials: the emulators accept any, and real ones must never reach them.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [CASES_TABLE.env]: LOCAL_NAMES.casesTable,
    [DIRECTORY_TABLE.env]: LOCAL_NAMES.directoryTable,
    [METRICS_TABLE.env]: LOCAL_NAMES.metricsTable,
    [REQUEST_MARKS_TABLE.env]: LOCAL_NAMES.requestMarksTable,
    [INTAKE_QUEUE.env]: intakeQueueUrl,
    [ARCHIVE_BUCKET.env]: LOCAL_NAMES.archiveBucket,
    [STAGING_BUCKET.env]: LOCAL_NAMES.stagingBucket,
    // Plain mode stays open locally (the demos and the WeChat test tool send both modes) although the
    // dev secrets hold an EncodingAESKey; in AWS a key means safe mode only unless the secret says
    // otherwise. WECHAT_REQUIRE_SAFE_MODE=true tries the deployed behaviour.
    WECHAT_REQUIRE_SAFE_MODE: process.env.WECHAT_REQUIRE_SAFE_MODE || 'false',
    // The web form's 短信验证码 is optional locally, so the demos and tests that send forms need no
    // code; a form with one is checked as in AWS. WEBFORM_PHONE_VERIFICATION=required npm start tries
    // the deployed default.
    WEBFORM_PHONE_VERIFICATION: process.env.WEBFORM_PHONE_VERIFICATION || 'optional',
    // The follow-up settings, when given (FOLLOW_UP_CALL_AFTER_HOURS=0 npm start lists every completed
    // case for the agents' calls at once): in the stack file too, so reindex-cases keys as the handlers do.
    ...followUpSettings(),
    POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'hotline12345-local',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // EMF lines on stdout drown the dev log; LOCAL_EMF=true shows them.
    POWERTOOLS_METRICS_DISABLED: process.env.LOCAL_EMF === 'true' ? 'false' : 'true',
    ...secrets,
  };
}

/** FOLLOW_UP_DAYS and FOLLOW_UP_CALL_AFTER_HOURS as the developer set them; nothing otherwise. */
function followUpSettings(): Record<string, string> {
  const names = ['FOLLOW_UP_DAYS', 'FOLLOW_UP_CALL_AFTER_HOURS'] as const;
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}
