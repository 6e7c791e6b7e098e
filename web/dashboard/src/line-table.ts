// 各热线接通率: one row per hotline line (12345 and the merged departmental lines), worst first, each
// judged against its own target with the verdict in words, and its callbacks beside it.
import { byId, el } from './dom.js';
import { num, pct, rateAttrs, rateText, ratioText } from './format.js';
import { lineSummary, rankLines, targetOf, VERDICT_TEXT, verdictOf } from './line-league.js';
import type { AnyRate, MetricsRow, RateName } from './types.js';

function rateCell(key: RateName, rate: AnyRate | undefined): HTMLTableCellElement {
  const td = el('td', rateAttrs(key, rate), rateText(rate));
  td.appendChild(el('small', {}, ratioText(rate)));
  return td;
}

export function renderLines(groups: readonly MetricsRow[]): void {
  const body = byId('lines');
  body.textContent = '';
  byId('lines-empty').hidden = groups.length > 0;
  const ranked = rankLines(groups);
  byId('lines-summary').textContent = groups.length ? lineSummary(ranked) : '';
  for (const row of ranked) {
    const answer = row.rates.answerRate;
    const verdict = verdictOf(answer);
    const tr = el('tr', { 'data-key': row.key, 'data-verdict': verdict });
    const name = tr.appendChild(el('td', { class: 'name' }, row.name || row.key));
    if (row.name && row.name !== row.key) name.appendChild(el('small', {}, row.key));
    const answerCell = rateCell('answerRate', answer);
    if (verdict === 'miss') answerCell.className = 'miss';
    tr.appendChild(answerCell);
    tr.appendChild(el('td', {}, `≥ ${pct(targetOf(answer) ?? null)}`));
    const verdictCell = tr.appendChild(el('td'));
    verdictCell.appendChild(el('span', { class: `badge ${verdict}` }, VERDICT_TEXT[verdict]));
    tr.appendChild(el('td', { 'data-count': 'callsAbandoned' }, num(row.counts.callsAbandoned)));
    tr.appendChild(rateCell('callbackRate', row.rates.callbackRate));
    tr.appendChild(rateCell('callbackOnTimeRate', row.rates.callbackOnTimeRate));
    body.appendChild(tr);
  }
}
