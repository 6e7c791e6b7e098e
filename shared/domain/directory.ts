import * as z from 'zod/mini';
import { CaseTypeSchema } from './appeal.js';
import type { CalendarYear } from './calendar/calendar-year.js';

/**
 * The directory: departments, categories, districts and the dispatch catalogue (派单目录). It is
 * data in the directory table, seeded from `shared/seed`, never code.
 */
/** Ids and codes: short, lower-case ASCII, safe in keys, URLs and metric dimensions. */
const ID = /^[a-z0-9-]{2,40}$/;

export const DepartmentSchema = z.object({
  id: z.string().check(z.regex(ID)),
  name: z.string().check(z.minLength(1)),
  /** The district this department serves; absent for city-level departments. */
  district: z.optional(z.string()),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const CategorySchema = z.object({
  code: z.string().check(z.regex(ID)),
  name: z.string().check(z.minLength(1)),
  /** The type an appeal in this category most often is: a hint for agents and the web form. */
  defaultType: z.optional(CaseTypeSchema),
  /** Words that suggest this category in free text (WeChat messages): see `classifyCategory`. */
  keywords: z.optional(z.array(z.string().check(z.minLength(1)))),
});
export type Category = z.infer<typeof CategorySchema>;

export const DistrictSchema = z.object({
  code: z.string().check(z.regex(ID)),
  name: z.string().check(z.minLength(1)),
});
export type District = z.infer<typeof DistrictSchema>;

/** 接通率's target where a line sets none: the published ≥ 98 % (DESIGN §1). */
export const DEFAULT_LINE_ANSWER_RATE_TARGET = 0.98;

/** A line's code as the CTI sends it in a call record's `line`: the number dialled or a hotline code. */
const LINE_CODE = /^[0-9A-Za-z-]{1,32}$/;
/** A name people read: at least one Chinese character (汉字), so a code is not mistaken for a name. */
const HAN = /\p{Script=Han}/u;

/**
 * 热线线路 a hotline line: 12345 itself or a departmental hotline merged into it (一号对外). Calls
 * and callbacks are measured per line, and each line's 接通率 against its own target.
 */
export const HotlineLineSchema = z.object({
  code: z.string().check(z.regex(LINE_CODE, 'code：1–32 位数字、字母或 -，与话务系统上报的 line 一致')),
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'name：线路名称不能为空'),
      z.maxLength(64, 'name：线路名称最多 64 个字'),
      z.regex(HAN, 'name：线路名称须为中文'),
    ),
  /** The department that ran the hotline before it was merged into 12345 (原承办单位). */
  formerDepartmentId: z.optional(z.string().check(z.regex(ID, 'formerDepartmentId：须为单位编号'))),
  /** The line's 接通率 target, 0 < t ≤ 1: the city's 98 % unless the merger agreed another. */
  answerRateTarget: z._default(
    z
      .number()
      .check(
        z.gt(0, 'answerRateTarget：须大于 0'),
        z.lte(1, 'answerRateTarget：不能大于 1（以小数表示，如 0.98）'),
      ),
    DEFAULT_LINE_ANSWER_RATE_TARGET,
  ),
});
export type HotlineLine = z.infer<typeof HotlineLineSchema>;

/** `*` matches any category or district. */
export const WILDCARD = '*';

export const RoutingRuleSchema = z.object({
  category: z.string().check(z.minLength(1)),
  district: z.string().check(z.minLength(1)),
  /** 主办 the lead department. */
  departmentId: z.string().check(z.minLength(1)),
  /** 协办 co-handlers. */
  coHandlers: z._default(z.array(z.string()), []),
  /** Among rules equally specific, the higher priority wins. */
  priority: z._default(z.int(), 0),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export interface Directory {
  readonly departments: ReadonlyMap<string, Department>;
  readonly categories: ReadonlyMap<string, Category>;
  readonly districts: ReadonlyMap<string, District>;
  readonly rules: readonly RoutingRule[];
  /** 热线线路 by code. */
  readonly lines: ReadonlyMap<string, HotlineLine>;
}

/** The directory as a seed file or an admin export holds it. */
export interface DirectoryData {
  departments: Department[];
  categories: Category[];
  districts: District[];
  rules: RoutingRule[];
  /** 热线线路: 12345 and the hotlines merged into it. */
  lines?: HotlineLine[];
  /** The holiday calendar, a record per year: the operator adds next year's without a deploy. */
  calendarYears?: readonly CalendarYear[];
}

export function buildDirectory(parts: {
  departments: readonly Department[];
  categories: readonly Category[];
  districts: readonly District[];
  rules: readonly RoutingRule[];
  lines?: readonly HotlineLine[];
}): Directory {
  return {
    departments: new Map(parts.departments.map((d) => [d.id, d])),
    categories: new Map(parts.categories.map((c) => [c.code, c])),
    districts: new Map(parts.districts.map((d) => [d.code, d])),
    rules: [...parts.rules],
    lines: new Map((parts.lines ?? []).map((l) => [l.code, l])),
  };
}
