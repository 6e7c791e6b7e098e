// 通报 as CSV for Excel (BOM, CRLF, formula-safe: csv-field.ts).
import { csvText } from '../../shared/adapters/csv-field.js';
import { BULLETIN_TEXT } from '../../shared/domain/labels.js';
import type { Rate } from '../../shared/domain/metrics/rates.js';
import type { Bulletin } from '../../shared/domain/releases/index.js';

function percent(rate: Rate): string {
  return rate.value === null ? '' : `${(rate.value * 100).toFixed(1)}%`;
}

export function bulletinCsv(bulletin: Bulletin): string {
  const t = BULLETIN_TEXT;
  return csvText([
    [
      t.rank,
      t.body,
      t.repliesOnTime,
      t.repliesDue,
      t.repliesRate,
      t.releasesOnTime,
      t.releasesDue,
      t.releasesRate,
      t.overallRate,
    ],
    ...bulletin.rows.map((row) => [
      row.rank,
      row.bodyName,
      row.replies.numerator,
      row.replies.denominator,
      percent(row.replies),
      row.releases.numerator,
      row.releases.denominator,
      percent(row.releases),
      percent(row.overall),
    ]),
  ]);
}
