import { describe, expect, it } from 'vitest';
import type { Appeal } from '../../../shared/domain/appeal.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import {
  callerKeyOf,
  findRepeat,
  hasDuplicateLink,
  INTAKE_MERGE_NOTE,
  intakeCase,
  possibleDuplicateNote,
  REPEAT_WINDOW_MS,
} from '../../../shared/domain/repeat.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const NOW = '2026-11-20T02:00:00.000Z';

/** The fixture's caller, as the hotline's network gives it: an identity that may merge. */
const VERIFIED = {
  phoneHash: 'a'.repeat(64),
  phoneMasked: '139****5678',
  verifiedBy: 'network_caller',
} as const;
/** The same number typed into the web form: anyone's to type. */
const UNVERIFIED = { phoneHash: 'a'.repeat(64), phoneMasked: '139****5678' } as const;

function appealAt(sourceId: string, receivedAt: string, overrides: Partial<Appeal> = {}): Appeal {
  const caseId = deriveCaseId('webform', sourceId);
  return testAppeal({
    caseId,
    sourceId,
    receivedAt,
    trackingNo: deriveTrackingNo(caseId, new Date(receivedAt)),
    contact: VERIFIED,
    ...overrides,
  });
}

function earlier(sourceId: string, msBefore: number, overrides: Partial<Case> & Partial<Appeal> = {}): Case {
  const at = new Date(new Date(NOW).getTime() - msBefore).toISOString();
  const { status, mergedInto, ...appealOverrides } = overrides;
  const kase = createCase(appealAt(sourceId, at, appealOverrides as Partial<Appeal>), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date(at),
  });
  return { ...kase, ...(status ? { status } : {}), ...(mergedInto ? { mergedInto } : {}) };
}

const HOUR = 3_600_000;

