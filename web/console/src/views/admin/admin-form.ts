import type { CalendarYear, Holiday } from '../../../../../shared/domain/calendar/calendar-year';
import type { HotlineLine, RoutingRule } from '../../../../../shared/domain/directory';
import { ApiError } from '../../api/http';

// The administrator's forms as pure functions: text the operator types ↔ the admin API's bodies, and
// the API's 4xx answer → a message per field. No Vue here, so the unit tests call them directly.

/** A routing rule as listed: the stored rule and its key. */
export type ListedRule = RoutingRule & { readonly ruleId: string };

/** `*` in a rule: any category, any district. */
export const ANY = '*';

export interface RuleForm {
  /** Set when editing a stored rule: its key stays, whatever else changes. */
  ruleId?: string;
  category: string;
  district: string;
  departmentId: string;
  coHandlers: string[];
  priority: number;
}

export function emptyRuleForm(): RuleForm {
  return { category: '', district: '', departmentId: '', coHandlers: [], priority: 0 };
}

export function ruleFormOf(rule: ListedRule): RuleForm {
  return {
    ruleId: rule.ruleId,
    category: rule.category,
    district: rule.district,
    departmentId: rule.departmentId,
    coHandlers: [...rule.coHandlers],
    priority: rule.priority,
  };
}

/**
 * A new rule's key, named as the seed names its rules (`<category>#<district>#<department>`), so an
 * operator reading the table or the logs sees what a key routes.
 *
 * @example ruleIdOf({ category: 'other', district: 'gulou', departmentId: 'gulou-government', … }) // 'other#gulou#gulou-government'
 */
export function ruleIdOf(form: RuleForm): string {
  return form.ruleId ?? `${form.category}#${form.district}#${form.departmentId}`;
}

/** The PUT body of a rule; a co-handler that is also the lead is dropped (it would handle twice). */
export function ruleBody(form: RuleForm): ListedRule {
  const coHandlers = [...new Set(form.coHandlers)].filter((id) => id !== form.departmentId);
  return {
    ruleId: ruleIdOf(form),
    category: form.category,
    district: form.district,
    departmentId: form.departmentId,
    coHandlers,
    priority: form.priority,
  };
}

/** What must be chosen before a rule is sent: the pickers' own checks, per field. */
export function missingRuleFields(form: RuleForm): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!form.category) missing.category = '请选择诉求类别（或“全部类别”）';
  if (!form.district) missing.district = '请选择区县（或“全部区县”）';
  if (!form.departmentId) missing.departmentId = '请选择主办单位';
  return missing;
}

/** Keywords as typed into the tag list: trimmed, without blanks or repeats, in the order typed. */
export function cleanKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((k) => k.trim()).filter((k) => k !== ''))];
}

/** A date as the operator may type it (2027-1-4, 2027/01/04, 2027.1.4) → 2027-01-04. */
const LOOSE_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

function normalDate(token: string): string | undefined {
  const m = LOOSE_DATE.exec(token);
  return m ? `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}` : undefined;
}

/**
 * A list of dates separated by spaces, commas (，、 too) or lines. Only the shape is checked here:
 * whether a date exists or falls on a weekend is the API's to say, beside the field.
 *
 * @example parseDateList('2027-02-07，2027/2/20') // { ok: true, value: ['2027-02-07', '2027-02-20'] }
 */
export function parseDateList(text: string): Parsed<string[]> {
  const dates: string[] = [];
  for (const token of text.split(/[\s,，、;；]+/).filter((t) => t !== '')) {
    const date = normalDate(token);
    if (!date) return { ok: false, error: `“${token}”不是日期，请写成 YYYY-MM-DD，如 2027-02-07` };
    if (!dates.includes(date)) dates.push(date);
  }
  return { ok: true, value: dates.sort() };
}

export function formatDateList(dates: readonly string[]): string {
  return dates.join('\n');
}

