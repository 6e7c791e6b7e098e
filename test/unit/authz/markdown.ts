// The matrix as docs/reliability.md shows it: one Markdown table, routes by roles. The page holds
// exactly this text (authz-matrix.test.ts checks it); `npx tsx test/unit/authz/print-matrix.ts`
// prints it after a change to the matrix.
import { STAFF_ROLES } from '../../../shared/domain/staff-roles.js';
import { AUTHZ_MATRIX, type Expected } from './matrix.js';

/**
 * ✓ let through (the handler answers), 403 refused by role, 404 hidden: `not_found` where another
 * caller of the same route reads the same record. Where nobody does (a take of a task the tables do
 * not hold), the 404 is the handler's own answer: let through.
 */
function cellOf(outcome: string, hides: boolean): string {
  if (outcome.startsWith('403 ')) return '403';
  if (outcome === '404 not_found' && hides) return '404';
  return '✓';
}

function outcomesOf(expected: Expected): string[] {
  return typeof expected === 'string' ? [expected] : [expected.own, expected.other];
}

function cell(expected: Expected, hides: boolean): string {
  if (typeof expected === 'string') return cellOf(expected, hides);
  const own = cellOf(expected.own, hides);
  const other = cellOf(expected.other, hides);
  if (own !== other) return `own ${own}, other ${other}`;
  // Both let through, yet answered differently: a list that leaves the other's cases out.
  return expected.own === expected.other ? own : `${own} (other: none of its cases)`;
}

export function authzMarkdown(): string {
  const header = `| route | ${STAFF_ROLES.join(' | ')} |`;
  const rule = `| --- |${STAFF_ROLES.map(() => ' --- |').join('')}`;
  const rows = Object.entries(AUTHZ_MATRIX).map(([routeKey, roles]) => {
    const hides = STAFF_ROLES.some((role) => outcomesOf(roles[role]).some((outcome) => /^2/.test(outcome)));
    return `| \`${routeKey}\` | ${STAFF_ROLES.map((role) => cell(roles[role], hides)).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