describe('Function: findRepeat', () => {
  it('finds no repeat and no master for a first appeal', () => {
    // Prepare
    const appeal = appealAt('new', NOW);

    // Act
    const decision = findRepeat([], appeal);

    // Assess
    expect(decision).toEqual({});
  });

  it('merges into an open case of the same category and district, and counts it as a repeat', () => {
    // Prepare
    const master = earlier('m', 2 * HOUR);
    const appeal = appealAt('new', NOW);

    // Act
    const decision = findRepeat([master], appeal);

    // Assess
    expect(decision.repeatOf).toBe(master.caseId);
    expect(decision.mergeInto?.caseId).toBe(master.caseId);
  });

  it('merges no appeal held at intake for a typed category, nor any appeal into such a case', () => {
    // Prepare: both `other` in gulou, of one verified caller.
    const typed = { category: 'other', typedCategory: '井盖被偷了' };
    const heldEarlier = earlier('held', 2 * HOUR, typed);
    const heldNow = appealAt('new', NOW, typed);
    const plainNow = appealAt('plain', NOW, { category: 'other' });

    // Act
    const held = findRepeat([earlier('plain-earlier', 2 * HOUR, { category: 'other' })], heldNow);
    const intoHeld = findRepeat([heldEarlier], plainNow);

    // Assess: still a repeat of the caller's (repeatRate), never merged.
    expect(held.repeatOf).toBeDefined();
    expect(held.mergeInto).toBeUndefined();
    expect(intoHeld.repeatOf).toBe(heldEarlier.caseId);
    expect(intoHeld.mergeInto).toBeUndefined();
  });

  it('counts a case received exactly 7 days before, and not one a millisecond earlier', () => {
    // Prepare
    const edge = earlier('edge', REPEAT_WINDOW_MS);
    const outside = earlier('outside', REPEAT_WINDOW_MS + 1);
    const appeal = appealAt('new', NOW);

    // Act
    const atEdge = findRepeat([edge], appeal);
    const beyond = findRepeat([outside], appeal);

    // Assess
    expect(atEdge.repeatOf).toBe(edge.caseId);
    expect(beyond).toEqual({});
  });

  it('ignores a case received at or after the appeal (a later one, or the same instant)', () => {
    // Prepare
    const same = earlier('same', 0);
    const later = earlier('later', -HOUR);

    // Act
    const decision = findRepeat([same, later], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({});
  });

  it('ignores the appeal’s own case (a redelivery finds itself in the index)', () => {
    // Prepare
    const appeal = appealAt('self', NOW);
    const self = {
      ...earlier('self', 0),
      receivedAt: new Date(new Date(NOW).getTime() - HOUR).toISOString(),
    };

    // Act
    const decision = findRepeat([self], appeal);

    // Assess
    expect(decision).toEqual({});
  });

  it('ignores another category: neither a repeat nor a merge', () => {
    // Prepare
    const noise = earlier('noise', HOUR, { category: 'noise' });

    // Act
    const decision = findRepeat([noise], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({});
  });

  it('counts another district as a repeat, but does not merge into it', () => {
    // Prepare
    const elsewhere = earlier('taijiang', HOUR, { district: 'taijiang' });

    // Act
    const decision = findRepeat([elsewhere], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({ repeatOf: elsewhere.caseId });
  });

  it('counts a closed case as a repeat but does not merge into it', () => {
    // Prepare
    const closed = earlier('closed', HOUR, { status: 'closed' });

    // Act
    const decision = findRepeat([closed], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({ repeatOf: closed.caseId });
  });

  it('merges into the earliest open case, never into a merged one (no chains), and repeats the latest', () => {
    // Prepare
    const master = earlier('master', 3 * HOUR);
    const merged = earlier('merged', 2 * HOUR, { status: 'merged', mergedInto: master.caseId });
    const closedLatest = earlier('closed', HOUR, { status: 'closed' });

    // Act
    const decision = findRepeat([closedLatest, merged, master], appealAt('new', NOW));

    // Assess
    expect(decision.repeatOf).toBe(closedLatest.caseId);
    expect(decision.mergeInto?.caseId).toBe(master.caseId);
  });

  it('does not merge when only a merged case is open-looking', () => {
    // Prepare
    const merged = earlier('merged-only', HOUR, { status: 'merged', mergedInto: 'wf-gone' });

    // Act
    const decision = findRepeat([merged], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({ repeatOf: merged.caseId });
  });

  it('picks the same-district open case over an earlier open case in another district', () => {
    // Prepare
    const otherDistrict = earlier('other', 5 * HOUR, { district: 'taijiang' });
    const sameDistrict = earlier('same-d', 4 * HOUR);

    // Act
    const decision = findRepeat([sameDistrict, otherDistrict], appealAt('new', NOW));

    // Assess
    expect(decision.mergeInto?.caseId).toBe(sameDistrict.caseId);
    expect(decision.repeatOf).toBe(sameDistrict.caseId);
  });

  it('does not merge an appeal whose district nobody named, nor one resolved at intake', () => {
    // Prepare
    const unknown = earlier('unknown', HOUR, { district: 'unknown' });
    const open = earlier('open', HOUR);
    const resolved = appealAt('resolved', NOW, {
      type: 'consultation',
      resolution: { at: NOW, by: 'agent:a-1', reply: '已答复' },
    });

    // Act
    const fromUnknown = findRepeat([unknown], appealAt('new', NOW, { district: 'unknown' }));
    const fromResolved = findRepeat([open], resolved);

    // Assess
    expect(fromUnknown).toEqual({ repeatOf: unknown.caseId });
    expect(fromResolved).toEqual({ repeatOf: open.caseId });
  });

  it('flags, but does not merge, a repeat whose identity its channel did not verify (a web-form phone)', () => {
    // Prepare: someone types the caller's number into the web form
    const master = earlier('m', 2 * HOUR);
    const appeal = appealAt('typed', NOW, { contact: UNVERIFIED });

    // Act
    const decision = findRepeat([master], appeal);

    // Assess: still a repeat (repeatRate), a dispatcher's to merge
    expect(decision).toEqual({ repeatOf: master.caseId, possibleDuplicateOf: master.caseId });
  });

  it('flags, but does not merge, a verified appeal into a case whose identity was not verified', () => {
    // Prepare: the earlier case came from the web form with the caller's number
    const typed = earlier('typed', 2 * HOUR, { contact: UNVERIFIED });
    const appeal = appealAt('call', NOW);

    // Act
    const decision = findRepeat([typed], appeal);

    // Assess
    expect(decision).toEqual({ repeatOf: typed.caseId, possibleDuplicateOf: typed.caseId });
  });

  it("merges a verified appeal into the caller's own verified case, past an earlier one typed in with their number", () => {
    // Prepare: someone typed the caller's number into the web form first
    const typed = earlier('typed-first', 3 * HOUR, { contact: UNVERIFIED });
    const own = earlier('own', 2 * HOUR);
    const appeal = appealAt('call-again', NOW);

    // Act
    const decision = findRepeat([typed, own], appeal);

    // Assess
    expect(decision.mergeInto?.caseId).toBe(own.caseId);
    expect(decision.possibleDuplicateOf).toBeUndefined();
    expect(decision.repeatOf).toBe(own.caseId);
  });

  it('ignores another caller’s case even when the index returned it', () => {
    // Prepare
    const stranger = earlier('stranger', HOUR, {
      contact: { phoneHash: 'b'.repeat(64), phoneMasked: '139****0000' },
    });

    // Act
    const decision = findRepeat([stranger], appealAt('new', NOW));

    // Assess
    expect(decision).toEqual({});
  });
});

describe('Function: intakeCase', () => {
  it('creates the case merged into its master, recorded in its history, with its own tracking number', () => {
    // Prepare
    const master = earlier('master', HOUR);
    const appeal = appealAt('dup', NOW);

    // Act
    const kase = intakeCase(
      appeal,
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(NOW) },
      { repeatOf: master.caseId, mergeInto: master },
    );

    // Assess
    expect(kase).toMatchObject({
      status: 'merged',
      mergedInto: master.caseId,
      repeatOf: master.caseId,
      trackingNo: appeal.trackingNo,
      version: 2,
    });
    expect(kase.departmentId).toBeUndefined();
    // Never routed: a dispatch it did not need would count in misrouteRate's denominator.
    expect(kase.history.map((h) => h.action)).toEqual(['receive', 'merge']);
    expect(kase.history.at(-1)).toEqual({
      at: NOW,
      actor: 'system',
      action: 'merge',
      note: `${master.caseId}: ${INTAKE_MERGE_NOTE}`,
    });
  });

  it('keeps the case as created, marked a repeat, when the core refuses the merge', () => {
    // Prepare: the master closed after the decision
    const master = { ...earlier('master', HOUR), status: 'closed' as const };

    // Act
    const kase = intakeCase(
      appealAt('dup', NOW),
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(NOW) },
      { repeatOf: master.caseId, mergeInto: master },
    );

    // Assess
    expect(kase).toMatchObject({ status: 'dispatched', repeatOf: master.caseId, version: 1 });
    expect(kase.mergedInto).toBeUndefined();
  });
});

describe('Function: intakeCase, an unverified repeat', () => {
  it('routes the case as usual, flagged for a dispatcher as a possible duplicate, and a repeat', () => {
    // Prepare
    const master = earlier('master', HOUR);
    const appeal = appealAt('typed', NOW, { contact: UNVERIFIED });

    // Act
    const kase = intakeCase(
      appeal,
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(NOW) },
      findRepeat([master], appeal),
    );

    // Assess
    expect(kase).toMatchObject({
      status: 'dispatched',
      repeatOf: master.caseId,
      possibleDuplicateOf: master.caseId,
      trackingNo: appeal.trackingNo,
      version: 1,
    });
    expect(kase.mergedInto).toBeUndefined();
    expect(kase.history.map((h) => h.action)).toEqual(['receive', 'dispatch', 'flag_duplicate']);
    expect(kase.history.at(-1)).toEqual({
      at: NOW,
      actor: 'system',
      action: 'flag_duplicate',
      note: possibleDuplicateNote(master.caseId),
    });
  });
});

describe('Function: hasDuplicateLink', () => {
  it('finds the link entry for this duplicate only', () => {
    // Prepare
    const master = earlier('master', HOUR);
    const linked = {
      ...master,
      history: [
        ...master.history,
        { at: NOW, actor: 'system', action: 'link_duplicate', note: 'wf-dup: 自动并单' },
      ],
    };

    // Act
    const found = [
      hasDuplicateLink(linked, 'wf-dup'),
      hasDuplicateLink(linked, 'wf-du'),
      hasDuplicateLink(master, 'wf-dup'),
    ];

    // Assess
    expect(found).toEqual([true, false, false]);
  });

  it('keys a caller by the phone hash, else the openid hash', () => {
    // Prepare
    const both = { phoneHash: 'p'.repeat(64), phoneMasked: '139****5678', openIdHash: 'o'.repeat(64) };

    // Act
    const keys = [callerKeyOf(both), callerKeyOf({ openIdHash: 'o'.repeat(64) })];

    // Assess
    expect(keys).toEqual([`CALLER#${'p'.repeat(64)}`, `CALLER#${'o'.repeat(64)}`]);
  });
});
