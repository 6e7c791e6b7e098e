import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { directoryStore, metricsReader } from '../../shared/adapters/stores.js';
import { shanghaiDate } from '../../shared/domain/index.js';
import { buildDisclosure } from '../../shared/domain/metrics/disclosure.js';
import { daysOfMonths } from '../../shared/domain/metrics/periods.js';
import { buildReport, type MetricsReport } from '../../shared/domain/metrics/report.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { metricsCsv } from './csv.js';
import { matchesIfNoneMatch, strongEtag } from './etag.js';
import { nameResolver } from './names.js';
import { type MetricsQuery, parseMetricsQuery, parsePublicQuery } from './query.js';

// The metrics API (DESIGN §7, §9): the analysts' report and its CSV export, and the public
// disclosure (政务公开). All three read the aggregates the stream projection keeps; one function,
// since all three need exactly the same rights (Query on the metrics table, the directory).

export const ROUTES = {
  metrics: 'GET /v1/metrics',
  exportCsv: 'GET /v1/metrics/export.csv',
  disclosure: 'GET /v1/public/metrics',
} as const;

/** The published figures change at most as often as the projection runs; an hour is fresh enough. */
const PUBLIC_CACHE = 'public, max-age=3600';
/** Staff data behind a token: not for shared caches. */
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The public route is open to anyone and one request may read 24 months of every department: a
 * warm instance answers a range it published in the last five minutes from memory.
 */
const PUBLISHED_TTL_MS = 5 * 60_000;
const PUBLISHED_MAX_RANGES = 32;
const published = new Map<string, { body: string; etag: string; at: number }>();

/** Tests publish different figures for the same range one after another. */
export function forgetPublished(): void {
  published.clear();
}

/** Reads what the query needs: one Query per dimension partition, run side by side. */
async function loadReport(query: MetricsQuery): Promise<MetricsReport> {
  const directory = directoryStore();
  const metrics = metricsReader();
  const { from, to, groupBy, department } = query;
  const dir = await directory.load();
  if (department !== null && !dir.departments.has(department)) {
    throw new BadRequestError('unknown_department', '单位不存在，请使用单位目录中的单位编号');
  }
  const totalRead =
    department === null ? metrics.range('all', from, to) : metrics.range('department', from, to, department);
  // Lines are the hotline's, never a department's: their rows are the same with or without a filter.
  const groupRead =
    groupBy === 'line'
      ? metrics.range('line', from, to)
      : groupBy === 'day' || groupBy === 'month' || department !== null
        ? totalRead
        : metrics.range(groupBy, from, to);
  const [totalItems, groupItems, callItems] = await Promise.all([
    totalRead,
    groupRead,
    metrics.range('call', from, to),
  ]);
  return buildReport({
    from,
    to,
    groupBy,
    department,
    totalItems,
    groupItems,
    callItems,
    nameOf: nameResolver(groupBy, dir),
    ...(groupBy === 'line' ? { lines: [...dir.lines.values()] } : {}),
  });
}

async function getMetrics(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const report = await loadReport(parseMetricsQuery(event.queryStringParameters));
  return json(200, report, NO_STORE);
}

async function exportCsv(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const report = await loadReport(parseMetricsQuery(event.queryStringParameters));
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="metrics-${report.from}-${report.to}.csv"`,
      ...NO_STORE,
    },
    body: metricsCsv(report),
  };
}

/** The disclosure of a range of months, as the body sent and its ETag. */
async function publishedFigures(from: string, to: string): Promise<{ body: string; etag: string }> {
  const key = `${from}/${to}`;
  const now = Date.now();
  const cached = published.get(key);
  if (cached && now - cached.at < PUBLISHED_TTL_MS) return cached;
  const days = daysOfMonths(from, to);
  const directory = directoryStore();
  const metrics = metricsReader();
  const [dir, allItems, departmentItems, callItems, lineItems] = await Promise.all([
    directory.load(),
    metrics.range('all', days.from, days.to),
    metrics.range('department', days.from, days.to),
    metrics.range('call', days.from, days.to),
    metrics.range('line', days.from, days.to),
  ]);
  const body = JSON.stringify(
    buildDisclosure({
      from,
      to,
      allItems,
      departmentItems,
      callItems,
      lineItems,
      departmentName: (id) => dir.departments.get(id)?.name,
      line: (code) => dir.lines.get(code),
    }),
  );
  const figures = { body, etag: strongEtag(body), at: now };
  published.delete(key);
  published.set(key, figures);
  // The oldest entry goes first: a Map iterates in insertion order.
  if (published.size > PUBLISHED_MAX_RANGES) published.delete(published.keys().next().value as string);
  return figures;
}

async function getDisclosure(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { from, to } = parsePublicQuery(event.queryStringParameters, shanghaiDate(new Date()));
  const { body, etag } = await publishedFigures(from, to);
  const headers = { 'cache-control': PUBLIC_CACHE, etag };
  // A match saves the transfer (the ETag is the hash of the body the caller already has).
  if (matchesIfNoneMatch(event.headers?.['if-none-match'], etag)) return { statusCode: 304, headers };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  };
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // Analysts only: other staff see cases, not the centre's performance figures. The disclosure is public.
  .use(
    when(
      [ROUTES.metrics, ROUTES.exportCsv],
      staffGuard({ roles: ['analyst'], forbiddenMessage: '仅数据分析人员可查看统计指标' }),
    ),
  )
  .handler(
    routeTable({
      [ROUTES.metrics]: getMetrics,
      [ROUTES.exportCsv]: exportCsv,
      [ROUTES.disclosure]: getDisclosure,
    }),
  );
