import { describe, expect, it } from 'vitest';
import { numberAbove, pathRegexOf, publicPathScope } from '../../../infra/edge-rules.js';
import {
  DEFAULT_WAF_RATE_LIMIT,
  edgeOffered,
  wafEnabled,
  wafRateLimitOf,
} from '../../../infra/edge-settings.js';
import { FUNCTIONS, type FunctionSpec } from '../../../infra/functions.js';
import { PUBLIC_ROUTE_THROTTLE, publicRouteSettings, routesOf } from '../../../infra/public-routes.js';

/** What WAF's scope-down takes: a path matching some included regex and no excluded one. */
function counted(path: string): boolean {
  const { include, exclude } = publicPathScope(FUNCTIONS);
  return include.some((re) => new RegExp(re).test(path)) && !exclude.some((re) => new RegExp(re).test(path));
}

const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('Function: pathRegexOf', () => {
  it.each([
    ['/', '^/$'],
    ['/v1/cases/{trackingNo}', '^/v1/cases/[^/]+$'],
    ['/console/{path+}', '^/console/.+$'],
    ['/console/config.json', '^/console/config\\.json$'],
  ])('turns %s into %s', (path, regex) => {
    // Act
    const result = pathRegexOf(path);

    // Assess
    expect(result).toBe(regex);
  });
});

describe('Function: publicPathScope', () => {
  it.each([
    '/',
    '/assets/app-Abc123.js',
    '/console/cases/42',
    '/v1/channels/webform',
    '/v1/channels/webform/verifications',
    '/v1/cases/20260101-0001',
    '/v1/cases/20260101-0001/feedback',
    '/n/Ab3x',
    '/v1/public/metrics',
  ])('counts %s (a public route) per client', (path) => {
    // Act & Assess
    expect(counted(path)).toBe(true);
  });

  it.each([
    // Staff routes a public template would also take: API Gateway routes them to the staff's.
    '/v1/cases/search',
    '/v1/cases/nearby',
    '/v1/cases/by-id/c1',
    // Machine channels: many citizens behind a few addresses.
    '/v1/channels/wechat',
    '/v1/channels/hotline/calls',
    '/v1/notices/receipts/tencent/k1',
    '/v1/admin/directory',
  ])('never counts %s per client', (path) => {
    // Act & Assess
    expect(counted(path)).toBe(false);
  });
});

describe('Function: numberAbove', () => {
  it.each([0, 9, 10, 99, 100, 1999, 65536, 262144, 1000000])('matches exactly the numbers above %i', (n) => {
    // Prepare
    const re = new RegExp(numberAbove(n));
    const samples = [0, 1, 9, 10, 11, 99, 100, 101, 1999, 2000, 65535, 65536, 65537, 262143, 262144, 262145];
    const around = [...samples, n - 1, n, n + 1, n * 10, n + 1000].filter((x) => x >= 0);

    // Act
    const wrong = around.filter((x) => re.test(String(x)) !== x > n);

    // Assess
    expect(wrong).toEqual([]);
  });

  it('reads leading zeros as the number and refuses anything but digits', () => {
    // Prepare
    const re = new RegExp(numberAbove(65536));

    // Act & Assess
    expect(re.test('0065537')).toBe(true);
    expect(re.test('0065536')).toBe(false);
    expect(re.test('65537 ')).toBe(false);
    expect(re.test('-70000')).toBe(false);
  });
});

describe('Function: wafEnabled and wafRateLimitOf', () => {
  it('turns the edge on by default outside the China regions, off with waf=false', () => {
    // Act & Assess
    expect(wafEnabled(contextOf({}), undefined)).toBe(true);
    expect(wafEnabled(contextOf({}), 'eu-west-1')).toBe(true);
    expect(wafEnabled(contextOf({ waf: 'false' }), 'eu-west-1')).toBe(false);
    expect(wafEnabled(contextOf({ waf: false }), undefined)).toBe(false);
    expect(wafEnabled(contextOf({}), 'cn-northwest-1')).toBe(false);
    expect(edgeOffered('cn-north-1')).toBe(false);
  });

  it('refuses a waf value that is not true or false', () => {
    // Act & Assess
    expect(() => wafEnabled(contextOf({ waf: 'off' }), undefined)).toThrow(/context waf/);
  });

  it('takes the rate limit from context within WAF’s bounds, 600 by default', () => {
    // Act & Assess
    expect(wafRateLimitOf(contextOf({}))).toBe(DEFAULT_WAF_RATE_LIMIT);
    expect(DEFAULT_WAF_RATE_LIMIT).toBe(600);
    expect(wafRateLimitOf(contextOf({ wafRateLimit: '1200' }))).toBe(1200);
    expect(() => wafRateLimitOf(contextOf({ wafRateLimit: '9' }))).toThrow(/wafRateLimit/);
    expect(() => wafRateLimitOf(contextOf({ wafRateLimit: '100.5' }))).toThrow(/wafRateLimit/);
  });
});

describe('Table: PUBLIC_ROUTE_THROTTLE', () => {
  it('has a limit for every public route of the catalogue, and none for another route', () => {
    // Prepare
    const publicKeys = routesOf(FUNCTIONS, (a) => a === 'public').map((r) => `${r.method} ${r.path}`);

    // Act
    const settings = publicRouteSettings(FUNCTIONS);

    // Assess
    expect(Object.keys(settings).sort()).toEqual([...publicKeys].sort());
    expect(Object.keys(PUBLIC_ROUTE_THROTTLE).sort()).toEqual([...publicKeys].sort());
  });

  it('keeps each limit under the stage default, with a burst no smaller than the rate', () => {
    // Act
    const limits = Object.values(PUBLIC_ROUTE_THROTTLE);

    // Assess
    for (const { ThrottlingRateLimit, ThrottlingBurstLimit } of limits) {
      expect(ThrottlingRateLimit).toBeGreaterThan(0);
      expect(ThrottlingRateLimit).toBeLessThanOrEqual(200);
      expect(ThrottlingBurstLimit).toBeGreaterThanOrEqual(ThrottlingRateLimit);
    }
  });

  it('refuses a public route without a limit', () => {
    // Prepare
    const spec: FunctionSpec = {
      ...(FUNCTIONS[0] as FunctionSpec),
      triggers: [{ kind: 'http', method: 'GET', path: '/v1/unthrottled', auth: 'public' }],
    };

    // Act
    const settings = () => publicRouteSettings([spec]);

    // Assess
    expect(settings).toThrow(/no PUBLIC_ROUTE_THROTTLE entry for public route 'GET \/v1\/unthrottled'/);
  });
});
