// One query, five answers, one render: the trend for the analyst's filters, and the league, the
// channels, the categories and the hotline lines for the whole city in the same range.
import { COUNTER_TEXT } from '../../../shared/domain/labels.js';
import { fetchMetrics, MetricsApiError } from './api.js';
import { renderCategories } from './charts/category-chart.js';
import { renderChannels } from './charts/channel-chart.js';
import { renderOverdue } from './charts/overdue-chart.js';
import { renderReachChart } from './charts/reach-chart.js';
import { renderTrend } from './charts/trend-chart.js';
import { byId } from './dom.js';
import { fillDepartments, keepInAddress, readQuery, showRange } from './filters.js';
import { renderHeadline } from './headline.js';
import { renderLeague } from './league-table.js';
import { renderLines } from './line-table.js';
import { checkQuery, queryString, trendGroupOf } from './query.js';
import { renderCallbackRates, renderOtherRates, renderReachRates } from './rate-tables.js';
import { currentToken, signOut } from './session.js';
import { isBusy, setBusy, showMessage } from './status.js';
import type { DashboardQuery, MetricsReport } from './types.js';

interface Answers {
  readonly trend: MetricsReport;
  readonly departments: MetricsReport;
  readonly channels: MetricsReport;
  readonly categories: MetricsReport;
  readonly lines: MetricsReport;
}

function render(q: DashboardQuery, trendBy: 'day' | 'month', a: Answers): void {
  const targets = a.trend.targets ?? {};
  showRange(q, a.departments.groups);
  fillDepartments(a.departments.groups, q.department);
  renderHeadline(a.trend.total, targets);
  renderOtherRates(a.trend.total);
  renderReachRates(a.trend.total);
  renderReachChart('reach-chart', a.trend.total);
  byId('trend-title').textContent = `${trendBy === 'month' ? '按月' : '按日'}趋势`;
  renderTrend('trend-chart', a.trend.groups);
  renderLeague(a.departments.groups, targets, q.department);
  renderLines(a.lines.groups);
  // Calls belong to no department: the callback rates are the city's whatever the filter.
  renderCallbackRates(a.lines.total);
  const cityWide = q.department ? '（全市，不分部门）' : '';
  byId('channel-title').textContent = `渠道构成（${COUNTER_TEXT.appeals}）${cityWide}`;
  byId('category-title').textContent = `诉求类别 Top 10${cityWide}`;
  renderChannels('channel-chart', a.channels.groups);
  renderCategories('category-chart', a.categories.groups);
  renderOverdue('overdue-chart', 'overdue-empty', a.departments.groups, q.department);
}

/** Reads the filters, asks the API and draws; refuses a bad range in Chinese without asking. */
export async function load(): Promise<void> {
  const token = currentToken();
  if (isBusy() || !token) return;
  const q = readQuery();
  const problem = checkQuery(q);
  if (problem) {
    showMessage(problem);
    return;
  }
  showMessage('');
  keepInAddress(q);
  setBusy(true);
  const board = byId('board');
  const content = byId('content');
  board.setAttribute('data-state', 'loading');
  // The league always compares every department; channel and category are never counted per
  // department (the API refuses that cross), so they stay city-wide.
  const trendBy = trendGroupOf(q);
  const all: DashboardQuery = { from: q.from, to: q.to, department: '' };
  try {
    const [trend, departments, channels, categories, lines] = await Promise.all([
      fetchMetrics(token, q, trendBy),
      fetchMetrics(token, all, 'department'),
      fetchMetrics(token, all, 'channel'),
      fetchMetrics(token, all, 'category'),
      fetchMetrics(token, all, 'line'),
    ]);
    // Shown before drawing: a chart measures its box when it is drawn.
    content.hidden = false;
    render(q, trendBy, { trend, departments, channels, categories, lines });
    board.setAttribute('data-query', queryString(q, trendBy));
    board.setAttribute('data-state', 'ready');
  } catch (error) {
    board.setAttribute('data-state', 'error');
    // Figures of another query must not stand beside the new filters.
    content.hidden = true;
    if (error instanceof MetricsApiError && error.status === 401) signOut(error.message);
    else showMessage(error instanceof MetricsApiError ? error.message : '加载失败，请稍后重试');
  } finally {
    setBusy(false);
  }
}
