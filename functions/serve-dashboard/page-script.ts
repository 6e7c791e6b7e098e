import { COUNTER_TEXT, RATE_EMPTY_TEXT, RATE_TEXT } from '../../shared/domain/labels.js';
import { REACH_RATES } from '../../shared/domain/metrics/rates.js';

/**
 * The dashboard's only inline script: plain ES2017, no framework. It signs the analyst in with a
 * pasted JWT (kept in sessionStorage, or taken once from `#token=` in the fragment, which never
 * reaches a server), reads GET /v1/metrics with it and draws the figures with ECharts. The numbers
 * shown are the API's, formatted only: no rate is recomputed here.
 * It holds no backtick and no `${`, so it can live in this raw template. Its names of rates and
 * counters are the glossary's, written in as JSON (`LABELS`) before the page's CSP hash is taken.
 */
const SCRIPT = String.raw`(function () {
  'use strict';
  var LABELS = __LABELS__;
  var TOKEN_KEY = 'hotline12345.analyst-token';
  var MAX_DAYS = 366;
  var HEADLINE = [
    { key: 'answerRate', hint: '人工接通 / 进入队列的来电' },
    { key: 'onTimeRate', hint: '按时办结 / 期限届满且已办结或逾期' },
    { key: 'satisfactionRate', hint: '满意 + 基本满意 / 回访评价' }
  ];
  var OTHER = [
    { key: 'answeredIn15sRate' },
    { key: 'abandonRate' },
    { key: 'directResolutionRate' },
    { key: 'feedbackResponseRate' },
    { key: 'misrouteRate' },
    { key: 'repeatRate' },
    { key: 'avgHandlingHours', hours: true }
  ];
  var REACH = __REACH__;
  var BY_VIA = ['satisfactionRateWeb', 'satisfactionRateWechat', 'satisfactionRatePhone'];
  var VIA_NAMES = { satisfactionRateWeb: '网页', satisfactionRateWechat: '微信', satisfactionRatePhone: '电话回访' };
  var GROUP_NAMES = { department: '按部门', day: '按日', month: '按月', channel: '按渠道', category: '按类别' };
  var CODE_MESSAGES = {
    unauthorized: '登录已失效或令牌无效，请重新输入分析员令牌',
    forbidden: '当前账号没有数据分析权限（需要分析员角色）',
    rate_limited: '请求过于频繁，请稍后再试',
    service_unavailable: '服务暂时不可用，请稍后重试',
    internal_error: '服务内部错误，请稍后重试',
    route_not_found: '指标接口尚未部署（找不到 /v1/metrics）'
  };
  var $ = function (id) { return document.getElementById(id); };
  var charts = {};
  var token = null;
  var busy = false;

  // ---- formatting: the API's numbers, shown the same way everywhere (the browser test relies on it)
  function num(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '—';
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }
  function pct(v) { return typeof v === 'number' ? (v * 100).toFixed(2) + '%' : '—'; }
  function rateText(rate, hours) {
    if (!rate || rate.value === null || rate.value === undefined) return '—';
    return hours ? rate.value.toFixed(1) + ' 小时' : pct(rate.value);
  }
  function ratioText(rate) { return rate ? num(rate.numerator) + ' / ' + num(rate.denominator) : '— / —'; }
  /** Why a rate is "—": nothing in the range to divide by (no calls, no deadline, no rating…). */
  function emptyReason(key, rate) { return rate && rate.denominator === 0 ? LABELS.rateEmpty[key] || '' : ''; }
  function metOf(rate, target) {
    if (!rate || rate.value === null || rate.value === undefined) return null;
    if (typeof rate.met === 'boolean') return rate.met;
    return typeof target === 'number' ? rate.value >= target : null;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function rateAttrs(key, rate) {
    return {
      'data-rate': key,
      'data-numerator': rate ? String(rate.numerator) : '',
      'data-denominator': rate ? String(rate.denominator) : '',
      'data-value': rate && rate.value !== null && rate.value !== undefined ? String(rate.value) : ''
    };
  }

  // ---- dates (Asia/Shanghai days, as the metrics are kept)
  function shanghaiToday() { return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10); }
  function addDays(day, n) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function validDay(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    return new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;
  }
  function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000) + 1; }

  // ---- the analyst's token
  function claimsOf(jwt) {
    try {
      var part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) part += '=';
      return JSON.parse(decodeURIComponent(Array.prototype.map.call(atob(part), function (c) {
        return '%' + ('0' + c.charCodeAt(0).toString(16)).slice(-2);
      }).join('')));
    } catch (e) {
      return null;
    }
  }
  function takeFragmentToken() {
    var m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (!m) return;
    try { sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1])); } catch (e) { /* private mode */ }
    // Out of the address bar and the history at once: a copied link must not carry it.
    history.replaceState(null, '', location.pathname + location.search);
  }
  function storedToken() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }
  function signOut(message) {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing kept */ }
    token = null;
    $('board').hidden = true;
    $('session').hidden = true;
    $('signin').hidden = false;
    showSigninError(message || '');
  }
  function showSigninError(message) {
    var box = $('signin-error');
    box.textContent = message;
    box.hidden = !message;
  }
  function signIn(candidate) {
    var value = (candidate || '').trim().replace(/^Bearer\s+/i, '');
    var claims = value ? claimsOf(value) : null;
    if (!claims) return showSigninError('令牌格式不正确：请粘贴完整的 JWT（三段，以“.”分隔）');
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
      return showSigninError('令牌已过期，请重新获取');
    }
    var role = claims.role || claims['custom:role'];
    try { sessionStorage.setItem(TOKEN_KEY, value); } catch (e) { /* kept in memory only */ }
    token = value;
    showSigninError('');
    $('signin').hidden = true;
    $('board').hidden = false;
    $('session').hidden = false;
    var until = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toLocaleString('zh-CN', { hour12: false }) : '未知';
    $('who').textContent = (claims.sub || '未知用户') + '（' + (role === 'analyst' ? '分析员' : '角色：' + (role || '无')) + '，有效至 ' + until + '）';
    load();
  }

  // ---- the API
  function ApiError(message, status, code) { this.message = message; this.status = status; this.code = code; }
  function apiMessage(status, body) {
    var error = body && body.error ? body.error : {};
    var code = error.code || '';
    if (CODE_MESSAGES[code]) return CODE_MESSAGES[code];
    if (status === 401) return CODE_MESSAGES.unauthorized;
    if (status === 403) return CODE_MESSAGES.forbidden;
    if (status === 429) return CODE_MESSAGES.rate_limited;
    if (status >= 500) return CODE_MESSAGES.service_unavailable;
    // The API words its 4xx for the caller; when it is not Chinese, say so in Chinese and keep its code.
    var text = typeof error.message === 'string' ? error.message : '';
    if (/[\u4e00-\u9fff]/.test(text)) return '查询条件有误：' + text;
    return '查询条件有误（' + (code || status) + '）' + (text ? '：' + text : '');
  }
  function call(path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + token, accept: 'application/json, text/csv' } })
      .then(function (r) {
        if (r.ok) return r;
        return r.json().catch(function () { return null; }).then(function (body) {
          throw new ApiError(apiMessage(r.status, body), r.status, body && body.error ? body.error.code : '');
        });
      }, function () {
        throw new ApiError('网络连接失败，请检查网络后重试', 0, 'network');
      });
  }
  function queryString(q, groupBy) {
    var p = new URLSearchParams({ from: q.from, to: q.to, groupBy: groupBy });
    if (q.department) p.set('department', q.department);
    return p.toString();
  }
  function metrics(q, groupBy) {
    return call('/v1/metrics?' + queryString(q, groupBy)).then(function (r) { return r.json(); });
  }

  // ---- the filters
  function readQuery() {
    return { from: $('from').value, to: $('to').value, department: $('department').value };
  }
  function checkQuery(q) {
    if (!validDay(q.from) || !validDay(q.to)) return '请选择有效的开始和结束日期';
    if (q.from > q.to) return '开始日期不能晚于结束日期';
    if (daysBetween(q.from, q.to) > MAX_DAYS) return '查询范围不能超过 ' + MAX_DAYS + ' 天，请缩短日期范围';
    return '';
  }
  function showMessage(text) {
    var box = $('message');
    box.textContent = text;
    box.hidden = !text;
  }
  function setBusy(on) {
    busy = on;
    $('board').setAttribute('aria-busy', on ? 'true' : 'false');
    $('apply').disabled = on;
    $('export').disabled = on;
  }
  /** Channel and category exports cannot be filtered by department: offered only without one. */
  function syncExportChoices() {
    var filtered = !!$('department').value;
    var select = $('export-group');
    Array.prototype.forEach.call(select.options, function (o) {
      o.disabled = filtered && (o.value === 'channel' || o.value === 'category');
    });
    if (select.options[select.selectedIndex].disabled) select.value = 'department';
  }
  function keepInUrl(q) {
    var p = new URLSearchParams({ from: q.from, to: q.to });
    if (q.department) p.set('department', q.department);
    history.replaceState(null, '', location.pathname + '?' + p.toString());
  }

  function load() {
    if (busy || !token) return;
    var q = readQuery();
    var problem = checkQuery(q);
    if (problem) return showMessage(problem);
    showMessage('');
    keepInUrl(q);
    setBusy(true);
    $('board').setAttribute('data-state', 'loading');
    // Long ranges read better by month. The league table always compares every department; channel
    // and category are never counted per department (the API refuses that cross), so they stay city-wide.
    var trendBy = daysBetween(q.from, q.to) > 92 ? 'month' : 'day';
    var all = { from: q.from, to: q.to, department: '' };
    Promise.all([metrics(q, trendBy), metrics(all, 'department'), metrics(all, 'channel'), metrics(all, 'category')])
      .then(function (res) {
        // Shown before drawing: a chart measures its box when it is drawn.
        $('content').hidden = false;
        render(q, trendBy, res[0], res[1], res[2], res[3]);
        $('board').setAttribute('data-query', queryString(q, trendBy));
        $('board').setAttribute('data-state', 'ready');
      })
      .catch(function (error) {
        $('board').setAttribute('data-state', 'error');
        // Figures of another query must not stand beside the new filters.
        $('content').hidden = true;
        if (error && error.status === 401) return signOut(error.message);
        showMessage(error && error.message ? error.message : '加载失败，请稍后重试');
      })
      .then(function () { setBusy(false); });
  }

  // ---- rendering
  function render(q, trendBy, trend, byDepartment, byChannel, byCategory) {
    var targets = trend.targets || {};
    $('range-label').textContent = q.from + ' 至 ' + q.to + (q.department ? ' · ' + nameOf(byDepartment, q.department) : ' · 全部部门');
    fillDepartments(byDepartment.groups, q.department);
    renderHeadline(trend.total, targets);
    renderOther(trend.total);
    renderReach(trend.total);
    renderTrend(trendBy, trend.groups);
    renderLeague(byDepartment.groups, targets, q.department);
    var cityWide = q.department ? '（全市，不分部门）' : '';
    $('channel-title').textContent = '渠道构成（' + LABELS.counters.appeals + '）' + cityWide;
    $('category-title').textContent = '诉求类别 Top 10' + cityWide;
    renderChannels(byChannel.groups);
    renderCategories(byCategory.groups);
    renderOverdue(byDepartment.groups, q.department);
  }
  function nameOf(response, key) {
    var found = (response.groups || []).filter(function (g) { return g.key === key; })[0];
    return found ? found.name : key;
  }
  function fillDepartments(groups, selected) {
    var select = $('department');
    var known = {};
    Array.prototype.forEach.call(select.options, function (o) { known[o.value] = o; });
    groups.forEach(function (g) {
      // A department named in the address before its name was known gets its name now.
      if (known[g.key]) known[g.key].textContent = g.name || g.key;
      else known[g.key] = select.appendChild(el('option', { value: g.key }, g.name || g.key));
    });
    select.value = selected;
  }
  function renderHeadline(total, targets) {
    var box = $('headline');
    box.textContent = '';
    HEADLINE.forEach(function (h) {
      var rate = total.rates[h.key];
      var target = rate && typeof rate.target === 'number' ? rate.target : targets[h.key];
      var met = metOf(rate, target);
      var card = el('article', rateAttrs(h.key, rate));
      card.className = 'card' + (met === true ? ' met' : met === false ? ' miss' : '');
      card.id = 'card-' + h.key;
      card.appendChild(el('h3', {}, LABELS.rates[h.key]));
      card.appendChild(el('p', { class: 'value' }, rateText(rate)));
      card.appendChild(el('p', { class: 'ratio', title: h.hint }, ratioText(rate)));
      var why = emptyReason(h.key, rate);
      if (why) card.appendChild(el('p', { class: 'why', 'data-why': h.key }, why));
      var line = el('p', { class: 'target' }, '目标 ≥ ' + pct(target));
      line.appendChild(el('span', { class: 'badge' }, met === true ? '达标' : met === false ? '未达标' : '无数据'));
      card.appendChild(line);
      box.appendChild(card);
    });
  }
  function renderOther(total) {
    var body = $('other-rates');
    body.textContent = '';
    var appeals = el('tr');
    appeals.appendChild(el('td', {}, LABELS.counters.appeals));
    appeals.appendChild(el('td', { 'data-count': 'appeals' }, num(total.counts.appeals)));
    appeals.appendChild(el('td', {}, LABELS.counters.completed + ' ' + num(total.counts.completed) + ' · ' + LABELS.counters.dispatches + ' ' + num(total.counts.dispatches)));
    body.appendChild(appeals);
    OTHER.forEach(function (o) { body.appendChild(rateRow(o.key, total.rates[o.key], o.hours)); });
  }
  /** One rate as a table row: its name, its value (or "—" and why) and its 分子 / 分母. */
  function rateRow(key, rate, hours) {
    var tr = el('tr', rateAttrs(key, rate));
    tr.appendChild(el('td', {}, LABELS.rates[key]));
    var value = tr.appendChild(el('td', { class: 'value' }, rateText(rate, hours)));
    var why = emptyReason(key, rate);
    if (why) value.appendChild(el('small', { class: 'why', 'data-why': key }, why));
    tr.appendChild(el('td', { class: 'ratio' }, ratioText(rate)));
    return tr;
  }
  /** The reach section: delivery, follow-up reach, and satisfaction by way of rating beside the overall one. */
  function renderReach(total) {
    var body = $('reach-rates');
    body.textContent = '';
    REACH.forEach(function (key) { body.appendChild(rateRow(key, total.rates[key])); });
    var ways = BY_VIA.concat(['satisfactionRate']);
    chart('reach-chart').setOption({
      tooltip: tooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ways.map(function (k) { return k === 'satisfactionRate' ? '全部方式' : VIA_NAMES[k]; }) },
      yAxis: { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{
        name: LABELS.rates.satisfactionRate, type: 'bar', barMaxWidth: 36,
        // The fraction stands on each bar: a rate over three ratings must not pass for one over three hundred.
        label: { show: true, position: 'top', formatter: function (p) { return ratioText(total.rates[ways[p.dataIndex]]); } },
        data: ways.map(function (k) {
          return { value: percentOf(total.rates[k]), itemStyle: { color: k === 'satisfactionRate' ? '#1a7f37' : '#0969da' } };
        })
      }]
    }, true);
  }
  /**
   * Every chart's tooltip is drawn on its canvas (richText), not as HTML: ECharts' HTML tooltip
   * puts inline style attributes in its markup, which the page's CSP (no unsafe-inline for
   * style attributes) refuses, hundreds of times as the mouse moves over a chart.
   */
  function tooltip(options) {
    options.renderMode = 'richText';
    return options;
  }
  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init($(id), null, { renderer: 'canvas', locale: 'ZH' });
    return charts[id];
  }
  function percentOf(rate) { return rate && typeof rate.value === 'number' ? +(rate.value * 100).toFixed(2) : null; }
  function renderTrend(trendBy, groups) {
    $('trend-title').textContent = (trendBy === 'month' ? '按月' : '按日') + '趋势';
    chart('trend-chart').setOption({
      tooltip: tooltip({ trigger: 'axis' }),
      legend: { top: 0 },
      color: ['#c9d1d9', '#0969da', '#1a7f37', '#bc4c00'],
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: groups.map(function (g) { return g.key; }) },
      yAxis: [
        { type: 'value', name: LABELS.counters.appeals, minInterval: 1 },
        // Rates live near their targets: the axis starts near the lowest, not at zero.
        { type: 'value', name: '%', scale: true, max: 100, axisLabel: { formatter: '{value}%' } }
      ],
      series: [
        { name: LABELS.counters.appeals, type: 'bar', barMaxWidth: 28, data: groups.map(function (g) { return g.counts.appeals || 0; }) }
      ].concat(HEADLINE.map(function (h) {
        return { name: LABELS.rates[h.key], type: 'line', yAxisIndex: 1, data: groups.map(function (g) { return percentOf(g.rates[h.key]); }) };
      }))
    }, true);
  }
  function overdueOf(g) { return Math.max(0, (g.counts.slaDue || 0) - (g.counts.slaOnTime || 0)); }
  function byRateDesc(key) {
    return function (a, b) {
      var x = a.rates[key] ? a.rates[key].value : null;
      var y = b.rates[key] ? b.rates[key].value : null;
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return y - x;
    };
  }
  function rateCell(key, rate, target) {
    var met = metOf(rate, target);
    var td = el('td', rateAttrs(key, rate), rateText(rate));
    if (met === false) td.className = 'miss';
    // The league cell's text is its figure and fraction only: the reason for a "—" is its tooltip.
    var why = emptyReason(key, rate);
    if (why) td.title = why;
    td.appendChild(el('small', {}, ratioText(rate)));
    return td;
  }
  function renderLeague(groups, targets, selected) {
    var body = $('league');
    body.textContent = '';
    var rows = groups.slice().sort(function (a, b) {
      return byRateDesc('onTimeRate')(a, b) || byRateDesc('satisfactionRate')(a, b) || (a.key < b.key ? -1 : 1);
    });
    $('league-empty').hidden = rows.length > 0;
    rows.forEach(function (g, i) {
      var tr = el('tr', { 'data-key': g.key });
      if (g.key === selected) tr.className = 'selected';
      tr.appendChild(el('td', {}, String(i + 1)));
      tr.appendChild(el('td', { class: 'name' }, g.name || g.key));
      tr.appendChild(el('td', { 'data-count': 'appeals' }, num(g.counts.appeals)));
      tr.appendChild(rateCell('onTimeRate', g.rates.onTimeRate, targets.onTimeRate));
      tr.appendChild(rateCell('satisfactionRate', g.rates.satisfactionRate, targets.satisfactionRate));
      tr.appendChild(el('td', { 'data-count': 'overdue' }, num(overdueOf(g))));
      tr.appendChild(rateCell('misrouteRate', g.rates.misrouteRate));
      body.appendChild(tr);
    });
  }
  function renderChannels(groups) {
    chart('channel-chart').setOption({
      tooltip: tooltip({ trigger: 'item', formatter: '{b}：{c} 件（{d}%）' }),
      legend: { bottom: 0 },
      series: [{
        name: '受理渠道', type: 'pie', radius: ['38%', '68%'], center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 件' },
        data: groups.map(function (g) { return { name: g.name || g.key, value: g.counts.appeals || 0 }; })
      }]
    }, true);
  }
  function renderCategories(groups) {
    var top = groups.slice().sort(function (a, b) { return (b.counts.appeals || 0) - (a.counts.appeals || 0); }).slice(0, 10).reverse();
    chart('category-chart').setOption({
      tooltip: tooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map(function (g) { return g.name || g.key; }) },
      series: [{ name: LABELS.counters.appeals, type: 'bar', barMaxWidth: 28, data: top.map(function (g) { return g.counts.appeals || 0; }), label: { show: true, position: 'right' }, itemStyle: { color: '#b3261e' } }]
    }, true);
  }
  function renderOverdue(groups, selected) {
    var late = groups.filter(function (g) { return overdueOf(g) > 0; })
      .sort(function (a, b) { return overdueOf(a) - overdueOf(b); });
    $('overdue-empty').hidden = late.length > 0;
    // An empty chart is a blank box: hidden instead, and resized when it comes back.
    $('overdue-chart').hidden = late.length === 0;
    if (late.length === 0) return;
    chart('overdue-chart').resize();
    chart('overdue-chart').setOption({
      tooltip: tooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: '件' },
      yAxis: { type: 'category', data: late.map(function (g) { return g.name || g.key; }) },
      series: [{
        name: '逾期件数', type: 'bar', barMaxWidth: 28, label: { show: true, position: 'right' },
        data: late.map(function (g) { return { value: overdueOf(g), itemStyle: { color: g.key === selected ? '#8c1d18' : '#cf222e' } }; })
      }]
    }, true);
  }

  // ---- export
  function filenameOf(disposition, fallback) {
    var star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
    if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ } }
    var plain = /filename="?([^";]+)"?/i.exec(disposition || '');
    return plain ? plain[1] : fallback;
  }
  function exportCsv() {
    if (busy || !token) return;
    var q = readQuery();
    var problem = checkQuery(q);
    if (problem) return showMessage(problem);
    var groupBy = $('export-group').value;
    setBusy(true);
    call('/v1/metrics/export.csv?' + queryString(q, groupBy))
      .then(function (r) {
        var fallback = '12345-指标-' + (GROUP_NAMES[groupBy] || groupBy) + '-' + q.from + '-' + q.to + '.csv';
        var name = filenameOf(r.headers.get('content-disposition'), fallback);
        return r.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = el('a', { href: url, download: name });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
          showMessage('');
        });
      })
      .catch(function (error) {
        if (error && error.status === 401) return signOut(error.message);
        showMessage(error && error.message ? error.message : '导出失败，请稍后重试');
      })
      .then(function () { setBusy(false); });
  }

  // ---- start
  function start() {
    takeFragmentToken();
    var params = new URLSearchParams(location.search);
    var to = params.get('to');
    var from = params.get('from');
    $('to').value = to && validDay(to) ? to : shanghaiToday();
    $('from').value = from && validDay(from) ? from : addDays($('to').value, -29);
    var department = params.get('department');
    if (department) {
      $('department').appendChild(el('option', { value: department }, department));
      $('department').value = department;
    }
    syncExportChoices();
    $('filters').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    $('department').addEventListener('change', function () { syncExportChoices(); load(); });
    $('export').addEventListener('click', exportCsv);
    $('signout').addEventListener('click', function () { signOut(''); });
    $('signin-form').addEventListener('submit', function (e) { e.preventDefault(); signIn($('token').value); $('token').value = ''; });
    window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
    if (typeof echarts === 'undefined') showMessage('图表组件加载失败，请刷新页面');
    var saved = storedToken();
    if (saved) signIn(saved);
    else signOut('');
    document.body.setAttribute('data-ready', 'true');
  }
  start();
})();`;

/** The glossary's names the page shows, as the script reads them. */
export const DASHBOARD_LABELS = {
  rates: RATE_TEXT,
  rateEmpty: RATE_EMPTY_TEXT,
  counters: COUNTER_TEXT,
} as const;

/**
 * JSON as a script literal: `<` escaped so no `</script>` can end the block, U+2028/2029 escaped
 * for the ES2017 browsers that do not accept them in a string.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\u003c').replaceAll(' ', '\u2028').replaceAll(' ', '\u2029');
}

/** The script with the labels written in; the page hashes this final text for its CSP. */
export const PAGE_SCRIPT = SCRIPT.replace('__LABELS__', () => scriptJson(DASHBOARD_LABELS)).replace(
  '__REACH__',
  () => scriptJson(REACH_RATES),
);
