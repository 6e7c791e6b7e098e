import { describe, expect, it } from 'vitest';
import { type CountdownInput, countdownOf, countsHours } from '../../console/src/components/countdown';

const base: CountdownInput = {
  status: 'acknowledged',
  type: 'help',
  urgency: 'normal',
  dueAt: '2026-12-09T15:59:59.000Z',
};
const now = new Date('2026-12-03T02:00:00Z');

describe('Function: countdownOf', () => {
  it('says the working days left as the server counted them on the calendar', () => {
    // Prepare
    const row = { ...base, workingDaysLeft: 4 };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countdown).toEqual({ text: '剩余 4 个工作日', tone: 'ok' });
  });

  it('warns on the last working day before the deadline and says 今日到期 on the day', () => {
    // Prepare
    const last = { ...base, workingDaysLeft: 1 };
    const today = { ...base, workingDaysLeft: 0 };

    // Act
    const [a, b] = [countdownOf(last, now), countdownOf(today, now)];

    // Assess
    expect(a).toEqual({ text: '剩余 1 个工作日', tone: 'warning' });
    expect(b).toEqual({ text: '今日到期', tone: 'danger' });
  });

  it('says how many working days a case is overdue once its deadline has passed', () => {
    // Prepare
    const row = { ...base, dueAt: '2026-12-01T15:59:59.000Z', workingDaysLeft: -2 };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countdown).toEqual({ text: '已超期 2 个工作日', tone: 'danger' });
  });

  it('says overdue without a count when only a weekend has passed since the deadline', () => {
    // Prepare
    const row = { ...base, dueAt: '2026-12-02T15:59:59.000Z', workingDaysLeft: 0 };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countdown).toEqual({ text: '已超期', tone: 'danger' });
  });

  it('counts hours for an urgent case, from dueAt', () => {
    // Prepare
    const row = { ...base, urgency: 'urgent' as const, dueAt: '2026-12-03T08:30:00.000Z' };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countdown).toEqual({ text: '剩余 6 小时', tone: 'warning' });
  });

  it('counts the hours an urgent case is overdue', () => {
    // Prepare
    const row = { ...base, urgency: 'urgent' as const, dueAt: '2026-12-02T23:00:00.000Z' };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countdown).toEqual({ text: '已超期 3 小时', tone: 'danger' });
  });

  it('keeps working days for an urgent disclosure request, whose statutory clock urgency does not shorten', () => {
    // Prepare
    const row = { ...base, type: 'disclosure' as const, urgency: 'urgent' as const, workingDaysLeft: 12 };

    // Act
    const countdown = countdownOf(row, now);

    // Assess
    expect(countsHours('disclosure', 'urgent')).toBe(false);
    expect(countdown.text).toBe('剩余 12 个工作日');
  });

  it('says the clock is paused, and shows no countdown once the case is completed', () => {
    // Prepare
    const paused = { ...base, paused: true, workingDaysLeft: 3 };
    const completed = { ...base, status: 'completed' as const, workingDaysLeft: 3 };

    // Act
    const [a, b] = [countdownOf(paused, now), countdownOf(completed, now)];

    // Assess
    expect(a).toEqual({ text: '计时中止', tone: 'muted' });
    expect(b).toEqual({ text: '—', tone: 'muted' });
  });
});

describe('Function: countdownOf, for a list without the working days', () => {
  it('shows the deadline itself, or that it has passed', () => {
    // Act
    const ahead = countdownOf(base, now);
    const past = countdownOf({ ...base, dueAt: '2026-12-01T15:59:59.000Z' }, now);

    // Assess
    expect(ahead).toEqual({ text: '截止 2026/12/09 23:59', tone: 'ok' });
    expect(past).toEqual({ text: '已超期', tone: 'danger' });
  });
});
