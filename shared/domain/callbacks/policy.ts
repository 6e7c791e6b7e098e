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

/**
 * Each configurable value of the policy: its environment variable (read by
 * shared/adapters/config.ts), its CDK context key (infra/callback-settings.ts) and its bounds. One
 * table, so the synth refuses exactly what a function would refuse at its first call.
 */
export const CALLBACK_POLICY_SETTINGS = [
  {
    field: 'deadlineMinutes',
    env: 'CALLBACK_DEADLINE_MINUTES',
    context: 'callbackDeadlineMinutes',
    min: 5,
    max: 1440,
  },
  { field: 'maxAttempts', env: 'CALLBACK_MAX_ATTEMPTS', context: 'callbackMaxAttempts', min: 1, max: 10 },
  {
    field: 'attemptGapMinutes',
    env: 'CALLBACK_ATTEMPT_GAP_MINUTES',
    context: 'callbackAttemptGapMinutes',
    min: 0,
    max: 240,
  },
  { field: 'holdMinutes', env: 'CALLBACK_HOLD_MINUTES', context: 'callbackHoldMinutes', min: 1, max: 60 },
  {
    field: 'retentionDays',
    env: 'CALLBACK_RETENTION_DAYS',
    context: 'callbackRetentionDays',
    min: 1,
    max: 3650,
  },
] as const satisfies readonly {
  field: Exclude<keyof CallbackPolicy, 'warnAtShare'>;
  env: string;
  context: string;
  min: number;
  max: number;
}[];
