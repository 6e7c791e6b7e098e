import { CallbackTaskSchema } from '../domain/callbacks/task.js';
import { CallFactsSchema, type MetricSource } from '../domain/metrics/index.js';
import { caseOfItem } from './case-item.js';

/**
 * What a cases-table item counts as: a case (`CASE#`), a call record (`CALL#`), a callback task
 * (`CALLBACK#`, 漏接回拨), or nothing. An item of these kinds that does not parse throws: counting it
 * as nothing would drift silently.
 */
export function metricSourceOf(item: Record<string, unknown> | undefined): MetricSource | undefined {
  const kase = caseOfItem(item);
  if (kase) return { kind: 'case', case: kase };
  const pk = item?.pk;
  if (typeof pk !== 'string') return undefined;
  if (pk.startsWith('CALL#')) return { kind: 'call', call: CallFactsSchema.parse(item) };
  if (pk.startsWith('CALLBACK#')) return { kind: 'callback', task: CallbackTaskSchema.parse(item) };
  return undefined;
}
