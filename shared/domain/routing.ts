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

/** One entry of the dispatch catalogue's suggestions for a case, with names for the dispatcher. */
export interface RoutingSuggestion {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly coHandlers: readonly { departmentId: string; departmentName: string }[];
  readonly ruleId: string;
  readonly priority: number;
}

/**
 * 派单建议: every rule of the catalogue that matches the category and district, best first in the
 * order `route` picks (more specific, then higher priority), so the first suggestion is what
 * automatic dispatch would have done. Rules naming a department the directory no longer has are
 * left out, and so are such co-handlers, as `route` does.
 *
 * @example
 * routingSuggestions(directory, listing.rules, 'water-supply', 'gulou')[0] // { departmentId: 'water-group', ruleId: 'water-supply#*#water-group', … }
 */
export function routingSuggestions(
  directory: Directory,
  rules: readonly (RoutingRule & { readonly ruleId: string })[],
  category: string,
  district: string,
): RoutingSuggestion[] {
  const named = (id: string) => ({
    departmentId: id,
    departmentName: directory.departments.get(id)?.name ?? id,
  });
  return rules
    .filter(
      (r) =>
        (r.category === WILDCARD || r.category === category) &&
        (r.district === WILDCARD || r.district === district) &&
        directory.departments.has(r.departmentId),
    )
    .sort((a, b) => specificity(b) - specificity(a) || b.priority - a.priority)
    .map((r) => ({
      ...named(r.departmentId),
      coHandlers: r.coHandlers
        .filter((id) => id !== r.departmentId && directory.departments.has(id))
        .map(named),
      ruleId: r.ruleId,
      priority: r.priority,
    }));
}
