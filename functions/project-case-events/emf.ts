import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  addCounters,
  type Contributions,
  type Counters,
  keyOfId,
} from '../../shared/domain/metrics/index.js';
import { metrics } from '../../shared/metrics.js';

// The CloudWatch side of the aggregates (the metrics contract): the counters a batch actually
// added, so a retried batch is not reported twice either. Service totals without dimensions; the
// SLA counters by Department and the appeals by Channel. The dashboard and alarms use these names.

function totals(applied: Contributions, pk: string): Map<string | undefined, Counters> {
  const out = new Map<string | undefined, Counters>();
  for (const [id, counters] of applied) {
    const key = keyOfId(id);
    if (key.pk !== pk) continue;
    const hash = key.sk.indexOf('#');
    const value = hash === -1 ? undefined : key.sk.slice(hash + 1);
    out.set(value, addCounters(out.get(value) ?? {}, counters));
  }
  return out;
}

function put(target: typeof metrics, name: string, value: number | undefined): boolean {
  if (!value) return false;
  target.addMetric(name, MetricUnit.Count, value);
  return true;
}

export function emitAggregateMetrics(applied: Contributions): void {
  const sum = (pk: string) =>
    [...totals(applied, pk).values()].reduce<Counters>((a, c) => addCounters(a, c), {});
  const all = sum('all');
  const calls = sum('call');

  const added = [
    put(metrics, 'AppealsReceived', all.appeals),
    put(metrics, 'SlaDue', all.slaDue),
    put(metrics, 'SlaOnTime', all.slaOnTime),
    put(metrics, 'Ratings', all.ratings),
    put(metrics, 'RatingsSatisfied', (all.satisfied ?? 0) + (all.basicallySatisfied ?? 0)),
    put(metrics, 'CallsQueued', calls.callsQueued),
    put(metrics, 'CallsAnswered', calls.callsAnswered),
    // 漏接回拨: missed calls needing a callback, and those whose caller a callback reached (a net
    // change, as every metric here: a due call that turns self-resolved puts a negative CallbacksDue).
    put(metrics, 'CallbacksDue', calls.callbacksDue),
    put(metrics, 'CallbacksReached', calls.callbacksReached),
  ];
  // Only when something was added: an empty flush logs a warning on every quiet batch.
  if (added.some(Boolean)) metrics.publishStoredMetrics();

  // One document per dimension value: a single metric is published as soon as it is added.
  for (const [department, c] of totals(applied, 'department')) {
    if (!department || (!c.slaDue && !c.slaOnTime)) continue;
    const single = metrics.singleMetric();
    single.addDimension('Department', department);
    put(single, 'SlaDue', c.slaDue);
    const onTime = metrics.singleMetric();
    onTime.addDimension('Department', department);
    put(onTime, 'SlaOnTime', c.slaOnTime);
  }
  for (const [channel, c] of totals(applied, 'channel')) {
    if (!channel || !c.appeals) continue;
    const single = metrics.singleMetric();
    single.addDimension('Channel', channel);
    put(single, 'AppealsReceived', c.appeals);
  }
}
