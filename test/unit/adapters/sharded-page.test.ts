import { describe, expect, it } from 'vitest';
import { mergePage, type PartitionAnswer } from '../../../shared/adapters/sharded-page.js';

const ON = { key: 'followUpQueue', sort: 'followUpDue' };

function item(partition: string, due: string): Record<string, unknown> {
  return { pk: `CASE#${due}`, sk: 'CASE', followUpQueue: partition, followUpDue: due };
}

describe('Function: mergePage', () => {
  it('takes the first items across partitions in sort order and keeps each partition where it stopped', () => {
    // Prepare
    const answers: PartitionAnswer[] = [
      { partition: 'A', items: [item('A', '1'), item('A', '4')], more: true },
      { partition: 'B', items: [item('B', '2'), item('B', '3')], more: false },
      { partition: 'C', items: [], more: false },
    ];

    // Act
    const page = mergePage(answers, { A: {}, B: {}, C: {} }, 3, ON);

    // Assess
    expect(page.items.map((i) => i.followUpDue)).toEqual(['1', '2', '3']);
    expect(page.next).toEqual({
      A: { after: { pk: 'CASE#1', sk: 'CASE', followUpQueue: 'A', followUpDue: '1' } },
      B: 'done',
      C: 'done',
    });
  });

  it('keeps a partition none of whose items made the page where it was, and ends when all are read out', () => {
    // Prepare
    const after = { pk: 'CASE#0', sk: 'CASE', followUpQueue: 'B', followUpDue: '0' };
    const answers: PartitionAnswer[] = [
      { partition: 'A', items: [item('A', '1')], more: false },
      { partition: 'B', items: [item('B', '5')], more: false },
    ];

    // Act
    const first = mergePage(answers, { A: {}, B: { after } }, 1, ON);
    const last = mergePage([answers[1] as PartitionAnswer], first.next ?? {}, 1, ON);

    // Assess
    expect(first.items.map((i) => i.followUpDue)).toEqual(['1']);
    expect(first.next).toEqual({ A: 'done', B: { after } });
    expect(last.items.map((i) => i.followUpDue)).toEqual(['5']);
    expect(last.next).toBeUndefined();
  });

  it('does not call a partition read out when its query stopped at the limit, even if all were taken', () => {
    // Prepare
    const answers: PartitionAnswer[] = [
      { partition: 'A', items: [item('A', '1'), item('A', '2')], more: true },
    ];

    // Act
    const page = mergePage(answers, { A: {} }, 2, ON);

    // Assess
    expect(page.next).toEqual({
      A: { after: { pk: 'CASE#2', sk: 'CASE', followUpQueue: 'A', followUpDue: '2' } },
    });
  });
});
