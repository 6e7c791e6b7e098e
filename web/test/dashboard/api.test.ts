import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiMessage, fetchCsv, fetchMetrics, filenameOf, MetricsApiError } from '../../dashboard/src/api.js';

const QUERY = { from: '2018-06-01', to: '2018-06-14', department: 'housing' };

describe('Module: api', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks GET /v1/metrics with the bearer token and the query', async () => {
    // Prepare
    const fetch = vi.fn(async () => new Response(JSON.stringify({ groups: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);

    // Act
    await fetchMetrics('t0k', QUERY, 'day');

    // Assess
    expect(fetch).toHaveBeenCalledWith(
      '/v1/metrics?from=2018-06-01&to=2018-06-14&groupBy=day&department=housing',
      { headers: { authorization: 'Bearer t0k', accept: 'application/json, text/csv' } },
    );
  });

  it('turns a refusal into a Chinese message with its status and code', async () => {
    // Prepare
    const body = JSON.stringify({ error: { code: 'forbidden', message: 'analyst role required' } });
    vi.stubGlobal('fetch', async () => new Response(body, { status: 403 }));

    // Act
    const error = await fetchMetrics('t0k', QUERY, 'day').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(MetricsApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: '当前账号没有数据分析权限（需要分析员角色）',
    });
  });

  it('says a network failure in Chinese', async () => {
    // Prepare
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });

    // Act
    const error = await fetchMetrics('t0k', QUERY, 'day').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ status: 0, code: 'network', message: '网络连接失败，请检查网络后重试' });
  });

  it('words an unknown 4xx in Chinese, keeping the API words when they are Chinese', () => {
    // Act & Assess
    expect(apiMessage(400, { error: { code: 'invalid_query', message: '结束日期无效' } })).toBe(
      '查询条件有误：结束日期无效',
    );
    expect(apiMessage(400, { error: { code: 'invalid_query', message: 'bad to' } })).toBe(
      '查询条件有误（invalid_query）：bad to',
    );
    expect(apiMessage(502, null)).toBe('服务暂时不可用，请稍后重试');
  });

  it('names the CSV as the API does, else by the page fallback', async () => {
    // Prepare
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response('\ufeffa,b\n', {
          status: 200,
          headers: { 'content-disposition': "attachment; filename*=UTF-8''%E6%8C%87%E6%A0%87.csv" },
        }),
    );

    // Act
    const file = await fetchCsv('t0k', QUERY, 'department', 'fallback.csv');

    // Assess
    expect(file.name).toBe('指标.csv');
    expect(filenameOf('attachment; filename="metrics-2018-06-01-2018-06-14.csv"', 'x')).toBe(
      'metrics-2018-06-01-2018-06-14.csv',
    );
    expect(filenameOf(null, 'x.csv')).toBe('x.csv');
  });
});
