import { describe, expect, it } from 'vitest';
import type { UpdateResult } from '../../../shared/adapters/case-store.js';
import {
  type CaseDecision,
  updateCase,
  type VersionedCaseStore,
} from '../../../shared/adapters/update-case.js';
import { type Case, createCase } from '../../../shared/domain/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

/**
 * A cases table of one partition: writes are conditioned on the version like DynamoCaseStore's,
 * and `rivalWrites` other writers land first on the next updates.
 */
class FakeCaseStore implements VersionedCaseStore {
  readonly cases = new Map<string, Case>();
  reads = 0;
  writes = 0;
  rivalWrites = 0;
  /** The losing write's answer carries the stored case (ReturnValuesOnConditionCheckFailure). */
  returnsCurrent = true;

  async getById(caseId: string): Promise<Case | undefined> {
    this.reads++;
    return this.cases.get(caseId);
  }

  async update(next: Case, expectedVersion: number): Promise<UpdateResult> {
    this.writes++;
    const stored = this.cases.get(next.caseId);
    if (stored && this.rivalWrites > 0) {
      this.rivalWrites--;
      this.cases.set(stored.caseId, { ...stored, version: stored.version + 1 });
    }
    const current = this.cases.get(next.caseId);
    if (current?.version !== expectedVersion) {
      return { outcome: 'version_conflict', current: this.returnsCurrent ? current : undefined };
    }
    this.cases.set(next.caseId, next);
    return { outcome: 'updated' };
  }
}

function storedCase(store: FakeCaseStore): Case {
  const kase = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  store.cases.set(kase.caseId, kase);
  return kase;
}

/** A decision that moves the district, so a written case can be told from the one read. */
function moveTo(district: string, seen: Case[] = []) {
  return (kase: Case) => {
    seen.push(kase);
    return { ok: true as const, case: { ...kase, district, version: kase.version + 1 }, note: 'moved' };
  };
}

describe('Adapter: updateCase', () => {
  it('reads the case, writes the decision under the version read and returns what it decided', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);

    // Act
    const result = await updateCase(store, kase.caseId, moveTo('d-9'), { attempts: 1 });

    // Assess
    expect(result).toMatchObject({
      outcome: 'updated',
      case: { district: 'd-9' },
      decision: { note: 'moved' },
    });
    expect(store.cases.get(kase.caseId)).toMatchObject({ district: 'd-9', version: kase.version + 1 });
    expect(store.reads).toBe(1);
  });

  it('decides on a case in hand without reading it first', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);

    // Act
    const result = await updateCase(store, kase, moveTo('d-9'), { attempts: 1 });

    // Assess
    expect(result.outcome).toBe('updated');
    expect(store.reads).toBe(0);
  });

  it('decides again on the case the losing write returned, until a write lands', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    store.rivalWrites = 2;
    const seen: Case[] = [];

    // Act
    const result = await updateCase(store, kase, moveTo('d-9', seen), { attempts: 3 });

    // Assess
    expect(result.outcome).toBe('updated');
    expect(seen.map((c) => c.version)).toEqual([kase.version, kase.version + 1, kase.version + 2]);
    expect(store.reads).toBe(0);
    expect(store.cases.get(kase.caseId)?.version).toBe(kase.version + 3);
  });

  it('reads the case again consistently when the losing write returned none', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    store.rivalWrites = 1;
    store.returnsCurrent = false;

    // Act
    const result = await updateCase(store, kase, moveTo('d-9'), { attempts: 2 });

    // Assess
    expect(result.outcome).toBe('updated');
    expect(store.reads).toBe(1);
  });

  it('answers conflict after its attempts, with the last version seen, and reads no more', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    store.rivalWrites = 5;

    // Act
    const result = await updateCase(store, kase.caseId, moveTo('d-9'), { attempts: 3 });

    // Assess
    expect(result).toMatchObject({ outcome: 'conflict', current: { version: kase.version + 3 } });
    expect(store.writes).toBe(3);
    expect(store.reads).toBe(1);
    expect(store.cases.get(kase.caseId)?.district).toBe(kase.district);
  });

  it('returns the refusal with the case it refused, and writes nothing', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    const refuse = (): CaseDecision<{ code: string }> => ({
      ok: false,
      refusal: { code: 'illegal_transition' },
    });

    // Act
    const result = await updateCase(store, kase.caseId, refuse, { attempts: 3 });

    // Assess
    expect(result).toEqual({ outcome: 'refused', refusal: { code: 'illegal_transition' }, current: kase });
    expect(store.writes).toBe(0);
  });

  it('returns unchanged when the decision is that there is nothing to write', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);

    // Act
    const result = await updateCase(store, kase.caseId, () => undefined, { attempts: 3 });

    // Assess
    expect(result).toEqual({ outcome: 'unchanged', current: kase });
    expect(store.writes).toBe(0);
  });

  it('returns missing for a case that does not exist, or no longer does after a conflict', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    const gone = (c: Case) => {
      store.cases.delete(c.caseId);
      return { ok: true as const, case: { ...c, version: c.version + 1 } };
    };
    store.returnsCurrent = false;

    // Act
    const unknown = await updateCase(store, 'no-such-case', moveTo('d-9'), { attempts: 3 });
    const vanished = await updateCase(store, kase, gone, { attempts: 3 });

    // Assess
    expect(unknown).toEqual({ outcome: 'missing' });
    expect(vanished).toEqual({ outcome: 'missing' });
  });

  it('lets an error thrown by the decision through, with nothing written', async () => {
    // Prepare
    const store = new FakeCaseStore();
    const kase = storedCase(store);
    const failing = (): CaseDecision => {
      throw new Error('invalid token');
    };

    // Act
    const attempt = updateCase(store, kase, failing, { attempts: 1 });

    // Assess
    await expect(attempt).rejects.toThrow('invalid token');
    expect(store.writes).toBe(0);
  });
});
