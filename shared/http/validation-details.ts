import type * as z from 'zod/mini';

// What a 422 `validation_failed` says about each field: its path and a Chinese sentence a citizen or
// an integrator can act on. zod's own messages are English ("Invalid input") and an unknown field's
// issue does not name the field, so both are rewritten here; a schema's own Chinese message stays.

/** One entry of `error.details`: the field's dotted path and what is wrong with it, in Chinese. */
export interface ValidationDetail {
  path: string;
  message: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  date: '日期',
  null: 'null',
};

const FORMAT_HINTS: Record<string, string> = {
  datetime: '须为带时区的 ISO 8601 时间，如 2026-12-01T09:00:00+08:00',
  date: '须为日期，如 2026-12-01',
  email: '须为电子邮件地址',
  url: '须为网址',
  uuid: '须为 UUID',
};

/** Any Han character: the schema's author wrote the message for people already. */
const CHINESE = /\p{Script=Han}/u;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function join(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function sizeMessage(
  field: string,
  issue: { origin?: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean },
  small: boolean,
): string {
  const bound = String(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `${field} 长度${small ? '至少' : '最多'}为 ${bound} 个字符`;
    case 'array':
    case 'set':
      return `${field} ${small ? '至少' : '最多'}有 ${bound} 项`;
    default: {
      const word = small ? (issue.inclusive ? '不小于' : '大于') : issue.inclusive ? '不大于' : '小于';
      return `${field} 须${word} ${bound}`;
    }
  }
}

function typeMessage(field: string, expected: string | undefined, present: boolean, root: boolean): string {
  if (!present && !root) return `缺少必填字段 ${field}`;
  const name = (expected && TYPE_NAMES[expected]) ?? expected ?? '正确的类型';
  return root ? `请求内容应为 JSON ${name}` : `${field} 应为${name}`;
}

/** The Chinese sentence for one issue whose schema gave no Chinese message of its own. */
function chineseMessage(issue: z.core.$ZodIssue, field: string, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(field, issue.expected, value !== undefined, issue.path.length === 0);
    case 'invalid_value':
      return `${field} 须为 ${issue.values.map((v) => String(v)).join('、')} 之一`;
    case 'invalid_format': {
      const hint = FORMAT_HINTS[issue.format];
      return hint ? `字段 ${field} 格式有误：${hint}` : `字段 ${field} 格式有误`;
    }
    case 'too_small':
      return sizeMessage(field, issue, true);
    case 'too_big':
      return sizeMessage(field, issue, false);
    case 'not_multiple_of':
      return `${field} 须为 ${String(issue.divisor)} 的倍数`;
    case 'invalid_union':
      return `字段 ${field} 的值不符合任何一种允许的格式`;
    case 'invalid_key':
      return `字段 ${field} 中有不合规的键`;
    case 'invalid_element':
      return `字段 ${field} 中有不合规的元素`;
    default:
      return `字段 ${field} 有误`;
  }
}

/**
 * The details of a 422 `validation_failed`: one per issue, and one per unknown field (named in its
 * path and its message). `body` is the parsed request, to tell a missing field from a wrong one.
 *
 * @example
 * validationDetails(schema.safeParse(body).error.issues, body)
 * // [{ path: 'foo', message: '未知字段 "foo"' }, { path: 'phone', message: '缺少必填字段 phone' }]
 */
export function validationDetails(issues: readonly z.core.$ZodIssue[], body: unknown): ValidationDetail[] {
  return issues.flatMap((issue): ValidationDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: join([...issue.path, key]), message: `未知字段 "${key}"` }));
    }
    const path = join(issue.path);
    if (CHINESE.test(issue.message)) return [{ path, message: issue.message }];
    const field = path === '' ? '请求内容' : path;
    const message = chineseMessage(issue, field, valueAt(body, issue.path));
    // A refinement's own English sentence is the most precise thing known: kept after the Chinese.
    const own = issue.code === 'custom' && issue.message !== 'Invalid input' ? `（${issue.message}）` : '';
    return [{ path, message: `${message}${own}` }];
  });
}
