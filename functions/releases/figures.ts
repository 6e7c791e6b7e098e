// The monthly figures a release freezes: exactly what the public disclosure route (get-metrics,
// GET /v1/public/metrics) gives for that month, read from the same aggregates.
import { directoryStore, metricsReader } from '../../shared/adapters/stores.js';
import { buildDisclosure } from '../../shared/domain/metrics/disclosure.js';
import { daysOfMonths } from '../../shared/domain/metrics/periods.js';
import type { ReleaseContent } from '../../shared/domain/releases/index.js';

export async function monthFigures(
  period: string,
): Promise<Extract<ReleaseContent, { kind: 'monthly_figures' }>> {
  const days = daysOfMonths(period, period);
  const metrics = metricsReader();
  const [dir, allItems, departmentItems, callItems, lineItems] = await Promise.all([
    directoryStore().load(),
    metrics.range('all', days.from, days.to),
    metrics.range('department', days.from, days.to),
    metrics.range('call', days.from, days.to),
    metrics.range('line', days.from, days.to),
  ]);
  const disclosure = buildDisclosure({
    from: period,
    to: period,
    allItems,
    departmentItems,
    callItems,
    lineItems,
    departmentName: (id) => dir.departments.get(id)?.name,
    line: (code) => dir.lines.get(code),
  });
  const figures = disclosure.months[0];
  if (!figures) throw new Error(`no figures for ${period}`);
  return { kind: 'monthly_figures', figures, targets: disclosure.targets };
}
