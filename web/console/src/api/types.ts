// The shapes the staff API answers, as the console reads them. Domain types come from the core
// (type-only imports: no code of shared/domain beyond the glossary reaches the bundle).
import type { CaseType, Urgency } from '../../../../shared/domain/appeal';
import type { Case, CaseStatus } from '../../../../shared/domain/case';

export type { Case, CaseStatus, CaseType, Urgency };

/** 预警 / 催办 / 逾期: where supervision stands on a case. */
export type SupervisionState = 'warned' | 'reminded' | 'overdue';

/** A case in a list (work queue, search, nearby): enough to sort, colour and open it. */
export interface CaseSummary {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly status: CaseStatus;
  readonly type: CaseType;
  readonly urgency: Urgency;
  readonly category: string;
  readonly district: string;
  readonly receivedAt: string;
  readonly ackDueAt?: string;
  readonly dueAt?: string;
  readonly departmentId?: string;
  readonly supervision?: SupervisionState;
  readonly version?: number;
  /**
   * 剩余工作日 on the holiday calendar (shared/domain/countdown.ts): 0 on the day it is due, negative
   * once overdue. Absent for an urgent case (hours, counted here from dueAt) and while paused.
   */
  readonly workingDaysLeft?: number;
  /** 中止计时: the clock is paused; no countdown. */
  readonly paused?: boolean;
}

/** One page of a queue; `nextCursor` null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A case as staff read it (GET /v1/cases/by-id/{caseId}), with its duplicates merged at intake. */
export type StaffCase = Case & {
  readonly duplicates?: readonly { caseId: string; trackingNo: string; linkedAt: string; actor: string }[];
  readonly duplicatesMore?: boolean;
};
