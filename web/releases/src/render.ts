// One published release as an article: its facts (published when, due when, who is responsible,
// the hash), its corrections, then its content — figures as a chart and as tables, cases as text.
import {
  RATE_TEXT,
  RATING_TEXT,
  RELEASE_KIND_TEXT,
  SLA_OUTCOME_TEXT,
  RELEASE_PAGE_TEXT as T,
  TIMELINESS_TEXT,
  TYPE_TEXT,
} from '../../../shared/domain/labels.js';
import type { MonthFigures } from '../../../shared/domain/metrics/disclosure.js';
import type { Rate } from '../../../shared/domain/metrics/rates.js';
import type { TypicalCase } from '../../../shared/domain/releases/typical-case.js';
import { drawOnTimeChart } from './chart.js';
import { el } from './dom.js';
import { beijingTime, periodText, rateText } from './format.js';
import type { PublishedRelease } from './types.js';

/** The anchor of a release on this page. */
export function anchorOf(releaseId: string): string {
  return `release-${releaseId}`;
}

function facts(release: PublishedRelease['release']): HTMLElement {
  const rows: [string, Node | string][] = [
    [
      T.publishedAt,
      `${beijingTime(release.publishedAt)}（${release.onTime ? TIMELINESS_TEXT.on_time : TIMELINESS_TEXT.late}）`,
    ],
    [T.dueOn, release.dueOn],
    [T.responsible, release.responsibleName],
    [T.sha256, el('code', { class: 'hash' }, release.sha256)],
  ];
  return el(
    'dl',
    { class: 'facts' },
    ...rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
  );
}

function link(releaseId: string): HTMLAnchorElement {
  return el('a', { href: `#${anchorOf(releaseId)}` }, releaseId);
}

function corrections(release: PublishedRelease['release']): HTMLElement[] {
  const notes: HTMLElement[] = [];
  if (release.corrects) notes.push(el('p', { class: 'note' }, `${T.corrects} `, link(release.corrects)));
  if (release.correctedBy)
    notes.push(el('p', { class: 'note warn' }, `${T.correctedBy} `, link(release.correctedBy)));
  return notes;
}

/** A table that scrolls sideways on a phone; focusable, so the keyboard can scroll it (WCAG 2.1.1). */
function table(caption: string, head: readonly string[], body: readonly (readonly string[])[]): HTMLElement {
  const headRow = el(
    'tr',
    {},
    ...head.map((h, i) => el('th', { scope: 'col', ...(i === 0 ? { class: 'name' } : {}) }, h)),
  );
  const rows = body.map((cells) =>
    el(
      'tr',
      {},
      ...cells.map((c, i) => (i === 0 ? el('th', { scope: 'row', class: 'name' }, c) : el('td', {}, c))),
    ),
  );
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    el('table', {}, el('caption', {}, caption), el('thead', {}, headRow), el('tbody', {}, ...rows)),
  );
}

function withTarget(rate: Rate & { target?: number }): string {
  return rate.target === undefined
    ? rateText(rate)
    : `${rateText(rate)}，${T.target} ${(rate.target * 100).toFixed(0)}%`;
}

function figures(month: MonthFigures, id: string): HTMLElement[] {
  const city = month.city;
  const cityTable = table(
    `${T.city} · ${periodText(month.month)}`,
    ['指标', '数值（分子 / 分母）'],
    [
      [T.appeals, String(city.appeals)],
      [T.completed, String(city.completed)],
      [RATE_TEXT.onTimeRate, withTarget(city.onTimeRate)],
      [RATE_TEXT.satisfactionRate, withTarget(city.satisfactionRate)],
      [T.followUpContactRate, rateText(city.followUpContactRate)],
      [RATE_TEXT.answerRate, withTarget(city.answerRate)],
    ],
  );
  const out: HTMLElement[] = [cityTable];
  if (month.departments.length > 0) {
    const chart = el('div', { id: `chart-${id}`, class: 'chart', 'aria-hidden': 'true' });
    out.push(
      el('h3', {}, `${T.department}${RATE_TEXT.onTimeRate}`),
      el('p', { class: 'hint' }, T.chartNote),
      chart,
      table(
        T.tableCaption,
        [
          T.department,
          T.appeals,
          T.completed,
          RATE_TEXT.onTimeRate,
          RATE_TEXT.satisfactionRate,
          T.followUpContactRate,
        ],
        month.departments.map((d) => [
          d.name,
          String(d.appeals),
          String(d.completed),
          rateText(d.onTimeRate),
          rateText(d.satisfactionRate),
          rateText(d.followUpContactRate),
        ]),
      ),
    );
    // Drawn once the box is in the document and has a size.
    queueMicrotask(() => drawOnTimeChart(chart, month.departments));
  }
  if (month.lines.length > 0) {
    out.push(
      table(
        T.lineCaption,
        [T.line, RATE_TEXT.answerRate, T.target],
        month.lines.map((l) => [
          l.name,
          rateText(l.answerRate),
          `${(l.answerRate.target * 100).toFixed(0)}%`,
        ]),
      ),
    );
  }
  return out;
}

function typicalCase(entry: TypicalCase, n: number): HTMLElement {
  const outcome = [
    entry.outcome.slaOutcome ? `${SLA_OUTCOME_TEXT[entry.outcome.slaOutcome]}办结` : '',
    entry.outcome.rating ? `市民评价：${RATING_TEXT[entry.outcome.rating]}` : '',
  ]
    .filter(Boolean)
    .join('，');
  return el(
    'li',
    { class: 'case' },
    el(
      'h3',
      {},
      `案例${n}：${entry.categoryName} · ${entry.districtName}（${TYPE_TEXT[entry.type]}，${periodText(entry.receivedMonth)}）`,
    ),
    el(
      'dl',
      {},
      el('dt', {}, T.caseAsked),
      el('dd', {}, entry.asked),
      el('dt', {}, T.caseDone),
      el('dd', {}, entry.done),
      ...(outcome ? [el('dt', {}, T.caseOutcome), el('dd', {}, outcome)] : []),
    ),
  );
}

export function renderRelease({ release, document }: PublishedRelease): HTMLElement {
  const headingId = `${anchorOf(release.releaseId)}-title`;
  const content = document.content;
  const body =
    content.kind === 'monthly_figures'
      ? figures(content.figures, release.releaseId)
      : [el('ol', { class: 'cases' }, ...content.cases.map((c, i) => typicalCase(c, i + 1)))];
  return el(
    'article',
    { id: anchorOf(release.releaseId), 'aria-labelledby': headingId },
    el(
      'h2',
      { id: headingId },
      `${periodText(release.period)} ${RELEASE_KIND_TEXT[release.kind]}`,
      el('small', {}, ` ${release.releaseId}`),
    ),
    facts(release),
    ...corrections(release),
    ...body,
  );
}
