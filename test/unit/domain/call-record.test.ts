import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CallRecordSchema,
  caseIdOfCall,
  toAppealFromCall,
  toCallItem,
} from '../../../shared/domain/call-record.js';
import { ConnectCtrSchema, fromConnectCtr } from '../../../shared/domain/connect-ctr.js';
import { AppealSchema, deriveCaseId } from '../../../shared/domain/index.js';
import { abandonedCall, callRecord } from '../fixtures/hotline.js';

const KEY = 'unit-hash-key';
const parse = (body: unknown) => CallRecordSchema.parse(body);
const sampleCtr = () =>
  JSON.parse(readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'));

describe('Model: call record', () => {
  it('normalises the caller number to its digits', () => {
    // Act
    const record = parse(callRecord({ caller: '+86 139-1234-5678' }));

    // Assess
    expect(record.caller).toBe('13912345678');
  });

  it.each([
    ['an answered call without answeredAt', { answeredAt: undefined }],
    ['an abandoned call with answeredAt', { disposition: 'abandoned', appeal: undefined }],
    ['an ivr_only call with queuedAt', { disposition: 'ivr_only', answeredAt: undefined, appeal: undefined }],
    ['times out of order', { endedAt: '2026-11-23T09:00:00+08:00' }],
    ['an appeal on a call nobody answered', { disposition: 'abandoned', answeredAt: undefined }],
    ['an unknown field', { extra: 1 }],
    [
      'a direct answer without a reply',
      { appeal: { ...(callRecord().appeal as object), answeredDirectly: true } },
    ],
    ['an appeal without any phone number', { caller: undefined }],
  ])('refuses %s', (_, overrides) => {
    // Act
    const result = CallRecordSchema.safeParse(callRecord(overrides));

    // Assess
    expect(result.success).toBe(false);
  });

  it('stores the caller as a keyed hash and a masked number, never in clear', () => {
    // Act
    const item = toCallItem(parse(callRecord()), KEY);

    // Assess
    expect(JSON.stringify(item)).not.toContain('13912345678');
    expect(item).toMatchObject({
      pk: 'CALL#cti-unit-0001',
      sk: 'CALL',
      callerMasked: '139****5678',
      callerHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Neither index of cases may list a call: no callerKey, no trackingNo.
    expect(item).not.toHaveProperty('callerKey');
    expect(item).not.toHaveProperty('trackingNo');
  });

  it('keeps what the call metrics need: UTC times, the wait, the disposition and the Shanghai day', () => {
    // Act
    const item = toCallItem(
      parse(callRecord({ queuedAt: '2026-11-23T00:30:00+08:00', startedAt: undefined })),
      KEY,
    );

    // Assess
    expect(item).toMatchObject({
      disposition: 'answered',
      day: '2026-11-23',
      queuedAt: '2026-11-22T16:30:00.000Z',
      answeredAt: '2026-11-23T01:14:39.000Z',
      recordedAt: '2026-11-23T01:19:13.000Z',
      caseId: caseIdOfCall('cti-unit-0001'),
    });
    expect(item.waitSeconds).toBe(31479);
  });

  it('derives the case from the call id, so every version of a record is one case', () => {
    // Prepare
    const first = parse(callRecord());
    const later = parse(callRecord({ recordedAt: '2026-11-23T10:00:00+08:00' }));

    // Act
    const [a, b] = [toAppealFromCall(first, KEY), toAppealFromCall(later, KEY)];

    // Assess
    expect(a?.caseId).toBe(deriveCaseId('hotline', 'cti-unit-0001'));
    expect(b?.caseId).toBe(a?.caseId);
    expect(b?.trackingNo).toBe(a?.trackingNo);
    expect(AppealSchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({
      channel: 'hotline',
      sourceId: 'cti-unit-0001',
      receivedAt: '2026-11-23T01:14:39.000Z',
    });
  });

  it('gives an appeal answered directly a resolution by the agent at the end of the call', () => {
    // Prepare
    const record = parse(
      callRecord({
        appeal: {
          ...(callRecord().appeal as object),
          type: 'consultation',
          answeredDirectly: true,
          reply: '已答复',
        },
      }),
    );

    // Act
    const appeal = toAppealFromCall(record, KEY);

    // Assess
    expect(appeal?.resolution).toEqual({
      at: '2026-11-23T01:19:12.000Z',
      by: 'agent:a-017',
      reply: '已答复',
    });
  });

  it('marks the calling number as the network gives it verified, and a typed callback number not', () => {
    // Prepare
    const typed = callRecord().appeal as object;
    const ownNumber = parse(callRecord({ caller: '13912345678' }));
    const sameCallback = parse(
      callRecord({ caller: '13912345678', appeal: { ...typed, callbackPhone: '139 1234 5678' } }),
    );
    const otherCallback = parse(
      callRecord({ caller: '13912345678', appeal: { ...typed, callbackPhone: '13800001111' } }),
    );

    // Act
    const [own, same, other] = [ownNumber, sameCallback, otherCallback].map((r) => toAppealFromCall(r, KEY));

    // Assess
    expect(own?.contact.verifiedBy).toBe('network_caller');
    expect(same?.contact.verifiedBy).toBe('network_caller');
    expect(other?.contact).not.toHaveProperty('verifiedBy');
    expect(other?.contact.phoneMasked).toBe('138****1111');
  });

  it('keeps why an IVR-only call missed an agent as the item’s missedReason', () => {
    // Prepare
    const record = parse(
      abandonedCall({
        queuedAt: undefined,
        startedAt: '2026-11-23T09:40:26+08:00',
        disposition: 'ivr_only',
        missed: 'agent_requested',
      }),
    );

    // Act
    const item = toCallItem(record, KEY);

    // Assess
    expect(item.missedReason).toBe('agent_requested');
  });

  it('marks a smoke-test call’s item as a test, and no other call’s', () => {
    // Act
    const test = toCallItem(parse(callRecord({ test: true })), KEY);
    const real = toCallItem(parse(callRecord({ test: false })), KEY);

    // Assess
    expect(test.test).toBe(true);
    expect(real).not.toHaveProperty('test');
  });

  it('refuses missed on a call that entered the queue, with a clear message', () => {
    // Act
    const result = CallRecordSchema.safeParse(abandonedCall({ missed: 'after_hours' }));

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['missed'],
      message: expect.stringContaining('only an ivr_only call carries missed'),
    });
  });

  it('refuses a missed reason it does not know', () => {
    // Act
    const result = CallRecordSchema.safeParse(
      abandonedCall({
        queuedAt: undefined,
        startedAt: '2026-11-23T09:40:26+08:00',
        disposition: 'ivr_only',
        missed: 'busy',
      }),
    );

    // Assess
    expect(result.success).toBe(false);
  });

  it('has no appeal for an abandoned call', () => {
    // Act
    const appeal = toAppealFromCall(parse(abandonedCall()), KEY);

    // Assess
    expect(appeal).toBeUndefined();
  });
});

describe('Mapper: Amazon Connect contact record', () => {
  it('maps an answered CTR with appeal attributes onto a valid call record', () => {
    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(sampleCtr()));

    // Assess
    expect(mapped.kind).toBe('call');
    const record = parse(mapped.kind === 'call' ? mapped.record : undefined);
    expect(record).toMatchObject({
      callId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
      caller: '13712345678',
      line: '+8612345',
      disposition: 'answered',
      agentId: 'a-021',
      recordedAt: '2026-11-23T02:10:41Z',
      appeal: { type: 'complaint', category: 'noise', district: 'donghu', urgency: 'normal' },
    });
  });

  it('maps a queued CTR never connected to an agent as abandoned, without an appeal', () => {
    // Prepare
    const ctr = { ...sampleCtr(), Agent: null };

    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(ctr));

    // Assess
    const record = parse(mapped.kind === 'call' ? mapped.record : undefined);
    expect(record.disposition).toBe('abandoned');
    expect(record.appeal).toBeUndefined();
  });

  it('maps a CTR that never entered a queue as ivr_only', () => {
    // Prepare
    const ctr = { ...sampleCtr(), Agent: null, Queue: null, Attributes: {} };

    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(ctr));

    // Assess
    expect(parse(mapped.kind === 'call' ? mapped.record : undefined).disposition).toBe('ivr_only');
  });

  it("maps the contact flow's missedReason attribute of an IVR-only contact onto missed", () => {
    // Prepare
    const ctr = { ...sampleCtr(), Agent: null, Queue: null, Attributes: { missedReason: 'after_hours' } };

    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(ctr));

    // Assess
    expect(parse(mapped.kind === 'call' ? mapped.record : undefined)).toMatchObject({
      disposition: 'ivr_only',
      missed: 'after_hours',
    });
  });

  it('ignores a missedReason attribute on a contact that reached the queue', () => {
    // Prepare
    const ctr = { ...sampleCtr(), Agent: null, Attributes: { missedReason: 'after_hours' } };

    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(ctr));

    // Assess
    const record = parse(mapped.kind === 'call' ? mapped.record : undefined);
    expect(record.disposition).toBe('abandoned');
    expect(record.missed).toBeUndefined();
  });

  it('maps answeredDirectly and reply attributes onto a direct answer', () => {
    // Prepare
    const ctr = sampleCtr();
    ctr.Attributes = {
      ...ctr.Attributes,
      appealType: 'consultation',
      answeredDirectly: 'true',
      reply: '已答复',
    };

    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse(ctr));

    // Assess
    expect(parse(mapped.kind === 'call' ? mapped.record : undefined).appeal).toMatchObject({
      answeredDirectly: true,
      reply: '已答复',
    });
  });

  it.each([
    ['an outbound call', { InitiationMethod: 'OUTBOUND' }],
    ['a chat', { Channel: 'CHAT' }],
  ])('ignores %s', (_, overrides) => {
    // Act
    const mapped = fromConnectCtr(ConnectCtrSchema.parse({ ...sampleCtr(), ...overrides }));

    // Assess
    expect(mapped.kind).toBe('ignored');
  });

  it('accepts fields AWS adds later', () => {
    // Act
    const result = ConnectCtrSchema.safeParse({ ...sampleCtr(), NewFieldFrom2027: { x: 1 } });

    // Assess
    expect(result.success).toBe(true);
  });
});
