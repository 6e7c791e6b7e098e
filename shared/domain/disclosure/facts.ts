// What one stored disclosure case contributes to the annual report (annual-report.ts): the pure
// bridge from the case's `disclosure` file to `DisclosureFacts`. The desk's report route and any
// recount read the same function, so the two can never count differently.
import type { Case } from '../case.js';
import type { DisclosureFacts } from './annual-report.js';
import type { KeptRequest } from './case-fields.js';
import type { ApplicantKind } from './template.js';

/**
 * The template's column for the applicant (第五十条 年度报告 格式): a citizen is 自然人; an organisation
 * is counted under the kind it declared at intake (商业企业, 科研机构 …).
 */
export function applicantKindOf(applicant: KeptRequest['applicant']): ApplicantKind {
  return applicant.kind === 'citizen' ? 'natural_person' : applicant.organisationKind;
}

/**
 * The annual-report facts of a case, or undefined for a case without a disclosure file. A request
 * converted at registration (not a request: 咨询、信访 …) still has its file and its outcome row, so it
 * counts in the year's table like any other (the template counts every application received).
 *
 * @example
 * disclosureFactsOf(kase) // { requestId: kase.caseId, applicantKind: 'natural_person', receivedOn: '2026-03-02', reply: { outcome: 'partly_disclosed', repliedOn: '2026-03-20' } }
 */
export function disclosureFactsOf(kase: Pick<Case, 'caseId' | 'disclosure'>): DisclosureFacts | undefined {
  const file = kase.disclosure;
  if (!file) return undefined;
  const reviews = (file.reviews ?? []).map((r) => ({
    kind: r.kind,
    filedOn: r.filedOn,
    result: r.result,
    ...(r.decidedOn ? { decidedOn: r.decidedOn } : {}),
  }));
  return {
    requestId: kase.caseId,
    applicantKind: applicantKindOf(file.request.applicant),
    receivedOn: file.request.receivedOn,
    // The outcome and its day are fixed together (the reply sent, or the request counted withdrawn);
    // an outcome without its day is not yet a reply the table can place in a year.
    ...(file.outcome && file.decidedOn
      ? { reply: { outcome: file.outcome, repliedOn: file.decidedOn } }
      : {}),
    ...(reviews.length > 0 ? { reviews } : {}),
  };
}
