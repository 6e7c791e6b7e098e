import {
  CALLBACKS_ERASE_QUEUE,
  CALLBACKS_OPEN_QUEUE,
  type CallbackTask,
  CallbackTaskSchema,
} from '../domain/callbacks/index.js';

// How a callback task is laid out as a cases-table item besides its own attributes: the sparse keys
// of the by-department-queue index. No SDK import, like call-item.ts.

/** Attributes that exist only to key the index; never part of the task. */
const CALLBACK_INDEX_ATTRIBUTES = ['deptQueue', 'dueAt'] as const;

/**
 * The index keys a task carries: open → `CALLBACKS#open` by its callback deadline (the agents' list,
 * supervision); closed with its number still kept → `CALLBACKS#erase` by `eraseAfter` (the erasure
 * run); erased → neither, so the index holds only what some run still has to do.
 *
 * @example callbackIndexKeys(openTask) // { deptQueue: 'CALLBACKS#open', dueAt: '2026-11-23T03:00:00.000Z' }
 */
export function callbackIndexKeys(
  task: Pick<CallbackTask, 'status' | 'callbackDueAt' | 'number' | 'eraseAfter'>,
): { deptQueue?: string; dueAt?: string } {
  if (task.status === 'open') return { deptQueue: CALLBACKS_OPEN_QUEUE, dueAt: task.callbackDueAt };
  if (task.number && task.eraseAfter) return { deptQueue: CALLBACKS_ERASE_QUEUE, dueAt: task.eraseAfter };
  return {};
}

/** The item of a task: its attributes and the index keys its status calls for. */
export function toCallbackItem(task: CallbackTask): Record<string, unknown> {
  return { ...task, ...callbackIndexKeys(task) };
}

/** The task an item holds, without its keys' companions. A malformed task item throws. */
export function fromCallbackItem(item: Record<string, unknown>): CallbackTask {
  const record = { ...item };
  for (const name of CALLBACK_INDEX_ATTRIBUTES) delete record[name];
  return CallbackTaskSchema.parse(record);
}
