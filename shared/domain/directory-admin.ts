import * as z from 'zod/mini';
import {
  type Department,
  type Directory,
  type HotlineLine,
  type RoutingRule,
  WILDCARD,
} from './directory.js';
import { TOTAL_KEY } from './metrics/report.js';

// 派单目录 maintenance: what an edit of the catalogue must satisfy before it is written. Pure: the
// current directory is passed in.

/**
 * A routing rule's id in the catalogue (its key). Rules the seed wrote are named
 * `<category>#<district>#<department>`; an operator may choose any short name (`#` is `%23` in a URL).
 */
export const RuleIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9*#-]{2,160}$/, 'ruleId: a–z、0–9、-、*、#，2–160 个字符'));

/** Why an edit was refused: the code the admin API answers with (422). */
export interface DirectoryRefusal {
  readonly code: 'unknown_category' | 'unknown_district' | 'unknown_department' | 'reserved_id';
  readonly message: string;
}

function refuse(code: DirectoryRefusal['code'], message: string): DirectoryRefusal {
  return { code, message };
}

/**
 * A rule may name `*` or a known category and district, and only known departments (lead and
 * co-handlers): a rule naming an unknown one would silently route nothing, or route to nobody.
 *
 * @example checkRule({ category: 'water-supply', district: '*', departmentId: 'nobody', coHandlers: [], priority: 0 }, directory)
 * // { code: 'unknown_department', message: '未知的单位：nobody' }
 */
export function checkRule(rule: RoutingRule, directory: Directory): DirectoryRefusal | undefined {
  if (rule.category !== WILDCARD && !directory.categories.has(rule.category)) {
    return refuse('unknown_category', `未知的诉求类别：${rule.category}`);
  }
  if (rule.district !== WILDCARD && !directory.districts.has(rule.district)) {
    return refuse('unknown_district', `未知的区县：${rule.district}`);
  }
  const unknown = [rule.departmentId, ...rule.coHandlers].find((id) => !directory.departments.has(id));
  return unknown ? refuse('unknown_department', `未知的单位：${unknown}`) : undefined;
}

/**
 * Ids no department, category or district may take: the metrics report's total row is keyed
 * `total`, and a group of that name would be read as (or overwrite) the total in the CSV and in
 * any consumer that keys rows by 分组.
 */
export const RESERVED_IDS: readonly string[] = [TOTAL_KEY];

/**
 * A new department id, category code or district code must not be reserved.
 *
 * @example checkId('total') // { code: 'reserved_id', message: '编号 total 为系统保留，请换一个' }
 */
export function checkId(id: string): DirectoryRefusal | undefined {
  return RESERVED_IDS.includes(id) ? refuse('reserved_id', `编号 ${id} 为系统保留，请换一个`) : undefined;
}

/** A department's id must not be reserved, and its district, when it has one, must be known. */
export function checkDepartment(department: Department, directory: Directory): DirectoryRefusal | undefined {
  const reserved = checkId(department.id);
  if (reserved) return reserved;
  return department.district !== undefined && !directory.districts.has(department.district)
    ? refuse('unknown_district', `未知的区县：${department.district}`)
    : undefined;
}

/**
 * A line's code must not be reserved (it keys a row of the report and the CSV), and the department
 * that used to run it, when named, must be known: an unknown one would show as a bare id.
 *
 * @example checkLine({ code: '12315', name: '消费者投诉举报热线', formerDepartmentId: 'nobody', answerRateTarget: 0.98 }, directory)
 * // { code: 'unknown_department', message: '未知的单位：nobody' }
 */
export function checkLine(line: HotlineLine, directory: Directory): DirectoryRefusal | undefined {
  const reserved = checkId(line.code);
  if (reserved) return reserved;
  return line.formerDepartmentId !== undefined && !directory.departments.has(line.formerDepartmentId)
    ? refuse('unknown_department', `未知的单位：${line.formerDepartmentId}`)
    : undefined;
}
