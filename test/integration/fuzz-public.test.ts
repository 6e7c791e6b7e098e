import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localHotlineSecret, signedHeaders } from '../../scripts/hotline-client.js';
import { localWechatSecrets, signedRequest, type WechatMode } from '../../scripts/wechat-client.js';
import { sign } from '../../shared/channels/hotline-signature.js';
import { sha1Signature } from '../../shared/channels/wechat-crypto.js';
import { idle, invocations, sqs, stack } from './helpers.js';

// A bounded fuzz run of every public entry point of the function catalogue (the routes without a
// staff token: the web form, its uploads grant, the status lookup, feedback, the directory, the
// public metrics, the pages, WeChat and the hotline, the last two also signed correctly so that the
// hostile text reaches their parsers). Every answer must be 2xx/3xx/4xx, never 5xx, and a JSON error
// must be the envelope. A few hundred requests in all, to this stack on 127.0.0.1 only; the seed is
// fixed (FUZZ_SEED overrides it) so a failure replays.

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const secret = localHotlineSecret(stack.dataDir);
const wechat = localWechatSecrets(stack.dataDir);

/** Text no honest client sends: control and non-characters, lone surrogates, bidi marks, injections. */
const NASTY = [
  '\u0000',
  '\u0000=cmd|calc',
  '\uFFFF',
  '\uFFFE',
  '\uD800',
  '\uDC00',
  'a\uD83Db',
  '\u202E\u200F\u200E\u2066',
  '😀🀄𠮷',
  '\u2028\u2029',
  '../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  '{"$ne":null}',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '<![CDATA[x]]>',
  ']]><x>',
  '$' + '{7*7}{{7*7}}',
  '\r\nX-Injected: 1',
  '%00%ff%',
  'attribute_exists(pk)',
  ':t',
  '#',
  'CASE#x',
  ' ',
  '',
];

const nasty = fc.constantFrom(...NASTY);
/** Hostile text: the list above, any code units (lone surrogates included), or both, or very long. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    }),
  },
  { weight: 2, arbitrary: fc.array(nasty, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('字', 'a', '😀', '\u0000', '\uFFFF'), fc.integer({ min: 600, max: 70_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Any JSON value of a wrong type for a field: numbers, booleans, null, arrays, objects. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.5, true, false, null, [], {}, [[]], { $ne: null }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

/** JSON nested `depth` deep, as arrays or objects. */
function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
const deep = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => deepJson(depth, kind));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=gbk',
  'text/plain',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  '*/*',
  'application/json, text/xml',
];
const contentType = fc.constantFrom(...CONTENT_TYPES);

/** A body: valid-looking JSON with hostile fields, broken JSON, deep JSON or raw bytes (not UTF-8). */
function jsonBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string | Uint8Array> {
  const record = fc.record(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fc.oneof(v, fieldValue)])),
    { requiredKeys: [] },
  );
  const withExtra = fc
    .tuple(record, fc.dictionary(hostileString, fieldValue, { maxKeys: 3 }))
    .map(([r, extra]) => ({ ...extra, ...r }));
  return fc.oneof(
    { weight: 6, arbitrary: withExtra.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: wrongType.map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '{"a":}', 'null', '"x"', '[1,', '\u0000', '{"a":1}{"b":2}'),
    },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }) },
  );
}

/** Header values fetch can send (Latin-1, no CR/LF), some of them large (but under the server's limit). */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'h'.repeat(n)),
  fc.constantFrom('../../x', "' OR 1=1", '{"$ne":null}', 'ÿþ', '\t'),
);

