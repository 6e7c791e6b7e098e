// 漏接回拨: a deployment's callback policy (CDK context) as the functions' environment, checked at
// synth against the same bounds the functions apply (shared/domain/callbacks/policy.ts).
import { CALLBACK_POLICY_SETTINGS } from '../shared/domain/callbacks/policy.js';
import type { ContextOf } from './notice-settings.js';

/**
 * `-c callbackDeadlineMinutes=N`, `callbackMaxAttempts`, `callbackAttemptGapMinutes`,
 * `callbackHoldMinutes`, `callbackRetentionDays`: each given one becomes its CALLBACK_* variable on
 * every function (the dispatcher fixes a call's deadline, the desk and the supervision run work the
 * task: they must agree); absent, the functions' defaults. A value out of bounds fails the synth.
 *
 * @example
 * callbackPolicyEnvironment((key) => app.node.tryGetContext(key)) // { CALLBACK_DEADLINE_MINUTES: '30' }
 */
export function callbackPolicyEnvironment(context: ContextOf): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of CALLBACK_POLICY_SETTINGS) {
    const raw = context(s.context);
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < s.min || value > s.max) {
      throw new Error(
        `context ${s.context} must be a whole number from ${s.min} to ${s.max}, not ${String(raw)}`,
      );
    }
    env[s.env] = String(value);
  }
  return env;
}
