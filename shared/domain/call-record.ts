import * as z from 'zod/mini';
import { type Appeal, CaseTypeSchema, DispositionSchema, type QueuedCall, UrgencySchema } from './appeal.js';
import { deriveCaseId, deriveTrackingNo, hashPhone, maskPhone } from './identity.js';
import { shanghaiDate } from './working-days.js';

// 来电记录 call record: what the call centre (CTI) posts for every call, whether or not an agent
// typed an appeal. It feeds answerRate, answeredIn15sRate and abandonRate (DESIGN §7).

// The dispositions live beside the intake message, which carries them too.
export { DISPOSITIONS, type Disposition, DispositionSchema } from './appeal.js';

/**
 * A caller number as a CTI reports it: mobile or landline, with an optional +86 / 0086 prefix and
 * spaces or dashes. Normalised to its digits (landlines keep their leading 0 area code).
 */
export const CallerNumberSchema = z.pipe(
  z.pipe(
    z.string().check(z.trim(), z.maxLength(32)),
    z.transform((s: string) => s.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '')),
  ),
  z.string().check(z.regex(/^\d{7,15}$/, '须为 7–15 位电话号码（可带 +86）')),
);

const Instant = z.iso.datetime({ offset: true });
const CallIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,128}$/, '须为 1–128 个字符（A-Z a-z 0-9 _ . : -）'));

/** The appeal an agent typed during the call (受理), or a question answered on the call (直接办结). */
export const CallAppealSchema = z
  .strictObject({
    type: CaseTypeSchema,
    category: z.string().check(z.minLength(1), z.maxLength(64)),
    district: z.string().check(z.minLength(1), z.maxLength(64)),
    address: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    content: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
    urgency: z._default(UrgencySchema, 'normal'),
    /** The number the citizen asked to be called back on, when it is not the calling number. */
    callbackPhone: z.optional(CallerNumberSchema),
    name: z.optional(z.string().check(z.trim(), z.maxLength(50))),
    /** True when the agent resolved the appeal on the call; `reply` is what the citizen was told. */
    answeredDirectly: z._default(z.boolean(), false),
    reply: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
    /**
     * 依申请公开 by telephone: the request the agent wrote down and read back (request.ts
     * `DisclosureRequest` without `arrival`: the channel dates it by the call). Checked field by field
     * by the channel (disclosure/call-request.ts), so its problems come back with their codes.
     */
    disclosureRequest: z.optional(z.record(z.string(), z.unknown())),
  })
  .check(
    z.refine((a) => !a.answeredDirectly || Boolean(a.reply), {
      message: 'an appeal answered directly needs the reply given',
      path: ['reply'],
    }),
    z.refine((a) => !a.disclosureRequest || (a.type === 'disclosure' && !a.answeredDirectly), {
      message: '只有类型为依申请公开（disclosure）且未直接办结的诉求可以附带政府信息公开申请',
      path: ['disclosureRequest'],
    }),
  );
export type CallAppeal = z.infer<typeof CallAppealSchema>;

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
const notBefore = (later: string | undefined, earlier: string | undefined) =>
  later === undefined || earlier === undefined || (ms(later) as number) >= (ms(earlier) as number);

/**
 * The call record the CTI posts (documented in docs/channels.md). Unknown fields are refused so a typo
 * surfaces at integration time; the times must tell the same story as the disposition.
 */
export const CallRecordSchema = z
  .strictObject({
    callId: CallIdSchema,
    /** Absent when the number was withheld. */
    caller: z.optional(CallerNumberSchema),
    /** The line dialled: 12345, or a merged legacy hotline's number. */
    line: z.string().check(z.minLength(1), z.maxLength(32)),
    /** When the call reached the system (IVR); defaults to queuedAt. */
    startedAt: z.optional(Instant),
    queuedAt: z.optional(Instant),
    answeredAt: z.optional(Instant),
    endedAt: z.optional(Instant),
    disposition: DispositionSchema,
    agentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    recordingKey: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
    /** The CTI's time of this version of the record: of two versions, the later one wins. */
    recordedAt: Instant,
    /**
     * 漏接: why an IVR-only call never reached an agent when the caller needs one, as the call
     * centre's flow knows it: 非服务时间来电 after_hours (rang outside service hours), 转人工未接通
     * agent_requested (asked for an agent in the IVR, then hung up or was cut off before the queue).
     * Such a call gets a callback task; an IVR-only call without it was served by the menu.
     */
    missed: z.optional(z.enum(['after_hours', 'agent_requested'])),
    appeal: z.optional(CallAppealSchema),
    /**
     * 部署冒烟测试: a test call `npm run smoke` signs after a deploy. Stored (and its appeal becomes a
     * case) like any call, but counted in no call figure: only the holder of the signing secret can
     * send a record, so no citizen's call can be left out this way.
     */
    test: z.optional(z.boolean()),
  })
  .check(
    z.refine((r) => r.disposition === 'ivr_only' || r.queuedAt !== undefined, {
      message: 'an answered or abandoned call entered the queue: queuedAt is required',
      path: ['queuedAt'],
    }),
    z.refine((r) => r.disposition === 'answered' || r.answeredAt === undefined, {
      message: 'only an answered call has answeredAt',
      path: ['answeredAt'],
    }),
    z.refine((r) => r.disposition !== 'ivr_only' || r.queuedAt === undefined, {
      message: 'an ivr_only call never entered the queue: no queuedAt',
      path: ['queuedAt'],
    }),
    z.refine((r) => r.disposition !== 'answered' || r.answeredAt !== undefined, {
      message: 'an answered call needs answeredAt',
      path: ['answeredAt'],
    }),
    z.refine(
      (r) =>
        notBefore(r.queuedAt, r.startedAt) &&
        notBefore(r.answeredAt, r.queuedAt) &&
        notBefore(r.endedAt, r.answeredAt ?? r.queuedAt ?? r.startedAt),
      { message: 'times out of order (startedAt ≤ queuedAt ≤ answeredAt ≤ endedAt)', path: ['endedAt'] },
    ),
    z.refine((r) => r.missed === undefined || r.disposition === 'ivr_only', {
      message: 'only an ivr_only call carries missed (an abandoned call is missed by its disposition)',
      path: ['missed'],
    }),
    z.refine((r) => r.appeal === undefined || r.disposition === 'answered', {
      message: 'only an answered call carries an appeal',
      path: ['appeal'],
    }),
    z.refine((r) => r.appeal === undefined || Boolean(r.caller ?? r.appeal.callbackPhone), {
      message: 'an appeal needs the caller number or a callbackPhone',
      path: ['appeal', 'callbackPhone'],
    }),
  );
