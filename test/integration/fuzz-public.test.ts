import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localHotlineSecret, signedHeaders } from '../../scripts/hotline-client.js';
import { localWechatSecrets, signedRequest, type WechatMode } from '../../scripts/wechat-client.js';
import { sign } from '../../shared/channels/hotline-signature.js';
import { sha1Signature } from '../../shared/channels/wechat-crypto.js';
import {
  CALL_PATHS,
  CTR_PATHS,
  contentType,
  encodeSegment,
  headerValue,
  hostileQuery,
  hostileString,
  hostileXml,
  hotlineBodies,
  jsonBody,
  pathSegment,
  wechatMessage,
  wechatXmlOf,
} from '../fuzz/arbitraries.js';
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
    const signed = sample(fc.tuple(wechatMessage, fc.constantFrom<WechatMode>('plain', 'safe')), 60, 7).map(
      ([m, mode]) => {
        const { query, body } = signedRequest(wechatXmlOf(m), wechat, mode);
        return {
          route: `POST /v1/channels/wechat (${mode}, signed)`,
          method: 'POST',
          path: `/v1/channels/wechat?${query}`,
          headers: { 'content-type': 'text/xml' },
          body,
        };
      },
    );
    const signedRaw = sample(hostileXml, 15, 8).map((xml) => {
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
        hostileXml,
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
    const signedCalls = sample(hotlineBodies(call, CALL_PATHS, ['callId']), 35, 11).map((body) => ({
      route: 'POST /v1/channels/hotline/calls (signed)',
      method: 'POST',
      path: '/v1/channels/hotline/calls',
      headers: signedHeaders(secret, body, '/v1/channels/hotline/calls'),
      body,
    }));
    const signedCtrs = sample(hotlineBodies(ctr, CTR_PATHS, ['ContactId']), 30, 12).map((body) => ({
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
        hotlineBodies(call, CALL_PATHS, ['callId']),
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
