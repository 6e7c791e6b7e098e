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
  .check(
    z.regex(ISO_DATE, '日期须为 YYYY-MM-DD 格式，如 2027-01-01'),
    z.refine(isRealDate, { error: (issue) => `${String(issue.input)} 不是日历上存在的日期` }),
  );

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
  // The longest break so far is 9 days (2026 Spring Festival); 15 catches a mistyped month. The
  // messages sit on `to` and are Chinese: the admin screen shows each beside the field it names.
  .check(
    z.refine((h) => h.from <= h.to, { error: '假期结束日期不能早于开始日期', path: ['to'] }),
    z.refine((h) => datesBetween(h.from, h.to).length <= 15, { error: '一个假期最多 15 天', path: ['to'] }),
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
  // Each refusal names the offending entry's path (holidays.0.from, makeUpWorkdays.1), so the
  // API's 422 details point the operator at the very date to fix.
  .check(
    z.superRefine((y, ctx) => {
      y.holidays.forEach((h, i) => {
        if (Number(h.from.slice(0, 4)) !== y.year) {
          ctx.addIssue({
            code: 'custom',
            message: `${h.name}的开始日期 ${h.from} 不在 ${y.year} 年`,
            path: ['holidays', i, 'from'],
            input: h.from,
          });
        }
      });
      const off = new Set(y.holidays.flatMap((h) => datesBetween(h.from, h.to)));
      y.makeUpWorkdays.forEach((d, i) => {
        if (!isRealDate(d)) return; // already refused by DateSchema
        // A make-up day on a weekday would be a no-op and is always a typing error.
        const message =
          weekday(d) !== 0 && weekday(d) !== 6
            ? `${d} 不是周六或周日：调休上班日只能是周末`
            : off.has(d)
              ? `${d} 已在假期内：同一天不能既放假又调休上班`
              : undefined;
        if (message) ctx.addIssue({ code: 'custom', message, path: ['makeUpWorkdays', i], input: d });
      });
    }),
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
