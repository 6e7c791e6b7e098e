// The league table's rows: rank, department, volume, 按时办结率, 满意率, 逾期件数, 退单率, each rate
// with its fraction; the selected department highlighted.
import { byId, el } from './dom.js';
import { emptyReason, metOf, num, rateAttrs, rateText, ratioText } from './format.js';
import { MIN_RANKED_APPEALS, overdueOf, rankDepartments } from './league-ranking.js';
import type { AnyRate, HeadlineRate, MetricsRow, RateName } from './types.js';

function rateCell(key: RateName, rate: AnyRate | undefined, target?: number): HTMLTableCellElement {
  const td = el('td', rateAttrs(key, rate), rateText(rate));
  if (metOf(rate, target) === false) td.className = 'miss';
  // The cell's text is its figure and fraction only: the reason for a "—" is its tooltip.
  const why = emptyReason(key, rate);
  if (why) td.title = why;
  td.appendChild(el('small', {}, ratioText(rate)));
  return td;
}

export function renderLeague(
  groups: readonly MetricsRow[],
  targets: Partial<Record<HeadlineRate, number>>,
  selected: string,
): void {
  const body = byId('league');
  body.textContent = '';
  byId('league-empty').hidden = groups.length > 0;
  for (const { row, rank } of rankDepartments(groups)) {
    const tr = el('tr', { 'data-key': row.key });
    if (row.key === selected) tr.className = 'selected';
    if (rank === null) tr.classList.add('unranked');
    tr.appendChild(
      rank === null
        ? el('td', { title: `办件量不足 ${MIN_RANKED_APPEALS} 件，不参与排名`, 'data-rank': '' }, '—')
        : el('td', { 'data-rank': String(rank) }, String(rank)),
    );
    tr.appendChild(el('td', { class: 'name' }, row.name || row.key));
    tr.appendChild(el('td', { 'data-count': 'appeals' }, num(row.counts.appeals)));
    tr.appendChild(rateCell('onTimeRate', row.rates.onTimeRate, targets.onTimeRate));
    tr.appendChild(rateCell('satisfactionRate', row.rates.satisfactionRate, targets.satisfactionRate));
    tr.appendChild(el('td', { 'data-count': 'overdue' }, num(overdueOf(row))));
    tr.appendChild(rateCell('misrouteRate', row.rates.misrouteRate));
    body.appendChild(tr);
  }
}
