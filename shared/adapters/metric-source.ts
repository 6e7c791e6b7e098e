import { CallFactsSchema, type MetricSource } from '../domain/metrics/index.js';
import { caseOfItem } from './case-item.js';

/**
 * What a cases-table item counts as: a case (`CASE#`), a call record (`CALL#`), or nothing. An item
 * of either kind that does not parse throws: counting it as nothing would drift silently.
 */
export function metricSourceOf(item: Record<string, unknown> | undefined): MetricSource | undefined {
  const kase = caseOfItem(item);
  if (kase) return { kind: 'case', case: kase };
  const pk = item?.pk;
  return typeof pk === 'string' && pk.startsWith('CALL#')
    ? { kind: 'call', call: CallFactsSchema.parse(item) }
    : undefined;
}
