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
import { logger } from '../../shared/logger.js';
import { type EnteredCase, enterCallbackAppeal } from './appeal.js';
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
 * worker now (409 not_held / not_open, decided before any appeal is entered, so a refused attempt
 * makes no case); the appeal's category and district are the directory's (422). Then the appeal is
 * queued (409 appeal_exists for a different second one) and the attempt written with its case.
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

  const replayed = resentAttempt(task, worker, request, note, policy.holdMinutes, now);
  if (replayed) {
    // Entered again only to refuse a different appeal (409 appeal_exists) and to requeue one whose
    // case is not made yet; its case id is the recorded one (the first call's).
    if (request.appeal) {
      await enterCallbackAppeal(deps, { task, typed: request.appeal, typist: input.typist, worker, now });
    }
    return { item: view(task), attempt: replayed, ...caseOf(replayed) };
  }

  const attempt = { outcome: request.outcome, ...(note ? { note } : {}) };
  const trial = recordCallbackAttempt(task, worker, attempt, policy, now);
  if (!trial.ok) throw callbackRefusalError(trial.refusal);
  const entered = request.appeal
    ? await enterCallbackAppeal(deps, { task, typed: request.appeal, typist: input.typist, worker, now })
    : undefined;
  const withCase = entered ? { ...attempt, caseId: entered.caseId, trackingNo: entered.trackingNo } : attempt;
  const written = await updateCallback(
    deps.callbacks,
    task,
    (current) => recordCallbackAttempt(current, worker, withCase, policy, now),
    { attempts: WRITE_ATTEMPTS },
  );
  if (written.outcome !== 'updated' && entered) {
    // The case is queued (it is the caller's appeal and stands); the attempt is not recorded. The
    // agent's retry finds the same case (the mark) and records the attempt then.
    logger.warn('callback appeal queued but the attempt was not recorded', {
      taskId: task.taskId,
      caseId: entered.caseId,
      outcome: written.outcome,
    });
  }
  if (written.outcome === 'missing') throw taskNotFound();
  if (written.outcome === 'refused') throw callbackRefusalError(written.refusal);
  if (written.outcome === 'conflict') throw versionConflict();
  if (written.outcome === 'unchanged') throw new Error('recordCallbackAttempt decided nothing to write');
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
 * (with or without) appeal, within the hold's minutes of it, and no take since (a take starts the
 * next attempt, which a quick identical one must not be mistaken for).
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
  if (now.getTime() - since > holdMinutes * 60_000) return undefined;
  const takenSince = task.history.some((h) => h.action === 'taken' && Date.parse(h.at) > since);
  return takenSince ? undefined : last;
}
