import { createHash } from 'node:crypto';
import { COUNTER_TEXT, RATE_TEXT } from '../../shared/domain/labels.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** Where the page loads ECharts from: this function's own second route (no CDN). */
export const ECHARTS_PATH = '/dashboard/echarts.min.js';

/** A CSP source for an inline block: the page runs only the script and style it was built with. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const SCRIPT_HASH = hashSource(PAGE_SCRIPT);
export const STYLE_HASH = hashSource(PAGE_STYLE);

/**
 * The page's security headers. Scripts: the hashed inline one and ECharts from this origin (pinned
 * by Subresource Integrity in the page). Connections to this origin only (the metrics API). ECharts
 * styles its own elements through the CSSOM, which style-src does not govern, and the page draws
 * every tooltip on the canvas (its HTML tooltip would carry inline style attributes): no unsafe-inline,
 * no unsafe-hashes, and no inline style attribute anywhere.
 */
export function dashboardHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'self' ${SCRIPT_HASH}`,
      `style-src ${STYLE_HASH}`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    // The query holds only dates and a department id, yet nothing about an analyst's view leaves.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'strict-transport-security': 'max-age=31536000',
    // The page holds no data (that comes from the API with the analyst's token): a short public cache.
    'cache-control': 'public, max-age=60',
  };
}

/** The analyst dashboard (GET /dashboard), all text Chinese; `echarts` pins the library's version. */
export function dashboardHtml(echarts: { version: string; integrity: string }): string {
  // The glossary's names (plain Chinese, nothing to escape), as the script and the CSV say them.
  const { answerRate, onTimeRate, satisfactionRate, misrouteRate, noticeDeliveryRate, followUpContactRate } =
    RATE_TEXT;
  const appeals = COUNTER_TEXT.appeals;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>12345 热线数据分析 · ${answerRate} ${onTimeRate} ${satisfactionRate}</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<div class="bar">
<div><h1>12345 热线数据分析</h1><p>${answerRate} · ${onTimeRate} · ${satisfactionRate}，每项均列出分子和分母</p></div>
<div id="session" hidden>当前用户：<span id="who"></span><button id="signout" type="button" class="secondary">退出</button></div>
</div>
</header>
<main>
<section id="signin" aria-labelledby="signin-title" hidden>
<h2 id="signin-title">分析员登录</h2>
<div id="signin-error" class="alert" role="alert" hidden></div>
<form id="signin-form" autocomplete="off">
<label for="token">访问令牌（JWT）</label>
<textarea id="token" name="token" spellcheck="false" placeholder="粘贴分析员的访问令牌" aria-describedby="token-hint"></textarea>
<p id="token-hint" class="hint">令牌只保存在本浏览器标签页（会话存储）中，关闭标签页即失效。本地环境可用 <code>npm run -s token -- --role analyst</code> 获取。</p>
<p><button type="submit">登录</button></p>
</form>
</section>
<div id="board" hidden aria-live="polite">
<section aria-labelledby="filters-title">
<h2 id="filters-title">查询条件 <span id="range-label" class="hint"></span></h2>
<form id="filters" novalidate>
<div><label for="from">开始日期</label><input id="from" name="from" type="date" required></div>
<div><label for="to">结束日期</label><input id="to" name="to" type="date" required></div>
<div><label for="department">承办部门</label><select id="department" name="department"><option value="">全部部门</option></select></div>
<div><button id="apply" type="submit">查询</button></div>
<div class="actions">
<div><label for="export-group">导出维度</label><select id="export-group" name="export-group">
<option value="department">按部门</option><option value="day">按日</option><option value="month">按月</option><option value="channel">按渠道</option><option value="category">按类别</option>
</select></div>
<div><button id="export" type="button" class="secondary">导出 CSV</button></div>
</div>
</form>
</section>
<div id="message" class="alert" role="alert" hidden></div>
<div id="content" hidden>
<div id="headline" class="cards" aria-label="核心指标"></div>
<section aria-labelledby="trend-title">
<h2 id="trend-title">趋势</h2>
<div id="trend-chart" class="chart" role="img" aria-label="${appeals}与三项核心指标的趋势图"></div>
</section>
<section aria-labelledby="league-title">
<h2 id="league-title">部门排名（${onTimeRate}、${satisfactionRate}）</h2>
<p class="hint">全部部门参与排名，所选部门高亮显示；逾期件数 = 期限届满件数 − 按时办结件数。</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">排名</th><th scope="col" class="name">承办部门</th><th scope="col">${appeals}</th><th scope="col">${onTimeRate}<small>按时 / 到期</small></th><th scope="col">${satisfactionRate}<small>满意 / 评价</small></th><th scope="col">逾期件数</th><th scope="col">${misrouteRate}<small>退单 / 派单</small></th></tr></thead>
<tbody id="league"></tbody>
</table></div>
<p id="league-empty" class="empty" hidden>所选日期范围内没有部门数据。</p>
</section>
<div class="grid">
<section aria-labelledby="channel-title"><h2 id="channel-title">渠道构成（${appeals}）</h2><div id="channel-chart" class="chart" role="img" aria-label="各受理渠道的诉求量占比"></div></section>
<section aria-labelledby="category-title"><h2 id="category-title">诉求类别 Top 10</h2><div id="category-chart" class="chart" role="img" aria-label="${appeals}最多的十个诉求类别"></div></section>
</div>
<section aria-labelledby="overdue-title">
<h2 id="overdue-title">各部门逾期件数</h2>
<p id="overdue-empty" class="empty" hidden>所选日期范围内没有逾期办结的工单。</p>
<div id="overdue-chart" class="chart" role="img" aria-label="各部门逾期办结的工单数"></div>
</section>
<section aria-labelledby="reach-title">
<h2 id="reach-title">通知与回访</h2>
<p class="hint">${noticeDeliveryRate}按通知生成当天统计；${followUpContactRate}按办结当天统计（评价或电话回访接通）；${satisfactionRate}按评价方式分列，未记录方式的早期评价，坐席录入的计为电话回访，其余计为网页评价。</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">指标</th><th scope="col">数值</th><th scope="col">分子 / 分母</th></tr></thead>
<tbody id="reach-rates"></tbody>
</table></div>
<div id="reach-chart" class="chart" role="img" aria-label="按评价方式的${satisfactionRate}（网页、微信、电话回访与全部方式），各附分子 / 分母"></div>
</section>
<section aria-labelledby="other-title">
<h2 id="other-title">其他指标</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">指标</th><th scope="col">数值</th><th scope="col">分子 / 分母</th></tr></thead>
<tbody id="other-rates"></tbody>
</table></div>
</section>
</div>
</div>
</main>
<footer>数据来自工单库的统计汇总（按北京时间计日）。口径：${answerRate} = 人工接通 / 进入队列；${onTimeRate} = 按时办结 / 期限届满且已办结或逾期；${satisfactionRate} = （满意 + 基本满意）/ 回访评价。分母为 0 的指标显示“—”，并注明原因。</footer>
<script src="${ECHARTS_PATH}?v=${echarts.version}" integrity="${echarts.integrity}"></script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