/** A path segment as the client puts it on the wire: percent-encoded UTF-8, or raw malformed escapes. */
const pathSegment = fc.oneof(
  { weight: 3, arbitrary: hostileString.map((s) => encodeSegment(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '..%5c..%5cwindows',
      '%ED%A0%80',
      '%FF%FE',
      '%C0%AE%C0%AE%2F',
      '%00',
      '%',
      '%zz',
      '%E4%B8',
      '260101-ABCD-EFGH',
      '000000-0000-0000',
      '261203-2222-2222%00',
      'x'.repeat(2_000),
    ),
  },
);

/** encodeURIComponent that does not throw on a lone surrogate (it goes out as U+FFFD, as fetch would). */
function encodeSegment(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');
}

/** A query string of hostile names and values, plus a repeated name (a list in API Gateway v2). */
function hostileQuery(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), hostileString),
    fc.oneof(hostileString, pathSegment),
  );
  return fc
    .array(pair, { maxLength: 5 })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeSegment(k)}=${v.includes('%') ? v : encodeSegment(v)}`).join('&'),
    );
}

interface Sent {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}
interface Answer {
  status: number;
  contentType: string;
  text: string;
}
interface Problem {
  route: string;
  status: number;
  why: string;
  request: string;
}

async function send(request: Sent): Promise<Answer> {
  const res = await fetch(`${stack.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** What is wrong with an answer: a 5xx, JSON that does not parse, or an error without the envelope. */
function problemOf(answer: Answer): string | undefined {
  if (answer.status >= 500 || answer.status < 200) return `status ${answer.status}`;
  if (!answer.contentType.includes('json')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'a JSON content type with a body that is not JSON';
  }
  if (answer.status < 400) return undefined;
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    return 'an error without { error: { code, message } }';
  return undefined;
}

/** Sends each request in turn and collects every answer that breaks the rules, with what was sent. */
async function fuzz(requests: Sent[]): Promise<{ problems: Problem[]; statuses: Record<string, number[]> }> {
  const problems: Problem[] = [];
  const statuses: Record<string, number[]> = {};
  for (const request of requests) {
    let answer: Answer;
    try {
      answer = await send(request);
    } catch (error) {
      answer = { status: 0, contentType: '', text: String(error) };
    }
    statuses[request.route] = [...(statuses[request.route] ?? []), answer.status];
    const why = answer.status === 0 ? `no answer: ${answer.text}` : problemOf(answer);
    if (why) {
      const body =
        request.body === undefined
          ? ''
          : typeof request.body === 'string'
            ? request.body
            : `bytes ${Buffer.from(request.body).toString('hex')}`;
      problems.push({
        route: request.route,
        status: answer.status,
        why: `${why}: ${answer.text.slice(0, 200)}`,
        request: `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 300)} ${body.slice(0, 300)}`,
      });
    }
  }
  return { problems, statuses };
}

function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, salt: number): T[] {
  return fc.sample(arbitrary, { numRuns, seed: SEED + salt });
}

async function intakeDeadLetters(): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.resources.intakeDlqUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

const WEBFORM_FIELDS = {
  type: fc.constantFrom('complaint', 'help', 'report', 'suggestion', 'consultation'),
  category: fc.constantFrom('noise', 'water-supply', 'total'),
  district: fc.constantFrom('gulou', 'donghu'),
  address: hostileString,
  content: hostileString,
  phone: fc.constantFrom('13912345678', '+86 139 1234 5678', '1391234567８'),
  name: hostileString,
  attachments: fc.array(hostileString, { maxLength: 3 }),
};

