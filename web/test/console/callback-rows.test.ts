import { describe, expect, it } from 'vitest';
import type { CallbackItem } from '../../console/src/api/callbacks';
import { memoryStorage } from '../../console/src/composables/use-draft';
import {
  attemptBody,
  attemptsText,
  CALLBACK_OUTCOMES,
  callbackCountdown,
  callbackSupervision,
  conflictText,
  countText,
  heldNow,
  holderText,
  lastOutcomeText,
  lineText,
  numberText,
  outcomeError,
  sinceText,
  sortedByDeadline,
  spanText,
  telHref,
} from '../../console/src/views/agent/callback-rows';

const now = new Date('2026-12-03T10:00:00Z');

function item(over: Partial<CallbackItem> = {}): CallbackItem {
  return {
    taskId: 'abc-000001',
    status: 'open',
    callerMasked: '138****5678',
    line: '12315',
    lineName: '市场监管热线',
    reason: 'queue_abandoned',
    missedCount: 1,
    firstMissedAt: '2026-12-03T09:30:00Z',
    lastMissedAt: '2026-12-03T09:30:00Z',
    callbackDueAt: '2026-12-03T10:30:00Z',
    attempts: 0,
    maxAttempts: 3,
    lastAttempt: null,
    heldBy: null,
    heldUntil: null,
    nextAttemptAt: null,
    warned: false,
    overdue: false,
    calls: [{ callId: 'c1', line: '12315', reason: 'queue_abandoned', missedAt: '2026-12-03T09:30:00Z' }],
    ...over,
  };
}

describe('Function: sortedByDeadline', () => {
  it('puts the oldest callback deadline first, then the earliest missed call, then the id', () => {
    // Prepare
    const late = item({ taskId: 'late', callbackDueAt: '2026-12-03T11:00:00Z' });
    const soonB = item({ taskId: 'b', callbackDueAt: '2026-12-03T10:10:00Z' });
    const soonA = item({ taskId: 'a', callbackDueAt: '2026-12-03T10:10:00Z' });
    const earlier = item({
      taskId: 'z',
      callbackDueAt: '2026-12-03T10:10:00Z',
      firstMissedAt: '2026-12-03T09:00:00Z',
    });

    // Act
    const order = sortedByDeadline([late, soonB, soonA, earlier]).map((i) => i.taskId);

    // Assess
    expect(order).toEqual(['z', 'a', 'b', 'late']);
  });
});

describe('Function: callbackCountdown', () => {
  it('counts the minutes left in green before the warning', () => {
    // Act
    const countdown = callbackCountdown(item(), now);

    // Assess
    expect(countdown).toEqual({ text: '剩余 30 分钟', tone: 'ok' });
  });

  it('turns amber once the supervision job has warned', () => {
    // Act
    const countdown = callbackCountdown(item({ warned: true, callbackDueAt: '2026-12-03T10:08:00Z' }), now);

    // Assess
    expect(countdown).toEqual({ text: '剩余 8 分钟', tone: 'warning' });
  });

  it('says how late a task past its deadline is, whether or not the job has marked it yet', () => {
    // Act
    const unmarked = callbackCountdown(item({ callbackDueAt: '2026-12-03T08:45:00Z' }), now);
    const marked = callbackCountdown(item({ overdue: true, callbackDueAt: '2026-12-03T10:00:30Z' }), now);

    // Assess
    expect(unmarked).toEqual({ text: '已超时 1 小时 15 分', tone: 'danger' });
    expect(marked).toEqual({ text: '已超时', tone: 'danger' });
  });
});

describe('Function: callbackSupervision', () => {
  it('names the state in words: 即将超时 when warned, 已超时 past the deadline, nothing before', () => {
    // Act
    const states = [
      callbackSupervision(item(), now),
      callbackSupervision(item({ warned: true }), now),
      callbackSupervision(item({ callbackDueAt: '2026-12-03T09:59:00Z' }), now),
    ];

    // Assess
    expect(states).toEqual([undefined, 'warned', 'overdue']);
  });
});

describe('Function: spanText and sinceText', () => {
  it('says a duration as minutes, hours and minutes, or days', () => {
    // Act
    const texts = [0, 59_000, 5 * 60_000, 60 * 60_000, 95 * 60_000, 50 * 3_600_000].map(spanText);

    // Assess
    expect(texts).toEqual(['不到 1 分钟', '不到 1 分钟', '5 分钟', '1 小时', '1 小时 35 分', '2 天']);
    expect(sinceText('2026-12-03T09:30:00Z', now)).toBe('30 分钟前');
  });
});

