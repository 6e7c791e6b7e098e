import type { CaseType, Urgency } from '../../../../../shared/domain/appeal';
import { REPLY_MAX_CHARS } from '../../../../../shared/domain/lifecycle/limits';
import type { CallAppealInput } from '../../api/agent';

// 坐席录入 the appeal an agent types while talking: the form's fields as the draft keeps them (plain
// strings, so a reload restores exactly what was typed), their checks, and the request they make.

/** The form as typed. Empty strings mean "not chosen yet" (a suggestion may fill them). */
export interface AppealDraft {
  type: CaseType | '';
  category: string;
  district: string;
  address: string;
  content: string;
  urgency: Urgency;
  callbackPhone: string;
  name: string;
  /** 直接答复: the agent answered it on the call; `reply` is what the caller was told. */
  answeredDirectly: boolean;
  reply: string;
}

export type DraftField = keyof AppealDraft;

/** The bounds of CallAppealSchema (shared/domain/call-record.ts), which the console may not import. */
export const APPEAL_LIMITS = {
  address: 200,
  content: 4000,
  name: 50,
  reply: REPLY_MAX_CHARS,
} as const;

export function emptyDraft(): AppealDraft {
  return {
    type: '',
    category: '',
    district: '',
    address: '',
    content: '',
    urgency: 'normal',
    callbackPhone: '',
    name: '',
    answeredDirectly: false,
    reply: '',
  };
}

/** One draft per signed-in user and call: two agents on one browser never see each other's typing. */
export function draftKey(userSub: string, callId: string): string {
  return `agent:${userSub}:${callId}`;
}

/** As the CTI's numbers are read (CallerNumberSchema): +86 / 0086, spaces, dashes and brackets go. */
export function normalisePhone(input: string): string {
  return input
    .trim()
    .replace(/[\s()-]/g, '')
    .replace(/^(\+86|0086)/, '');
}

/**
 * What is missing or wrong, by field, in Chinese; empty when the draft can be submitted. The API
 * checks the same again (a 400 names the field); checking here saves the caller a wait on the line.
 */
export function draftErrors(draft: AppealDraft): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  if (!draft.content.trim()) errors.content = '请填写诉求内容';
  else if (draft.content.trim().length > APPEAL_LIMITS.content)
    errors.content = `诉求内容最多 ${APPEAL_LIMITS.content} 字`;
  if (!draft.type) errors.type = '请选择诉求类型';
  if (!draft.category) errors.category = '请选择问题类别';
  if (!draft.district) errors.district = '请选择所属区域';
  if (draft.address.trim().length > APPEAL_LIMITS.address)
    errors.address = `地址最多 ${APPEAL_LIMITS.address} 字`;
  // Required by the desk: the call keeps the calling number only hashed, so the agent types the one
  // to call back (the number on the softphone, or another the caller gives).
  const phone = normalisePhone(draft.callbackPhone);
  if (!phone) errors.callbackPhone = '请填写回拨电话（软电话显示的来电号码或来电人提供的号码）';
  else if (!/^\d{7,15}$/.test(phone)) errors.callbackPhone = '回拨电话须为 7–15 位数字（可带 +86）';
  if (draft.name.trim().length > APPEAL_LIMITS.name) errors.name = `姓名最多 ${APPEAL_LIMITS.name} 字`;
  if (draft.answeredDirectly) {
    if (!draft.reply.trim()) errors.reply = '直接答复须填写告知来电人的答复内容';
    else if (draft.reply.trim().length > APPEAL_LIMITS.reply)
      errors.reply = `答复内容最多 ${APPEAL_LIMITS.reply} 字`;
  }
  return errors;
}

/** The order the form shows its fields in: the first field with an error takes the focus. */
export const FIELD_ORDER: readonly DraftField[] = [
  'content',
  'type',
  'category',
  'district',
  'address',
  'callbackPhone',
  'urgency',
  'name',
  'answeredDirectly',
  'reply',
];

/**
 * The body of POST /v1/calls/{callId}/appeal: trimmed, optional fields left out when empty, the
 * reply only with a direct answer (a dispatched appeal carries none).
 *
 * @example toAppealRequest({ ...emptyDraft(), type: 'help', category: 'water-supply', district: 'gulou', content: ' 停水 ' })
 * // { type: 'help', category: 'water-supply', district: 'gulou', content: '停水', urgency: 'normal', answeredDirectly: false }
 */
export function toAppealRequest(draft: AppealDraft): CallAppealInput {
  const address = draft.address.trim();
  const phone = normalisePhone(draft.callbackPhone);
  const name = draft.name.trim();
  const reply = draft.reply.trim();
  return {
    ...(draft.type ? { type: draft.type } : {}),
    category: draft.category,
    district: draft.district,
    ...(address ? { address } : {}),
    content: draft.content.trim(),
    urgency: draft.urgency,
    ...(phone ? { callbackPhone: phone } : {}),
    ...(name ? { name } : {}),
    answeredDirectly: draft.answeredDirectly,
    ...(draft.answeredDirectly && reply ? { reply } : {}),
  };
}
