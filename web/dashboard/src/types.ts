// The metrics API's answer as the page reads it: the contract's own types (shared/domain/metrics),
// imported as types only, so the page and GET /v1/metrics cannot drift apart unnoticed.

import type { HeadlineRate, Rate, RateName, RateWithTarget } from '../../../shared/domain/metrics/rates.js';
import type { GroupBy, MetricsReport, MetricsRow } from '../../../shared/domain/metrics/report.js';

export type { GroupBy, HeadlineRate, MetricsReport, MetricsRow, Rate, RateName, RateWithTarget };

/** What the analyst asked for: Asia/Shanghai days and, optionally, one department's id. */
export interface DashboardQuery {
  readonly from: string;
  readonly to: string;
  /** '' for every department. */
  readonly department: string;
}

/** A rate as it may arrive: a headline one carries its target and verdict, the others do not. */
export type AnyRate = Rate | RateWithTarget;
