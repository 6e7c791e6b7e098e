import { z } from 'zod';
import { CaseTypeSchema } from './appeal.js';

/**
 * The directory: departments, categories, districts and the dispatch catalogue (派单目录). It is
 * data in the directory table, seeded from `shared/seed`, never code.
 */
export const DepartmentSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1),
  /** The district this department serves; absent for city-level departments. */
  district: z.string().optional(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const CategorySchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1),
  /** The type an appeal in this category most often is: a hint for agents and the web form. */
  defaultType: CaseTypeSchema.optional(),
});
export type Category = z.infer<typeof CategorySchema>;

export const DistrictSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1),
});
export type District = z.infer<typeof DistrictSchema>;

/** `*` matches any category or district. */
export const WILDCARD = '*';

export const RoutingRuleSchema = z.object({
  category: z.string().min(1),
  district: z.string().min(1),
  /** 主办 the lead department. */
  departmentId: z.string().min(1),
  /** 协办 co-handlers. */
  coHandlers: z.array(z.string()).default([]),
  /** Among rules equally specific, the higher priority wins. */
  priority: z.number().int().default(0),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export interface Directory {
  readonly departments: ReadonlyMap<string, Department>;
  readonly categories: ReadonlyMap<string, Category>;
  readonly districts: ReadonlyMap<string, District>;
  readonly rules: readonly RoutingRule[];
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
