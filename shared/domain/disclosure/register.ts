// 登记: the disclosure office's first step on what arrived as a disclosure request (《政府信息公开条例》
// 2019 第四十五条: 申请登记、审核、办理、答复、归档的工作制度). A pure decision: the next step's lifecycle
// action applies the value returned here to the case.
import type { CaseType } from '../appeal.js';
import { shanghaiDate } from '../working-days.js';
import type { DisclosureOutcome } from './template.js';

/**
 * What the office decides at registration:
 * - `accept` 登记为政府信息公开申请: the request is handled under 第三十三条 from its receipt date;
 * - `consultation` 咨询: a question wanting an answer or an explanation, not existing government
 *   information (第二条 defines 政府信息 as recorded information already made or obtained, and
 *   第三十八条 says none need be made or analysed to answer): handled as a consultation case;
 * - `petition` 信访、投诉、举报 in the form of a request: not handled as a request, and the applicant
 *   is told the channel (第三十九条第一款); in the hotline the channel is a complaint or report case;
 * - `publication` 要求提供政府公报、报刊、书籍等公开出版物: the applicant is told where to get it
 *   (第三十九条第二款), and nothing else is opened.
 */
export const REGISTER_DECISIONS = ['accept', 'consultation', 'petition', 'publication'] as const;
export type RegisterDecision = (typeof REGISTER_DECISIONS)[number];

/** 信访、投诉 become a complaint (投诉) case, 举报 a report (举报) case. */
export const PETITION_CASE_TYPES = ['complaint', 'report'] as const satisfies readonly CaseType[];
export type PetitionCaseType = (typeof PETITION_CASE_TYPES)[number];

/** What the office enters at registration. */
export interface RegisterInput {
  readonly decision: RegisterDecision;
  /** 收到申请之日 of the request (receipt-date.ts). */
  readonly receivedOn: string;
  /** The staff member registering, and when (passed in: the core has no clock). */
  readonly registeredBy: string;
  readonly registeredAt: string;
  /** For `petition`: which case it becomes. */
  readonly petitionCaseType?: PetitionCaseType;
  /**
   * What the applicant is told, required for any decision but `accept`: for `publication`, where
   * the publication is (第三十九条第二款 "告知获取的途径"); otherwise why it is not a request.
   */
  readonly explanation?: string;
}

/** The registration as the lifecycle will record it. */
export type Registration =
  | {
      readonly decision: 'accept';
      readonly receivedOn: string;
      readonly registeredBy: string;
      readonly registeredAt: string;
      readonly article: string;
    }
  | {
      readonly decision: Exclude<RegisterDecision, 'accept'>;
      readonly receivedOn: string;
      readonly registeredBy: string;
      readonly registeredAt: string;
      readonly article: string;
      /** The case type it continues as; absent for a publication, which is only answered. */
      readonly becomes?: CaseType;
      /**
       * The annual report's row (section 三): it arrived as a request, so the report counts it,
       * under 不予处理 for a petition or a publication and under 其他处理 for a consultation.
       */
      readonly reportOutcome: DisclosureOutcome;
      /** The notice to the applicant: the rule, then the office's explanation. */
      readonly notice: string;
    };

export interface RegisterRefusal {
  readonly code: 'explanation_required' | 'invalid_case_type' | 'registered_before_receipt';
  readonly message: string;
}

const EXPLANATION_MAX_CHARS = 1000;

/** The fixed opening of each notice: the ground and its article, in the office's words. */
const NOTICE_OPENING: Readonly<Record<Exclude<RegisterDecision, 'accept'>, string>> = {
  consultation:
    '您提出的是咨询事项，不属于申请获取已制作或者获取的政府信息（《中华人民共和国政府信息公开条例》第二条、第三十八条），已转为咨询件办理。',
  petition:
    '您以政府信息公开申请的形式提出的事项属于信访、投诉、举报，依据《中华人民共和国政府信息公开条例》第三十九条第一款，不作为政府信息公开申请处理，已转为相应工单办理。',
  publication:
    '您申请获取的是公开出版物，依据《中华人民共和国政府信息公开条例》第三十九条第二款，告知获取途径如下：',
};

const ARTICLE: Readonly<Record<RegisterDecision, string>> = {
  accept: '第三十一条、第三十三条、第四十五条',
  consultation: '第二条、第三十八条',
  petition: '第三十九条第一款',
  publication: '第三十九条第二款',
};

const REPORT_OUTCOME: Readonly<Record<Exclude<RegisterDecision, 'accept'>, DisclosureOutcome>> = {
  consultation: 'other',
  petition: 'not_processed_petition',
  publication: 'not_processed_publications',
};

/**
 * Decides a registration. Refused, with nothing to apply: a decision other than `accept` without
 * what the applicant is to be told (`explanation_required`), a petition without the case type it
 * becomes or a case type on another decision (`invalid_case_type`), a registration dated before the
 * request was received (`registered_before_receipt`).
 *
 * @example
 * registerDecision({ decision: 'petition', petitionCaseType: 'complaint', explanation: '…',
 *   receivedOn: '2026-12-01', registeredBy: 'clerk-1', registeredAt: '2026-12-01T09:30:00+08:00' })
 * // { ok: true, registration: { decision: 'petition', becomes: 'complaint', reportOutcome: 'not_processed_petition', … } }
 */
export function registerDecision(
  input: RegisterInput,
): { ok: true; registration: Registration } | { ok: false; refusal: RegisterRefusal } {
  const refuse = (code: RegisterRefusal['code'], message: string) =>
    ({ ok: false, refusal: { code, message } }) as const;
  const { decision, receivedOn, registeredBy, registeredAt } = input;
  // The time comes from the caller's clock, not from a person: a bad one is a programming error.
  if (Number.isNaN(Date.parse(registeredAt)))
    throw new RangeError(`registeredAt is not a time: ${registeredAt}`);
  if (shanghaiDate(new Date(registeredAt)) < receivedOn) {
    return refuse('registered_before_receipt', `登记时间早于收到申请之日（${receivedOn}）`);
  }
  if (decision === 'petition') {
    if (!input.petitionCaseType || !PETITION_CASE_TYPES.includes(input.petitionCaseType)) {
      return refuse('invalid_case_type', '信访、投诉、举报事项须选择转为投诉或举报工单');
    }
  } else if (input.petitionCaseType !== undefined) {
    return refuse('invalid_case_type', '只有信访、投诉、举报事项才转为投诉或举报工单');
  }
  const base = { receivedOn, registeredBy, registeredAt, article: ARTICLE[decision] };
  if (decision === 'accept') return { ok: true, registration: { decision, ...base } };
  const explanation = input.explanation?.trim() ?? '';
  if (explanation === '' || explanation.length > EXPLANATION_MAX_CHARS) {
    return refuse(
      'explanation_required',
      decision === 'publication'
        ? `请填写公开出版物的获取途径（最多 ${EXPLANATION_MAX_CHARS} 字）`
        : `请填写告知申请人的说明（最多 ${EXPLANATION_MAX_CHARS} 字）`,
    );
  }
  const becomes: CaseType | undefined =
    decision === 'consultation'
      ? 'consultation'
      : decision === 'petition'
        ? input.petitionCaseType
        : undefined;
  return {
    ok: true,
    registration: {
      decision,
      ...base,
      ...(becomes ? { becomes } : {}),
      reportOutcome: REPORT_OUTCOME[decision],
      notice: `${NOTICE_OPENING[decision]}${explanation}`,
    },
  };
}
