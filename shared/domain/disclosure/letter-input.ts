// 答复书 from a case: what of the stored request and the approved draft the letter states
// (reply-letter.ts `ReplyLetterInput`), and how its 文号 is written. Pure: the number, the day and
// the body's name come in.
import type { Case } from '../case.js';
import { shanghaiDate } from '../working-days.js';
import type { KeptRequest } from './case-fields.js';
import { applicantKindOf } from './facts.js';
import type { SubmissionWay } from './reply.js';
import type { LetterRequest, RemedyVenues, ReplyLetterInput } from './reply-letter.js';

/**
 * How the letter says the request was made. 第三十一条 dates the receipt; the letter's first
 * sentence names the way (当面, 以信函方式 …) and the channel for an on-line request.
 */
export function submissionWayOf(arrival: KeptRequest['arrival'], channel: Case['channel']): SubmissionWay {
  switch (arrival.way) {
    case 'in_person':
      return 'in_person';
    case 'post':
    case 'ordinary_post':
      return 'post';
    case 'fax':
      return 'fax';
    case 'phone':
      return 'hotline';
    case 'online':
      return channel === 'wechat' ? 'wechat' : 'webform';
  }
}

/**
 * The day the applicant made the request (您于…提出的申请): when it was posted, faxed or submitted,
 * where the arrival records it; else the day it was received. Not the receipt date of 第三十一条 (a
 * letter posted on the 27th and signed for on the 2nd was made on the 27th).
 */
export function submittedOnOf(arrival: KeptRequest['arrival']): string {
  switch (arrival.way) {
    case 'in_person':
      return shanghaiDate(new Date(arrival.handedInAt));
    case 'post':
      return arrival.postmarkedOn ?? shanghaiDate(new Date(arrival.signedForAt));
    case 'ordinary_post':
      return arrival.postmarkedOn ?? shanghaiDate(new Date(arrival.arrivedAt));
    case 'online':
      return shanghaiDate(new Date(arrival.submittedAt ?? arrival.confirmedAt));
    case 'fax':
      return shanghaiDate(new Date(arrival.faxedAt ?? arrival.confirmedAt));
    case 'phone':
      return shanghaiDate(new Date(arrival.confirmedAt));
  }
}

/** The request as the letter states it: never an identity number (issue 14). */
export function letterRequestOf(kase: Pick<Case, 'channel'>, request: KeptRequest): LetterRequest {
  return {
    applicantName: request.applicant.name,
    applicantKind: applicantKindOf(request.applicant),
    submittedOn: submittedOnOf(request.arrival),
    submittedVia: submissionWayOf(request.arrival, kase.channel),
    information: request.information.description,
  };
}

/**
 * 文号: the body's prefix, 〔year〕, 第 and the running number in four digits (〔2026〕第0017号).
 *
 * @example
 * letterNoText('市政信复', 2026, 17) // '市政信复〔2026〕第0017号'
 */
export function letterNoText(prefix: string, year: number, n: number): string {
  return `${prefix}〔${year}〕第${String(n).padStart(4, '0')}号`;
}

/**
 * The letter's input for the case's current draft, or undefined when there is no draft to approve.
 *
 * @example
 * const input = letterInputOf(kase, { bodyName: '市人民政府办公室', letterNo, repliedOn: '2026-12-03', remedy });
 */
export function letterInputOf(
  kase: Pick<Case, 'channel' | 'disclosure'>,
  letter: { bodyName: string; letterNo: string; repliedOn: string; remedy: RemedyVenues },
): ReplyLetterInput | undefined {
  const file = kase.disclosure;
  if (!file?.draft) return undefined;
  return {
    request: letterRequestOf(kase, file.request),
    reply: file.draft.reply,
    bodyName: letter.bodyName,
    letterNo: letter.letterNo,
    repliedOn: letter.repliedOn,
    remedy: letter.remedy,
  };
}
