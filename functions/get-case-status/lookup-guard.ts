import type { LookupGuesses } from '../../shared/adapters/lookup-guesses.js';
import { type Case, phoneLast4Matches } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';
import { logger } from '../../shared/logger.js';

// The lookup's one credential is four digits: 10,000 answers. Each tracking number therefore takes
// only a few wrong ones per window (shared/adapters/lookup-guesses.ts), then is locked for a while,
// whatever digits come, the right ones included.
//
// Counted per tracking number, whoever asks: a guesser spreads over addresses at will, never over
// numbers. An unknown number is answered 404 without counting: nothing is there to guess, and a
// citizen's own number is unknown for the moment between the 202 and the case (the web page asks
// again while the appeal is queued) and must not lock them out. The price: a number that locks after
// a few wrong answers is known to exist; numbers carry 40 random bits, so this lets no one find one.
//
// A right answer gives back only its own attempt and never resets the count. Else whoever knows the
// digits would wipe a guesser's misses as a side effect: the citizen checking their case (or anyone
// holding the same digits, such as the author of an appeal merged by the victim's phone) would hand
// the guesser a fresh allowance each time, and the bound would be "a few wrong answers between two
// right ones", set by others, instead of "a few per window".

/** 429: the number took too many wrong answers; `until` is when it opens again (epoch ms). */
export function lookupLocked(until: number, now: Date): HttpError {
  const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new HttpError(
    429,
    'lookup_locked',
    `该工单号查询错误次数过多，已暂时锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

/**
 * Checks `last4` against `own` (a case the tracking number names), counting the attempt first: a
 * wrong answer throws `notFound()` (the same answer as an unknown number), or `lookup_locked` when it
 * spent the last attempt; a locked number throws `lookup_locked` before the digits are compared.
 *
 * @example await checkPhoneLast4(lookupGuesses(), own, '5678', new Date(), NOT_FOUND);
 */
export async function checkPhoneLast4(
  guesses: LookupGuesses,
  own: Case,
  last4: string,
  now: Date,
  notFound: () => Error,
): Promise<void> {
  const reservation = await guesses.reserve(own.trackingNo, now);
  if (reservation.kind === 'locked') throw lookupLocked(reservation.until, now);
  if (phoneLast4Matches(own, last4)) {
    // Best effort: a refund that fails leaves one attempt counted, which errs on the safe side.
    await guesses.refund(own.trackingNo, reservation).catch((error: unknown) => {
      logger.warn('a right answer could not give its attempt back', { error });
    });
    return;
  }
  const after = await guesses.miss(own.trackingNo, reservation, now);
  if (after.locked) {
    logger.warn('a tracking number is locked after wrong phoneLast4 answers', {
      caseId: own.caseId,
      until: new Date(after.until).toISOString(),
    });
    throw lookupLocked(after.until, now);
  }
  throw notFound();
}
