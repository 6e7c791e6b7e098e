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
}

/** The directory as a seed file or an admin export holds it. */
export interface DirectoryData {
  departments: Department[];
  categories: Category[];
  districts: District[];
  rules: RoutingRule[];
  /** The holiday calendar, a record per year: the operator adds next year's without a deploy. */
  calendarYears?: readonly CalendarYear[];
}

export function buildDirectory(parts: {
  departments: readonly Department[];
  categories: readonly Category[];
  districts: readonly District[];
  rules: readonly RoutingRule[];
}): Directory {
  return {
    departments: new Map(parts.departments.map((d) => [d.id, d])),
    categories: new Map(parts.categories.map((c) => [c.code, c])),
    districts: new Map(parts.districts.map((d) => [d.code, d])),
    rules: [...parts.rules],
  };
}
