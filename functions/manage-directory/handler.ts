import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { DirectoryEntry } from '../../shared/adapters/directory-store.js';
import { caseStore, directoryStore } from '../../shared/adapters/stores.js';
import {
  buildDirectory,
  buildWorkingCalendar,
  type CalendarYear,
  type Category,
  checkDepartment,
  checkId,
  checkLine,
  checkRule,
  type Department,
  type DirectoryRefusal,
  type District,
  type HotlineLine,
  HotlineLineSchema,
  RoutingRuleSchema,
  RuleIdSchema,
} from '../../shared/domain/index.js';
import { BadRequestError, NotFoundError, UnprocessableEntityError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import {
  CalendarBodySchema,
  CategoryBodySchema,
  DepartmentBodySchema,
  DistrictBodySchema,
  LineBodySchema,
  type RuleBody,
  RuleBodySchema,
} from './bodies.js';
import { casesReaching, type RecomputeCounts, recomputeDeadlines, sumCounts } from './recompute-deadlines.js';

// The dispatch catalogue's admin API (派单目录): the centre's supervisors read and edit departments,
// categories, districts, routing rules, hotline lines (热线线路) and the holiday calendar. Other functions see an edit when
// their cached copy expires (DynamoDirectoryStore, 60 s by default).

export const ROUTES = {
  list: 'GET /v1/admin/directory',
  department: 'PUT /v1/admin/directory/departments/{id}',
  category: 'PUT /v1/admin/directory/categories/{code}',
  district: 'PUT /v1/admin/directory/districts/{code}',
  rule: 'PUT /v1/admin/directory/rules/{ruleId}',
  deleteRule: 'DELETE /v1/admin/directory/rules/{ruleId}',
  line: 'PUT /v1/admin/directory/lines/{code}',
  deleteLine: 'DELETE /v1/admin/directory/lines/{code}',
  calendar: 'PUT /v1/admin/calendar/{year}',
  getCalendar: 'GET /v1/admin/calendar/{year}',
} as const;

const BODY_SCHEMAS: Readonly<Record<string, z.ZodMiniType>> = {
  [ROUTES.department]: DepartmentBodySchema,
  [ROUTES.category]: CategoryBodySchema,
  [ROUTES.district]: DistrictBodySchema,
  [ROUTES.rule]: RuleBodySchema,
  [ROUTES.line]: LineBodySchema,
  [ROUTES.calendar]: CalendarBodySchema,
};

/** Catalogue data: never kept by a shared cache, so an editor sees the last write. */
const NO_STORE = { 'cache-control': 'no-store' };

type AdminEvent = APIGatewayProxyEventV2 & WithJsonBody<unknown> & WithStaff;

function actorOf(event: AdminEvent): string {
  return `${event.staff.role}:${event.staff.sub}`;
}

/** The URL names the entry; a body naming another one is a mistake, not a rename. */
function sameId(urlId: string | undefined, bodyId: string | number, field: string): void {
  if (urlId !== String(bodyId)) {
    throw new UnprocessableEntityError('id_mismatch', `请求体中的 ${field}（${bodyId}）与路径中的不一致`);
  }
}

function refused(refusal: DirectoryRefusal | undefined): void {
  if (refusal) throw new UnprocessableEntityError(refusal.code, refusal.message);
}

async function list(): Promise<APIGatewayProxyStructuredResultV2> {
  return json(200, await directoryStore().list(), NO_STORE);
}

async function currentDirectory() {
  // Fresh, not the cache: a rule is checked against what is stored now, including a department
  // or category added a moment ago.
  const listing = await directoryStore().list();
  return buildDirectory(listing);
}

async function write(event: AdminEvent, entry: DirectoryEntry, id: string) {
  const outcome = await directoryStore().put(entry);
  logger.info('directory changed', { actor: actorOf(event), kind: entry.kind, id, outcome });
  return json(
    outcome === 'created' ? 201 : 200,
    { ...entry.value, ...(entry.kind === 'rules' ? { ruleId: id } : {}) },
    NO_STORE,
  );
}

async function putDepartment(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const department = event.parsedBody as Department;
  sameId(event.pathParameters?.id, department.id, 'id');
  refused(checkDepartment(department, await currentDirectory()));
  return write(event, { kind: 'departments', value: department }, department.id);
}

async function putCategory(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const category = event.parsedBody as Category;
  sameId(event.pathParameters?.code, category.code, 'code');
  refused(checkId(category.code));
  return write(event, { kind: 'categories', value: category }, category.code);
}

async function putDistrict(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const district = event.parsedBody as District;
  sameId(event.pathParameters?.code, district.code, 'code');
  refused(checkId(district.code));
  return write(event, { kind: 'districts', value: district }, district.code);
}

async function putRule(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const { ruleId, ...body } = event.parsedBody as RuleBody;
  sameId(event.pathParameters?.ruleId, ruleId, 'ruleId');
  const rule = RoutingRuleSchema.parse(body);
  refused(checkRule(rule, await currentDirectory()));
  return write(event, { kind: 'rules', ruleId, value: rule }, ruleId);
}

async function deleteRule(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const ruleId = event.pathParameters?.ruleId ?? '';
  // An id no rule can have is not looked up (nor passed to DynamoDB as an oversized key).
  const known = RuleIdSchema.safeParse(ruleId).success && (await directoryStore().deleteRule(ruleId));
  if (!known) throw new NotFoundError('rule_not_found', `没有编号为 ${ruleId} 的派单规则`);
  logger.info('directory changed', { actor: actorOf(event), kind: 'rules', id: ruleId, outcome: 'deleted' });
  return { statusCode: 204, headers: NO_STORE };
}

async function putLine(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const line = event.parsedBody as HotlineLine;
  sameId(event.pathParameters?.code, line.code, 'code');
  refused(checkLine(line, await currentDirectory()));
  return write(event, { kind: 'lines', value: line }, line.code);
}

async function deleteLine(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const code = event.pathParameters?.code ?? '';
  // A code no line can have is not looked up. The line's counted calls stay in the metrics.
  const known =
    HotlineLineSchema.shape.code.safeParse(code).success && (await directoryStore().deleteLine(code));
  if (!known) throw new NotFoundError('line_not_found', `没有代码为 ${code} 的热线线路`);
  logger.info('directory changed', { actor: actorOf(event), kind: 'lines', id: code, outcome: 'deleted' });
  return { statusCode: 204, headers: NO_STORE };
}

/**
 * Puts a year of the holiday calendar, then counts again the deadlines of the open cases that reach
 * into it (重算期限, recompute-deadlines.ts): they were counted without this data (weekends only) or
 * with the year's earlier data. The calendars and the cases are read before anything is written, so
 * bad data or a failed read leaves the calendar as it was and the PUT can be retried. The cases a
 * PUT could not recompute are kept (with the record they were counted with) and retried by the next
 * PUT of the year. The answer is the year with `recomputed`: examined, changed, unchanged, failed.
 */
async function putCalendar(
  event: AdminEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const year = event.parsedBody as CalendarYear;
  sameId(event.pathParameters?.year, year.year, 'year');
  const directory = directoryStore();
  const records = await directory.calendarYearRecords();
  const others = records.filter((r) => r.year !== year.year);
  const stored = (records.find((r) => r.year === year.year) as CalendarYear | undefined) ?? null;
  const calendarWith = (record: CalendarYear | null) =>
    buildWorkingCalendar(record ? [...others, record] : others);
  const after = calendarWith(year);
  const pending = await directory.pendingRecompute(year.year);
  const cases = caseStore();
  const found = await casesReaching({ cases }, year.year);
  const outcome = await directory.put({ kind: 'calendar', value: year });
  logger.info('directory changed', {
    actor: actorOf(event),
    kind: 'calendar',
    id: String(year.year),
    outcome,
  });

  // A case an earlier PUT left is still counted with the record that PUT replaced; every other one
  // with the record stored until now (none: the year was missing).
  const left = new Set(pending.flatMap((g) => g.caseIds));
  const groups = [{ previous: stored, caseIds: found.filter((id) => !left.has(id)) }, ...pending];
  const deps = { cases, now: new Date(), remainingMs: () => context.getRemainingTimeInMillis() };
  const runs: { previous: CalendarYear | null; counts: RecomputeCounts }[] = [];
  for (const group of groups) {
    const counts = await recomputeDeadlines(
      deps,
      group.caseIds,
      year.year,
      calendarWith(group.previous),
      after,
    );
    runs.push({ previous: group.previous, counts });
  }
  await directory.setPendingRecompute(
    year.year,
    runs.map((r) => ({ previous: r.previous, caseIds: r.counts.failedCaseIds })),
  );
  const recomputed = sumCounts(runs.map((r) => r.counts));
  logger.info('deadlines recomputed for the calendar year', { year: year.year, ...recomputed });
  return json(outcome === 'created' ? 201 : 200, { ...year, recomputed }, NO_STORE);
}

/** A year of the calendar as stored, for the admin screen to edit; 404 when no record exists. */
async function getCalendar(event: AdminEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const raw = event.pathParameters?.year ?? '';
  if (!/^\d{4}$/.test(raw)) throw new BadRequestError('invalid_year', '年份须为四位数字，如 2027');
  const year = await directoryStore().getCalendarYear(Number(raw));
  if (!year) throw new NotFoundError('calendar_not_found', `没有 ${raw} 年的节假日安排`);
  return json(200, year, NO_STORE);
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // Supervisors only (the centre's own staff keep the catalogue), checked before the body is read,
  // so another role learns nothing from validation answers.
  .use(
    staffGuard({
      roles: ['admin', 'supervisor'],
      forbiddenMessage: '只有系统管理员或督办人员可以维护派单目录',
    }),
  )
  // The body of the route's schema; GET and DELETE have none.
  .use(Object.entries(BODY_SCHEMAS).map(([routeKey, schema]) => when(routeKey, jsonBody({ schema }))))
  .handler(
    routeTable<AdminEvent>({
      [ROUTES.list]: list,
      [ROUTES.department]: putDepartment,
      [ROUTES.category]: putCategory,
      [ROUTES.district]: putDistrict,
      [ROUTES.rule]: putRule,
      [ROUTES.deleteRule]: deleteRule,
      [ROUTES.line]: putLine,
      [ROUTES.deleteLine]: deleteLine,
      [ROUTES.calendar]: putCalendar,
      [ROUTES.getCalendar]: getCalendar,
    }),
  );
