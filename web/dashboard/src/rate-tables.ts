// The two tables of rates: 通知与回访 and 其他指标, one row per rate with its 分子 / 分母.
import { COUNTER_TEXT, RATE_TEXT } from '../../../shared/domain/labels.js';
import { byId, el } from './dom.js';
import { emptyReason, num, rateAttrs, rateText, ratioText } from './format.js';
import { CALLBACK_RATES, OTHER, REACH_RATES } from './rate-lists.js';
import type { AnyRate, MetricsRow, RateName } from './types.js';

/** One rate as a table row: its name, its value (or "—" and why) and its 分子 / 分母. */
function rateRow(key: RateName, rate: AnyRate | undefined, hours = false): HTMLTableRowElement {
  const tr = el('tr', rateAttrs(key, rate));
  tr.appendChild(el('td', {}, RATE_TEXT[key]));
  const value = tr.appendChild(el('td', { class: 'value' }, rateText(rate, hours)));
  const why = emptyReason(key, rate);
  if (why) value.appendChild(el('small', { class: 'why', 'data-why': key }, why));
  tr.appendChild(el('td', { class: 'ratio' }, ratioText(rate)));
  return tr;
}

/** 通知送达率, 回访率 and 满意率 by way of rating. */
export function renderReachRates(total: MetricsRow): void {
  const body = byId('reach-rates');
  body.textContent = '';
  for (const key of REACH_RATES) body.appendChild(rateRow(key, total.rates[key]));
}

/** 诉求量 with 办结量 and 派单量, then the other rates. */
export function renderOtherRates(total: MetricsRow): void {
  const body = byId('other-rates');
  body.textContent = '';
  const appeals = el('tr');
  appeals.appendChild(el('td', {}, COUNTER_TEXT.appeals));
  appeals.appendChild(el('td', { 'data-count': 'appeals' }, num(total.counts.appeals)));
  appeals.appendChild(
    el(
      'td',
      {},
      `${COUNTER_TEXT.completed} ${num(total.counts.completed)} · ${COUNTER_TEXT.dispatches} ${num(total.counts.dispatches)}`,
    ),
  );
  body.appendChild(appeals);
  for (const o of OTHER) body.appendChild(rateRow(o.key, total.rates[o.key], o.hours));
}

/** 回拨率 and 按时回拨率, city-wide, each with its 分子 / 分母. */
export function renderCallbackRates(total: MetricsRow): void {
  const body = byId('callback-rates');
  body.textContent = '';
  for (const key of CALLBACK_RATES) body.appendChild(rateRow(key, total.rates[key]));
}
