import { type Directory, type RoutingRule, WILDCARD } from './directory.js';

export interface Assignment {
  readonly departmentId: string;
  readonly coHandlers: readonly string[];
  readonly rule: RoutingRule;
}

function specificity(rule: RoutingRule): number {
  // An exact category outranks an exact district: the category decides the kind of work, the
  // district only which office of it.
  return (rule.category === WILDCARD ? 0 : 2) + (rule.district === WILDCARD ? 0 : 1);
}

/**
 * 派单: the lead department and co-handlers for a category in a district, or `undefined` when no
 * rule matches and a dispatcher must decide. The most specific rule wins, then the priority.
 *
 * @example route(directory, 'water-supply', 'gulou') // { departmentId: 'water-group', ... }
 */
export function route(directory: Directory, category: string, district: string): Assignment | undefined {
  let best: RoutingRule | undefined;
  for (const rule of directory.rules) {
    if (rule.category !== WILDCARD && rule.category !== category) continue;
    if (rule.district !== WILDCARD && rule.district !== district) continue;
    if (!directory.departments.has(rule.departmentId)) continue;
    if (
      !best ||
      specificity(rule) > specificity(best) ||
      (specificity(rule) === specificity(best) && rule.priority > best.priority)
    ) {
      best = rule;
    }
  }
  if (!best) return undefined;
  const coHandlers = best.coHandlers.filter(
    (id) => id !== best.departmentId && directory.departments.has(id),
  );
  return { departmentId: best.departmentId, coHandlers, rule: best };
}