export type CallRecord = z.infer<typeof CallRecordSchema>;

const iso = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString());

/**
 * The cases-table item of a call: `CALL#<callId>` / `CALL`. Times are normalised to UTC ISO
 * strings so `recordedAt` orders versions as a plain string comparison in the conditional put.
 * The caller is kept as a keyed hash and a masked number only; `callerHash` is deliberately not
 * `callerKey`, whose index lists a caller's appeals (cases), not their calls.
 *
 * @example toCallItem(record, 'hash-key') // { pk: 'CALL#c-1', sk: 'CALL', day: '2026-11-23', … }
 */
export function toCallItem(record: CallRecord, contactHashKey: string): QueuedCall {
  const startedAt = iso(record.startedAt ?? record.queuedAt);
  // The day a call counts on, in Asia/Shanghai: the day it entered the queue (or the system).
  const dayOf = record.queuedAt ?? record.startedAt ?? record.endedAt ?? record.recordedAt;
  const item: QueuedCall = {
    pk: `CALL#${record.callId}`,
    sk: 'CALL',
    callId: record.callId,
    line: record.line,
    disposition: record.disposition,
    day: shanghaiDate(new Date(dayOf)),
    recordedAt: new Date(record.recordedAt).toISOString(),
    startedAt,
    queuedAt: iso(record.queuedAt),
    answeredAt: iso(record.answeredAt),
    endedAt: iso(record.endedAt),
    agentId: record.agentId,
    recordingKey: record.recordingKey,
  };
  if (record.missed) item.missedReason = record.missed;
  if (record.test === true) item.test = true;
  if (record.queuedAt && record.answeredAt) {
    item.waitSeconds = (Date.parse(record.answeredAt) - Date.parse(record.queuedAt)) / 1000;
  }
  if (record.caller) {
    item.callerHash = hashPhone(record.caller, contactHashKey);
    item.callerMasked = maskPhone(record.caller);
  }
  // The link to the call's case. Not its trackingNo: that attribute keys the citizens' status
  // index, which must list cases only.
  if (record.appeal) item.caseId = caseIdOfCall(record.callId);
  // No undefined attributes: the item goes through JSON on the queue and into DynamoDB as it is.
  for (const [k, v] of Object.entries(item)) if (v === undefined) delete item[k as keyof QueuedCall];
  return item;
}

/** One case per call: every version of a call's record derives the same case id. */
export function caseIdOfCall(callId: string): string {
  return deriveCaseId('hotline', callId);
}

/** An appeal is received when the agent took the call, so every version derives the same tracking number. */
function receivedAtOf(record: CallRecord): string {
  return record.answeredAt ?? record.queuedAt ?? record.recordedAt;
}

/** The appeal a call carries, or undefined. An appeal answered directly is created completed. */
export function toAppealFromCall(record: CallRecord, contactHashKey: string): Appeal | undefined {
  const typed = record.appeal;
  if (!typed) return undefined;
  const phone = (typed.callbackPhone ?? record.caller) as string;
  const caseId = caseIdOfCall(record.callId);
  const receivedAt = new Date(receivedAtOf(record));
  // The actor as the case history names people: `agent:<id>`.
  const agent = `agent:${record.agentId ?? 'unknown'}`;
  return {
    caseId,
    trackingNo: deriveTrackingNo(caseId, receivedAt),
    channel: 'hotline',
    sourceId: record.callId,
    receivedAt: receivedAt.toISOString(),
    type: typed.type,
    urgency: typed.urgency,
    category: typed.category,
    district: typed.district,
    ...(typed.address ? { address: typed.address } : {}),
    content: typed.content,
    contact: {
      phoneHash: hashPhone(phone, contactHashKey),
      phoneMasked: maskPhone(phone),
      ...(typed.name ? { name: typed.name } : {}),
      // The calling number as the network gives it is the caller's; a callback number an agent
      // typed from what the caller said is not proved.
      ...(record.caller && phone === record.caller ? { verifiedBy: 'network_caller' as const } : {}),
    },
    attachments: [],
    ...(typed.answeredDirectly && typed.reply
      ? {
          resolution: {
            // Resolved when the call ended; an open-ended record falls back to its version time.
            at: new Date(record.endedAt ?? record.recordedAt).toISOString(),
            by: agent,
            reply: typed.reply,
          },
        }
      : {}),
  };
}
