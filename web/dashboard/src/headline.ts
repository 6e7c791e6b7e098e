// The three cards: 接通率, 按时办结率, 满意率, each with its fraction, its target and 达标 / 未达标.
import { RATE_TEXT } from '../../../shared/domain/labels.js';
import { byId, el } from './dom.js';
import { emptyReason, metOf, pct, rateAttrs, rateText, ratioText } from './format.js';
import { HEADLINE } from './rate-lists.js';
import type { AnyRate, HeadlineRate, MetricsRow } from './types.js';

export function renderHeadline(total: MetricsRow, targets: Partial<Record<HeadlineRate, number>>): void {
  const box = byId('headline');
  box.textContent = '';
  for (const h of HEADLINE) {
    const rate: AnyRate | undefined = total.rates[h.key];
    const target = rate && 'target' in rate && typeof rate.target === 'number' ? rate.target : targets[h.key];
    const met = metOf(rate, target);
    const card = el('article', rateAttrs(h.key, rate));
    card.className = `card${met === true ? ' met' : met === false ? ' miss' : ''}`;
    card.id = `card-${h.key}`;
    card.appendChild(el('h3', {}, RATE_TEXT[h.key]));
    card.appendChild(el('p', { class: 'value' }, rateText(rate)));
    card.appendChild(el('p', { class: 'ratio', title: h.hint }, ratioText(rate)));
    const why = emptyReason(h.key, rate);
    if (why) card.appendChild(el('p', { class: 'why', 'data-why': h.key }, why));
    const line = el('p', { class: 'target' }, `目标 ≥ ${pct(target)}`);
    line.appendChild(
      el('span', { class: 'badge' }, met === true ? '达标' : met === false ? '未达标' : '无数据'),
    );
    card.appendChild(line);
    box.appendChild(card);
  }
}
