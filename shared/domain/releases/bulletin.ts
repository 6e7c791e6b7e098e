// 通报 the monthly bulletin: per body, how many of what was settled that month were done on time —
// 依申请公开 replies (each department: on time in the month given, late in the month due), and the
// hotline's own releases due that month (the centre) — as numerators and denominators, ranked.
import { type Rate, rateOf } from '../metrics/rates.js';
import { shanghaiDate } from '../working-days.js';
import { lastDayOf } from './due-on.js';
import type { Release } from './release.js';

/** What the bulletin needs of a disclosure case (the desk's `by-disclosure` index gives these). */
export interface DisclosureReplyFacts {
  readonly caseId: string;
  readonly departmentId?: string;
  readonly dueAt: string;
  readonly slaOutcome?: 'on_time' | 'late';
  /** The day the reply was decided (`disclosure.decidedOn`), `YYYY-MM-DD`; absent while open. */
  readonly decidedOn?: string;
}

/** The hotline centre as a body of the bulletin: its own releases. */
export const HOTLINE_BODY_ID = 'hotline';

export interface BulletinRow {
  /** 1 for the best; equal rates and denominators share a rank (1, 2, 2, 4). */
  readonly rank: number;
  readonly bodyId: string;
  readonly bodyName: string;
  /**
   * 依申请公开答复按时率: requests settled this month on time / settled this month (see `settledIn`:
   * a reply on time in the month it is given, a late or missing one in the month it fell due).
   */
  readonly replies: Rate;
  /** 发布按时率 (the hotline only): releases due this month published by their due day / due. */
  readonly releases: Rate;
  /** Both together: what the ranking reads. */
  readonly overall: Rate;
}

export interface Bulletin {
  readonly month: string;
  /** The day the figures were read (a release not yet due then is not counted). */
  readonly asOf: string;
  readonly rows: readonly BulletinRow[];
}

export interface BulletinInput {
  readonly month: string;
  /** Shanghai date of the request: which unpublished releases are overdue. */
  readonly today: string;
  readonly replies: readonly DisclosureReplyFacts[];
  /** The releases that may fall due in the month (the month before's, at least). */
  readonly releases: readonly Release[];
  readonly departmentName: (id: string) => string | undefined;
  readonly hotlineName: string;
}

/** A reply is on time when the case says so, or (not yet marked) decided by its deadline's day. */
function replyOnTime(reply: DisclosureReplyFacts): boolean {
  if (reply.slaOutcome) return reply.slaOutcome === 'on_time';
  // No reply is never on time.
  return reply.decidedOn !== undefined && reply.decidedOn <= shanghaiDate(new Date(reply.dueAt));
}

/**
 * The month a request counts in, once and in one month only: a reply given by its deadline in the
 * month it was given; a late reply, or none, in the month its deadline fell (its lateness is known
 * then, and a body that never replies is counted, not left out). Undefined: not yet settled (no
 * reply, deadline not passed by `today`).
 */
export function settledIn(reply: DisclosureReplyFacts, today: string): string | undefined {
  const dueDay = shanghaiDate(new Date(reply.dueAt));
  if (reply.decidedOn && replyOnTime(reply)) return reply.decidedOn.slice(0, 7);
  if (!reply.decidedOn && !reply.slaOutcome && today <= dueDay) return undefined;
  return dueDay.slice(0, 7);
}

/**
 * The release counted for a kind and period: the first one (a correction is the same duty done
 * again, not a second duty), due in `month`, and either published or past its due day.
 */
function countedReleases(input: BulletinInput): { due: number; onTime: number } {
  const from = `${input.month}-01`;
  const to = lastDayOf(input.month);
  let due = 0;
  let onTime = 0;
  for (const release of input.releases) {
    if (release.corrects !== undefined) continue;
    if (release.dueOn < from || release.dueOn > to) continue;
    if (release.publishedAt) {
      due++;
      if (shanghaiDate(new Date(release.publishedAt)) <= release.dueOn) onTime++;
    } else if (input.today > release.dueOn) {
      due++;
    }
  }
  return { due, onTime };
}

function compareRows(a: Omit<BulletinRow, 'rank'>, b: Omit<BulletinRow, 'rank'>): number {
  const av = a.overall.value ?? -1;
  const bv = b.overall.value ?? -1;
  if (av !== bv) return bv - av;
  if (a.overall.denominator !== b.overall.denominator) return b.overall.denominator - a.overall.denominator;
  return a.bodyId < b.bodyId ? -1 : a.bodyId > b.bodyId ? 1 : 0;
}

/**
 * The month's bulletin, best first: rate descending, then the larger denominator (more work done
 * on time ranks above the same rate on less); bodies with nothing due are left out.
 *
 * @example
 * buildBulletin({ month: '2026-12', today: '2027-01-05', replies, releases,
 *   departmentName: (id) => dir.departments.get(id)?.name, hotlineName: '12345热线' }).rows[0].rank // 1
 */
export function buildBulletin(input: BulletinInput): Bulletin {
  const perDepartment = new Map<string, { due: number; onTime: number }>();
  for (const reply of input.replies) {
    if (settledIn(reply, input.today) !== input.month) continue;
    const id = reply.departmentId ?? '';
    const counts = perDepartment.get(id) ?? { due: 0, onTime: 0 };
    counts.due++;
    if (replyOnTime(reply)) counts.onTime++;
    perDepartment.set(id, counts);
  }
  const rows: Omit<BulletinRow, 'rank'>[] = [...perDepartment.entries()].map(([id, counts]) => ({
    bodyId: id,
    bodyName: input.departmentName(id) ?? (id || '未指定单位'),
    replies: rateOf(counts.onTime, counts.due),
    releases: rateOf(0, 0),
    overall: rateOf(counts.onTime, counts.due),
  }));
  const releases = countedReleases(input);
  if (releases.due > 0) {
    rows.push({
      bodyId: HOTLINE_BODY_ID,
      bodyName: input.hotlineName,
      replies: rateOf(0, 0),
      releases: rateOf(releases.onTime, releases.due),
      overall: rateOf(releases.onTime, releases.due),
    });
  }
  rows.sort(compareRows);
  const ranked: BulletinRow[] = [];
  rows.forEach((row, i) => {
    const previous = ranked[i - 1];
    const tied =
      previous !== undefined &&
      previous.overall.value === row.overall.value &&
      previous.overall.denominator === row.overall.denominator;
    ranked.push({ rank: tied ? previous.rank : i + 1, ...row });
  });
  return { month: input.month, asOf: input.today, rows: ranked };
}
