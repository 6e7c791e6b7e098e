// The admin API's request bodies: the directory's own schemas, strict (an unknown field is a typo
// the operator should hear about, not something silently dropped), each carrying its own id.
import * as z from 'zod/mini';
import {
  CalendarYearSchema,
  CategorySchema,
  DepartmentSchema,
  DistrictSchema,
  HotlineLineSchema,
  RoutingRuleSchema,
  RuleIdSchema,
} from '../../shared/domain/index.js';

export const DepartmentBodySchema = z.strictObject({ ...DepartmentSchema.shape });
export const CategoryBodySchema = z.strictObject({ ...CategorySchema.shape });
export const DistrictBodySchema = z.strictObject({ ...DistrictSchema.shape });
/** 热线线路: code, name, the former department (optional), the 接通率 target (default 0.98). */
export const LineBodySchema = z.strictObject({ ...HotlineLineSchema.shape });

/** A rule as PUT: its id, category (or `*`), district (or `*`), lead department, co-handlers, priority. */
export const RuleBodySchema = z.strictObject({
  ruleId: RuleIdSchema,
  ...RoutingRuleSchema.shape,
  coHandlers: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(20))),
  priority: z.optional(z.int().check(z.gte(-1000), z.lte(1000))),
});
export type RuleBody = z.infer<typeof RuleBodySchema>;

/** One year's holiday schedule, checked as the calendar engine will read it. */
export const CalendarBodySchema = CalendarYearSchema;
