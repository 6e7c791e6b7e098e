import { describe, expect, it } from 'vitest';
import { Teardown } from '../../../local/phases/teardown.js';

describe('Class: Teardown', () => {
  it('stops what was started last first, the stop-only steps included', async () => {
    // Prepare
    const order: string[] = [];
    const teardown = new Teardown();
    teardown.add(() => order.push('emulators'));
    teardown.add(async () => order.push('snapshot'), { unwind: false });
    teardown.add(async () => order.push('gateway'));

    // Act
    await teardown.stop();

    // Assess
    expect(order).toEqual(['gateway', 'snapshot', 'emulators']);
  });

  it('ends a stop at the first step that throws', async () => {
    // Prepare
    const order: string[] = [];
    const teardown = new Teardown();
    teardown.add(() => order.push('emulators'));
    teardown.add(() => {
      throw new Error('gateway would not close');
    });

    // Act
    const stopped = teardown.stop();

    // Assess
    await expect(stopped).rejects.toThrow('gateway would not close');
    expect(order).toEqual([]);
  });

  it('unwinds every step after a failed start, skipping stop-only steps and ignoring failures', async () => {
    // Prepare
    const order: string[] = [];
    const teardown = new Teardown();
    teardown.add(() => order.push('emulators'));
    teardown.add(() => order.push('snapshot'), { unwind: false });
    teardown.add(() => {
      throw new Error('thrown');
    });
    teardown.add(() => Promise.reject(new Error('rejected')));
    teardown.add(() => order.push('front'));

    // Act
    await teardown.unwind();
    await teardown.unwind();

    // Assess
    expect(order).toEqual(['front', 'emulators']);
  });
});
