import fc from 'fast-check';

// Hostile input, one set of generators for the in-process fuzz suite (test/fuzz) and the bounded
// run through the local stack (test/integration/fuzz-public.test.ts): text no honest client sends,
// wrong JSON types, broken and deep JSON, bytes that are not UTF-8, XML with entities and DOCTYPEs,
// hostile path segments, query strings and headers.

/** Text no honest client sends: control and non-characters, lone surrogates, bidi marks, injections. */
export const NASTY = [
  '\u0000',
  '\u0000=cmd|calc',
  '\uFFFF',
  '\uFFFE',
  '\uD800',
  '\uDC00',
  'a\uD83Db',
  '\u202E\u200F\u200E\u2066',
  '😀🀄𠮷',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '鼓楼区Δжاب한𝔘',
  'e\u0301\u0301\u0301',
  '\u0007\u0008\u001b[31m',
  '\u2028\u2029',
  '\u00A0\u3000\uFEFF',
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
  '&lt;&#0;&#xD800;&e;',
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

export const nasty = fc.constantFrom(...NASTY);

/**
 * Hostile text: the list above, any code units (lone surrogates included), or both, or long (up to
 * `longest` characters).
 */
function hostileText(longest: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: nasty },
    {
      weight: 2,
      // Any code point, as unit 'binary' draws, but mapped: 'binary' makes fast-check index all
      // 1.1 million code points (about 2 s of every fuzz file's start) to bias towards its list of
      // dangerous strings, which `nasty` covers already.
      arbitrary: fc.string({
        unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
        maxLength: 40,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.string({
        unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
        maxLength: 40,
      }),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.array(nasty, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('字', 'a', '😀', '\u0000', '\uFFFF'),
          fc.integer({ min: Math.min(600, longest), max: longest }),
        )
        .map(([c, n]) => c.repeat(n)),
    },
  );
}

/** Hostile text for a body or a header, up to 70,000 characters. */
export const hostileString: fc.Arbitrary<string> = hostileText(70_000);

/**
 * Hostile text for a path or a query: no longer than reaches a function. Percent-encoded (up to 12
 * bytes a character), 1,200 characters fill Node's 16 KiB request head, which the local gateway's
 * server refuses beyond with 431 before any function runs; longer only spent the fuzz time parsing.
 */
const hostileUrlText: fc.Arbitrary<string> = hostileText(1_200);

/** Any JSON value of a wrong type for a field: numbers, booleans, null, arrays, objects. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.5, true, false, null, [], {}, [[]], { $ne: null }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

export const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

/** JSON nested `depth` deep, as arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const deep = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => deepJson(depth, kind));

/** Bytes that are not UTF-8: overlong forms, lone continuation bytes, encoded surrogates, cut sequences. */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(
    Uint8Array.of(0xc0, 0xaf),
    Uint8Array.of(0xe0, 0x80, 0xaf),
    Uint8Array.of(0xed, 0xa0, 0x80),
    Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
    Uint8Array.of(0xff, 0xfe, 0x7b, 0x00),
    Uint8Array.of(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe4, 0xb8, 0x22, 0x7d),
    Uint8Array.of(0x80),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 200 }),
);

/** The body of an oversized request: just over the limits the handlers and the gateway set. */
export const oversized: fc.Arbitrary<string> = fc.constantFrom(
  // Built once: nine bodies of up to 1.1 MB, drawn again and again.
  ...[64, 256, 1100].flatMap((kib) =>
    ['a', '字', '😀'].map(
      (c) => `{"content":"${c.repeat(Math.ceil((kib * 1024) / Buffer.byteLength(c)) + 1)}"}`,
    ),
  ),
);

export const CONTENT_TYPES = [
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
export const contentType = fc.constantFrom(...CONTENT_TYPES);

/** A body: valid-looking JSON with hostile fields, broken JSON, deep JSON or raw bytes (not UTF-8). */
export function jsonBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string | Uint8Array> {
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
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: oversized },
  );
}

