// 依申请公开 and the national template of the annual report on government information disclosure
// (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号): its applicant columns and its
// outcome rows, as codes. The reply types, the annual report's table and the labels all use these,
// so a reply recorded on a case is counted in exactly one row of the report.
//
// SEAM (issue 14): fixed names for the slices that build the request model, the reply letter and
// the annual report. Each outcome names the article of the 《政府信息公开条例》 (2019) it rests on.

/**
 * The report's applicant columns: a natural person (自然人) or, among legal persons and other
 * organisations (法人或其他组织), a commercial enterprise, a research institution, a public-interest
 * organisation, a legal-service institution, or other.
 */
export const APPLICANT_KINDS = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'public_interest_organisation',
  'legal_service_institution',
  'other_organisation',
] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Section 三's outcome groups (（一）…（六）), each row below belongs to one. */
export const OUTCOME_GROUPS = [
  'disclosed', // （一）予以公开
  'partly_disclosed', // （二）部分公开
  'withheld', // （三）不予公开
  'unavailable', // （四）无法提供
  'not_processed', // （五）不予处理
  'other', // （六）其他处理
] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

/**
 * Every outcome row of section 三（三）, in the template's order, with its group and the article of
 * the 条例 the reply cites. A request's reply has exactly one of these (a reply that discloses part
 * and withholds part counts only as 部分公开, as the template says).
 */
export const DISCLOSURE_OUTCOMES = {
  disclosed: { group: 'disclosed', article: '第三十六条第（一）项、第（二）项' },
  partly_disclosed: { group: 'partly_disclosed', article: '第三十七条' },
  withheld_state_secret: { group: 'withheld', article: '第十四条' },
  withheld_prohibited_by_law: { group: 'withheld', article: '第十四条' },
  withheld_three_securities_one_stability: { group: 'withheld', article: '第十四条' },
  withheld_third_party_rights: { group: 'withheld', article: '第十五条' },
  withheld_internal_affairs: { group: 'withheld', article: '第十六条第一款' },
  withheld_process_information: { group: 'withheld', article: '第十六条第二款' },
  withheld_enforcement_file: { group: 'withheld', article: '第十六条第二款' },
  withheld_administrative_inquiry: { group: 'withheld', article: '第三十六条第（七）项' },
  // Not found (（四）), or not this body's to disclose (（五）): the reply records which.
  unavailable_not_held: { group: 'unavailable', article: '第三十六条第（四）项、第（五）项' },
  unavailable_needs_creation: { group: 'unavailable', article: '第三十八条' },
  unavailable_still_unclear: { group: 'unavailable', article: '第三十条' },
  not_processed_petition: { group: 'not_processed', article: '第三十九条第一款' },
  not_processed_repeated: { group: 'not_processed', article: '第三十六条第（六）项' },
  not_processed_publications: { group: 'not_processed', article: '第三十九条第二款' },
  not_processed_mass_repeated: { group: 'not_processed', article: '第三十五条' },
  // Not a request for existing government information (第二条); the row comes from the template.
  not_processed_confirmation: { group: 'not_processed', article: '第二条' },
  other_no_correction: { group: 'other', article: '第三十条' },
  other_fee_unpaid: { group: 'other', article: '第四十二条' },
  other: { group: 'other', article: '' },
} as const satisfies Readonly<Record<string, { group: OutcomeGroup; article: string }>>;
export type DisclosureOutcome = keyof typeof DISCLOSURE_OUTCOMES;
export const DISCLOSURE_OUTCOME_CODES = Object.keys(DISCLOSURE_OUTCOMES) as DisclosureOutcome[];

/** Section 四: the result of an administrative reconsideration (行政复议) or lawsuit (行政诉讼). */
export const REVIEW_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/** Section 四's columns: 行政复议, and 行政诉讼 directly (未经复议直接起诉) or after reconsideration (复议后起诉). */
export const REVIEW_KINDS = ['reconsideration', 'lawsuit_direct', 'lawsuit_after_reconsideration'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
