import type { CallAppeal } from '../../../../shared/domain/call-record';
import { request } from './http';
import type { CaseSummary } from './types';

// 坐席: the agent's answered calls, a call's caller history, the appeal typed for a call.

export interface AgentCall {
  readonly callId: string;
  readonly line: string;
  /** Never the clear number: 138****5678. */
  readonly callerMasked?: string;
  readonly answeredAt: string;
  readonly endedAt?: string;
  readonly disposition: string;
  readonly trackingNo?: string;
  readonly caseId?: string;
}

export function agentCalls(agentId?: string): Promise<{ items: AgentCall[] }> {
  return request('/v1/agent/calls', { query: { agentId } });
}

export function callOf(callId: string): Promise<{ call: AgentCall; callerCases: CaseSummary[] }> {
  return request(`/v1/calls/${encodeURIComponent(callId)}`);
}

export type CallAppealInput = Partial<CallAppeal> & Pick<CallAppeal, 'category' | 'district' | 'content'>;

export function submitCallAppeal(
  callId: string,
  appeal: CallAppealInput,
): Promise<{ trackingNo: string; caseId: string }> {
  return request(`/v1/calls/${encodeURIComponent(callId)}/appeal`, { method: 'POST', body: appeal });
}

export function classify(text: string): Promise<{ category: string; district: string; type: string }> {
  return request('/v1/classify', { method: 'POST', body: { text } });
}