describe('Function: attemptsText and lastOutcomeText', () => {
  it('shows the attempts against the maximum and the last outcome in the glossary’s words', () => {
    // Prepare
    const tried = item({
      attempts: 1,
      lastAttempt: { at: '2026-12-03T09:40:00Z', by: 'agent:A001', outcome: 'no_answer' },
    });

    // Act
    const texts = [
      attemptsText(tried),
      lastOutcomeText(tried, () => '17:40:00'),
      lastOutcomeText(item(), String),
    ];

    // Assess
    expect(texts).toEqual(['已回拨 1/3 次', '上次：无人接听（17:40:00）', '']);
  });
});

describe('Function: holderText and heldNow', () => {
  it('names the holding agent by the CTI id and ignores a hold that ran out', () => {
    // Prepare
    const held = item({ heldBy: 'agent:A007', heldUntil: '2026-12-03T10:04:00Z' });
    const expired = item({ heldBy: 'agent:A007', heldUntil: '2026-12-03T09:59:00Z' });

    // Act
    const result = [holderText(held.heldBy), heldNow(held, now), heldNow(expired, now), holderText(null)];

    // Assess
    expect(result).toEqual(['坐席 A007', true, false, '']);
  });
});

describe('Function: telHref and numberText', () => {
  it('dials digits only and groups a mobile number for reading out', () => {
    // Act
    const result = [
      telHref('138-1234-5678'),
      telHref('+86 138 1234 5678'),
      numberText('13812345678'),
      numberText('025-8888 1234'),
    ];

    // Assess
    expect(result).toEqual(['tel:13812345678', 'tel:+8613812345678', '138 1234 5678', '025-8888 1234']);
  });
});

describe('Function: conflictText', () => {
  it('says each 409 of the callback API in Chinese and an unknown one as a change', () => {
    // Act
    const texts = ['held_by_other', 'too_soon', 'version_conflict', 'something_new'].map(conflictText);

    // Assess
    expect(texts).toEqual([
      '已被其他坐席领取',
      '未到下次回拨时间',
      '已被他人更新，请刷新',
      '已被他人更新，请刷新',
    ]);
  });
});

describe('Function: outcomeError and attemptBody', () => {
  it('refuses a missing outcome or an over-long note, in Chinese', () => {
    // Act
    const errors = [
      outcomeError('', ''),
      outcomeError('refused', 'x'.repeat(501)),
      outcomeError('refused', ''),
    ];

    // Assess
    expect(errors).toEqual(['请选择回拨结果', '备注最多 500 字', undefined]);
  });

  it('trims the note, leaves an empty one out and sends an appeal only with 回拨成功', () => {
    // Prepare
    const appeal = { category: 'water-supply', district: 'gulou', content: '停水' };

    // Act
    const bodies = [
      attemptBody('no_answer', '  关机 '),
      attemptBody('wrong_number', '   '),
      attemptBody('reached', '', appeal),
      attemptBody('refused', '', appeal),
    ];

    // Assess
    expect(bodies).toEqual([
      { outcome: 'no_answer', note: '关机' },
      { outcome: 'wrong_number' },
      { outcome: 'reached', appeal },
      { outcome: 'refused' },
    ]);
  });

  it('offers the four outcomes in the glossary’s order', () => {
    // Assess
    expect(CALLBACK_OUTCOMES).toEqual(['reached', 'no_answer', 'wrong_number', 'refused']);
  });
});

describe('Function: lineText and countText', () => {
  it('names a line with its code, and says "20+" when more tasks follow the page', () => {
    // Act
    const result = [
      lineText(item()),
      lineText(item({ lineName: '12345', line: '12345' })),
      countText(3, false),
      countText(20, true),
    ];

    // Assess
    expect(result).toEqual(['市场监管热线（12315）', '12345', '3', '20+']);
  });
});

describe('Function: memoryStorage', () => {
  it('keeps a draft for the life of the object only, never in localStorage', () => {
    // Prepare
    const storage = memoryStorage();

    // Act
    storage.setItem('k', '13812345678');
    const read = storage.getItem('k');
    storage.removeItem('k');

    // Assess
    expect([read, storage.getItem('k'), typeof globalThis.localStorage]).toEqual([
      '13812345678',
      null,
      'undefined',
    ]);
  });
});
