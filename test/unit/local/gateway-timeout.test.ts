import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../../infra/functions.js';
import { LocalFunctions } from '../../../local/functions.js';
import { type Gateway, startGateway } from '../../../local/gateway.js';
import type { Route } from '../../../local/routes.js';

// A function that outlives its timeout is killed by Lambda, and the HTTP API answers the failed
// integration as AWS does: 500 with its own body, not the app's error envelope.

const SLOW: FunctionSpec = {
  name: 'slow',
  description: 'never answers',
  triggers: [],
  // 50 ms: the local invoke's timer, as Lambda's timeout.
  timeoutSeconds: 0.05,
  memoryMb: 128,
};
const ROUTE: Route = {
  functionName: 'slow',
  method: 'POST',
  routeKey: 'POST /slow',
  auth: 'public',
  pattern: /^\/slow$/,
  params: [],
};

describe('Local gateway: a function past its timeout', () => {
  let gateway: Gateway;
  const log: string[] = [];

  beforeAll(async () => {
    const functions = LocalFunctions.of([{ spec: SLOW, handler: () => new Promise(() => undefined) }]);
    gateway = await startGateway({ port: 0, functions, routes: [ROUTE], log: (line) => log.push(line) });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it("answers 500 with the HTTP API's own body and logs the timeout", async () => {
    // Act
    const res = await fetch(`${gateway.url}/slow`, { method: 'POST', body: '{}' });

    // Assess
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(log.join('\n')).toContain('slow timed out: ');
  });
});
