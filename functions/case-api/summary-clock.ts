import { directoryStore } from '../../shared/adapters/stores.js';
import type { SummaryClock } from '../../shared/domain/index.js';

/**
 * Now and the holiday calendar (the store caches it), for the countdown every staff list shows
 * (剩余 N 个工作日): the console cannot count working days itself, as the calendar is the server's.
 */
export async function summaryClock(): Promise<SummaryClock> {
  return { now: new Date(), calendar: await directoryStore().loadCalendar() };
}
