import * as z from 'zod/mini';

// Amazon Connect contact records (CTRs, format 2017-03-10) mapped onto the call record model.
// AWS adds fields over time and asks consumers to ignore them, so this schema is not strict.

const Instant = z.iso.datetime({ offset: true });
const Text = z.string().check(z.maxLength(4000));

export const ConnectCtrSchema = z.object({
  ContactId: z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/)),
  Channel: z.string().check(z.maxLength(32)),
  InitiationMethod: z.string().check(z.maxLength(32)),
  InitiationTimestamp: Instant,
  DisconnectTimestamp: z.nullish(Instant),
  LastUpdateTimestamp: Instant,
  CustomerEndpoint: z.nullish(z.object({ Address: z.nullish(z.string().check(z.maxLength(64))) })),
  SystemEndpoint: z.nullish(z.object({ Address: z.nullish(z.string().check(z.maxLength(64))) })),
  Queue: z.nullish(
    z.object({
      EnqueueTimestamp: z.nullish(Instant),
      Name: z.nullish(z.string().check(z.maxLength(256))),
    }),
  ),
  Agent: z.nullish(
    z.object({
      ConnectedToAgentTimestamp: z.nullish(Instant),
      Username: z.nullish(z.string().check(z.maxLength(128))),
      ARN: z.nullish(z.string().check(z.maxLength(512))),
    }),
  ),
  Recording: z.nullish(z.object({ Location: z.nullish(z.string().check(z.maxLength(1024))) })),
  /** Contact attributes the contact flow or the agent's desktop set: strings only. */
  Attributes: z.nullish(z.record(z.string(), Text)),
});
export type ConnectCtr = z.infer<typeof ConnectCtrSchema>;

/** Contacts that are citizens calling in; outbound follow-up calls and chats are not hotline calls. */
const INBOUND_METHODS = new Set(['INBOUND', 'TRANSFER', 'QUEUE_TRANSFER', 'CALLBACK']);

export type CtrMapping = { kind: 'call'; record: unknown } | { kind: 'ignored'; reason: string };

/**
 * A CTR as the documented call record (`CallRecord`'s shape, still to be validated with `CallRecordSchema`, so both
 * paths share every rule). Disposition: connected to an agent → answered; queued and never
 * connected → abandoned; never queued → ivr_only.
 *
 * @example fromConnectCtr(ctr) // { kind: 'call', record: { callId: ctr.ContactId, disposition: 'abandoned', … } }
 */
export function fromConnectCtr(ctr: ConnectCtr): CtrMapping {
  if (ctr.Channel !== 'VOICE') return { kind: 'ignored', reason: `channel ${ctr.Channel}` };
  if (!INBOUND_METHODS.has(ctr.InitiationMethod)) {
    return { kind: 'ignored', reason: `initiation ${ctr.InitiationMethod}` };
  }
  const queuedAt = ctr.Queue?.EnqueueTimestamp ?? undefined;
  const answeredAt = ctr.Agent?.ConnectedToAgentTimestamp ?? undefined;
  const disposition = answeredAt ? 'answered' : queuedAt ? 'abandoned' : 'ivr_only';
  const attributes = ctr.Attributes ?? {};
  const agentId = ctr.Agent?.Username ?? ctr.Agent?.ARN?.split('/').pop() ?? undefined;
  // Unchecked on purpose: CallRecordSchema validates it next, with the same messages as a record.
  const record: Record<string, unknown> = {
    callId: ctr.ContactId,
    line: ctr.SystemEndpoint?.Address ?? ctr.Queue?.Name ?? 'connect',
    startedAt: ctr.InitiationTimestamp,
    disposition,
    recordedAt: ctr.LastUpdateTimestamp,
    ...(ctr.CustomerEndpoint?.Address ? { caller: ctr.CustomerEndpoint.Address } : {}),
    ...(queuedAt ? { queuedAt } : {}),
    ...(answeredAt ? { answeredAt } : {}),
    ...(ctr.DisconnectTimestamp ? { endedAt: ctr.DisconnectTimestamp } : {}),
    ...(agentId ? { agentId } : {}),
    ...(ctr.Recording?.Location ? { recordingKey: ctr.Recording.Location } : {}),
  };
  // 漏接: the contact flow sets `missedReason` (after_hours, agent_requested) on the branch where an
  // IVR-only caller still needed an agent. Only such a contact carries it; any other value is held to
  // the record's rule (422), so a typo in a flow surfaces at integration time.
  if (disposition === 'ivr_only' && attributes.missedReason) record.missed = attributes.missedReason;
  // The agent's desktop sets `content` when it records an appeal; without it the call has none.
  if (disposition === 'answered' && attributes.content) {
    record.appeal = {
      type: attributes.appealType,
      category: attributes.category,
      district: attributes.district,
      content: attributes.content,
      ...(attributes.address ? { address: attributes.address } : {}),
      ...(attributes.urgency ? { urgency: attributes.urgency } : {}),
      ...(attributes.callbackPhone ? { callbackPhone: attributes.callbackPhone } : {}),
      ...(attributes.answeredDirectly === 'true' ? { answeredDirectly: true } : {}),
      ...(attributes.reply ? { reply: attributes.reply } : {}),
    };
  }
  return { kind: 'call', record };
}
