import { createHash } from 'node:crypto';

/**
 * The caller's reference in callback keys: a digest of the keyed caller hash, shorter and distinct
 * from it (96 bits, so two callers never share one), and never reversible to the number.
 *
 * @example callbackCallerRef(hashPhone('13812345678', key)) // '3f9a0c…' (24 hex digits)
 */
export function callbackCallerRef(callerHash: string): string {
  return createHash('sha256').update(`callback:${callerHash}`).digest('hex').slice(0, 24);
}

/** `<callerRef>-<round>`: the task's public id. */
export function callbackTaskId(callerRef: string, round: number): string {
  return `${callerRef}-${round}`;
}

const TASK_ID = /^([0-9a-f]{24})-([1-9][0-9]{0,5})$/;

/** The item key of a task id, or undefined when it is not one (refused before DynamoDB is asked). */
export function callbackKeyOfTaskId(taskId: string): { pk: string; sk: string } | undefined {
  const m = TASK_ID.exec(taskId);
  if (!m) return undefined;
  return { pk: callbackPartition(m[1] as string), sk: callbackSortKey(Number(m[2])) };
}

export function callbackPartition(callerRef: string): string {
  return `CALLBACK#${callerRef}`;
}

export function callbackSortKey(round: number): string {
  return `TASK#${String(round).padStart(6, '0')}`;
}
