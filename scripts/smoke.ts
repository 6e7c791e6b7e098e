import { commandLine, usageError } from './command-line.js';
import {
  type Channel,
  checkHotline,
  checkWebform,
  checkWechat,
  chooseRoutedPair,
  type SmokeOptions,
  smokeRunId,
  type Verdict,
  verdictOf,
} from './smoke-checks.js';
import { loadSmokeSecrets, localDataDirFor, SMOKE_ENV, SmokeSecretError } from './smoke-secrets.js';

// `npm run smoke -- --url <api>`: after a deploy, one round trip per channel against the real
// endpoint — a signed test call with an appeal, a web-form appeal, WeChat's server verification —
// the two appeals followed until dispatched and closed as `smoke` (counted in no figure). One line
// per channel; exit 0 when none failed, 1 when one did, 2 on a wrong command line.

const USAGE = `usage: npm run smoke -- --url <API base URL> [--data-dir <dir>] [--wait 60]
       [--category <code> --district <code>]
  Secrets, never on the command line: ${SMOKE_ENV.hotlineSecret}, ${SMOKE_ENV.wechatToken} (the token, or as
  ${SMOKE_ENV.wechatToken}_FILE the WeChat secret's JSON) and ${SMOKE_ENV.supervisorToken} (a supervisor's
  ID token), each as a variable or as <NAME>_FILE naming a file. Against the local stack (--data-dir,
  or the URL of the running npm start) they come from its data dir.
  --wait: seconds to wait for each case to be dispatched (default 60).
  --category/--district: file the appeals there (default: a pair the catalogue routes).`;

const { values } = commandLine(
  {
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      wait: { type: 'string', default: '60' },
      category: { type: 'string' },
      district: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
if (!values.url) usageError('--url is required', USAGE);
let url: string;
try {
  url = new URL(values.url).toString().replace(/\/+$/, '');
} catch {
  usageError(`--url ${values.url} is not a URL`, USAGE);
}
const waitSeconds = Number(values.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) usageError('--wait takes a number of seconds', USAGE);

let secrets: Awaited<ReturnType<typeof loadSmokeSecrets>>;
try {
  secrets = await loadSmokeSecrets(localDataDirFor(url, values['data-dir']));
} catch (error) {
  if (error instanceof SmokeSecretError) usageError(error.message, USAGE);
  throw error;
}

const options: SmokeOptions = {
  url,
  secrets,
  waitMs: waitSeconds * 1000,
  runId: smokeRunId(),
  ...(values.category ? { category: values.category } : {}),
  ...(values.district ? { district: values.district } : {}),
};
console.log(`smoke ${options.runId} against ${url}`);

// The appeals need a pair the catalogue routes; WeChat needs nothing but its token.
const pair = chooseRoutedPair(options);
const appealCheck = (channel: Channel, check: typeof checkHotline) =>
  verdictOf(channel, async () => check(options, await pair));
const verdicts: Verdict[] = await Promise.all([
  appealCheck('hotline', checkHotline),
  appealCheck('webform', checkWebform),
  verdictOf('wechat', () => checkWechat(options)),
]);
// Settled above through the checks; here only so a rejected pair is never left unhandled.
await pair.catch(() => undefined);

for (const v of verdicts) console.log(`${v.channel.padEnd(8)} ${v.outcome.padEnd(4)} ${v.detail}`);
process.exit(verdicts.some((v) => v.outcome === 'FAIL') ? 1 : 0);
