import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { DynamoDirectoryStore } from '../shared/adapters/directory-store.js';
import { checkRule } from '../shared/domain/directory-admin.js';
import {
  buildDirectory,
  CalendarYearSchema,
  CategorySchema,
  DepartmentSchema,
  type DirectoryData,
  DistrictSchema,
  HotlineLineSchema,
  RoutingRuleSchema,
} from '../shared/domain/index.js';

// The dispatch catalogue (派单目录) as `npm run seed` and `npm run setup -- catalogue` write it: the
// demo city's seed, or a city's own file in the same shape, checked before anything is written.

/** A catalogue file: the seed's shape (`DirectoryData`), each entry checked by the admin API's schemas. */
const CatalogueFileSchema = z.object({
  departments: z.array(DepartmentSchema),
  categories: z.array(CategorySchema),
  districts: z.array(DistrictSchema),
  rules: z.array(RoutingRuleSchema),
  lines: z.optional(z.array(HotlineLineSchema)),
  calendarYears: z.optional(z.array(CalendarYearSchema)),
});

/**
 * A catalogue file's text as the directory to write, or the reasons it is refused (in Chinese, one a
 * line, each naming where): not JSON, an entry the schemas refuse, a rule naming an unknown category,
 * district or department.
 *
 * @example
 * const parsed = parseCatalogue(readFileSync('catalogue.json', 'utf8'));
 * if (!parsed.ok) console.error(parsed.problems.join('\n'));
 */
export function parseCatalogue(
  text: string,
): { ok: true; data: DirectoryData } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['目录文件不是合法的 JSON'] };
  }
  const parsed = CatalogueFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'}：${i.message}`),
    };
  }
  const data = parsed.data as DirectoryData;
  const directory = buildDirectory(data);
  const problems = data.rules.flatMap((rule, i) => {
    const refusal = checkRule(rule, directory);
    return refusal ? [`rules.${i}：${refusal.message}`] : [];
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data };
}

/**
 * Writes `data` to the directory table (entries with the same keys are replaced; others stay) and
 * returns the summary lines the scripts print.
 */
export async function writeCatalogue(
  client: DynamoDBDocumentClient,
  tableName: string,
  data: DirectoryData,
): Promise<string[]> {
  const items = await new DynamoDirectoryStore(client, tableName).write(data);
  const { departments, categories, districts, rules } = data;
  return [
    `已写入目录表 ${tableName}：共 ${items} 项`,
    `  部门 ${departments.length} 个（其中区县部门 ${departments.filter((d) => d.district).length} 个）`,
    `  诉求分类 ${categories.length} 个`,
    `  区县 ${districts.length} 个：${districts.map((d) => d.name).join('、')}`,
    `  派单规则 ${rules.length} 条（没有规则的类别由派单员人工派单）`,
    ...(data.calendarYears?.length
      ? [`  节假日日历 ${data.calendarYears.map((y) => y.year).join('、')} 年`]
      : []),
  ];
}
