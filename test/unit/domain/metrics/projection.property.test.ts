import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../../shared/domain/case.js';
import { deriveCaseId } from '../../../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../../shared/domain/lifecycle/index.js';
import {
  type CallFacts,
  type Contributions,
  contributionsOf,
  deltaOf,
  type MetricSource,
  markBucketOf,
  projectBatch,
  sumInto,
} from '../../../../shared/domain/metrics/index.js';
import { SEED_CALENDAR_YEARS } from '../../../../shared/seed/calendar/index.js';
import { testAppeal } from '../../fixtures/appeal.js';
import {
  callbackTask,
  callerGotThroughAt,
  erased,
  failedFrom,
  missedCall,
  reachedAt,
} from '../../fixtures/callback-task.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';
import { type Fault, MemoryAggregateTable } from '../../fixtures/memory-aggregate-table.js';

// Random case lives (through the real state machine), call records and callback tasks, spread over shards, each
// shard delivered in random batches with failures half way (before or after a write takes effect),
// retries from the same first record with more records, and duplicate deliveries; the shards
// interleave. The aggregates must equal a recount of the final items and never go negative.

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const START = Date.parse('2026-11-20T02:00:05Z');
const HOUR = 3_600_000;
const DEPARTMENTS = ['water-group', 'city-urban', 'housing-bureau'];
const T0 = Math.floor(START / 1000);

type Step =
  | { kind: 'action'; action: LifecycleAction; hours: number }
  | { kind: 'call'; disposition: CallFacts['disposition']; wait: number };

const actionArb: fc.Arbitrary<LifecycleAction> = fc.oneof(
  fc.constantFrom(...DEPARTMENTS).map((departmentId) => ({ action: 'dispatch' as const, departmentId })),
  fc.constantFrom(...DEPARTMENTS).map((departmentId) => ({ action: 'redispatch' as const, departmentId })),
  fc.constant({ action: 'acknowledge' as const }),
  fc.constant({ action: 'return' as const, reason: 'wrong_district' }),
  fc.constant({ action: 'complete' as const, reply: '已处理' }),
  fc
    .constantFrom('satisfied', 'basically_satisfied', 'dissatisfied')
    .map((rating) => ({ action: 'rate' as const, rating })),
  fc.constant({ action: 'reopen' as const }),
  fc.constant({ action: 'mark_overdue' as const }),
  fc.constant({ action: 'merge' as const, masterCaseId: 'master-case' }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      action: actionArb,
      hours: fc.integer({ min: 0, max: 60 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      disposition: fc.constantFrom('answered' as const, 'abandoned' as const, 'ivr_only' as const),
      wait: fc.integer({ min: 0, max: 40 }),
    }),
  },
);

function actorFor(action: LifecycleAction, kase: Case): Actor {
  switch (action.action) {
    case 'acknowledge':
    case 'return':
    case 'complete':
      return { role: 'department', id: 'u', departmentId: kase.departmentId ?? 'none' };
    case 'rate':
      return { role: 'citizen', id: 'link' };
    case 'reopen':
      return { role: 'supervisor', id: 's' };
    case 'mark_overdue':
      return { role: 'system', id: 'system' };
    default:
      return { role: 'dispatcher', id: 'd' };
  }
}

/** The images one item goes through: a case by the state machine, or a call by later versions. */
function imagesOf(index: number, steps: readonly Step[]): MetricSource[] {
  const sourceId = `prop-${index}`;
  let kase = createCase(
    testAppeal({
      sourceId,
      caseId: deriveCaseId('webform', sourceId),
      category: index % 3 === 0 ? 'other' : 'water-supply',
    }),
    { directory: TEST_DIRECTORY, calendar, now: new Date(START) },
  );
  let now = START;
  const images: MetricSource[] = [{ kind: 'case', case: kase }];
  const calls: MetricSource[] = [];
  for (const step of steps) {
    if (step.kind === 'call') {
      const queuedAt = new Date(START + index * 60_000).toISOString();
      calls.push({
        kind: 'call',
        call: {
          callId: `call-${index}`,
          line: index % 2 === 0 ? '12345' : '12315',
          disposition: step.disposition,
          ...(step.disposition === 'ivr_only' ? {} : { queuedAt }),
          ...(step.disposition === 'answered'
            ? { answeredAt: new Date(Date.parse(queuedAt) + step.wait * 1000).toISOString() }
            : {}),
        },
      });
      continue;
    }
    now += step.hours * HOUR;
    const result = applyAction(kase, step.action, actorFor(step.action, kase), {
      now: new Date(now),
      calendar,
      directory: TEST_DIRECTORY,
    });
    if (result.ok) {
      kase = result.case;
      images.push({ kind: 'case', case: kase });
    }
  }
  // Cases, calls and callback tasks are different items; index picks which one this item is.
  if (index % 4 === 2 && steps.length > 0) return callbackImages(index, steps.length);
  return index % 4 === 3 && calls.length > 0 ? calls : images;
}

/**
 * A callback task's life: opened, joined by calls on two lines (one after midnight in Shanghai),
 * closed one of three ways (some on time, some late), then erased: `length` picks how far it gets.
 */
