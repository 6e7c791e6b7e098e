/**
 * Every function of the system, its entry, and what triggers it. The CDK service stack and the
 * local stack both read this list, so a route or a consumer exists in one place only.
 */
export type Trigger =
  | {
      readonly kind: 'http';
      readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
      readonly path: string;
      /**
       * public: citizens, no credentials (rate-limited per client); signed: a machine channel
       * (WeChat's servers, the call centre) proving itself by a signature the handler checks, many
       * citizens behind few addresses, so never limited per client; jwt: staff, via the authorizer.
       */
      readonly auth: 'public' | 'signed' | 'jwt';
    }
  | {
      readonly kind: 'sqs';
      /** intake: appeals and call records; notices: queued notices on their way out. */
      readonly queue: 'intake' | 'notices';
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    }
  | {
      readonly kind: 'stream';
      readonly table: 'cases';
      readonly batchSize: number;
      /**
       * Event filtering: only records whose new image has one of these statuses invoke the function
       * (Lambda drops the others before they cost an invocation). Absent: every record.
       */
      readonly newImageStatus?: readonly string[];
      /**
       * Or whose new image is paused for one of these reasons (`pausedSince.reason`): a second
       * filter, which Lambda ORs with the first.
       */
      readonly newImagePauseReason?: readonly string[];
      /**
       * Or whose new image carries a disclosure request's file (`disclosure.request.receivedOn`
       * exists): a third filter, ORed with the others. 依申请公开 queues its notices from statuses
       * the first two do not name (acknowledged at 登记 and 延期, closed at 答复).
       */
      readonly newImageDisclosure?: boolean;
      /**
       * whole: a failed batch is retried whole from its first record (no partial responses, no
       * bisecting), which the exactly-once aggregates rely on; per-record: partial batch responses
       * and bisecting isolate a poison record (idempotent side effects, e.g. notices).
       */
      readonly batchFailure: 'whole' | 'per-record';
    }
  /**
   * An SNS topic of the service's own: `sms-events` carries AWS End User Messaging SMS events (the
   * configuration set's event destination). Invoked asynchronously; failures retry twice, then go
   * to the function's failure queue. The local stack has no SNS: such a function runs only in AWS.
   */
  | { readonly kind: 'sns'; readonly topic: 'sms-events' }
  /** A fixed-rate schedule (EventBridge Scheduler in AWS; the local stack's schedule runner). */
  | { readonly kind: 'schedule'; readonly rateMinutes: number }
  /**
   * A Kinesis data stream the service does not own, named by a CDK context value
   * (KINESIS_STREAM_CONTEXT): `connect-ctr` is the stream an Amazon Connect instance exports its
   * contact records to. Without that value the function is not deployed at all (deployedFunctions).
   * The local stack has no Kinesis: it loads such a function but never polls for it; a test invokes
   * it with a recorded event.
   */
  | {
      readonly kind: 'kinesis';
      readonly stream: 'connect-ctr';
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    };

/** The CDK context value that names each external stream of a `kinesis` trigger (its ARN). */
export const KINESIS_STREAM_CONTEXT = { 'connect-ctr': 'connectCtrStreamArn' } as const;

