import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  postWebform,
  stack,
  webform,
} from './helpers.js';

// Guessing phoneLast4 (issue 10): wrong digits are counted per tracking number, and a number that
// took too many answers 429 lookup_locked, the right digits included, until its lock passes.

/** The default LOOKUP_GUESS_LIMIT: the local stack runs with the defaults. */
const LIMIT = 5;

async function lookup(trackingNo: string, phoneLast4: string) {
  const res = await fetch(`${stack.url}/v1/cases/${trackingNo}?phoneLast4=${phoneLast4}`);
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** A new web-form case (phone ending 5678), once the lookup finds it. */
async function newCase(): Promise<string> {
  const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
  expect(posted.status).toBe(202);
  const trackingNo = posted.json.trackingNo as string;
  await eventually(async () => ((await lookup(trackingNo, '5678')).status === 200 ? true : undefined), {
    what: 'the new case',
  });
  return trackingNo;
}

const codeOf = (r: { json: Record<string, unknown> }) =>
  (r.json.error as { code?: string } | undefined)?.code;

describe('guessing phoneLast4 over HTTP', () => {
  it('locks a number after a few wrong answers, even for the right digits, and changes nothing else', async () => {
    // Prepare
    const target = await newCase();
    const other = await newCase();
    const [before] = await casesByTrackingNo(target);

    // Act
    const wrong: Awaited<ReturnType<typeof lookup>>[] = [];
    for (let i = 0; i < LIMIT; i++) wrong.push(await lookup(target, String(1000 + i)));
    const right = await lookup(target, '5678');
    const otherRight = await lookup(other, '5678');

    // Assess
    expect(wrong.slice(0, LIMIT - 1).map((r) => [r.status, codeOf(r)])).toEqual(
      Array(LIMIT - 1).fill([404, 'case_not_found']),
    );
    expect([wrong[LIMIT - 1]?.status, codeOf(wrong[LIMIT - 1] ?? { json: {} })]).toEqual([
      429,
      'lookup_locked',
    ]);
    expect(right.status).toBe(429);
    expect(codeOf(right)).toBe('lookup_locked');
    expect(right.json).not.toHaveProperty('trackingNo');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.get('cache-control')).toBe('no-store');
    expect(right.headers.get('x-content-type-options')).toBe('nosniff');
    // A different number is not affected.
    expect(otherRight.status).toBe(200);
    expect(otherRight.json.trackingNo).toBe(other);
    // The case itself is untouched: the count lives in an item of its own, with its TTL.
    const [after] = await casesByTrackingNo(target);
    expect(after).toEqual(before);
    const counter = await ddb.send(
      new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `GUESS#${target}`, sk: 'GUESS' } }),
    );
    expect(counter.Item).toMatchObject({ misses: LIMIT, expiresAt: expect.any(Number) });
    expect(counter.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('lets a burst of parallel guesses through no faster than the limit', async () => {
    // Prepare
    const target = await newCase();

    // Act
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => lookup(target, String(2000 + i))));
    const right = await lookup(target, '5678');

    // Assess: at most LIMIT guesses were compared; every other one was refused unread.
    const compared = burst.filter((r) => r.status === 404).length;
    expect(compared).toBeLessThanOrEqual(LIMIT);
    expect(burst.every((r) => r.status === 404 || r.status === 429)).toBe(true);
    expect(right.status).toBe(429);
  });

  it('marks found and not-found lookups no-store and nosniff', async () => {
    // Prepare
    const trackingNo = await newCase();

    // Act
    const found = await lookup(trackingNo, '5678');
    const notFound = await lookup('261101-AAAA-BBBB', '5678');

    // Assess
    expect([found.status, notFound.status]).toEqual([200, 404]);
    for (const r of [found, notFound]) {
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('feedback for an unknown number over HTTP', () => {
  it('answers exactly as for a known number with a wrong token', async () => {
    // Prepare
    const known = await newCase();
    const post = async (trackingNo: string) => {
      const res = await fetch(`${stack.url}/v1/cases/${trackingNo}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'x'.repeat(43), rating: 'satisfied' }),
      });
      return { status: res.status, body: await res.text() };
    };

    // Act
    const wrongToken = await post(known);
    const unknown = await post('261101-AAAA-BBBB');

    // Assess
    expect(wrongToken.status).toBe(403);
    expect(unknown).toEqual(wrongToken);
    expect(JSON.parse(unknown.body).error.code).toBe('invalid_feedback_token');
  });
});
