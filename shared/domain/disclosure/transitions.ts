// 依申请公开: the disclosure actions' guards and effects, spread into the lifecycle's transition table
// (lifecycle/transitions.ts). SEAM: the effects below are placeholders until the disclosure
// lifecycle slice lands; every guard refuses a case that is not a disclosure request.
import type { Case } from '../case.js';
import { ACTION_RULES } from '../lifecycle/action-rules.js';
import type { ActionName, Refusal } from '../lifecycle/actions.js';
import type { Transition } from '../lifecycle/transitions.js';

type DisclosureActionName =
  | 'register'
  | 'assign_responsible'
  | 'consult_third_party'
  | 'record_third_party_opinion'
  | 'draft_reply'
  | 'approve_reply'
  | 'reject_reply'
  | 'record_review';

function onlyDisclosure(k: Case): Refusal | undefined {
  return k.type === 'disclosure' && k.disclosure
    ? undefined
    : { code: 'not_a_disclosure_request', message: '该工单不是政府信息公开申请' };
}

function placeholder<N extends ActionName>(name: N): Pick<Transition<N>, 'guard' | 'effect'> {
  return {
    guard: (k) => onlyDisclosure(k) ?? { code: 'invalid_input', message: `${name} 尚未实现` },
    effect: () => {
      throw new Error(`${name}: not implemented`);
    },
  };
}

export const DISCLOSURE_TRANSITIONS: { readonly [N in DisclosureActionName]: Transition<N> } = {
  register: { ...ACTION_RULES.register, ...placeholder('register') },
  assign_responsible: { ...ACTION_RULES.assign_responsible, ...placeholder('assign_responsible') },
  consult_third_party: { ...ACTION_RULES.consult_third_party, ...placeholder('consult_third_party') },
  record_third_party_opinion: {
    ...ACTION_RULES.record_third_party_opinion,
    ...placeholder('record_third_party_opinion'),
  },
  draft_reply: { ...ACTION_RULES.draft_reply, ...placeholder('draft_reply') },
  approve_reply: { ...ACTION_RULES.approve_reply, ...placeholder('approve_reply') },
  reject_reply: { ...ACTION_RULES.reject_reply, ...placeholder('reject_reply') },
  record_review: { ...ACTION_RULES.record_review, ...placeholder('record_review') },
};
