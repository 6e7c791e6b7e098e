import type { FunctionSpec } from './functions.js';
import { routesOf } from './public-routes.js';

/**
 * The URI-path regular expression of an API route template, anchored: `{name}` is one path segment,
 * `{name+}` the rest of the path (API Gateway's greedy parameter). AWS WAF's regex dialect has no
 * lookaround, so the public routes' scope is a match minus the non-public routes it would also take.
 *
 * @example
 * pathRegexOf('/v1/cases/{trackingNo}') // '^/v1/cases/[^/]+$'
 */
export function pathRegexOf(path: string): string {
  const body = path
    .split('/')
    .map((segment) => {
      if (/^\{[^}]+\+\}$/.test(segment)) return '.+';
      if (/^\{[^}]+\}$/.test(segment)) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return `^${body === '' ? '/' : body}$`;
}

/** A path of `template` with each parameter filled in, to test which other routes' regexes take it. */
const examplePathOf = (template: string): string => template.replace(/\{[^}]+\}/g, 'x');

/**
 * Which request paths the per-client rate rule counts: the public routes' paths (`include`), minus
 * the paths of the other routes that those would take as well (`exclude`, e.g. the staff's
 * `GET /v1/cases/search`, which `/v1/cases/{trackingNo}` matches too). The machine channels (many
 * citizens behind the few addresses of WeChat's servers or the call centre) and the staff's routes
 * (one city office behind one address) are never limited per client.
 *
 * @example
 * const { include, exclude } = publicPathScope(FUNCTIONS);
 */
export function publicPathScope(functions: readonly FunctionSpec[]): {
  include: string[];
  exclude: string[];
} {
  const include = [...new Set(routesOf(functions, (a) => a === 'public').map((r) => pathRegexOf(r.path)))];
  const matchers = include.map((re) => new RegExp(re));
  const exclude = [
    ...new Set(
      routesOf(functions, (a) => a !== 'public')
        .filter((r) => matchers.some((m) => m.test(examplePathOf(r.path))))
        .map((r) => pathRegexOf(r.path)),
    ),
  ].filter((re) => !include.includes(re));
  return { include, exclude };
}

/**
 * A regular expression that matches a decimal number (a Content-Length) greater than `n`: WAF
 * compares text, not numbers, and inspects only the first 16 KB of a body, so a body's declared
 * length is what a size rule can judge above that.
 *
 * @example
 * new RegExp(numberAbove(262144)).test('262145') // true
 */
export function numberAbove(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`numberAbove needs a whole number, not ${n}`);
  const digits = String(n);
  const alternatives: string[] = [`[1-9]\\d{${digits.length},}`];
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const rest = digits.length - i - 1;
    const low = d + 1;
    const range = low === 9 ? '9' : `[${low}-9]`;
    alternatives.push(`${digits.slice(0, i)}${range}${rest > 0 ? `\\d{${rest}}` : ''}`);
  }
  return `^0*(?:${alternatives.join('|')})$`;
}
