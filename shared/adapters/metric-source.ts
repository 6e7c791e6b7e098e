import { CallFactsSchema, type MetricSource } from '../domain/metrics/index.js';
import { fromItem } from './case-item.js';

/**
 * What a cases-table item counts as: a case (`CASE#`), a call record (`CALL#`), or nothing. An item
 * of either kind that does not parse throws: counting it as nothing would drift silently.
 */
export function metricSourceOf(item: Record<string, unknown> | undefined): MetricSource | undefined {
  const pk = item?.pk;
  if (typeof pk !== 'string') return undefined;
  if (pk.startsWith('CASE#')) return { kind: 'case', case: fromItem(item as Record<string, unknown>) };
  if (pk.startsWith('CALL#')) return { kind: 'call', call: CallFactsSchema.parse(item) };
  return undefined;
}
