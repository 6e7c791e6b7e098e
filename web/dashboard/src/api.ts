// The page's only server: GET /v1/metrics and GET /v1/metrics/export.csv on its own origin, with the
// analyst's token. Refusals become Chinese sentences here, once, for every caller.
import { queryString } from './query.js';
import type { DashboardQuery, GroupBy, MetricsReport } from './types.js';

/** The API's error codes an analyst may meet, in words an analyst understands. */
const CODE_MESSAGES: Readonly<Record<string, string>> = {
  unauthorized: '登录已失效或令牌无效，请重新输入分析员令牌',
  forbidden: '当前账号没有数据分析权限（需要分析员角色）',
  rate_limited: '请求过于频繁，请稍后再试',
  service_unavailable: '服务暂时不可用，请稍后重试',
  internal_error: '服务内部错误，请稍后重试',
  route_not_found: '指标接口尚未部署（找不到 /v1/metrics）',
};

/** A refused or failed call: `message` is for the analyst, `status` 0 when the network failed. */
export class MetricsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MetricsApiError';
  }
}

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/**
 * The Chinese message for a refusal, from its code, else its status.
 *
 * @example
 * apiMessage(403, { error: { code: 'forbidden' } }) // '当前账号没有数据分析权限（需要分析员角色）'
 */
export function apiMessage(status: number, body: ErrorBody | null): string {
  const error = body?.error ?? {};
  const code = typeof error.code === 'string' ? error.code : '';
  const known = CODE_MESSAGES[code];
  if (known) return known;
  if (status === 401) return CODE_MESSAGES.unauthorized as string;
  if (status === 403) return CODE_MESSAGES.forbidden as string;
  if (status === 429) return CODE_MESSAGES.rate_limited as string;
  if (status >= 500) return CODE_MESSAGES.service_unavailable as string;
  // The API words its 4xx for the caller; when it is not Chinese, say so in Chinese and keep its code.
  const text = typeof error.message === 'string' ? error.message : '';
  if (/[\u4e00-\u9fff]/.test(text)) return `查询条件有误：${text}`;
  return `查询条件有误（${code || status}）${text ? `：${text}` : ''}`;
}

async function call(token: string, path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/csv' },
    });
  } catch (cause) {
    throw new MetricsApiError('网络连接失败，请检查网络后重试', 0, 'network', { cause });
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : '';
  throw new MetricsApiError(apiMessage(res.status, body), res.status, code);
}

/** GET /v1/metrics for a query, grouped by `groupBy`. */
export async function fetchMetrics(
  token: string,
  q: DashboardQuery,
  groupBy: GroupBy,
): Promise<MetricsReport> {
  const res = await call(token, `/v1/metrics?${queryString(q, groupBy)}`);
  return (await res.json()) as MetricsReport;
}

/** The export as the API names it (its Content-Disposition), with the page's own name as a fallback. */
export interface CsvFile {
  readonly name: string;
  readonly blob: Blob;
}

/**
 * The file name of a Content-Disposition header: RFC 5987's `filename*=UTF-8''…` first, then the
 * plain `filename=`, else `fallback`.
 *
 * @example
 * filenameOf('attachment; filename="metrics-2018-06-01-2018-06-14.csv"', 'x.csv') // 'metrics-2018-06-01-2018-06-14.csv'
 */
export function filenameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed escape: the plain name or the fallback below.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain?.[1] ?? fallback;
}

/** GET /v1/metrics/export.csv: the API's CSV (UTF-8 with BOM) as a file to save. */
export async function fetchCsv(
  token: string,
  q: DashboardQuery,
  groupBy: GroupBy,
  fallbackName: string,
): Promise<CsvFile> {
  const res = await call(token, `/v1/metrics/export.csv?${queryString(q, groupBy)}`);
  return { name: filenameOf(res.headers.get('content-disposition'), fallbackName), blob: await res.blob() };
}
