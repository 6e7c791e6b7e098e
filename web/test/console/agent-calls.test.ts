import { describe, expect, it } from 'vitest';
import type { AgentCall } from '../../console/src/api/agent';
import { awaitsAppeal, callToOpen } from '../../console/src/views/agent/calls';

const call = (callId: string, answeredAt: string, extra: Partial<AgentCall> = {}): AgentCall => ({
  callId,
  line: '12345',
  callerMasked: '139****4321',
  answeredAt,
  disposition: 'answered',
  ...extra,
});

const older = call('c1', '2026-12-03T01:00:00Z');
const done = call('c2', '2026-12-03T01:05:00Z', { trackingNo: '261203-7KQ2-M9XA', caseId: 'k2' });
const none = new Set<string>();

describe('Function: callToOpen', () => {
  it('opens the newest call without an appeal on the first load', () => {
    // Act
    const open = callToOpen({ items: [done, older], seen: undefined, current: undefined, submitted: none });

    // Assess
    expect(open).toBe('c1');
  });

  it('keeps the call the URL names after a reload', () => {
    // Prepare
    const newer = call('c3', '2026-12-03T01:10:00Z');

    // Act
    const open = callToOpen({ items: [newer, done, older], seen: undefined, current: 'c2', submitted: none });

    // Assess
    expect(open).toBe('c2');
  });

  it('opens a call that arrives without an appeal, even over the one the agent chose', () => {
    // Prepare
    const arrived = call('c3', '2026-12-03T01:10:00Z');

    // Act
    const open = callToOpen({
      items: [arrived, done, older],
      seen: new Set(['c1', 'c2']),
      current: 'c2',
      submitted: none,
    });

    // Assess
    expect(open).toBe('c3');
  });

  it('leaves the open call alone when nothing new arrived or the new call has its appeal', () => {
    // Prepare
    const arrivedDone = call('c4', '2026-12-03T01:20:00Z', { trackingNo: '261203-AAAA-BBBB' });

    // Act
    const open = callToOpen({
      items: [arrivedDone, done, older],
      seen: new Set(['c1', 'c2']),
      current: 'c1',
      submitted: none,
    });

    // Assess
    expect(open).toBe('c1');
  });

  it('counts a call this page submitted as having its appeal before the list says so', () => {
    // Act
    const waiting = awaitsAppeal(older, new Set(['c1']));
    const open = callToOpen({
      items: [older],
      seen: undefined,
      current: undefined,
      submitted: new Set(['c1']),
    });

    // Assess
    expect(waiting).toBe(false);
    expect(open).toBeUndefined();
  });
});
