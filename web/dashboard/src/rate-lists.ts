// Which rates the page shows where. The names are the glossary's (RATE_TEXT); these lists only say
// the order and the grouping.
import type { RateName } from './types.js';

export { CALLBACK_RATES, REACH_RATES } from '../../../shared/domain/metrics/rates.js';

/** The three cards, each with what its fraction counts (the ratio's tooltip). */
export const HEADLINE = [
  { key: 'answerRate', hint: '人工接通 / 进入队列的来电' },
  { key: 'onTimeRate', hint: '按时办结 / 期限届满且已办结或逾期' },
  { key: 'satisfactionRate', hint: '满意 + 基本满意 / 回访评价' },
] as const satisfies readonly { key: RateName; hint: string }[];

/** 其他指标, in this order; the mean handling time in hours. */
export const OTHER: readonly { readonly key: RateName; readonly hours?: true }[] = [
  { key: 'answeredIn15sRate' },
  { key: 'abandonRate' },
  { key: 'directResolutionRate' },
  { key: 'feedbackResponseRate' },
  { key: 'misrouteRate' },
  { key: 'repeatRate' },
  { key: 'avgHandlingHours', hours: true },
];

/** 满意率 by how the rating was taken, with each bar's short name, then all ways together. */
export const SATISFACTION_WAYS = [
  { key: 'satisfactionRateWeb', name: '网页' },
  { key: 'satisfactionRateWechat', name: '微信' },
  { key: 'satisfactionRatePhone', name: '电话回访' },
  { key: 'satisfactionRate', name: '全部方式' },
] as const satisfies readonly { key: RateName; name: string }[];
