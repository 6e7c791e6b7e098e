import { clockBasisOf, effectiveDueAt } from '../calendar/index.js';
import type { Case } from '../case.js';
import type { WorkingCalendar } from '../working-days.js';

/**
 * The deadline a case is working to at `now`: its `dueAt`, moved on by an open pause as if it
 * resumed now (the stored `dueAt` only moves when the clock resumes). For the work queue and the
 * citizen's status page. A department's pause moves it no further than the pause cap allows.
 *
 * @example
 * effectiveDueAtOf(kase, new Date(), calendar) // later than kase.dueAt while kase.pausedSince is set
 */
export function effectiveDueAtOf(
  kase: Pick<Case, 'dueAt' | 'pausedSince' | 'type' | 'urgency'>,
  now: Date,
  calendar: WorkingCalendar,
): Date {
  const dueAt = new Date(kase.dueAt);
  if (!kase.pausedSince) return dueAt;
  const moved = effectiveDueAt(
    dueAt,
    [{ from: new Date(kase.pausedSince.at) }],
    clockBasisOf(kase.type, kase.urgency),
    calendar,
    now,
  );
  // A capped pause (see pausePolicyFor) moves it no further than the latest deadline it can reach.
  const latest = kase.pausedSince.latestDueAt;
  return latest && moved > new Date(latest) ? new Date(latest) : moved;
}
