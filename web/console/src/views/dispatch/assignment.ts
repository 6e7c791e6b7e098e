import { RETURN_REASON_TEXT } from '../../../../../shared/domain/labels';
import { CO_HANDLERS_MAX } from '../../../../../shared/domain/lifecycle/limits';
import type { RoutingSuggestion } from '../../api/dispatch';
import { actorText } from '../../components/history-text';

// 派单 in pure functions: what a suggestion fills in, whether an assignment may be sent, and how a
// returned case's return entry reads for the dispatcher who routes it again.

/** A lead department (主办) and its co-handlers (协办), as the dispatch form holds them. */
export interface Assignment {
  readonly departmentId: string;
  readonly coHandlers: readonly string[];
}

/**
 * The form's fields after the dispatcher applies one of the catalogue's suggestions.
 *
 * @example
 * assignmentOf({ departmentId: 'heating-company', coHandlers: [{ departmentId: 'housing', … }], … })
 * // { departmentId: 'heating-company', coHandlers: ['housing'] }
 */
export function assignmentOf(suggestion: RoutingSuggestion): Assignment {
  return {
    departmentId: suggestion.departmentId,
    coHandlers: suggestion.coHandlers
      .map((c) => c.departmentId)
      .filter((id) => id !== suggestion.departmentId),
  };
}

/** The co-handlers without the lead (a department never co-handles its own case), in order, once each. */
export function coHandlersWithout(lead: string, coHandlers: readonly string[]): string[] {
  return [...new Set(coHandlers)].filter((id) => id !== lead);
}

/** Why the assignment cannot be sent yet, in the dispatcher's words; undefined when it can. */
export function assignmentProblem(a: Assignment, known: ReadonlySet<string>): string | undefined {
  if (!a.departmentId) return '请选择主办单位';
  if (!known.has(a.departmentId)) return '主办单位不在目录中，请重新选择';
  if (a.coHandlers.includes(a.departmentId)) return '主办单位不能同时是协办单位';
  if (a.coHandlers.length > CO_HANDLERS_MAX) return `协办单位最多 ${CO_HANDLERS_MAX} 个`;
  const unknown = a.coHandlers.find((id) => !known.has(id));
  return unknown ? `协办单位“${unknown}”不在目录中，请重新选择` : undefined;
}

/** Is this the assignment the suggestion gives (so the screen can mark the applied one)? */
export function sameAssignment(a: Assignment, b: Assignment): boolean {
  if (a.departmentId !== b.departmentId || a.coHandlers.length !== b.coHandlers.length) return false;
  const set = new Set(a.coHandlers);
  return b.coHandlers.every((id) => set.has(id));
}

/** A return entry of the dispatch queue: the department's history entry (note `reason: dept: text`). */
export interface ReturnEntry {
  readonly at: string;
  readonly actor: string;
  readonly note?: string;
}

export interface ReturnView {
  /** 退单原因 (RETURN_REASON_TEXT), or the code for a reason newer than this console. */
  readonly reason: string;
  /** The department that returned it, by name. */
  readonly department?: string;
  /** Who pressed it: 承办人 u1（单位）. */
  readonly by: string;
  /** The handler's own words, if any. */
  readonly text?: string;
  readonly at: string;
}

/**
 * How a returned case's reason reads: the note is `reason: departmentId: free text` (transitions.ts
 * joins the parts with ": "; the free text may itself contain ": ").
 *
 * @example
 * returnView({ at, actor: 'department:u1@water', note: 'wrong_district: water: 属台江区' }, names)
 * // { reason: '属地不符', department: '江城水务集团', by: '承办人 u1（江城水务集团）', text: '属台江区', at }
 */
export function returnView(
  entry: ReturnEntry,
  departmentName: (id: string) => string = (id) => id,
): ReturnView {
  const [code = '', department, ...rest] = (entry.note ?? '').split(': ');
  const text = rest.join(': ').trim();
  return {
    reason: (RETURN_REASON_TEXT as Readonly<Record<string, string>>)[code] ?? (code || '未注明'),
    ...(department ? { department: departmentName(department) } : {}),
    by: actorText(entry.actor, departmentName),
    ...(text ? { text } : {}),
    at: entry.at,
  };
}

/**
 * What the call centre's agent typed that the catalogue did not resolve, as the dispatcher reads it,
 * or undefined when the case holds no typed text.
 *
 * @example typedText({ typedCategory: '井盖被偷了' }) // '所填类别：井盖被偷了'
 */
export function typedText(kase: {
  readonly typedCategory?: string;
  readonly typedDistrict?: string;
}): string | undefined {
  const parts = [
    ...(kase.typedCategory ? [`所填类别：${kase.typedCategory}`] : []),
    ...(kase.typedDistrict ? [`所填属地：${kase.typedDistrict}`] : []),
  ];
  return parts.length > 0 ? parts.join('；') : undefined;
}
