// 通报: the month's bulletin from its two sources, each behind a port so a unit test passes fakes.

import type { Case } from '../../shared/domain/case.js';
import { BULLETIN_TEXT } from '../../shared/domain/labels.js';
import type { Release } from '../../shared/domain/releases/index.js';
import {
  type Bulletin,
  buildBulletin,
  type DisclosureReplyFacts,
  previousPeriod,
} from '../../shared/domain/releases/index.js';

/** The disclosure requests whose reply was decided in a month (the desk's `by-disclosure` index). */
export interface DisclosureReplySource {
  decidedIn(month: string): Promise<readonly DisclosureReplyFacts[]>;
}

/** What the bulletin reads of a disclosure case; a merged request is its master's, not counted twice. */
export function replyFactsOf(cases: readonly Case[]): DisclosureReplyFacts[] {
  return cases
    .filter((kase) => kase.status !== 'merged')
    .map((kase) => ({
      caseId: kase.caseId,
      ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
      dueAt: kase.dueAt,
      ...(kase.slaOutcome ? { slaOutcome: kase.slaOutcome } : {}),
      ...(kase.disclosure?.decidedOn ? { decidedOn: kase.disclosure.decidedOn } : {}),
    }));
}

/**
 * The desk's book (the by-disclosure index) as the bulletin's source: the requests decided in the
 * month or due in it, which are all the month can settle (`settledIn`).
 */
export function bookReplies(book: { decidedOrDueIn(month: string): Promise<Case[]> }): DisclosureReplySource {
  return { decidedIn: async (month) => replyFactsOf(await book.decidedOrDueIn(month)) };
}

export interface BulletinDeps {
  readonly replies: DisclosureReplySource;
  /** The releases whose id starts with a period. */
  readonly releasesOf: (period: string) => Promise<readonly Release[]>;
  readonly departmentName: (id: string) => string | undefined;
}

/**
 * The bulletin of `month` as of `today`. A release is due in the month after its period (10
 * working days after the month ends), or two months after when the holidays of October or the
 * Spring Festival push it further: both earlier periods are read.
 */
export async function bulletinOf(month: string, today: string, deps: BulletinDeps): Promise<Bulletin> {
  const one = previousPeriod(month);
  const two = previousPeriod(one);
  const [replies, last, before] = await Promise.all([
    deps.replies.decidedIn(month),
    deps.releasesOf(one),
    deps.releasesOf(two),
  ]);
  return buildBulletin({
    month,
    today,
    replies,
    releases: [...before, ...last],
    departmentName: deps.departmentName,
    hotlineName: BULLETIN_TEXT.hotline,
  });
}
