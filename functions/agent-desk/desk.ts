// 坐席: the agent's calls, one call with the caller's earlier cases, the appeal typed for a call,
// and the classifier's suggestion. Reads and decides here; the intake queue does the writing.
import type { AppealQueue } from '../../shared/adapters/appeal-queue.js';
import { enterCallAppeal, typistOf } from '../../shared/adapters/call-appeal-entry.js';
import type { CallReader } from '../../shared/adapters/call-store.js';
import type { CaseRef } from '../../shared/adapters/case-refs.js';
import type { MarkOutcome, RequestMark } from '../../shared/adapters/request-marks.js';
import { checkDeskCallReferences } from '../../shared/channels/hotline.js';
import { callAppealMessage, recordWithAppeal } from '../../shared/domain/call-appeal.js';
import { type CallAppeal, caseIdOfCall } from '../../shared/domain/call-record.js';
import {
  type Case,
  type CaseType,
  caseSummaryOf,
  classifyCategory,
  type Directory,
  findDistrict,
  guessType,
  type QueuedCall,
} from '../../shared/domain/index.js';
import { HttpError, NotFoundError, UnprocessableEntityError } from '../../shared/http/errors.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';

export interface AgentDeskDeps {
  readonly calls: CallReader;
  readonly cases: {
    getById(caseId: string): Promise<Case | undefined>;
    latestByCaller(callerKey: string, limit: number): Promise<Case[]>;
  };
  readonly refs: { of(caseIds: readonly string[]): Promise<Map<string, CaseRef>> };
  readonly queue: AppealQueue;
  readonly marks: { markOnce(mark: RequestMark, now: Date): Promise<MarkOutcome> };
  readonly directory: () => Promise<Directory>;
  readonly contactHashKey: () => Promise<string>;
  /** 依申请公开 typed for a call: the identity hash key (asked for only when a request is typed). */
  readonly identityHashKey?: () => Promise<string>;
  readonly now: () => Date;
}

/** How far back the agent's list reaches: one long shift. */
export const AGENT_CALLS_WINDOW_MS = 12 * 3600_000;
/** An agent answers well under this in 12 hours; the list is one Query. */
export const AGENT_CALLS_LIMIT = 200;
/** The caller's earlier cases shown beside the call, newest first. */
export const CALLER_CASES_LIMIT = 20;

/** A call as the desk shows it: the number masked only (never in clear, never its hash). */
function callView(call: QueuedCall, ref: CaseRef | undefined) {
  return {
    callId: call.callId,
    line: call.line,
    ...(call.callerMasked ? { callerMasked: call.callerMasked } : {}),
    ...(call.queuedAt ? { queuedAt: call.queuedAt } : {}),
    ...(call.answeredAt ? { answeredAt: call.answeredAt } : {}),
    ...(call.endedAt ? { endedAt: call.endedAt } : {}),
    ...(call.waitSeconds !== undefined ? { waitSeconds: call.waitSeconds } : {}),
    disposition: call.disposition,
    ...(call.agentId ? { agentId: call.agentId } : {}),
    ...(ref ? { caseId: ref.caseId, trackingNo: ref.trackingNo, caseStatus: ref.status } : {}),
  };
}

/**
 * The agent's answered calls of the last 12 hours, newest first, each with its case once the case
 * exists (whether the CTI's record or the desk brought the appeal).
 */
export async function listAgentCalls(deps: AgentDeskDeps, agentId: string) {
  const since = new Date(deps.now().getTime() - AGENT_CALLS_WINDOW_MS);
  const calls = await deps.calls.listAnsweredBy(agentId, since, AGENT_CALLS_LIMIT);
  const refs = await deps.refs.of(calls.map((c) => caseIdOfCall(c.callId)));
  return { items: calls.map((c) => callView(c, refs.get(caseIdOfCall(c.callId)))) };
}

const callNotFound = () => new NotFoundError('call_not_found', '未找到该来电记录');

