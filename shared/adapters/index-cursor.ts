import { InvalidCursorError } from './case-store.js';

// The opaque cursor of a page read off a secondary index: the page's LastEvaluatedKey as base64url
// JSON, checked on its way back so only a key of the same index partition is passed to DynamoDB.

/** An index's key attributes as a cursor carries them beside the table's `pk`/`sk`. */
export interface IndexKeyNames {
  readonly partition: string;
  readonly sort: string;
}

export function encodeIndexCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The ExclusiveStartKey a cursor stands for, or InvalidCursorError: not base64url JSON, another key
 * shape, a value that is not a short non-empty string, another partition of the index, or a table
 * key outside `prefixes` (the item kind the partition lists).
 */
export function decodeIndexCursor(
  cursor: string,
  on: IndexKeyNames,
  partition: string,
  prefixes: { pk: string; sk: string },
): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursorError('invalid cursor', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidCursorError();
  const key = value as Record<string, unknown>;
  const names = Object.keys(key).sort();
  if (names.join() !== ['pk', 'sk', on.partition, on.sort].sort().join()) throw new InvalidCursorError();
  // DynamoDB refuses empty key values and sort keys over 1,024 bytes; ours are short.
  for (const name of names) {
    const v = key[name];
    if (typeof v !== 'string' || v === '' || Buffer.byteLength(v) > 1024) throw new InvalidCursorError();
  }
  const typed = key as Record<string, string>;
  if (typed[on.partition] !== partition) throw new InvalidCursorError();
  if (!typed.pk?.startsWith(prefixes.pk) || !typed.sk?.startsWith(prefixes.sk))
    throw new InvalidCursorError();
  return typed;
}
