import { describe, expect, it, vi } from 'vitest';
import { type CallIntakeDeps, intakeCall } from '../../../shared/channels/call-intake.js';
import { CallRecordSchema } from '../../../shared/domain/call-record.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import type { IntakeMessage } from '../../../shared/domain/index.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { abandonedCall, callRecord } from '../fixtures/hotline.js';

// The intake both hotline paths share (the signed webhook and Amazon Connect's CTR stream), with
// fakes for its ports: no AWS, no secrets, no clock.

function fakes(over: Partial<CallIntakeDeps> = {}) {
  const sent: IntakeMessage[] = [];
  const deps = {
    directory: { load: vi.fn(async () => TEST_DIRECTORY) },
    queue: { send: vi.fn(async (m: IntakeMessage) => void sent.push(m)) },
    contactHashKey: async () => 'unit-test-contact-key',
    disclosureIdentityKey: async () => 'unit-test-identity-key',
    sealCaller: vi.fn(async (_phone: string, callId: string) => ({ ciphertext: 'c2VhbGVk', callId })),
    ...over,
  } satisfies CallIntakeDeps;
  return { deps, sent };
}

const RAW = { contentType: 'application/json', body: '{"as":"sent"}', headers: { 'x-source': 'test' } };

describe('Use case: intakeCall', () => {
  it('queues an answered call with its appeal and the raw payload as it came, sealing nothing', async () => {
    // Prepare
    const { deps, sent } = fakes();

    // Act
    const outcome = await intakeCall(deps, CallRecordSchema.parse(callRecord()), RAW);

    // Assess
    const caseId = deriveCaseId('hotline', 'cti-unit-0001');
    expect(outcome).toEqual({
      callId: 'cti-unit-0001',
      disposition: 'answered',
      callerMasked: '139****5678',
      callback: false,
      appeal: { caseId, trackingNo: expect.any(String) },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'call',
      call: { pk: 'CALL#cti-unit-0001' },
      appeal: { caseId },
      raw: RAW,
    });
    expect(deps.directory.load).toHaveBeenCalledOnce();
    expect(deps.sealCaller).not.toHaveBeenCalled();
  });

  it("seals an abandoned caller's number under the call's id and reads no directory for a call without an appeal", async () => {
    // Prepare
    const { deps, sent } = fakes();

    // Act
    const outcome = await intakeCall(deps, CallRecordSchema.parse(abandonedCall()), RAW);

    // Assess
    expect(outcome).toMatchObject({ callId: 'cti-unit-0002', callback: true });
    expect(outcome).not.toHaveProperty('appeal');
    expect(deps.sealCaller).toHaveBeenCalledWith('13812345678', 'cti-unit-0002');
    expect(sent[0]).toMatchObject({ callerSealed: { callId: 'cti-unit-0002' } });
    // No appeal, so no raw payload either: the queue message holds the call record only.
    expect(sent[0]).not.toHaveProperty('raw');
    expect(deps.directory.load).not.toHaveBeenCalled();
  });

  it("passes the queue's failure on, so the webhook answers 503 and the stream retries the record", async () => {
    // Prepare
    const { deps } = fakes({ queue: { send: async () => Promise.reject(new Error('ServiceUnavailable')) } });

    // Act & Assess
    await expect(intakeCall(deps, CallRecordSchema.parse(callRecord()), RAW)).rejects.toThrow(
      'ServiceUnavailable',
    );
  });
});
