import { type Case, openCorrection, TRANSITIONS } from '../../shared/domain/index.js';

// 补正 on the status lookup: while the handler waits for the citizen, the citizen sees what is
// asked and by when (the answer itself goes through the notice's link, WeChat or the hotline).

const ANSWERABLE: readonly string[] = TRANSITIONS.answer_correction.from;

/**
 * The lookup's 补正 fields: the question and the date to answer by while a request is open;
 * nothing otherwise (an answered request is the handler's record, not a task for the citizen).
 *
 * @example correctionLookupFields(kase) // { awaitingCorrection: true, correction: { question, requestedAt, dueAt } }
 */
export function correctionLookupFields(kase: Case): Record<string, unknown> {
  const open = openCorrection(kase);
  if (!open || !ANSWERABLE.includes(kase.status)) return {};
  return {
    awaitingCorrection: true,
    correction: { question: open.question, requestedAt: open.requestedAt, dueAt: open.dueAt },
  };
}