describe('a fuzz run of the public entry points', () => {
  it('answers hostile web-form posts and upload grants with 2xx or 4xx, and writes nothing for a 4xx', async () => {
    // Prepare
    const webform = sample(
      fc.record({
        body: jsonBody(WEBFORM_FIELDS),
        contentType,
        key: fc.option(fc.oneof(headerValue, fc.uuid()), { nil: undefined }),
      }),
      90,
      1,
    ).map(({ body, contentType, key }) => ({
      route: 'POST /v1/channels/webform',
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': contentType, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body,
    }));
    const uploads = sample(
      fc.record({
        body: jsonBody({
          contentType: fc.constantFrom(
            'image/png',
            'image/jpeg',
            'application/pdf',
            'text/html',
            'image/svg+xml',
          ),
          size: fc.oneof(fc.integer(), fc.double()),
          sha256: hostileString,
          name: hostileString,
        }),
        contentType,
      }),
      30,
      2,
    ).map(({ body, contentType }) => ({
      route: 'POST /v1/channels/webform/uploads',
      method: 'POST',
      path: '/v1/channels/webform/uploads',
      headers: { 'content-type': contentType },
      body,
    }));
    await idle();
    const before = {
      dispatches: (await invocations())['dispatch-appeal'] ?? 0,
      dead: await intakeDeadLetters(),
    };

    // Act
    const forms = await fuzz(webform);
    const grants = await fuzz(uploads);
    await idle();
    const after = {
      dispatches: (await invocations())['dispatch-appeal'] ?? 0,
      dead: await intakeDeadLetters(),
    };

    // Assess
    expect([...forms.problems, ...grants.problems]).toEqual([]);
    const accepted = (forms.statuses['POST /v1/channels/webform'] ?? []).filter((s) => s < 300).length;
    // Each accepted appeal is one intake message; the refused ones sent none.
    expect(after.dispatches - before.dispatches).toBeLessThanOrEqual(accepted);
    if (accepted === 0) expect(after.dispatches).toBe(before.dispatches);
    // And none of the accepted ones broke the intake consumer.
    expect(after.dead).toBe(before.dead);
  }, 60_000);

  it('answers hostile lookups, feedback, directory, metrics and page requests with 2xx, 3xx or 4xx', async () => {
    // Prepare
    const lookups = sample(fc.tuple(pathSegment, hostileQuery(['phoneLast4'])), 45, 3).map(([no, q]) => ({
      route: 'GET /v1/cases/{trackingNo}',
      method: 'GET',
      path: `/v1/cases/${no}?${q}`,
      headers: {},
    }));
    const feedbackPages = sample(fc.tuple(pathSegment, hostileQuery(['token'])), 20, 4).map(([no, q]) => ({
      route: 'GET /v1/cases/{trackingNo}/feedback',
      method: 'GET',
      path: `/v1/cases/${no}/feedback?${q}`,
      headers: {},
    }));
    const ratings = sample(
      fc.tuple(
        pathSegment,
        hostileQuery(['token']),
        jsonBody({
          token: hostileString,
          rating: fc.constantFrom('satisfied', 'basically-satisfied', 'dissatisfied'),
          comment: hostileString,
        }),
        contentType,
      ),
      35,
      5,
    ).map(([no, q, body, type]) => ({
      route: 'POST /v1/cases/{trackingNo}/feedback',
      method: 'POST',
      path: `/v1/cases/${no}/feedback?${q}`,
      headers: { 'content-type': type },
      body,
    }));
    const reads = sample(
      fc.tuple(
        fc.constantFrom(
          '/v1/directory',
          '/v1/public/metrics',
          '/',
          '/dashboard',
          '/console',
          '/console/cases/x',
        ),
        hostileQuery(['from', 'to', 'groupBy', 'department', 'v']),
        fc.record(
          { 'accept-encoding': headerValue, 'if-none-match': headerValue, 'x-fuzz': headerValue },
          { requiredKeys: [] },
        ),
      ),
      45,
      6,
    ).map(([path, q, headers]) => ({ route: `GET ${path}`, method: 'GET', path: `${path}?${q}`, headers }));

    // Act
    const result = await fuzz([...lookups, ...feedbackPages, ...ratings, ...reads]);

    // Assess
    expect(result.problems).toEqual([]);
  }, 60_000);

  it('answers hostile WeChat requests, signed and unsigned, in both modes with 2xx or 4xx', async () => {
    // Prepare: messages signed (and in safe mode encrypted) as WeChat does, with hostile fields
    const message = fc.record({
      from: fc.oneof(
        fc.uuid().map((u) => `oFuzz${u.replaceAll('-', '')}`),
        hostileString,
      ),
      msgType: fc.constantFrom('text', 'event', 'image', 'voice', 'location', 'link', 'x'),
      content: hostileString,
      event: fc.constantFrom('subscribe', 'unsubscribe', 'CLICK', ''),
      msgId: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String), hostileString),
      createTime: fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), hostileString),
      extra: fc.constantFrom('', '<Extra><a><b>1</b></a></Extra>', '<!-- c -->', '<Content>twice</Content>'),
    });
    const xmlOf = (m: Record<string, string>) =>
      `<xml><ToUserName><![CDATA[gh_fuzz]]></ToUserName><FromUserName><![CDATA[${m.from}]]></FromUserName>` +
      `<CreateTime>${m.createTime}</CreateTime><MsgType><![CDATA[${m.msgType}]]></MsgType>` +
      `<Content><![CDATA[${m.content}]]></Content><Event><![CDATA[${m.event}]]></Event>` +
      `<MsgId>${m.msgId}</MsgId>${m.extra}</xml>`;
    const rawXml = fc.oneof(
      fc.constantFrom(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
        `<xml>${'<a>'.repeat(5_000)}${'</a>'.repeat(5_000)}</xml>`,
        '<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>',
        '<xml><Encrypt></Encrypt></xml>',
        '<xml>',
        '',
        'not xml',
      ),
      hostileString,
    );
    const signed = sample(fc.tuple(message, fc.constantFrom<WechatMode>('plain', 'safe')), 60, 7).map(
      ([m, mode]) => {
        const { query, body } = signedRequest(xmlOf(m), wechat, mode);
        return {
          route: `POST /v1/channels/wechat (${mode}, signed)`,
          method: 'POST',
          path: `/v1/channels/wechat?${query}`,
          headers: { 'content-type': 'text/xml' },
          body,
        };
      },
    );
    const signedRaw = sample(rawXml, 15, 8).map((xml) => {
      const { query } = signedRequest('<xml></xml>', wechat, 'plain');
      return {
        route: 'POST /v1/channels/wechat (plain, signed, raw body)',
        method: 'POST',
        path: `/v1/channels/wechat?${query}`,
        headers: { 'content-type': 'text/xml' },
        body: xml,
      };
    });
    const unsigned = sample(
      fc.tuple(
        hostileQuery(['signature', 'timestamp', 'nonce', 'openid', 'encrypt_type', 'msg_signature']),
        rawXml,
        contentType,
      ),
      20,
      9,
    ).map(([q, xml, type]) => ({
      route: 'POST /v1/channels/wechat (unsigned)',
      method: 'POST',
      path: `/v1/channels/wechat?${q}`,
      headers: { 'content-type': type },
      body: xml,
    }));
    const verifications = sample(
      fc.tuple(hostileString, fc.boolean(), hostileQuery(['echostr', 'signature'])),
      20,
      10,
    ).map(([echostr, sign, q]) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = '42';
      const signature = sha1Signature([wechat.token, timestamp, nonce]);
      const path = sign
        ? `/v1/channels/wechat?${new URLSearchParams({ signature, timestamp, nonce }).toString()}&echostr=${encodeSegment(echostr)}`
        : `/v1/channels/wechat?${q}`;
      return {
        route: `GET /v1/channels/wechat (${sign ? 'signed' : 'unsigned'})`,
        method: 'GET',
        path,
        headers: {},
      };
    });

    // Act
    const result = await fuzz([...signed, ...signedRaw, ...unsigned, ...verifications]);

    // Assess
    expect(result.problems).toEqual([]);
  }, 60_000);

  it('answers hostile hotline posts, correctly signed or not, with 2xx or 4xx', async () => {
    // Prepare: the samples, their fields replaced by hostile values, signed with the stack's secret
    const call = JSON.parse(
      readFileSync(new URL('../../events/hotline/answered-with-appeal.json', import.meta.url), 'utf8'),
    );
    const ctr = JSON.parse(
      readFileSync(new URL('../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );
    const mutate = (base: Record<string, unknown>, path: string[], value: unknown) => {
      const copy = structuredClone(base);
      let at: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) {
        if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
        at = at[key] as Record<string, unknown>;
      }
      at[path[path.length - 1] as string] = value;
      return copy;
    };
    const callPaths = [
      ['callId'],
      ['caller'],
      ['line'],
      ['startedAt'],
      ['answeredAt'],
      ['disposition'],
      ['agentId'],
      ['recordingKey'],
      ['appeal'],
      ['appeal', 'type'],
      ['appeal', 'category'],
      ['appeal', 'district'],
      ['appeal', 'address'],
      ['appeal', 'content'],
      ['appeal', 'name'],
      ['appeal', 'urgency'],
    ];
    const ctrPaths = [
      ['ContactId'],
      ['Channel'],
      ['InitiationMethod'],
      ['InitiationTimestamp'],
      ['DisconnectTimestamp'],
      ['CustomerEndpoint'],
      ['CustomerEndpoint', 'Address'],
      ['Agent'],
      ['Agent', 'Username'],
      ['Attributes'],
      ['Attributes', 'content'],
      ['Attributes', 'category'],
      ['Attributes', 'appealType'],
      ['Queue', 'EnqueueTimestamp'],
      ['Recording', 'Location'],
    ];
    const mutated = (base: Record<string, unknown>, paths: string[][], id: string[]) =>
      fc
        .tuple(
          fc.array(fc.tuple(fc.constantFrom(...paths), fieldValue), { minLength: 1, maxLength: 3 }),
          fc.uuid(),
        )
        .map(([changes, uuid]) =>
          JSON.stringify(changes.reduce((b, [p, v]) => mutate(b, p, v), mutate(base, id, `fuzz-${uuid}`))),
        );
    const bodies = (base: Record<string, unknown>, paths: string[][], id: string[]) =>
      fc.oneof(
        { weight: 5, arbitrary: mutated(base, paths, id) },
        { weight: 1, arbitrary: deep },
        { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '{"callId":1}') },
      );
    const signedCalls = sample(bodies(call, callPaths, ['callId']), 35, 11).map((body) => ({
      route: 'POST /v1/channels/hotline/calls (signed)',
      method: 'POST',
      path: '/v1/channels/hotline/calls',
      headers: signedHeaders(secret, body, '/v1/channels/hotline/calls'),
      body,
    }));
    const signedCtrs = sample(bodies(ctr, ctrPaths, ['ContactId']), 30, 12).map((body) => ({
      route: 'POST /v1/channels/hotline/connect-ctr (signed)',
      method: 'POST',
      path: '/v1/channels/hotline/connect-ctr',
      headers: signedHeaders(secret, body, '/v1/channels/hotline/connect-ctr'),
      body,
    }));
    // Signed bytes that are not UTF-8, and requests whose signature headers are hostile or wrong.
    const signedBytes = sample(fc.uint8Array({ minLength: 1, maxLength: 100 }), 5, 13).map((bytes) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const line = { method: 'POST', path: '/v1/channels/hotline/calls' };
      return {
        route: 'POST /v1/channels/hotline/calls (signed bytes)',
        method: 'POST',
        path: line.path,
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-signature-version': '2',
          'x-signature': sign(secret, timestamp, bytes, line),
        },
        body: bytes,
      };
    });
    const unsigned = sample(
      fc.tuple(
        fc.constantFrom('/v1/channels/hotline/calls', '/v1/channels/hotline/connect-ctr'),
        bodies(call, callPaths, ['callId']),
        fc.record(
          { 'x-timestamp': headerValue, 'x-signature': headerValue, 'x-signature-version': headerValue },
          { requiredKeys: [] },
        ),
        contentType,
      ),
      20,
      14,
    ).map(([path, body, headers, type]) => ({
      route: `POST ${path} (unsigned)`,
      method: 'POST',
      path,
      headers: { 'content-type': type, ...headers },
      body,
    }));

    // Act
    const result = await fuzz([...signedCalls, ...signedCtrs, ...signedBytes, ...unsigned]);

    // Assess
    expect(result.problems).toEqual([]);
    // The signed ones reached the parsers: some answered as records, not all refused at the door.
    const signedStatuses = [
      ...(result.statuses['POST /v1/channels/hotline/calls (signed)'] ?? []),
      ...(result.statuses['POST /v1/channels/hotline/connect-ctr (signed)'] ?? []),
    ];
    expect(signedStatuses.some((s) => s !== 401)).toBe(true);
  }, 60_000);
});
