import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  callAppealOf,
  checkDeskCallReferences,
  checkedCallRequest,
  resolvedCallRecord,
} from '../../../shared/channels/hotline.js';
import { AppealSchema } from '../../../shared/domain/appeal.js';
import { type CallRecord, CallRecordSchema } from '../../../shared/domain/call-record.js';
import { buildDirectory } from '../../../shared/domain/directory.js';
import { SEED_DIRECTORY } from '../../../shared/seed/directory.js';
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { makeIdNumber } from '../domain/disclosure/numbers.js';
import { callRecord } from '../fixtures/hotline.js';

// hotline.ts against the seed catalogue: the call appeal read by code, name or keyword, and what is
// kept of what does not resolve. The handler's tests (ingest-hotline*.test.ts) cover the wire.

const directory = buildDirectory(SEED_DIRECTORY);
const ID = makeIdNumber('110105', '19870615', '006');

function record(appeal: Record<string, unknown>): CallRecord {
  return CallRecordSchema.parse(callRecord({ appeal: { ...(callRecord().appeal as object), ...appeal } }));
}

function disclosureRecord(overrides: Record<string, unknown>): CallRecord {
  const { arrival: _arrival, ...request } = citizenRequest(overrides);
  return record({ type: 'disclosure', category: 'other', district: 'gulou', disclosureRequest: request });
}

const keys = {
  directory,
  contactHashKey: 'unit-contact-key',
  identityHashKey: async () => 'unit-identity-key',
};

describe('Function: resolvedCallRecord', () => {
  it('rewrites the sample whose agent typed a keyword and a short district name to the codes', () => {
    // Prepare
    const sample = CallRecordSchema.parse(
      JSON.parse(
        readFileSync(new URL('../../../events/hotline/answered-typed-names.json', import.meta.url), 'utf8'),
      ),
    );

    // Act
    const { record: resolved, held } = resolvedCallRecord(sample, directory);

    // Assess
    expect(resolved.appeal).toMatchObject({ category: 'water-supply', district: 'gulou' });
    expect(held).toEqual({});
    // Nothing else of the record changes.
    expect({ ...resolved, appeal: undefined }).toEqual({ ...sample, appeal: undefined });
  });

  it('keeps an ambiguous category as typed, with the placeholder in its place', () => {
    // Act
    const { record: resolved, held } = resolvedCallRecord(record({ category: '道路积水' }), directory);

    // Assess
    expect(resolved.appeal).toMatchObject({ category: 'other', district: 'gulou' });
    expect(held).toEqual({ typedCategory: '道路积水' });
  });

  it('keeps a district of spaces only as （未填写）', () => {
    // Act
    const { held } = resolvedCallRecord(record({ district: '\u3000 ' }), directory);

    // Assess
    expect(held).toEqual({ typedDistrict: '（未填写）' });
  });
});

describe('Function: checkedCallRequest', () => {
  it('gives a valid request, nothing held', () => {
    // Act
    const checked = checkedCallRequest(disclosureRecord({}), directory);

    // Assess
    expect(checked.request?.departmentId).toBe('housing');
    expect(checked.held).toEqual({});
  });

  it('gives the problems of an invalid request instead of throwing, with no identity number in them', () => {
    // Act
    const checked = checkedCallRequest(
      disclosureRecord({ departmentId: 'no-such-body', form: { medium: 'paper', delivery: 'email' } }),
      directory,
    );

    // Assess
    expect(checked.request).toBeUndefined();
    expect(checked.held.requestProblems?.map((p) => p.path)).toEqual(['form.delivery']);
    expect(JSON.stringify(checked).toLowerCase()).not.toContain(ID.toLowerCase());
  });

  it('names a body the directory does not hold', () => {
    // Act
    const checked = checkedCallRequest(disclosureRecord({ departmentId: 'no-such-body' }), directory);

    // Assess
    expect(checked.held.requestProblems).toEqual([
      expect.objectContaining({ path: 'departmentId', code: 'unknown_department' }),
    ]);
  });
});

describe('Function: callAppealOf', () => {
  it('makes an appeal the queue accepts from a record whose appeal resolves nothing', async () => {
    // Act
    const appeal = await callAppealOf(record({ category: 'nope', district: '火星区' }), keys);

    // Assess
    expect(AppealSchema.parse(appeal)).toMatchObject({
      category: 'other',
      district: 'unknown',
      typedCategory: 'nope',
      typedDistrict: '火星区',
    });
  });

  it('makes a valid request the appeal, asking for the identity key only then', async () => {
    // Prepare
    let asked = 0;
    const counting = { ...keys, identityHashKey: async () => `key-${++asked}` };

    // Act
    const plain = await callAppealOf(record({}), counting);
    const disclosure = await callAppealOf(disclosureRecord({}), counting);

    // Assess
    expect(plain?.disclosureRequest).toBeUndefined();
    expect(disclosure).toMatchObject({ type: 'disclosure', category: 'gov-info-disclosure' });
    expect(disclosure?.disclosureRequest).toBeDefined();
    expect(asked).toBe(1);
  });

  it('takes the appeal of an invalid request without it, the problems kept', async () => {
    // Act
    const appeal = await callAppealOf(disclosureRecord({ departmentId: 'no-such-body' }), keys);

    // Assess
    expect(AppealSchema.parse(appeal)).toMatchObject({ type: 'disclosure', category: 'other' });
    expect(appeal?.disclosureRequest).toBeUndefined();
    expect(appeal?.requestProblems).toHaveLength(1);
  });
});

describe('Function: checkDeskCallReferences (the staff desks)', () => {
  it.each([
    ['unknown_category', { category: '供水' }],
    ['unknown_district', { district: '鼓楼区' }],
  ])('still refuses %s for a name where a desk must send the code', (code, appeal) => {
    // Act & Assess
    expect(() => checkDeskCallReferences(record(appeal), directory)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('still refuses an invalid request with 422 invalid_request', () => {
    // Act & Assess
    expect(() =>
      checkDeskCallReferences(disclosureRecord({ departmentId: 'no-such-body' }), directory),
    ).toThrow(expect.objectContaining({ statusCode: 422, code: 'invalid_request' }));
  });
});
