import type { Rating } from '../shared/domain/index.js';

// What the demo city's handlers, supervisors and citizens write: invented, in the words a 12345
// centre's staff and callers use.

/** 办结 replies to the citizen. */
export const REPLIES: readonly string[] = [
  '经现场核查，您反映的问题已处理完毕，感谢您对我们工作的监督。',
  '已安排工作人员上门处理，现已恢复正常，如有问题请再次来电。',
  '已协调相关责任单位完成整改，后续将加强日常巡查。',
  '经调查核实，已责令责任单位限期整改，复查合格。',
  '已电话联系您说明处理情况及相关政策依据，问题已解决。',
  '已组织执法人员现场处置，对相关违规行为依法作出处理。',
];

/** 重办 replies: the second round says what was done again. */
export const REOPEN_REPLIES: readonly string[] = [
  '根据您的意见已重新组织处理，并经现场复查确认问题已解决。',
  '已再次上门核实并整改到位，工作人员已当面向您说明。',
];

/** Internal notes that stay in the history. */
export const INTERNAL_NOTES: readonly string[] = ['现场照片已存档', '已电话回访确认', '整改记录见附件'];

/** 延期 reasons. */
export const EXTENSION_REASONS: readonly string[] = [
  '需协调多个部门现场会商，原期限内无法办结',
  '涉及施工单位整改，需延长办理时限',
  '需等待第三方检测结果',
];

/** 退单 notes, by reason code. */
export const RETURN_NOTES: Readonly<Record<'wrong_district' | 'not_our_responsibility', string>> = {
  wrong_district: '经核实，诉求地点不在本单位辖区',
  not_our_responsibility: '该事项不属于本单位职责范围',
};

/** 回访 comments, by rating. */
export const FEEDBACK_COMMENTS: Readonly<Record<Rating, readonly string[]>> = {
  satisfied: ['处理及时，非常满意', '工作人员态度很好，谢谢', '问题已经解决了'],
  basically_satisfied: ['基本解决了，希望加强后续巡查', '处理有点慢，但结果还可以'],
  dissatisfied: ['问题没有解决，仍然存在', '答复敷衍，没有实际处理'],
};

export const REOPEN_NOTE = '市民对办理结果不满意，请重新办理';
export const REJECT_EXTENSION_NOTE = '理由不充分，请按原期限办结';
/** 强制归档 notes: a supervisor must say why. */
export const FORCE_CLOSE_NOTES = {
  dissatisfied: '经督办复核，已依政策答复到位，诉求超出政策范围，予以归档',
  waiting: '市民来电撤回诉求，经核实予以归档',
} as const;