/**
 * Holidays, one a line: a name, the first day off and, for a break of several days, the last
 * (`春节 2027-02-06 2027-02-13`; `至`, `~` or `－` may stand between the dates).
 *
 * @example parseHolidays('元旦 2027-01-01\n春节 2027-02-06 至 2027-02-13')
 * // { ok: true, value: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }, { name: '春节', … }] }
 */
export function parseHolidays(text: string): Parsed<Holiday[]> {
  const holidays: Holiday[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(/\s+|\s*(?:至|到|~|～|—|－)\s*/).filter((p) => p !== '');
    const [name, first, last, ...rest] = parts;
    const from = first === undefined ? undefined : normalDate(first);
    const to = last === undefined ? from : normalDate(last);
    if (!name || !from || !to || rest.length > 0 || normalDate(name)) {
      return {
        ok: false,
        error: `第 ${index + 1} 行“${line}”：请写成“名称 开始日期 [结束日期]”，如 春节 2027-02-06 2027-02-13`,
      };
    }
    holidays.push({ name, from, to });
  }
  return { ok: true, value: holidays };
}

export function formatHolidays(holidays: readonly Holiday[]): string {
  return holidays
    .map((h) => (h.from === h.to ? `${h.name} ${h.from}` : `${h.name} ${h.from} ${h.to}`))
    .join('\n');
}

/** The days of a holiday, both ends included. */
export function holidayDays(holiday: Pick<Holiday, 'from' | 'to'>): number {
  return Math.round((Date.parse(holiday.to) - Date.parse(holiday.from)) / 86_400_000) + 1;
}

export interface CalendarForm {
  holidays: string;
  makeUpWorkdays: string;
  source: string;
}

export function calendarFormOf(year: CalendarYear | undefined): CalendarForm {
  return {
    holidays: year ? formatHolidays(year.holidays) : '',
    makeUpWorkdays: year ? formatDateList(year.makeUpWorkdays) : '',
    source: year?.source ?? '',
  };
}

/** The PUT body of a year, or the message of each field that does not parse. */
export function calendarBody(
  year: number,
  form: CalendarForm,
): { ok: true; value: CalendarYear } | { ok: false; errors: Record<string, string> } {
  const holidays = parseHolidays(form.holidays);
  const makeUp = parseDateList(form.makeUpWorkdays);
  const errors: Record<string, string> = {};
  if (!holidays.ok) errors.holidays = holidays.error;
  if (!makeUp.ok) errors.makeUpWorkdays = makeUp.error;
  if (!form.source.trim()) errors.source = '请填写依据，如国务院办公厅的通知名称';
  if (!holidays.ok || !makeUp.ok || errors.source) return { ok: false, errors };
  return {
    ok: true,
    value: { year, holidays: holidays.value, makeUpWorkdays: makeUp.value, source: form.source.trim() },
  };
}

/** A new line's answer-rate target unless the merger agreed another: the city's 98 %. */
export const DEFAULT_TARGET_PERCENT = '98';

/**
 * The answer-rate target as people write it, a percentage (98, 99.5, 98%), → the API's fraction.
 * Under 1 % is refused rather than guessed: `0.98` is almost surely 98 % typed as a fraction, and a
 * target of 0.98 % stored by mistake would show every line as on target.
 *
 * @example parseTargetPercent('98') // { ok: true, value: 0.98 }
 * @example parseTargetPercent('0.98') // { ok: false, error: '请按百分比填写：0.98 应写作 98' }
 */
export function parseTargetPercent(text: string): Parsed<number> {
  const trimmed = text.trim().replace(/\s*[%％]$/, '');
  if (trimmed === '') return { ok: false, error: '请填写接通率目标（百分比），如 98' };
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) {
    return {
      ok: false,
      error: `“${text.trim()}”不是百分比，请填写 1–100 之间的数，最多两位小数，如 98 或 99.5`,
    };
  }
  const percent = Number(trimmed);
  if (percent > 100) return { ok: false, error: '接通率目标不能超过 100%' };
  if (percent < 1)
    return { ok: false, error: `请按百分比填写：${trimmed} 应写作 ${Number((percent * 100).toFixed(2))}` };
  // toPrecision drops the binary noise of the division (99.9 / 100 = 0.9990000000000001).
  return { ok: true, value: Number((percent / 100).toPrecision(6)) };
}

