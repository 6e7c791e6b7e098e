import type { Appeal } from './appeal.js';
import { type Case, createCase, SYSTEM_ACTOR } from './case.js';
import { UNKNOWN_DISTRICT } from './classify.js';
import type { Directory } from './directory.js';
import { heldAtIntake } from './intake-hold.js';
import type { Actor } from './lifecycle/actions.js';
import { applyAction } from './lifecycle/apply-action.js';
import { OPEN_STATUSES } from './lifecycle/transitions.js';
import type { WorkingCalendar } from './working-days.js';

// 重复来电 and 并单 at intake: which of a caller's earlier cases a new appeal repeats, and which
// one, if any, it joins. Pure: the candidates come from the caller-history index.

/** How far back an earlier appeal makes this one a repeat (DESIGN §7 repeatRate) or a duplicate. */
export const REPEAT_WINDOW_MS = 7 * 86_400_000;

export interface RepeatDecision {
  /** The most recent earlier case of the same caller in the same category within the window. */
  readonly repeatOf?: string;
  /** The open case (same category and district) the new case is created merged into. */
  readonly mergeInto?: Case;
  /**
   * The open case the appeal would have joined, had both callers' identity been verified by their
   * channel: the new case is created on its own, flagged for a dispatcher, who may merge it.
   */
  readonly possibleDuplicateOf?: string;
}

/**
 * Is the identity behind the contact's caller key proved by its channel (a WeChat openid, the
 * hotline's calling number, a phone confirmed by code)? A web-form phone is not: anyone may type
 * anyone's number, so it never decides a merge.
 */
export function identityVerified(contact: Case['contact']): boolean {
  return contact.verifiedBy !== undefined;
}

/** The earliest instant an earlier case may have been received at and still count (inclusive). */
export function repeatWindowStart(appeal: Pick<Appeal, 'receivedAt'>): Date {
  return new Date(new Date(appeal.receivedAt).getTime() - REPEAT_WINDOW_MS);
}

/** The index key the caller's cases are listed under, or undefined for an appeal without one. */
export function callerKeyOf(contact: Case['contact']): string | undefined {
  const hash = contact.phoneHash ?? contact.openIdHash;
  return hash ? `CALLER#${hash}` : undefined;
}

/**
 * Decides, from the caller's cases, whether the appeal is a repeat and whether it joins one of them.
 *
 * - `repeatOf`: the most recent earlier case (received within 7 days before, strictly earlier) in
 *   the same category, whatever its status: a repeat counts even when the earlier case is closed.
 * - `mergeInto`: the earliest such case that is still open (not closed, not merged: chains are not
 *   followed) and in the same district. A district nobody named (`unknown`) is no place two appeals
 *   can be shown to share, and an appeal resolved at intake is already answered: neither merges; nor
 *   does an appeal held at intake (a typed category or district, intake-hold.ts), or into such a case.
 * - Only when both the appeal's identity and that case's are verified by their channel
 *   (`identityVerified`): a number typed into the web form proves nothing, and a merge shows the
 *   merged citizen's case as joined to the other. So the master is the earliest such open case
 *   with a verified identity, for a verified appeal only. Otherwise the earliest such open case is
 *   `possibleDuplicateOf`, a dispatcher's to judge; the appeal still counts as a repeat
 *   (`repeatOf`, DESIGN §7 repeatRate).
 *
 * @example
 * findRepeat(await cases.listByCaller(key, from, to), appeal) // { repeatOf: 'wf-…', mergeInto: master }
 */