/** The call, and the caller's earlier cases by the keyed caller hash (none for a withheld number). */
export async function readCall(deps: AgentDeskDeps, callId: string) {
  const call = await deps.calls.get(callId);
  if (!call) throw callNotFound();
  const caseId = caseIdOfCall(callId);
  const [own, earlier] = await Promise.all([
    deps.cases.getById(caseId),
    call.callerHash
      ? deps.cases.latestByCaller(`CALLER#${call.callerHash}`, CALLER_CASES_LIMIT + 1)
      : Promise.resolve([]),
  ]);
  const ref = own ? { caseId, trackingNo: own.trackingNo, status: own.status } : undefined;
  return {
    call: callView(call, ref),
    callerCases: earlier
      .filter((c) => c.caseId !== caseId)
      .slice(0, CALLER_CASES_LIMIT)
      .map((kase) => caseSummaryOf(kase)),
  };
}

/**
 * 坐席录入: the appeal typed for a call, queued as the CTI's record carrying it would queue it (the
 * same case id, tracking number and contact), acknowledged only once the queue holds it.
 *
 * Order of the checks, each a refusal that writes nothing: the call exists (404), it is the agent's
 * own (403; a supervisor may enter any), it was answered (409), a number to call back is given (422:
 * the calling number is kept only as a keyed hash, so the server cannot give it back), the category
 * and district are the directory's (422). Then: a case that exists answers for itself (the same
 * appeal → its numbers, another → 409), as does one the CTI's record brought that is not a case yet
 * (409); otherwise the appeal is marked once with its hash, so a second, different appeal for the
 * call is refused even before the first became a case.
 */
export async function submitCallAppeal(
  deps: AgentDeskDeps,
  input: { callId: string; typed: CallAppeal; staff: StaffClaims },
): Promise<{ trackingNo: string; caseId: string; outcome: 'queued' | 'exists' }> {
  const { callId, typed, staff } = input;
  const call = await deps.calls.get(callId);
  if (!call) throw callNotFound();
  if (staff.role !== 'supervisor' && (!staff.agentId || call.agentId !== staff.agentId)) {
    throw new HttpError(403, 'forbidden', '只能为自己接听的来电录入诉求');
  }
  if (call.disposition !== 'answered') {
    throw new HttpError(409, 'call_not_answered', '该来电未被接听，不能录入诉求');
  }
  if (!typed.callbackPhone) {
    throw new UnprocessableEntityError(
      'callback_phone_required',
      '请填写回拨电话：来电号码只以加密摘要保存，系统无法还原（与来电号码相同时请照填来电号码）',
    );
  }
  const hashKey = await deps.contactHashKey();
  const directory = await deps.directory();
  checkDeskCallReferences(recordWithAppeal(call, typed, hashKey), directory);
  // 依申请公开 by telephone (validated above: 422 invalid_request with the problems).
  const disclosure =
    typed.disclosureRequest && deps.identityHashKey
      ? { disclosure: { identityHashKey: await deps.identityHashKey(), directory } }
      : {};
  const message = callAppealMessage(call, typed, hashKey, {
    by: typistOf(staff),
    via: 'agent-desk',
    ...disclosure,
  });
  const entered = await enterCallAppeal(deps, {
    callId,
    typed,
    contactHashKey: hashKey,
    message,
    recordCarriesAppeal: call.caseId !== undefined,
    now: deps.now(),
  });
  if (entered.outcome === 'other_appeal') throw appealExists();
  return entered;
}

const appealExists = () =>
  new HttpError(409, 'appeal_exists', '该来电已录入了另一份诉求，不能重复录入；如需补充请在工单上操作');

/** The classifier's suggestion for the words typed so far: category, district and type. */
export function classify(directory: Directory, text: string) {
  const category = classifyCategory(text, directory);
  const district = findDistrict(text, directory);
  const type: CaseType = guessType(text, directory.categories.get(category));
  const categoryName = directory.categories.get(category)?.name;
  const districtName = directory.districts.get(district)?.name;
  return {
    category,
    district,
    type,
    ...(categoryName ? { categoryName } : {}),
    ...(districtName ? { districtName } : {}),
  };
}
