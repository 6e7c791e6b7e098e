// How callbacks are worked: the defaults a call-centre shift leader expects, each overridable by the
// deployment (CALLBACK_* environment values, read by shared/adapters/config.ts).

export interface CallbackPolicy {
  /** Call the caller back within this many minutes of the missed call (default 60). */
  readonly deadlineMinutes: number;
  /** A warning when this share of the time is used (0.8, as case supervision warns at 80 %). */
  readonly warnAtShare: number;
  /** Attempts before the task closes as 未回拨成功 (default 3). */
  readonly maxAttempts: number;
  /** Minutes between two attempts (default 10). */
  readonly attemptGapMinutes: number;
  /** A taken task is not offered to another agent for this many minutes (default 5). */
  readonly holdMinutes: number;
  /** The number is erased this many days after the task closes (default 30). */
  readonly retentionDays: number;
}

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = {
  deadlineMinutes: 60,
  warnAtShare: 0.8,
  maxAttempts: 3,
  attemptGapMinutes: 10,
  holdMinutes: 5,
  retentionDays: 30,
};