export interface FunctionSpec {
  /** The folder under functions/, also the Powertools service name. */
  readonly name: string;
  readonly description: string;
  readonly triggers: readonly Trigger[];
  /** Seconds; the intake queue's visibility timeout is six times the dispatcher's. */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * A built folder the handler serves (the Vite build), copied beside the bundle as `to` by CDK
   * bundling. `build` is the script that makes `from`; synth runs it when `from` is missing or stale
   * (see infra/static-dir.ts). From source the handler reads `from` itself.
   */
  readonly staticDir?: { readonly from: string; readonly to: string; readonly build: string };
  /**
   * Single files the handler reads at run time, copied into the bundle by CDK bundling: `from`
   * relative to the project root, `to` relative to the bundle (beside index.mjs). From source the
   * handler finds them where `from` is.
   */
  readonly bundledFiles?: readonly { readonly from: string; readonly to: string }[];
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'ingest-webform',
    description: 'POST /v1/channels/webform: validate, queue, acknowledge with a tracking number',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/channels/webform', auth: 'public' }],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'create-upload',
    description: 'POST /v1/channels/webform/uploads: a presigned S3 POST for one photo attachment',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/channels/webform/uploads', auth: 'public' }],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'record-notice-receipt',
    description: 'POST /v1/notices/receipts/{provider}/{key}: SMS delivery receipts (状态报告) onto notices',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/notices/receipts/tencent/{key}', auth: 'signed' },
      { kind: 'http', method: 'POST', path: '/v1/notices/receipts/aliyun/{key}', auth: 'signed' },
    ],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  {
    name: 'record-sms-event',
    description: 'AWS End User Messaging SMS events (SNS) → delivery receipts onto notices',
    triggers: [{ kind: 'sns', topic: 'sms-events' }],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  {
    name: 'request-verification',
    description:
      'POST /v1/channels/webform/verifications: a one-time SMS code for the web form phone (where an SMS provider is configured)',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/channels/webform/verifications', auth: 'public' }],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'get-directory',
    description:
      'GET /v1/directory: the case types, categories and districts the web form offers; GET /v1/staff/directory: the same with departments, for the console',
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/directory', auth: 'public' },
      // The console's pickers: departments too, which stay internal (any staff role).
      { kind: 'http', method: 'GET', path: '/v1/staff/directory', auth: 'jwt' },
    ],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'serve-web',
    description:
      'GET /, /dashboard, /releases, /console/…, /assets/{file}: the pages of the Vite build (citizen, dashboard, releases, console) and their hashed assets',
    triggers: [
      // All public: pages and code hold no data; the data calls carry the staff JWT.
      { kind: 'http', method: 'GET', path: '/', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/dashboard', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/releases', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/console', auth: 'public' },
      // Before the greedy route below: API Gateway ranks an exact route first, the local gateway too.
      { kind: 'http', method: 'GET', path: '/console/config.json', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/console/{path+}', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/assets/{file}', auth: 'public' },
    ],
    timeoutSeconds: 10,
    // Files are read once per cold start and kept in memory (the console's assets, in 3 encodings).
    memoryMb: 512,
    staticDir: { from: 'web/dist', to: 'web', build: 'npm run build:web' },
  },
  {
    name: 'ingest-wechat',
    description: 'GET and POST /v1/channels/wechat: WeChat verification, messages to appeals, 查询 replies',
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/channels/wechat', auth: 'signed' },
      { kind: 'http', method: 'POST', path: '/v1/channels/wechat', auth: 'signed' },
    ],
    // WeChat waits 5 s for the reply, then retries: a slower answer is as good as none.
    timeoutSeconds: 5,
    memoryMb: 512,
  },
  {
    name: 'ingest-hotline',
    description:
      'POST /v1/channels/hotline/calls and /connect-ctr: verify, queue the call record and its appeal',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/channels/hotline/calls', auth: 'signed' },
      // Amazon Connect contact records, forwarded (and signed) from the CTR export stream.
      { kind: 'http', method: 'POST', path: '/v1/channels/hotline/connect-ctr', auth: 'signed' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'ingest-connect-stream',
    description:
      "Amazon Connect contact records from the instance's Kinesis data stream (-c connectCtrStreamArn): queue the call record and its appeal",
    // Fifty CTRs are fifty queue sends, in parallel: seconds, well inside the timeout.
    triggers: [{ kind: 'kinesis', stream: 'connect-ctr', batchSize: 50, maxBatchingWindowSeconds: 1 }],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'dispatch-appeal',
    description:
      'Intake queue consumer: store call records; archive the raw payload, create and route the case',
    triggers: [{ kind: 'sqs', queue: 'intake', batchSize: 10, maxBatchingWindowSeconds: 1 }],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'get-case-status',
    description: 'GET /v1/cases/{trackingNo}: the citizen status lookup',
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/cases/{trackingNo}', auth: 'public' }],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'case-api',
    description:
      'Staff case API: a department work queue, a case with its history, lifecycle actions (JWT roles)',
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/departments/{id}/cases', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/cases/by-id/{caseId}', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/cases/by-id/{caseId}/actions', auth: 'jwt' },
      // 督办 queues (dissatisfied cases), supervisors only.
      { kind: 'http', method: 'GET', path: '/v1/supervision/cases', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/dispatch/cases', auth: 'jwt' },
      // The console's look-ups: 查询 by tracking number or phone, 附近工单, 派单建议.
      { kind: 'http', method: 'GET', path: '/v1/cases/search', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/cases/nearby', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/cases/by-id/{caseId}/routing', auth: 'jwt' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'disclosure-desk',
    description:
      '依申请公开 desk: approve a draft reply (renders and archives the 答复书), the letter, the review/open lists, the annual report table',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/disclosure/cases/{caseId}/approve', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/disclosure/cases/{caseId}/letter', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/disclosure/cases', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/disclosure/annual-report', auth: 'jwt' },
    ],
    // Rendering a letter subsets an 8 MB CJK font (about a second warm, a few cold at 1 GB); the
    // XLSX of the annual report is small. Memory buys CPU on Lambda.
    timeoutSeconds: 29,
    memoryMb: 1536,
    // The 答复书's font (Noto Sans Hans, OFL-1.1): reply-letter-pdf.ts `letterFontPath()` looks
    // for it beside the bundle first (LETTER_FONT_BUNDLED).
    bundledFiles: [
      {
        from: 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf',
        to: 'fonts/NotoSansHans-Regular.otf',
      },
    ],
  },
  {
    name: 'agent-desk',
    description:
      "Agent's desk (坐席): own answered calls, a call with the caller's earlier cases, the appeal typed for a call (intake queue), the classifier",
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/agent/calls', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/calls/{callId}', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/calls/{callId}/appeal', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/classify', auth: 'jwt' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'disclosure-intake',
    description:
      'POST /v1/disclosure/requests: the disclosure office enters a request that came by letter, in person or by fax (来信来访, 依申请公开)',
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/disclosure/requests', auth: 'jwt' }],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'submit-feedback',
    description:
      'POST /v1/cases/{trackingNo}/feedback: the citizen rates a completed case (one-time token); GET: the rating page',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/cases/{trackingNo}/feedback', auth: 'public' },
      // The page the completion notice links to; it POSTs the rating to the route above.
      { kind: 'http', method: 'GET', path: '/v1/cases/{trackingNo}/feedback', auth: 'public' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'follow-up-calls',
    description:
      "Agents' follow-up call list (电话回访): due completed unrated cases, oldest first; take one (the number shown to that agent)",
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/follow-up/calls', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/follow-up/calls/{caseId}/take', auth: 'jwt' },
    ],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'callback-desk',
    description:
      "Agents' callback list (漏接回拨): open tasks by callback deadline; take one (the number shown to that agent); record each attempt, a reached caller's appeal entered for the first missed call",
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/callbacks', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/callbacks/{taskId}/take', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/callbacks/{taskId}/attempts', auth: 'jwt' },
    ],
    // A take and an attempt each open the sealed number (one KMS Decrypt) besides their reads and write.
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'answer-correction',
    description:
      'POST /v1/cases/{trackingNo}/correction: the citizen answers a 补正 request (token, photos); GET: the page',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/cases/{trackingNo}/correction', auth: 'public' },
      // The page the correction-request notice links to; it POSTs the answer to the route above.
      { kind: 'http', method: 'GET', path: '/v1/cases/{trackingNo}/correction', auth: 'public' },
    ],
    // Up to five photos are copied from staging into the archive before the answer is written.
    timeoutSeconds: 20,
    memoryMb: 512,
  },
  {
    name: 'project-case-events',
    description:
      'Cases stream consumer: dossiers of closed and merged cases (归档), exact metric aggregates, EMF',
    triggers: [{ kind: 'stream', table: 'cases', batchSize: 100, batchFailure: 'whole' }],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'notify-citizen',
    description: 'Cases stream consumer: forwards each newly queued notice to the notices queue',
    // Notices are queued by 办结 (completed), 补正 (paused awaiting_correction) and a disclosure
    // request's 登记、延期、答复 (a case with a disclosure file): only records whose new image is one
    // of those invoke it. The handler compares the images itself: a record that queued nothing new
    // forwards nothing.
    triggers: [
      {
        kind: 'stream',
        table: 'cases',
        batchSize: 10,
        newImageStatus: ['completed'],
        newImagePauseReason: ['awaiting_correction'],
        newImageDisclosure: true,
        batchFailure: 'per-record',
      },
    ],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  {
    name: 'send-notice',
    description:
      'Notices queue consumer: sends each notice once through the configured provider (SMS, WeChat template)',
    triggers: [{ kind: 'sqs', queue: 'notices', batchSize: 10, maxBatchingWindowSeconds: 1 }],
    // Under a sixth of the queue's visibility timeout (NOTICES_QUEUE); a provider call takes seconds.
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'follow-short-link',
    description: "GET /n/{code}: a notice's short link, 302 to its page on the API's own origin",
    triggers: [{ kind: 'http', method: 'GET', path: '/n/{code}', auth: 'public' }],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'supervise-deadlines',
    description:
      'Every 5 minutes: 催签收, 预警 at 80 %, 催办 at the deadline, 逾期 past it (by-open-deadline index); callback tasks warned, overdue, numbers erased',
    triggers: [{ kind: 'schedule', rateMinutes: 5 }],
    // Under the 5-minute rate, so runs do not overlap; a run that stops early is continued next time.
    timeoutSeconds: 240,
    memoryMb: 512,
  },
  {
    name: 'manage-directory',
    description:
      'Admin API of the dispatch catalogue (派单目录) and the holiday calendar (a year put recomputes the open deadlines in it)',
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/admin/directory', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/directory/departments/{id}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/directory/categories/{code}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/directory/districts/{code}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/directory/rules/{ruleId}', auth: 'jwt' },
      { kind: 'http', method: 'DELETE', path: '/v1/admin/directory/rules/{ruleId}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/directory/lines/{code}', auth: 'jwt' },
      { kind: 'http', method: 'DELETE', path: '/v1/admin/directory/lines/{code}', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/admin/calendar/{year}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/admin/calendar/{year}', auth: 'jwt' },
    ],
    // A calendar year's PUT recomputes the open cases' deadlines that reach into it (thousands at
    // most, a few seconds): under API Gateway's 30 s, and the handler stops starting cases 3 s before.
    timeoutSeconds: 29,
    memoryMb: 256,
  },
  {
    name: 'releases',
    description:
      "发布: the hotline's frozen monthly releases (figures, typical cases): staff drafting, review and publication, the 通报 bulletin, and the public list",
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/releases', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/releases', auth: 'jwt' },
      // Before the parameter route: an exact route ranks first (API Gateway, the local gateway too).
      { kind: 'http', method: 'GET', path: '/v1/releases/bulletin', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/releases/{releaseId}', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/releases/{releaseId}/actions', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/public/releases', auth: 'public' },
      { kind: 'http', method: 'GET', path: '/v1/public/releases/{releaseId}', auth: 'public' },
    ],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  {
    name: 'draft-releases',
    description:
      'Hourly: after a month ends, the draft of its two releases (monthly figures, typical cases), once per kind and period',
    triggers: [{ kind: 'schedule', rateMinutes: 60 }],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  {
    name: 'get-metrics',
    description:
      'GET /v1/metrics (+ export.csv) for analysts, GET /v1/public/metrics (政务公开): the aggregates',
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/metrics', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/metrics/export.csv', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/public/metrics', auth: 'public' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
];

/**
 * The functions one deployment has: every function, except a `kinesis` consumer whose stream the
 * context does not name (an optional channel, such as Amazon Connect's CTR stream).
 *
 * @example deployedFunctions(() => undefined).some((f) => f.name === 'ingest-connect-stream') // false
 */
export function deployedFunctions(
  context: (key: string) => unknown,
  specs: readonly FunctionSpec[] = FUNCTIONS,
): readonly FunctionSpec[] {
  return specs.filter((spec) =>
    spec.triggers.every(
      (t) => t.kind !== 'kinesis' || context(KINESIS_STREAM_CONTEXT[t.stream]) !== undefined,
    ),
  );
}

export function entryOf(spec: FunctionSpec): string {
  return `functions/${spec.name}/handler.ts`;
}
