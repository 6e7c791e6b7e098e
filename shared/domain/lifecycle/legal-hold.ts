import { ACTION_RULES } from './action-rules.js';
import { actorLabel, REASON_MAX_CHARS } from './actions.js';
import { blank, joinNote, refuse } from './clock.js';
import type { Transition } from './transitions.js';

// 法律保全: a supervisor's legal hold on an archived case's dossier. The case records it (who,
// when, why) and the history audits it; S3 learns it from the cases stream, never from the API.

/**
 * Sets (`hold: true`) or lifts (`hold: false`) the legal hold. A reason is required both ways (the
 * court's order, 纪检监察, a complaint review…). Asking for the state the case is already in is a
 * refusal (`already_done`), so a retried request writes nothing and adds no history entry.
 *
 * @example
 * applyAction(closedCase, { action: 'legal_hold', hold: true, note: '法院调取证据' }, supervisor, ctx)
 */
export const LEGAL_HOLD_TRANSITION: Transition<'legal_hold'> = {
  ...ACTION_RULES.legal_hold,
  guard: (k, a) => {
    if (blank(a.note)) return refuse('invalid_reason', '法律保全及解除须说明理由（如法院、纪检监察、复查）');
    if (a.note.length > REASON_MAX_CHARS) {
      return refuse('invalid_reason', `理由不能超过 ${REASON_MAX_CHARS} 字`);
    }
    const on = k.legalHold?.on ?? false;
    if (a.hold === on) {
      return refuse('already_done', a.hold ? '该工单档案已处于法律保全' : '该工单档案未处于法律保全');
    }
    return undefined;
  },
  effect: (_k, a, actor, ctx) => {
    const note = a.note.trim();
    return {
      patch: { legalHold: { on: a.hold, since: ctx.now.toISOString(), by: actorLabel(actor), note } },
      // `on: …` / `off: …`: the state as a code, then the reason (labels.ts LEGAL_HOLD_TEXT).
      note: joinNote(a.hold ? 'on' : 'off', note),
    };
  },
};
