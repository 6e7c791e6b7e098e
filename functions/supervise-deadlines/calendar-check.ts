// The operator's early warning for the holiday calendar, run once per supervision run.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isCoveredCalendar, missingNextYear, type WorkingCalendar } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';

/** Years already warned about by this warm container: the metric repeats every run, the log line not. */
const warned = new Set<number>();

/**
 * Within 45 days of the Shanghai year end, next year's holiday schedule must be in the directory
 * table; when it is not, a warning and the `CalendarYearMissing` metric (its alarm goes to the ops
 * topic). The operator adds it with PUT /v1/admin/calendar/{year} (or `npm run seed`).
 *
 * @example checkCalendarAhead(new Date(), await directory.loadCalendar()) // 2027 when it is missing
 */
export function checkCalendarAhead(now: Date, calendar: WorkingCalendar): number | undefined {
  if (!isCoveredCalendar(calendar)) return undefined;
  const missing = missingNextYear(now, calendar.coveredYears);
  if (missing === undefined) return undefined;
  if (!warned.has(missing)) {
    warned.add(missing);
    logger.warn('next year has no holiday calendar: deadlines reaching it count weekends only', {
      missingYear: missing,
      coveredYears: [...calendar.coveredYears],
    });
  }
  // A single metric is published at once: the handler needs no flush middleware.
  metrics.singleMetric().addMetric('CalendarYearMissing', MetricUnit.Count, 1);
  return missing;
}
