import type { CaseType, Channel } from '../appeal.js';
import type { CloseReason, Rating } from '../lifecycle/fields.js';

// The Chinese names the dossier page shows. A code with no entry is shown as it is, so a new
// action still renders (and the page never hides what the history says).

export const TYPE_TEXT: Readonly<Record<CaseType, string>> = {
  complaint: '投诉',
  help: '求助',
  consultation: '咨询',
  suggestion: '建议',
  report: '举报',
  praise: '表扬',
  disclosure: '依申请公开',
};

export const CHANNEL_TEXT: Readonly<Record<Channel, string>> = {
  webform: '网上表单',
  hotline: '12345 热线',
  wechat: '微信公众号',
};

export const URGENCY_TEXT: Readonly<Record<string, string>> = { normal: '一般', urgent: '紧急' };

export const RATING_TEXT: Readonly<Record<Rating, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const CLOSE_REASON_TEXT: Readonly<Record<CloseReason, string>> = {
  rated: '市民已评价',
  no_response: '回访期满未评价',
  follow_up_window_elapsed: '回访期满',
  supervisor: '督办人员强制归档',
};

export const ACTION_TEXT: Readonly<Record<string, string>> = {
  receive: '受理',
  await_dispatch: '待派单',
  dispatch: '派单',
  redispatch: '改派',
  acknowledge: '签收',
  return: '退单',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  pause: '中止计时',
  resume: '恢复计时',
  complete: '办结',
  rate: '回访评价',
  reopen: '重办',
  close: '归档',
  merge: '并单',
  link_duplicate: '关联重复工单',
  warn: '预警',
  remind: '催办',
  mark_overdue: '逾期',
};

export const OBJECT_KIND_TEXT = { raw: '原始报文', attachment: '附件' } as const;