/** A stored target (a fraction) as a percentage, without trailing zeros: 0.98 → '98%', 0.995 → '99.5%'. */
export function targetPercentText(target: number): string {
  return `${Number((target * 100).toFixed(2))}%`;
}

export interface LineForm {
  code: string;
  name: string;
  /** '' when the line was never another department's hotline (12345 itself). */
  formerDepartmentId: string;
  /** The target as typed, a percentage. */
  target: string;
}

export function lineFormOf(line: HotlineLine | undefined): LineForm {
  return {
    code: line?.code ?? '',
    name: line?.name ?? '',
    formerDepartmentId: line?.formerDepartmentId ?? '',
    target: line ? targetPercentText(line.answerRateTarget).replace('%', '') : DEFAULT_TARGET_PERCENT,
  };
}

/**
 * The PUT body of a line, or the message of the target when it does not parse; the code's and the
 * name's rules are the API's to state, beside their fields. The field names are the API's, so its
 * `details[].path` lands on the same rows.
 */
export function lineBody(
  form: LineForm,
): { ok: true; value: HotlineLine } | { ok: false; errors: Record<string, string> } {
  const target = parseTargetPercent(form.target);
  if (!target.ok) return { ok: false, errors: { answerRateTarget: target.error } };
  return {
    ok: true,
    value: {
      code: form.code.trim(),
      name: form.name.trim(),
      ...(form.formerDepartmentId ? { formerDepartmentId: form.formerDepartmentId } : {}),
      answerRateTarget: target.value,
    },
  };
}

/** A refusal of the admin API shown on a form: per field where the API names one, else for the form. */
export interface FormErrors {
  readonly fields: Record<string, string>;
  readonly form?: string;
}

/**
 * Which field a refusal code of the catalogue (shared/domain/directory-admin.ts) is about, when its
 * answer has no `details`. An unknown department is the lead's unless the lead is the one that
 * exists: then it was a co-handler.
 */
function fieldOfCode(error: ApiError, body: Record<string, unknown>): string | undefined {
  switch (error.code) {
    case 'unknown_category':
      return 'category';
    case 'unknown_district':
      return 'district';
    case 'unknown_department':
      // A line names one department only: the one that ran it before the merger.
      if ('formerDepartmentId' in body) return 'formerDepartmentId';
      return typeof body.departmentId === 'string' && error.message.endsWith(`：${body.departmentId}`)
        ? 'departmentId'
        : 'coHandlers';
    case 'reserved_id':
      return 'id' in body ? 'id' : 'code';
    default:
      return undefined;
  }
}

/**
 * The API's 4xx as messages beside the fields: `details[].path`'s first segment names the field
 * (`makeUpWorkdays.1` → makeUpWorkdays); a field the form does not show, or none, goes to the form.
 *
 * @example formErrorsOf(new ApiError(422, 'validation_failed', '请求内容有误', [{ path: 'source', message: '…' }]), ['source'], body)
 * // { fields: { source: '…' }, form: undefined }
 */
export function formErrorsOf(
  error: unknown,
  fields: readonly string[],
  body: Record<string, unknown>,
): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: '网络异常，请稍后重试' };
  const out: Record<string, string> = {};
  const rest: string[] = [];
  const add = (field: string | undefined, message: string) => {
    if (field && fields.includes(field)) out[field] = out[field] ? `${out[field]}；${message}` : message;
    else rest.push(message);
  };
  const details = Array.isArray(error.details)
    ? (error.details as { path?: unknown; message?: unknown }[])
    : [];
  if (details.length > 0) {
    for (const d of details) add(String(d.path ?? '').split('.')[0], String(d.message ?? error.message));
  } else {
    add(fieldOfCode(error, body), error.message);
  }
  return { fields: out, form: rest.length > 0 ? rest.join('；') : undefined };
}
