import { ACTION_TEXT } from '../../../../../../shared/domain/labels';
import type { ActionName } from '../../../../../../shared/domain/lifecycle/actions';
import Acknowledge from './acknowledge';
import type { ActionEntry } from './action-props';
import AnswerCorrection from './answer-correction';
import ApproveExtension from './approve-extension';
import ApproveReply from './approve-reply';
import AssignResponsible from './assign-responsible';
import Close from './close';
import CloseUncorrected from './close-uncorrected';
import Complete from './complete';
import ConsultThirdParty from './consult-third-party';
import Dispatch from './dispatch';
import DraftReply from './draft-reply';
import LegalHold from './legal-hold';
import Merge from './merge';
import Pause from './pause';
import RecordReview from './record-review';
import RecordThirdPartyOpinion from './record-third-party-opinion';
import Redispatch from './redispatch';
import Register from './register';
import RejectExtension from './reject-extension';
import RejectReply from './reject-reply';
import Remind from './remind';
import Reopen from './reopen';
import RequestCorrection from './request-correction';
import RequestExtension from './request-extension';
import Resume from './resume';
import Return from './return';

export type { ActionEntry } from './action-props';

/**
 * The actions the case page offers, in the order of its buttons: action name → its component.
 * Which of them a user sees is the transition table's (available-actions.ts). Another action is
 * added as one file in this folder and one row here.
 */
export const ACTIONS: Partial<Record<ActionName, ActionEntry>> = {
  // 依申请公开 first: on a disclosure request its steps lead (available-actions.ts offers them there only)
  register: { label: ACTION_TEXT.register, tone: 'primary', component: Register },
  assign_responsible: { label: ACTION_TEXT.assign_responsible, component: AssignResponsible },
  consult_third_party: { label: ACTION_TEXT.consult_third_party, component: ConsultThirdParty },
  record_third_party_opinion: { label: '记录第三方意见', component: RecordThirdPartyOpinion },
  draft_reply: { label: ACTION_TEXT.draft_reply, tone: 'primary', component: DraftReply },
  approve_reply: { label: '审核', tone: 'primary', component: ApproveReply },
  reject_reply: { label: '退回答复稿', component: RejectReply },
  record_review: { label: ACTION_TEXT.record_review, component: RecordReview },
  // 承办
  acknowledge: { label: '签收', tone: 'primary', component: Acknowledge },
  complete: { label: '办结', tone: 'primary', component: Complete },
  request_extension: { label: '申请延期', component: RequestExtension },
  request_correction: { label: '要求补正', component: RequestCorrection },
  pause: { label: '中止计时', component: Pause },
  resume: { label: '恢复计时', component: Resume },
  return: { label: '退单', tone: 'danger', component: Return },
  // 派单
  dispatch: { label: '派单', tone: 'primary', component: Dispatch },
  redispatch: { label: '改派', tone: 'primary', component: Redispatch },
  merge: { label: '并单', component: Merge },
  // 坐席: the citizen's answer to a 补正, given on the phone
  answer_correction: { label: '补正答复（电话代录）', tone: 'primary', component: AnswerCorrection },
  // 督办
  approve_extension: { label: '批准延期', tone: 'primary', component: ApproveExtension },
  reject_extension: { label: '驳回延期', component: RejectExtension },
  reopen: { label: '重办', tone: 'primary', component: Reopen },
  remind: { label: ACTION_TEXT.remind, component: Remind },
  close_uncorrected: { label: ACTION_TEXT.close_uncorrected, tone: 'danger', component: CloseUncorrected },
  close: { label: '强制归档', tone: 'danger', component: Close },
  // 法律保全 on an archived case: set or lifted, the dialog says which (legal-hold.tsx)
  legal_hold: { label: ACTION_TEXT.legal_hold, component: LegalHold },
};

/** The registered action names, in button order. */
export const OFFERED_ACTIONS = Object.keys(ACTIONS) as ActionName[];
