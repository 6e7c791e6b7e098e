import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunctions } from '../../local/functions.js';
import { type Gateway, startGateway } from '../../local/gateway.js';

// The gateway's per-client token bucket, on a gateway of its own with a stub function.

describe('Local gateway: rate limit', () => {
  let gateway: Gateway;
  let invoked = 0;

  beforeAll(async () => {
    const functions = {
      invoke: async () => {
        invoked += 1;
        return { statusCode: 200, body: '{}' };
      },
    } as unknown as LocalFunctions;
    // A rate so slow that no token comes back while the test runs, whatever the machine's load.
    gateway = await startGateway({
      port: 0,
      functions,
      rateLimit: { ratePerSecond: 0.001, burst: 3 },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('answers 429 rate_limited with Retry-After once a client spends its burst', async () => {
    // Act
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(`${gateway.url}/v1/directory`);
      statuses.push(last.status);
      await last.arrayBuffer();
    }

    // Assess
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await (await fetch(`${gateway.url}/v1/directory`)).json()).toMatchObject({
      error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试' },
    });
    expect(invoked).toBe(3);
  });

  it('never limits a signed machine channel, whose many citizens share few addresses', async () => {
    // Prepare: this client's burst is already spent on the public routes above
    const before = invoked;

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${gateway.url}/v1/channels/wechat?signature=x`, {
        method: 'POST',
        body: '<xml/>',
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }

    // Assess
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(invoked - before).toBe(5);
  });
});