export function findRepeat(candidates: readonly Case[], appeal: Appeal): RepeatDecision {
  const received = new Date(appeal.receivedAt).getTime();
  const from = received - REPEAT_WINDOW_MS;
  const key = callerKeyOf(appeal.contact);
  const earlier = candidates.filter((c) => {
    const at = new Date(c.receivedAt).getTime();
    return (
      c.caseId !== appeal.caseId &&
      key !== undefined &&
      callerKeyOf(c.contact) === key &&
      c.category === appeal.category &&
      at >= from &&
      at < received
    );
  });
  if (earlier.length === 0) return {};
  const byTime = [...earlier].sort(
    (a, b) =>
      new Date(a.receivedAt).getTime() - new Date(b.receivedAt).getTime() || a.caseId.localeCompare(b.caseId),
  );
  const latest = byTime[byTime.length - 1] as Case;
  // Held at intake (intake-hold.ts): its category or district is a placeholder for what an agent
  // typed, so sharing it with another case shows nothing; a person decides, as for `unknown`.
  const mergeable = !appeal.resolution && appeal.district !== UNKNOWN_DISTRICT && !heldAtIntake(appeal);
  const open = mergeable
    ? byTime.filter(
        (c) =>
          c.district === appeal.district &&
          OPEN_STATUSES.includes(c.status) &&
          c.typedCategory === undefined &&
          c.typedDistrict === undefined,
      )
    : [];
  // A case typed in with the caller's number neither takes their appeals nor keeps them from the
  // caller's own verified case: the master is the earliest open case whose identity is verified.
  const master = identityVerified(appeal.contact) ? open.find((c) => identityVerified(c.contact)) : undefined;
  if (master) return { repeatOf: latest.caseId, mergeInto: master };
  const possible = open[0];
  return possible
    ? { repeatOf: latest.caseId, possibleDuplicateOf: possible.caseId }
    : { repeatOf: latest.caseId };
}

/** Does the master's history already record this duplicate? (A redelivered appeal links it once.) */
export function hasDuplicateLink(master: Pick<Case, 'history'>, duplicateCaseId: string): boolean {
  return master.history.some(
    (e) =>
      e.action === 'link_duplicate' &&
      (e.note === duplicateCaseId || (e.note?.startsWith(`${duplicateCaseId}: `) ?? false)),
  );
}

/** The platform's own hand in an intake merge: the history records `system`, as for auto-dispatch. */
export const INTAKE_ACTOR: Actor = { role: 'system', id: SYSTEM_ACTOR };

/** Why the intake merge happened, in both histories (staff read it). */
export const INTAKE_MERGE_NOTE = '同一来电人 7 日内同类同区诉求，自动并单';

/** Why a repeat was not merged at intake: the `flag_duplicate` entry's note, for the dispatcher. */
export function possibleDuplicateNote(masterCaseId: string): string {
  return `${masterCaseId}: 同一号码 7 日内同类同区诉求，来电人身份未经渠道核验，未自动并单，请调度员核实后决定是否并单`;
}

/**
 * The case an appeal becomes at intake, given the repeat decision: `createCase`, marked `repeatOf`,
 * and, when there is a master, already `merged` into it through the core's merge action (so the
 * history shows it, and the guard refuses a master that is no longer open). A merge the core refuses
 * leaves the case as `createCase` made it: a repeat, handled on its own.
 *
 * @example
 * const kase = intakeCase(appeal, { directory, calendar, now }, findRepeat(candidates, appeal));
 */
export function intakeCase(
  appeal: Appeal,
  context: { directory: Directory; calendar: WorkingCalendar; now: Date; rawKey?: string },
  decision: RepeatDecision,
): Case {
  const repeat = (kase: Case): Case => (decision.repeatOf ? { ...kase, repeatOf: decision.repeatOf } : kase);
  const master = decision.mergeInto;
  if (!master) return flagged(repeat(createCase(appeal, context)), decision.possibleDuplicateOf, context.now);
  // A duplicate about to be merged is not routed first: a dispatch it never needed would count as
  // one (misrouteRate's denominator) and would put it in a department's queue for an instant.
  const merged = applyAction(
    repeat(createCase(appeal, { ...context, route: false })),
    { action: 'merge', masterCaseId: master.caseId, note: INTAKE_MERGE_NOTE },
    INTAKE_ACTOR,
    { now: context.now, calendar: context.calendar, master },
  );
  // Refused (the master closed meanwhile): the appeal is a case of its own, routed as usual.
  return merged.ok ? merged.case : repeat(createCase(appeal, context));
}

/**
 * A repeat that was not merged (unverified identity): routed as usual, marked `possibleDuplicateOf`
 * and its history says so (`flag_duplicate`), so a dispatcher sees it and may merge it by hand.
 */
function flagged(kase: Case, possibleDuplicateOf: string | undefined, now: Date): Case {
  if (!possibleDuplicateOf) return kase;
  return {
    ...kase,
    possibleDuplicateOf,
    history: [
      ...kase.history,
      {
        at: now.toISOString(),
        actor: SYSTEM_ACTOR,
        action: 'flag_duplicate',
        note: possibleDuplicateNote(possibleDuplicateOf),
      },
    ],
  };
}