function callbackImages(index: number, length: number): MetricSource[] {
  const ref = index.toString(16).padStart(24, '0');
  const at = (minutes: number) =>
    new Date(Date.parse('2026-11-20T15:30:00Z') + minutes * 60_000).toISOString();
  const calls = [
    missedCall(`cb-${index}-1`, '12345', at(0)),
    missedCall(`cb-${index}-2`, '12315', at(40)),
    missedCall(`cb-${index}-3`, '12315', at(index % 50)),
  ];
  const open = callbackTask(calls.slice(0, 1), {}, ref);
  const joined = callbackTask(calls, { version: 2 }, ref);
  const closings = [
    reachedAt(joined, at(45 + (index % 60))),
    callerGotThroughAt(joined, at(50 + (index % 30))),
    failedFrom(joined, at(20)),
  ];
  const closed = closings[index % 3] as (typeof closings)[number];
  const life = [open, joined, closed, erased(closed, at(60 * 24 * 30))];
  return life.slice(0, Math.min(life.length, length)).map((task) => ({ kind: 'callback', task }));
}

interface Rec {
  seq: string;
  eventID: string;
  before?: MetricSource;
  after?: MetricSource;
}

/** How one delivery attempt of a batch goes: its length, and a fault at the n-th write. */
const attemptArb = fc.record({
  length: fc.integer({ min: 1, max: 6 }),
  faultAt: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  fault: fc.constantFrom<Fault>('before', 'after'),
  duplicate: fc.boolean(),
});

async function deliverShard(
  table: MemoryAggregateTable,
  records: readonly Rec[],
  attempts:
    | fc.Stream<{ length: number; faultAt: number | undefined; fault: Fault; duplicate: boolean }>
    | Iterator<{ length: number; faultAt: number | undefined; fault: Fault; duplicate: boolean }>,
  faults: { armed?: { at: number; fault: Fault } },
  checkNonNegative: () => void,
) {
  let position = 0;
  let length = 0;
  while (position < records.length) {
    const plan = attempts.next().value ?? {
      length: 3,
      faultAt: undefined,
      fault: undefined,
      duplicate: false,
    };
    // A retry starts at the same first record and holds at least as many records as before.
    length = Math.min(records.length - position, Math.max(length, plan.length));
    const batch = records.slice(position, position + length);
    const first = batch[0] as Rec;
    const projection = {
      batchId: first.eventID,
      firstRecordAt: T0,
      bucket: markBucketOf(T0),
      changes: batch.map((r) => ({ seq: r.seq, delta: deltaOf(r.before, r.after) })),
    };
    faults.armed =
      plan.faultAt === undefined ? undefined : { at: table.writes + plan.faultAt, fault: plan.fault };
    try {
      await projectBatch(table, projection);
    } catch {
      checkNonNegative();
      continue; // Lambda retries the batch
    }
    faults.armed = undefined;
    // At-least-once: the same batch may come again after it succeeded.
    // (A fault armed by another shard may strike it: a duplicate adds nothing, even half way.)
    if (plan.duplicate) await projectBatch(table, projection).catch(() => undefined);
    checkNonNegative();
    position += length;
    length = 0;
  }
}

describe('Property: the aggregates under retries and duplicates', () => {
  it('equal a recount of the final items and never go negative', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArb, { maxLength: 8 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.infiniteStream(attemptArb),
        async (lives, shardCount, plans) => {
          // Prepare: each item's changes, in order, on the shard of its key
          const shards: Rec[][] = Array.from({ length: shardCount }, () => []);
          const finals: MetricSource[] = [];
          let seq = 1_000n;
          lives.forEach((steps, index) => {
            const images = imagesOf(index, steps);
            finals.push(images.at(-1) as MetricSource);
            const shard = shards[index % shardCount] as Rec[];
            let before: MetricSource | undefined;
            for (const after of images) {
              seq += 1n + BigInt(index);
              shard.push({ seq: String(seq), eventID: `e-${seq}`, before, after });
              before = after;
            }
          });
          const table = new MemoryAggregateTable();
          const faults: { armed?: { at: number; fault: Fault } } = {};
          table.fault = () => {
            const armed = faults.armed;
            if (!armed || table.writes !== armed.at) return undefined;
            faults.armed = undefined;
            return armed.fault;
          };
          const negative: string[] = [];
          const checkNonNegative = () => {
            for (const [id, c] of Object.entries(table.counters()))
              for (const [name, n] of Object.entries(c))
                if ((n as number) < 0) negative.push(`${id} ${name} ${n}`);
          };

          // Act: the shards are delivered concurrently, interleaving at every write
          const iterator = plans[Symbol.iterator]();
          await Promise.all(
            shards.map((records) => deliverShard(table, records, iterator, faults, checkNonNegative)),
          );

          // Assess
          const recount: Contributions = new Map();
          for (const item of finals) sumInto(recount, contributionsOf(item));
          expect(negative).toEqual([]);
          expect(table.counters()).toEqual(Object.fromEntries(recount));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  }, 120_000);
});
