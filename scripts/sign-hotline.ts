import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hotlinePath, localHotlineSecret, postHotline, signedHeaders } from './hotline-client.js';

// `npx tsx scripts/sign-hotline.ts [options] <events/hotline/sample.json>`: signs a call record (or
// an Amazon Connect CTR) the way the call centre does, and prints a ready curl (or sends it).

const USAGE = `用法: npx tsx scripts/sign-hotline.ts [--url http://localhost:3000] [--data-dir .local]
       [--secret <HMAC secret>] [--call-id <id>] [--send] <events/hotline/answered-with-appeal.json>
  prints a curl valid for 5 minutes; --send posts it and prints the answer`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
    'data-dir': { type: 'string', default: '.local' },
    secret: { type: 'string' },
    'call-id': { type: 'string' },
    send: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const sample = positionals[0];
if (values.help || !sample) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const secret = values.secret ?? localHotlineSecret(resolve(values['data-dir']));
const parsed = JSON.parse(readFileSync(sample, 'utf8')) as Record<string, unknown>;
// A new call id makes a new call (and case); the sample's own id shows that a resend is one case.
if (values['call-id']) parsed[parsed.ContactId ? 'ContactId' : 'callId'] = values['call-id'];
// Compact JSON: the signature covers these exact bytes, and a shell keeps them intact in quotes.
const body = JSON.stringify(parsed);
const url = values.url.replace(/\/+$/, '');

if (values.send) {
  const answer = await postHotline(url, body, secret, { attempts: 1 });
  console.log(`POST ${url}${hotlinePath(body)} → ${answer.status}`);
  console.log(JSON.stringify(answer.json, null, 2));
  process.exit(answer.status < 300 ? 0 : 1);
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
const headers = Object.entries(signedHeaders(secret, body))
  .map(([k, v]) => `  -H ${quote(`${k}: ${v}`)} \\`)
  .join('\n');
console.log(`curl -sS -X POST ${url}${hotlinePath(body)} \\\n${headers}\n  --data-raw ${quote(body)}`);
