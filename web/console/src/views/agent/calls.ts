import type { AgentCall } from '../../api/agent';

// Which call the agent's screen opens. The agent answers a call and is talking to that caller now,
// so a call that arrives without an appeal opens by itself; anything else stays where the agent put it.

/** A call still waiting for its appeal: neither the API nor this page has a tracking number for it. */
export function awaitsAppeal(call: AgentCall, submitted: ReadonlySet<string>): boolean {
  return !call.trackingNo && !submitted.has(call.callId);
}

/**
 * The call to show after a poll.
 * - First load (`seen` undefined): the call the URL names if it is listed, else the newest awaiting an appeal.
 * - Later: the newest call that arrived since the last poll and awaits an appeal; otherwise the
 *   current one (even if it now has its appeal: the agent is reading its tracking number out).
 *
 * @example callToOpen({ items, seen: new Set(['c1']), current: 'c1', submitted: new Set() }) // 'c2' if c2 is new
 */
export function callToOpen(input: {
  readonly items: readonly AgentCall[];
  readonly seen: ReadonlySet<string> | undefined;
  readonly current: string | undefined;
  readonly submitted: ReadonlySet<string>;
}): string | undefined {
  const { items, seen, current, submitted } = input;
  const newest = (calls: readonly AgentCall[]) =>
    [...calls].sort((a, b) => Date.parse(b.answeredAt) - Date.parse(a.answeredAt))[0]?.callId;
  if (seen === undefined) {
    if (current && items.some((c) => c.callId === current)) return current;
    return newest(items.filter((c) => awaitsAppeal(c, submitted))) ?? current;
  }
  const arrived = items.filter((c) => !seen.has(c.callId) && awaitsAppeal(c, submitted));
  return newest(arrived) ?? current;
}
