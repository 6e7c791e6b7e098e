import type { CallbackTask } from '../domain/callbacks/index.js';

// SEAM (issue 13): the port through which callback tasks are kept. Slice "callbacks core" writes
// DynamoCallbackStore (cases table; index keys set here, never by the core).

/** A page of tasks off the index, with an opaque cursor for the next (absent on the last page). */
export interface CallbackPage {
  readonly items: CallbackTask[];
  readonly nextCursor?: string;
}

export interface CallbackStore {
  /** The caller's rounds, newest first (a consistent Query of the caller's partition). */
  listRounds(callerRef: string, limit: number): Promise<CallbackTask[]>;
  /** One task by its public id (consistent read); undefined when there is none or the id is malformed. */
  get(taskId: string): Promise<CallbackTask | undefined>;
  /** A new round, conditional on its key being free: `exists` when another writer took the round first. */
  create(task: CallbackTask): Promise<'created' | 'exists'>;
  /**
   * The task as decided, conditional on `expectedVersion`; written with version + 1 and the index
   * keys its status calls for. `conflict` when another write landed first.
   */
  update(task: CallbackTask, expectedVersion: number): Promise<'updated' | 'conflict'>;
  /** Open tasks by callback deadline, oldest first (index partition CALLBACKS#open). */
  listOpen(page: { limit: number; cursor?: string; dueBefore?: Date }): Promise<CallbackPage>;
  /** Closed tasks whose number is due for erasure at `now` (index partition CALLBACKS#erase). */
  listEraseDue(now: Date, page: { limit: number; cursor?: string }): Promise<CallbackPage>;
}
