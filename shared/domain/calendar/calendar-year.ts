import * as z from 'zod/mini';

/**
 * One year of the national holiday schedule (节假日安排) as the State Council General Office
 * publishes it each November for the next year. It is data: the operator adds next year's record
 * when the notice is out, without a deploy.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

const DateSchema = z
  .string()
  .check(z.regex(ISO_DATE, 'a date is YYYY-MM-DD'), z.refine(isRealDate, 'not a calendar date'));

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

export const HolidaySchema = z
  .object({
    /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 … as the notice names it. */
    name: z.string().check(z.minLength(1)),
    /** First day off, included. */
    from: DateSchema,
    /** Last day off, included. */
    to: DateSchema,
  })
  // The longest break so far is 9 days (2026 Spring Festival); 15 catches a mistyped month.
  .check(
    z.refine((h) => h.from <= h.to, 'a holiday ends on or after its first day'),
    z.refine((h) => datesBetween(h.from, h.to).length <= 15, 'a holiday lasts at most 15 days'),
  );
export type Holiday = z.infer<typeof HolidaySchema>;

export const CalendarYearSchema = z
  .object({
    year: z.int().check(z.gte(2000), z.lte(2100)),
    holidays: z.array(HolidaySchema),
    /** Weekend days that are worked (调休上班). */
    makeUpWorkdays: z.array(DateSchema),
    /** Where the dates come from: the notice's title, number, date and a URL. */
    source: z.string().check(z.minLength(1)),
  })
  .check(
    z.refine(
      (y) => y.holidays.every((h) => Number(h.from.slice(0, 4)) === y.year),
      "a holiday starts in its record's year",
    ),
    // A make-up day on a weekday would be a no-op and is always a typing error.
    z.refine(
      (y) => y.makeUpWorkdays.every((d) => weekday(d) === 0 || weekday(d) === 6),
      'a make-up working day is a Saturday or a Sunday',
    ),
    z.refine((y) => {
      const off = new Set(y.holidays.flatMap((h) => datesBetween(h.from, h.to)));
      return y.makeUpWorkdays.every((d) => !off.has(d));
    }, 'a date is either a holiday or a make-up working day, not both'),
  );
/**
 * @example
 * const y2026: CalendarYear = {
 *   year: 2026,
 *   holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
 *   makeUpWorkdays: ['2026-09-20', '2026-10-10'],
 *   source: '国务院办公厅关于2026年部分节假日安排的通知',
 * };
 */
export type CalendarYear = z.infer<typeof CalendarYearSchema>;
