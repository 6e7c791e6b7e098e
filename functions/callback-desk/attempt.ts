// 回拨结果: one attempt by the agent holding the task, and on a reached caller the appeal they bring.
import * as z from 'zod/mini';
import { updateCallback } from '../../shared/adapters/update-callback.js';
import { type CallAppeal, CallAppealSchema } from '../../shared/domain/call-record.js';
import {
  type CallbackAttempt,
  CallbackOutcomeSchema,
  type CallbackTask,
  recordCallbackAttempt,
} from '../../shared/domain/callbacks/index.js';
import { type EnteredCase, queueCallbackAppeal, reserveCallbackAppeal } from './appeal.js';
import type { CallbackDeskDeps } from './deps.js';
import { callbackRefusalError, taskNotFound, versionConflict } from './errors.js';
import { type CallbackItem, itemOf } from './item.js';

/** As CallbackAttemptSchema keeps it. */
export const CALLBACK_NOTE_MAX = 500;

/** The body of POST /v1/callbacks/{taskId}/attempts. */
export const CallbackAttemptRequestSchema = z
  .strictObject({
    outcome: CallbackOutcomeSchema,
    note: z.optional(z.string().check(z.trim(), z.maxLength(CALLBACK_NOTE_MAX))),
    /** The appeal the reached caller brings, as typed at the agent's desk (POST /v1/calls/{callId}/appeal). */
    appeal: z.optional(CallAppealSchema),
  })
  .check(
    z.refine((body) => body.appeal === undefined || body.outcome === 'reached', {
      message: '只有回拨成功（outcome 为 reached）时才能录入诉求',
      path: ['appeal'],
    }),
  );
export type CallbackAttemptRequest = z.infer<typeof CallbackAttemptRequestSchema>;

/** A lost write (another take or the supervision landed first) is decided again once on a fresh read. */
const WRITE_ATTEMPTS = 2;

export interface RecordedAttempt {
  readonly item: CallbackItem;
  readonly attempt: CallbackAttempt;
  readonly case?: EnteredCase;
}

/**
 * Order, each refusal writing nothing: the task exists (404); a resend of the attempt just recorded
 * gets the same answer (nothing written, no second case); the core accepts the attempt from this
 * worker now (409 not_held / not_open, decided before any appeal is looked at, so a refused attempt
 * makes no case); the appeal's category and district are the directory's (422), it is the call's
 * only one (409 appeal_exists). Then the attempt is written with its case, and only then the appeal
 * queued: see reserveCallbackAppeal for why this order. Should the queue fail after the write, the
 * agent's retry is a resend: it queues the very same appeal again.
 */
export async function recordAttempt(
  deps: CallbackDeskDeps,
  input: { taskId: string; worker: string; typist: string; request: CallbackAttemptRequest },
): Promise<RecordedAttempt> {
  const policy = deps.policy();
  const now = deps.now();
  const { request, worker } = input;
  const note = request.note?.trim() || undefined;
  const task = await deps.callbacks.get(input.taskId);
  if (!task) throw taskNotFound();
  const lineNames = await deps.lineNames();
  const view = (t: CallbackTask) => itemOf(t, { lineNames, maxAttempts: policy.maxAttempts, now });
  const reserve = (typed: CallAppeal) =>
    reserveCallbackAppeal(deps, { task, typed, typist: input.typist, worker, now });

  const resent = resentAttempt(task, worker, request, note, policy.holdMinutes, now);
  if (resent) {
    // Reserved again to refuse a different appeal (409 appeal_exists) and to requeue one whose case
    // is not made yet; its case id is the recorded one (the first call's).
    if (request.appeal) await queueCallbackAppeal(deps, await reserve(request.appeal));
    return { item: view(task), attempt: resent, ...caseOf(resent) };
  }

  const attempt = { outcome: request.outcome, ...(note ? { note } : {}) };
  const trial = recordCallbackAttempt(task, worker, attempt, policy, now);
  if (!trial.ok) throw callbackRefusalError(trial.refusal);
  const reserved = request.appeal ? await reserve(request.appeal) : undefined;
  const withCase = reserved
    ? { ...attempt, caseId: reserved.caseId, trackingNo: reserved.trackingNo }
    : attempt;
  const written = await updateCallback(
    deps.callbacks,
    task,
    (current) => recordCallbackAttempt(current, worker, withCase, policy, now),
    { attempts: WRITE_ATTEMPTS },
  );
  if (written.outcome === 'missing') throw taskNotFound();
  if (written.outcome === 'refused') throw callbackRefusalError(written.refusal);
  if (written.outcome === 'conflict') throw versionConflict();
  if (written.outcome === 'unchanged') throw new Error('recordCallbackAttempt decided nothing to write');
  if (reserved) await queueCallbackAppeal(deps, reserved);
  const recorded = written.task.attempts.at(-1) as CallbackAttempt;
  return { item: view(written.task), attempt: recorded, ...caseOf(recorded) };
}

function caseOf(attempt: CallbackAttempt): { case?: EnteredCase } {
  return attempt.caseId && attempt.trackingNo
    ? { case: { caseId: attempt.caseId, trackingNo: attempt.trackingNo } }
    : {};
}

/**
 * The task's last attempt when this request is a resend of it: the same worker, outcome, note and
 * (with or without) appeal, no take since (a take starts the next attempt, which a quick identical
 * one must not be mistaken for), and on a task still open, within the hold's minutes of it.
 */
function resentAttempt(
  task: CallbackTask,
  worker: string,
  request: { outcome: CallbackAttempt['outcome']; appeal?: CallAppeal },
  note: string | undefined,
  holdMinutes: number,
  now: Date,
): CallbackAttempt | undefined {
  const last = task.attempts.at(-1);
  if (!last || last.by !== worker || last.outcome !== request.outcome) return undefined;
  if ((last.note ?? '') !== (note ?? '')) return undefined;
  if (Boolean(request.appeal) !== Boolean(last.caseId)) return undefined;
  const since = Date.parse(last.at);
  // On an open task an identical attempt after the hold is a new call; a closed task takes none.
  if (task.status === 'open' && now.getTime() - since > holdMinutes * 60_000) return undefined;
  const takenSince = task.history.some((h) => h.action === 'taken' && Date.parse(h.at) > since);
  return takenSince ? undefined : last;
}
