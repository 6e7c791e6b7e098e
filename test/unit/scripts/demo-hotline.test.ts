import { describe, expect, it } from 'vitest';
import {
  BACKDATED_WORKING_DAYS,
  backdatedCallRecords,
  workingDaysBefore,
} from '../../../scripts/demo-hotline.js';
import { CallRecordSchema } from '../../../shared/domain/call-record.js';
import {
  buildWorkingCalendar,
  computeDeadlines,
  isWorkingDay,
  shanghaiDate,
} from '../../../shared/domain/index.js';
import { seededRandom } from '../../../shared/seed/appeals.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';

// The demo's backdated calls: valid call records whose cases' deadlines have passed by the time
// they are sent, so the supervision job marks them overdue.

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

describe('Function: workingDaysBefore', () => {
  it('skips weekends and public holidays, and counts make-up working days', () => {
    // Act: Wednesday 2026-10-14 (after the National Day week), 8 working days back
    const day = workingDaysBefore(new Date('2026-10-14T04:00:00Z'), 8, calendar);

    // Assess: only working days lie between the two dates, and exactly 8 of them
    expect(isWorkingDay(day, calendar)).toBe(true);
    let counted = 0;
    for (let d = day; d < '2026-10-14'; ) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (isWorkingDay(d, calendar)) counted++;
    }
    expect(counted).toBe(8);
  });
});

describe('Function: backdatedCallRecords', () => {
  it('makes call records the CTI schema accepts, with help requests already past their deadline', () => {
    // Prepare
    const now = new Date('2026-12-03T06:00:00Z');

    // Act
    const records = backdatedCallRecords(seededRandom(7), 7, 3, now);

    // Assess
    expect(records).toHaveLength(3);
    for (const record of records) {
      const parsed = CallRecordSchema.parse(record);
      const answeredAt = new Date(parsed.answeredAt as string);
      expect(shanghaiDate(answeredAt)).toBe(workingDaysBefore(now, BACKDATED_WORKING_DAYS, calendar));
      expect(parsed.appeal).toMatchObject({ type: 'help', urgency: 'normal' });
      const { ackDueAt, dueAt } = computeDeadlines('help', 'normal', answeredAt, calendar);
      expect(dueAt.getTime()).toBeLessThan(now.getTime());
      expect(ackDueAt.getTime()).toBeLessThan(now.getTime());
    }
    // Assess: one call id per call, carrying the day, so another day's run backdates other calls
    expect(new Set(records.map((r) => r.callId)).size).toBe(3);
    expect(records[0]?.callId).toMatch(/^demo-7-late-2026-11-23-0$/);
  });
});
