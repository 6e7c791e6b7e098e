import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDirectory } from '../../functions/get-directory/handler.js';
import { handler as getMetrics } from '../../functions/get-metrics/handler.js';
import { handler as releases } from '../../functions/releases/handler.js';
import { createHandler } from '../../functions/serve-web/handler.js';
import { fixtureDist } from '../unit/functions/serve-web/fixture-dist.js';
import { type FuzzCase, fuzzEntryPoint, fuzzMocks, routeCases } from './harness.js';

// The public reads: the directory, the public metrics and releases, and the pages with their
// assets: hostile queries, path segments and headers (conditional requests, encodings, hosts).

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const day = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** A query of plausible names and values (reaching past validation) or hostile ones. */
const metricsQuery = fc
  .record(
    {
      from: day,
      to: day,
      groupBy: fc.constantFrom('day', 'week', 'month', 'department', 'category', 'district'),
    },
    { requiredKeys: [] },
  )
  .map((q) => new URLSearchParams(q).toString());

const PAGE_HEADERS = [
  'accept-encoding',
  'if-none-match',
  'host',
  'x-forwarded-host',
  'x-forwarded-proto',
  'accept',
];

let serveWeb: ReturnType<typeof createHandler>;
beforeAll(() => {
  serveWeb = createHandler({ distDir: fixtureDist() });
});

interface EntryPoint {
  route: string;
  functionName: string;
  handler: () => typeof getDirectory;
  cases: fc.Arbitrary<FuzzCase>;
}

/** The fixture dist keeps a file beside the assets (secret.txt) that no path may reach. */
function servesNothingOutside(result: APIGatewayProxyStructuredResultV2): string | undefined {
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64').toString()
    : (result.body ?? '');
  return body.includes('not served') ? 'served a file outside the assets' : undefined;
}

const withQuery = (cases: fc.Arbitrary<FuzzCase>, query: fc.Arbitrary<string>) =>
  fc.oneof(
    cases,
    fc.tuple(cases, query).map(([c, q]) => ({
      ...c,
      request: { ...c.request, target: `${c.request.target.split('?')[0]}?${q}` },
    })),
  );

const pages = (path: string) => routeCases({ method: 'GET', path, headerNames: PAGE_HEADERS });

const ENTRY_POINTS: EntryPoint[] = [
  {
    route: 'GET /v1/directory',
    functionName: 'get-directory',
    handler: () => getDirectory,
    cases: routeCases({ method: 'GET', path: '/v1/directory', headerNames: ['if-none-match', 'accept'] }),
  },
  {
    route: 'GET /v1/public/metrics',
    functionName: 'get-metrics',
    handler: () => getMetrics,
    cases: withQuery(
      routeCases({
        method: 'GET',
        path: '/v1/public/metrics',
        queryNames: ['from', 'to', 'groupBy'],
        headerNames: ['if-none-match'],
      }),
      metricsQuery,
    ),
  },
  {
    route: 'GET /v1/public/releases',
    functionName: 'releases',
    handler: () => releases,
    cases: routeCases({
      method: 'GET',
      path: '/v1/public/releases',
      queryNames: ['period', 'state', 'kind', 'cursor'],
    }),
  },
  {
    route: 'GET /v1/public/releases/{releaseId}',
    functionName: 'releases',
    handler: () => releases,
    cases: routeCases({
      method: 'GET',
      path: '/v1/public/releases/{releaseId}',
      queryNames: ['format'],
      validParams: {
        releaseId: fc.constantFrom('2026-11-monthly-figures', '2026-11-typical-cases', 'rel-1'),
      },
    }),
  },
  { route: 'GET /', functionName: 'serve-web', handler: () => serveWeb, cases: pages('/') },
  { route: 'GET /dashboard', functionName: 'serve-web', handler: () => serveWeb, cases: pages('/dashboard') },
  { route: 'GET /releases', functionName: 'serve-web', handler: () => serveWeb, cases: pages('/releases') },
  { route: 'GET /console', functionName: 'serve-web', handler: () => serveWeb, cases: pages('/console') },
  {
    route: 'GET /console/config.json',
    functionName: 'serve-web',
    handler: () => serveWeb,
    cases: pages('/console/config.json'),
  },
  {
    route: 'GET /console/{path+}',
    functionName: 'serve-web',
    handler: () => serveWeb,
    cases: routeCases({
      method: 'GET',
      path: '/console/{path+}',
      headerNames: PAGE_HEADERS,
      validParams: { path: fc.constantFrom('cases/x', 'queue', '../secret.txt', '..%2Fsecret.txt', 'a/b/c') },
    }),
  },
  {
    route: 'GET /assets/{file}',
    functionName: 'serve-web',
    handler: () => serveWeb,
    cases: routeCases({
      method: 'GET',
      path: '/assets/{file}',
      headerNames: PAGE_HEADERS,
      validParams: {
        file: fc.constantFrom(
          'console-AbC123.js',
          'console-Zx9.css',
          'logo-P0o9.png',
          '..%2Fsecret.txt',
          '.vite',
        ),
      },
    }),
  },
];

describe('Fuzz: the public reads and pages', () => {
  it.each(ENTRY_POINTS.map((e, i) => [e.route, e, i] as const))(
    'answers every hostile %s with 2xx, 3xx or 4xx',
    async (_route, entry, i) => {
      // Act
      const statuses = await fuzzEntryPoint({
        ...entry,
        handler: entry.handler(),
        mocks,
        salt: 60 + i,
        check: servesNothingOutside,
      });

      // Assess: the requests reached the function and were answered
      const reached = [...statuses.entries()].filter(([s]) => s > 0).reduce((a, [, n]) => a + n, 0);
      expect(reached).toBeGreaterThan(0);
    },
  );
});
