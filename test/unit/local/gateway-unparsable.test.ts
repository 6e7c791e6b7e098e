import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunctions } from '../../../local/functions.js';
import { type Gateway, startGateway } from '../../../local/gateway.js';

// A request Node's HTTP parser gives up on never reaches a route: the gateway itself answers, with
// the JSON error envelope, and drains what the client still sends so the client can read it.

describe('Local gateway: requests the HTTP parser refuses', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, functions: {} as LocalFunctions, log: () => undefined });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('answers a request line past the header limit with 431 request_too_large in the JSON envelope', async () => {
    // Prepare: a lookup path of 60,000 encoded characters (540 KB on the wire)
    const path = `/v1/cases/${encodeURIComponent('字'.repeat(60_000))}`;

    // Act
    const answers = await Promise.all(
      ['GET', 'POST'].map(async (method) => {
        const res = await fetch(`${gateway.url}${path}`, {
          method,
          ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        });
        return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
      }),
    );

    // Assess
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 431,
        type: 'application/json; charset=utf-8',
        body: { error: { code: 'request_too_large', message: '请求行或请求头过大' } },
      });
    }
  });
});
