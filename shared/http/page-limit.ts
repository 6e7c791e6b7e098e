import { BadRequestError } from './errors.js';

/** Every staff list: 50 rows unless asked, never more than 100 (one DynamoDB page stays small). */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;

/**
 * A list's `limit` query value: absent or empty → the default; anything but a whole number from 1 to
 * the maximum → 400 `invalid_limit`, before any table is asked.
 *
 * @example pageLimitOf(event.queryStringParameters?.limit) // 50
 */
export function pageLimitOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new BadRequestError('invalid_limit', `limit 须为 1 到 ${MAX_PAGE_LIMIT} 之间的整数`);
  }
  return limit;
}