/** XML that attacks a parser: DOCTYPEs, internal and external entities, billion laughs, deep nesting. */
export const hostileXml: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>',
    '<!DOCTYPE xml SYSTEM "http://169.254.169.254/latest/meta-data/"><xml></xml>',
    '<xml><Content>&amp;&lt;&#x0;&#xD800;&unknown;</Content></xml>',
    `<xml>${'<a>'.repeat(5_000)}${'</a>'.repeat(5_000)}</xml>`,
    '<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>',
    '<xml><Encrypt></Encrypt></xml>',
    '<xml><Encrypt><![CDATA[x]]></Encrypt><Encrypt><![CDATA[y]]></Encrypt></xml>',
    '<xml><__proto__>x</__proto__><constructor>y</constructor></xml>',
    '<xml>',
    '</xml>',
    '<xml><![CDATA[',
    '',
    'not xml',
  ),
  hostileString,
);

/** Header values a client can send (Latin-1, no CR/LF), some of them large. */
export const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'h'.repeat(n)),
  fc.constantFrom('../../x', "' OR 1=1", '{"$ne":null}', 'ÿþ', '\t', '', '0', '-1', '1e99', 'NaN'),
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent that does not throw on a lone surrogate (it goes out as U+FFFD, as fetch would). */
export function encodeSegment(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

/** A path segment as the client puts it on the wire: percent-encoded UTF-8, or raw malformed escapes. */
export const pathSegment = fc.oneof(
  { weight: 3, arbitrary: hostileUrlText.map((s) => encodeSegment(s)) },
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
      '..',
      '.',
      '260101-ABCD-EFGH',
      '000000-0000-0000',
      '261203-2222-2222%00',
      'x'.repeat(2_000),
    ),
  },
);

/** A query string of hostile names and values, plus a repeated name (a list in API Gateway v2). */
export function hostileQuery(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), hostileUrlText),
    fc.oneof(hostileUrlText, pathSegment),
  );
  return fc
    .array(pair, { maxLength: 5 })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeSegment(k)}=${v.includes('%') ? v : encodeSegment(v)}`).join('&'),
    );
}

/** A hostile value at one place of a JSON document: `path` names the keys from the root. */
export function mutate(
  base: Record<string, unknown>,
  path: string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(base);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1] as string] = value;
  return copy;
}

/** A WeChat message's fields, hostile where a citizen types and where a forger would aim. */
export const wechatMessage = fc.record({
  from: fc.oneof(
    fc.uuid().map((u) => `oFuzz${u.replaceAll('-', '')}`),
    hostileString,
  ),
  msgType: fc.constantFrom('text', 'event', 'image', 'voice', 'location', 'link', 'x'),
  content: fc.oneof(hostileString, fc.constantFrom('查询 260101-ABCD-EFGH', '补正 x', '依申请公开', '停水')),
  event: fc.constantFrom('subscribe', 'unsubscribe', 'CLICK', 'TEMPLATESENDJOBFINISH', ''),
  msgId: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String), hostileString),
  createTime: fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), hostileString),
  extra: fc.constantFrom('', '<Extra><a><b>1</b></a></Extra>', '<!-- c -->', '<Content>twice</Content>'),
});

/** The XML WeChat posts for a message (CDATA around the text, as WeChat writes it). */
export function wechatXmlOf(m: Record<string, string>): string {
  return (
    `<xml><ToUserName><![CDATA[gh_fuzz]]></ToUserName><FromUserName><![CDATA[${m.from}]]></FromUserName>` +
    `<CreateTime>${m.createTime}</CreateTime><MsgType><![CDATA[${m.msgType}]]></MsgType>` +
    `<Content><![CDATA[${m.content}]]></Content><Event><![CDATA[${m.event}]]></Event>` +
    `<MsgId>${m.msgId}</MsgId>${m.extra}</xml>`
  );
}

/** The fields of a call-centre record worth replacing (events/hotline/answered-with-appeal.json). */
export const CALL_PATHS = [
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

/** The fields of an Amazon Connect contact record worth replacing (events/hotline/connect-ctr.json). */
export const CTR_PATHS = [
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

/** A hotline body: the sample with one to three fields made hostile (a fresh id), or not a record at all. */
export function hotlineBodies(
  base: Record<string, unknown>,
  paths: string[][],
  id: string[],
): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...paths), fieldValue), { minLength: 1, maxLength: 3 }),
      fc.uuid(),
    )
    .map(([changes, uuid]) =>
      JSON.stringify(changes.reduce((b, [p, v]) => mutate(b, p, v), mutate(base, id, `fuzz-${uuid}`))),
    );
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '{"callId":1}') },
  );
}
