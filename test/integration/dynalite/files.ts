// Which integration files run a second time on dynalite (`npm run test:dynalite`), so the code is
// proven against DynamoDB's contract and not only DynamoDB Local's behaviour (issue 16, DESIGN §10).
//
// The rule: a file runs on dynalite when what it asserts goes through DynamoDB and needs no table
// stream. dynalite has none, so nothing derived from the cases stream exists there: notices
// (notify-citizen → send-notice), the archive's dossiers and the metric aggregates
// (project-case-events), and the 协办 co-handler links. dispatch-appeal is an SQS consumer: intake,
// dispatch and everything the case API writes work without a stream. A file that needs no DynamoDB
// at all (a gateway of its own, the notifier fakes, the web pages) would prove nothing twice.
// A test that needs the stream inside a file that runs here skips on `hasStream` (helpers.ts).
// The browser files (*.browser.test.ts) test the console's pages, not the store: never here.
// test/unit/local/dynalite-files.test.ts checks that every other integration file is named below,
// in one list or the other, so a new file is placed on purpose.

/** On dynalite: intake, dispatch, the case API, look-ups, limits, the directory, uploads, scripts. */
export const ON_DYNALITE = [
  'agent-desk',
  'bad-input',
  'calendar-recompute',
  'callbacks-desk',
  'callbacks-intake',
  'case-api-flow',
  'case-size',
  'connect-stream',
  // all but the co-handled queue (links projected from the stream): skipped on hasStream
  'console-api',
  'correction',
  'dead-letter',
  'directory-admin',
  'disclosure-intake',
  'follow-up-calls',
  'fuzz-public',
  'hotline-catalogue',
  'hotline-flow',
  'lifecycle-walk',
  // the emulators, dynalite among them, answer 127.0.0.1 only
  'local-exposure',
  'lookup-guard',
  'merge-flow',
  'phone-verification',
  'redrive',
  'setup-steps',
  'supervision',
  'uploads',
  'webform-flow',
  'wechat-flood',
  'wechat-flow',
] as const;

/** Not on dynalite, each with the reason. */
export const NOT_ON_DYNALITE: Record<string, string> = {
  archive: 'dossiers are written by project-case-events, a stream consumer',
  'deploy-guide': 'starts a stack of its own (DynamoDB Local) in a child process',
  'disclosure-desk': "waits for the replied request's dossier (stream)",
  'disclosure-lifecycle': 'disclosure notices go out through notify-citizen (stream)',
  'disclosure-walk': 'notices and the dossier (stream)',
  'docs-walks': "the staff walk rates through the completion notice's link (stream)",
  'faults-stream': 'project-case-events under faults: the stream itself',
  'follow-up': "回访: the citizen rates through the completion notice's link (stream)",
  'legal-hold': 'holds the dossier, which the stream writes',
  'metrics-api': 'metric aggregates (stream)',
  'metrics-drift': 'metric aggregates (stream)',
  'metrics-lines': 'metric aggregates (stream)',
  'metrics-replay': 'replays stream records against DynamoDB Local',
  'notices-channels': 'notices (stream)',
  notices: 'notices (stream)',
  'notices-redrive': 'notices (stream), on a stack of its own (DynamoDB Local) in a child process',
  'notifier-aliyun': 'no DynamoDB: the provider fake only',
  'notifier-aws-sms': 'no DynamoDB: the provider fake only',
  'notifier-tencent': 'no DynamoDB: the provider fake only',
  'notifier-wechat': 'no DynamoDB: the provider fake only',
  'rate-limit': 'no DynamoDB: a gateway of its own with a stub function',
  releases: 'the 通报 counts come from the metric aggregates, the documents from the archive (stream)',
  restart: 'starts a stack of its own (DynamoDB Local, persisted) in a child process',
  smoke: "its 'figures as they were' would hold without any figures (no metrics projection)",
  'staff-auth': 'no DynamoDB: a gateway of its own with a stub function',
  'stream-consumer': 'the cases stream itself',
  'web-assets': 'no DynamoDB: the built pages',
  'console-sign-in': 'no DynamoDB: the development issuer',
  walk: "the walk rates through the completion notice's link (stream)",
};

/** The vitest include of the integration-dynalite project. */
export const DYNALITE_FILES: readonly string[] = ON_DYNALITE.map(
  (name) => `test/integration/${name}.test.ts`,
);
