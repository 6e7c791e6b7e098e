// 术语表 the glossary: every name a person reads for a code of the domain, in one place, so the
// dossier, the directory, the metrics CSV, the dashboards, the citizen page, the WeChat replies and
// every later screen say the same thing. Each table is keyed by the domain's own union, so a new
// status, type, channel, rating, rate or action does not compile until it has its name here.
//
// The dossier renders these into dossier.html, and `verify-archive` renders an archived dossier
// again and compares the bytes: a label the dossier shows (status, type, urgency, channel, rating,
// close reason, SLA outcome, action, object kind) cannot change without breaking the verification
// of every dossier already archived. test/unit/domain/labels.test.ts pins those.
import type { CaseType, Channel, Urgency } from './appeal.js';
import type { CallbackAction, CallbackOutcome, CallbackStatus, MissedReason } from './callbacks/task.js';
import type { Case, CaseStatus } from './case.js';
import type { IdentityDocumentKind } from './disclosure/identity-numbers.js';
import type { ArrivalWay } from './disclosure/receipt-date.js';
import type { RegisterDecision } from './disclosure/register.js';
import type {
  DisclosedVia,
  NotHeldKind,
  PartGround,
  ProvisionForm,
  ReferralKind,
  SubmissionWay,
} from './disclosure/reply.js';
import type { DeliveryWay, InformationMedium, RepresentativeRole } from './disclosure/request.js';
import type {
  ApplicantKind,
  DisclosureOutcome,
  OutcomeGroup,
  ReviewKind,
  ReviewResult,
} from './disclosure/template.js';
import type { ArchivedObject } from './dossier/dossier.js';
import type { ActionName, ReturnReason } from './lifecycle/actions.js';
import type {
  CloseReason,
  FeedbackVia,
  FOLLOW_UP_CALL_ATTEMPT_OUTCOMES,
  FOLLOW_UP_CALL_OUTCOMES,
  PauseReason,
  Rating,
} from './lifecycle/fields.js';
import type { CounterName } from './metrics/counters.js';
import type { RateName } from './metrics/rates.js';
import type { CaseNoticeKind, NoticeState } from './notices/notice.js';
import type { ReleaseActionName } from './releases/actions.js';
import type { Timeliness } from './releases/due-on.js';
import type { ReleaseKind, ReleaseState } from './releases/release.js';
import type { StaffRole } from './staff-roles.js';

/** 受理, 待派单 and 疑似重复: the history entries intake writes, before any lifecycle action. */
export const INTAKE_ACTIONS = ['receive', 'await_dispatch', 'flag_duplicate'] as const;
/** 领取回访: the follow-up call list's take, which shows the caller's number to its actor. */
export const FOLLOW_UP_CALL_ACTIONS = ['take_follow_up_call'] as const;
/** Every action a case's history records: intake's, the lifecycle's, and the call list's take. */
export type HistoryAction =
  | (typeof INTAKE_ACTIONS)[number]
  | ActionName
  | (typeof FOLLOW_UP_CALL_ACTIONS)[number];

/**
 * 办理状态: what a citizen (status lookup, WeChat, feedback page) and the dossier call a status.
 *
 * @example
 * STATUS_TEXT.dispatched // '已派单'
 */
export const STATUS_TEXT: Readonly<Record<CaseStatus, string>> = {
  received: '已受理',
  pending_dispatch: '待派单',
  dispatched: '已派单',
  acknowledged: '办理中',
  returned: '重新派单中',
  completed: '已办结，待回访',
  dissatisfied: '不满意，复核中',
  reopened: '重新办理中',
  closed: '已归档',
  merged: '已并入其他工单',
};

/** 诉求类型 in the citizens' words: the web form's choices, the dossier. */
export const TYPE_TEXT: Readonly<Record<CaseType, string>> = {
  complaint: '投诉',
  help: '求助',
  consultation: '咨询',
  suggestion: '建议',
  report: '举报',
  praise: '表扬',
  disclosure: '依申请公开',
};

/** 受理渠道: the dossier, the metrics grouped by channel, their CSV. */
export const CHANNEL_TEXT: Readonly<Record<Channel, string>> = {
  webform: '网上表单',
  hotline: '12345 热线',
  wechat: '微信公众号',
  office: '来信来访',
};

/** 紧急程度. */
export const URGENCY_TEXT: Readonly<Record<Urgency, string>> = { normal: '一般', urgent: '紧急' };

/** 回访评价: the citizen's rating, as the feedback page offers it and the dossier records it. */
export const RATING_TEXT: Readonly<Record<Rating, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

/**
 * How a rating was taken (评价方式): the split of the satisfaction rate, the dossier. Shown only for
 * ratings that record it, so dossiers archived before it render as they did.
 */
export const FEEDBACK_VIA_TEXT: Readonly<Record<FeedbackVia, string>> = {
  web: '网页评价',
  wechat: '微信评价',
  phone: '电话回访',
};

/** One call of the follow-up call list (电话回访), as the list and the dossier show it. */
export const FOLLOW_UP_CALL_ATTEMPT_TEXT: Readonly<
  Record<(typeof FOLLOW_UP_CALL_ATTEMPT_OUTCOMES)[number], string>
> = {
  rated: '已评价',
  not_reached: '未接通',
  refused: '拒绝评价',
};

/** Where the follow-up call list ended with a case. */
export const FOLLOW_UP_CALL_OUTCOME_TEXT: Readonly<Record<(typeof FOLLOW_UP_CALL_OUTCOMES)[number], string>> =
  {
    rated: '已评价',
    refused: '拒绝评价',
    unreachable: '未联系上',
  };

/** 漏接回拨: why a call needs a callback. */
export const MISSED_REASON_TEXT: Readonly<Record<MissedReason, string>> = {
  queue_abandoned: '排队放弃',
  after_hours: '非服务时间来电',
  agent_requested: '转人工未接通',
};

/** 回拨结果: one attempt's outcome. */
export const CALLBACK_OUTCOME_TEXT: Readonly<Record<CallbackOutcome, string>> = {
  reached: '回拨成功',
  no_answer: '无人接听',
  wrong_number: '号码错误',
  refused: '拒接',
};

/** 回拨任务状态. */
export const CALLBACK_STATUS_TEXT: Readonly<Record<CallbackStatus, string>> = {
  open: '待回拨',
  reached: '已回拨',
  caller_got_through: '来电已接通',
  failed: '未回拨成功',
};

/** What a callback task's history records. */
export const CALLBACK_ACTION_TEXT: Readonly<Record<CallbackAction, string>> = {
  opened: '生成回拨任务',
  joined: '再次漏接',
  taken: '领取回拨',
  attempted: '回拨',
  warned: '回拨预警',
  overdue: '回拨超时',
  closed: '结束回拨',
  erased: '号码已删除',
};

/** 依申请公开: the annual report's applicant columns (申请人情况). */
export const APPLICANT_KIND_TEXT: Readonly<Record<ApplicantKind, string>> = {
  natural_person: '自然人',
  commercial_enterprise: '商业企业',
  research_institution: '科研机构',
  public_interest_organisation: '社会公益组织',
  legal_service_institution: '法律服务机构',
  other_organisation: '其他',
};

/** 依申请公开: the annual report's outcome groups, numbered as in the template. */
export const OUTCOME_GROUP_TEXT: Readonly<Record<OutcomeGroup, string>> = {
  disclosed: '（一）予以公开',
  partly_disclosed: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  withheld: '（三）不予公开',
  unavailable: '（四）无法提供',
  not_processed: '（五）不予处理',
  other: '（六）其他处理',
};

/** 依申请公开: each outcome row as the annual report's template words it. */
export const DISCLOSURE_OUTCOME_TEXT: Readonly<Record<DisclosureOutcome, string>> = {
  disclosed: '予以公开',
  partly_disclosed: '部分公开',
  withheld_state_secret: '属于国家秘密',
  withheld_prohibited_by_law: '其他法律行政法规禁止公开',
  withheld_three_securities_one_stability: '危及“三安全一稳定”',
  withheld_third_party_rights: '保护第三方合法权益',
  withheld_internal_affairs: '属于三类内部事务信息',
  withheld_process_information: '属于四类过程性信息',
  withheld_enforcement_file: '属于行政执法案卷',
  withheld_administrative_inquiry: '属于行政查询事项',
  unavailable_not_held: '本机关不掌握相关政府信息',
  unavailable_needs_creation: '没有现成信息需要另行制作',
  unavailable_still_unclear: '补正后申请内容仍不明确',
  not_processed_petition: '信访举报投诉类申请',
  not_processed_repeated: '重复申请',
  not_processed_publications: '要求提供公开出版物',
  not_processed_mass_repeated: '无正当理由大量反复申请',
  not_processed_confirmation: '要求行政机关确认或重新出具已获取信息',
  other_no_correction: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  other_fee_unpaid: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  other: '其他',
};

/** 依申请公开 section 四: 行政复议 / 行政诉讼 results. */
export const REVIEW_RESULT_TEXT: Readonly<Record<ReviewResult, string>> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/**
 * Section 四's column headings as the template heads them: 行政复议, and under 行政诉讼 the two
 * kinds of lawsuit. REVIEW_KIND_TEXT below is built from these, so each word is typed once.
 */
export const REVIEW_KIND_COLUMN_TEXT: Readonly<Record<ReviewKind, string>> = {
  reconsideration: '行政复议',
  lawsuit_direct: '未经复议直接起诉',
  lawsuit_after_reconsideration: '复议后起诉',
};

/** 依申请公开: the identity documents a citizen applicant may use (身份证明). */
export const IDENTITY_DOCUMENT_TEXT: Readonly<Record<IdentityDocumentKind, string>> = {
  resident_id_card: '居民身份证',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  passport: '护照',
  foreign_permanent_residence: '外国人永久居留身份证',
};

/** 依申请公开: who acts for an organisation applicant. */
export const REPRESENTATIVE_ROLE_TEXT: Readonly<Record<RepresentativeRole, string>> = {
  legal_representative: '法定代表人',
  contact_person: '联系人',
};

/** 依申请公开: the form of the information wanted (所需信息的形式). */
export const INFORMATION_MEDIUM_TEXT: Readonly<Record<InformationMedium, string>> = {
  paper: '纸质',
  email: '电子邮件',
  online: '网上获取',
};

/** 依申请公开: how the applicant gets the information (获取信息的方式). */
export const DELIVERY_WAY_TEXT: Readonly<Record<DeliveryWay, string>> = {
  post: '邮寄',
  pickup: '自行领取',
  email: '电子邮件',
  online_view: '网上查阅',
};

/** 依申请公开: how a request was submitted (提交方式), which sets its receipt date (条例第三十一条). */
export const ARRIVAL_WAY_TEXT: Readonly<Record<ArrivalWay, string>> = {
  in_person: '当面提交',
  post: '邮寄（需签收）',
  ordinary_post: '平常信函',
  online: '互联网渠道',
  fax: '传真',
  phone: '电话（口头提出，代为填写）',
};

/** 依申请公开 登记: what the disclosure office decided on a request as it arrived. */
export const REGISTER_DECISION_TEXT: Readonly<Record<RegisterDecision, string>> = {
  accept: '登记为政府信息公开申请',
  consultation: '不作为申请处理，转为咨询',
  petition: '不作为申请处理，转为信访投诉举报',
  publication: '不作为申请处理，告知公开出版物获取途径',
};

/** 行政诉讼: the heading over section 四's two kinds of lawsuit. */
export const LAWSUIT_TEXT = '行政诉讼';

export const REVIEW_KIND_TEXT: Readonly<Record<ReviewKind, string>> = {
  reconsideration: REVIEW_KIND_COLUMN_TEXT.reconsideration,
  lawsuit_direct: `${LAWSUIT_TEXT}（${REVIEW_KIND_COLUMN_TEXT.lawsuit_direct}）`,
  lawsuit_after_reconsideration: `${LAWSUIT_TEXT}（${REVIEW_KIND_COLUMN_TEXT.lawsuit_after_reconsideration}）`,
};

/**
 * 依申请公开: the annual report's own words for sections 三 and 四 of the national template
 * (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号): titles, row and column
 * headings. The outcome rows and columns are the tables above.
 */
export const ANNUAL_REPORT_TEXT = {
  reportTitle: '政府信息公开工作年度报告',
  requestsTitle: '三、收到和处理政府信息公开申请情况',
  reviewsTitle: '四、政府信息公开行政复议、行政诉讼情况',
  /** The top-left heading of section 三: the identity each column keeps. */
  identityNote: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  applicants: '申请人情况',
  organisations: '法人或其他组织',
  total: '总计',
  received: '一、本年新收政府信息公开申请数量',
  carriedOver: '二、上年结转政府信息公开申请数量',
  outcomes: '三、本年度办理结果',
  outcomesTotal: '（七）总计',
  carriedForward: '四、结转下年度继续办理',
} as const;

/**
 * 依申请公开 答复书: how the information is provided (第四十条: the form the applicant asked for,
 * or another suitable one, or 查阅、抄录), as the reply and the letter name it.
 */
export const PROVISION_FORM_TEXT: Readonly<Record<ProvisionForm, string>> = {
  paper: '纸质文本',
  email: '电子邮件',
  online: '网上提供',
  data_carrier: '光盘等电子数据载体',
  inspection: '查阅、抄录',
};

/** 答复书: how the request was made, as the letter's first sentence says it (您于…{way}提出的…). */
export const SUBMISSION_WAY_TEXT: Readonly<Record<SubmissionWay, string>> = {
  in_person: '当面',
  post: '以信函方式',
  fax: '以传真方式',
  webform: '通过12345网上平台',
  wechat: '通过12345微信公众号',
  hotline: '通过12345热线',
};

/** 予以公开 by 第三十六条第（一）项 (already published) or 第（二）项 (provided now). */
export const DISCLOSED_VIA_TEXT: Readonly<Record<DisclosedVia, string>> = {
  already_public: '已主动公开',
  provided: '予以提供',
};

/** 本机关不掌握相关政府信息: 第三十六条第（四）项 (none exists) or 第（五）项 (another body's). */
export const NOT_HELD_TEXT: Readonly<Record<NotHeldKind, string>> = {
  not_exist: '经检索，该政府信息不存在',
  not_responsible: '不属于本机关负责公开',
};

/** 告知另行申请 (to the body that holds it) / 告知通过其他途径办理 (another procedure or channel). */
export const REFERRAL_TEXT: Readonly<Record<ReferralKind, string>> = {
  apply_elsewhere: '告知另行申请',
  other_route: '告知通过其他途径办理',
};

/**
 * 部分公开 (第三十七条): why a withheld part is withheld: a 不予公开 row's words
 * (DISCLOSURE_OUTCOME_TEXT), or that it is not government information at all.
 */
export const PART_GROUND_EXTRA_TEXT: Readonly<Record<Exclude<PartGround, DisclosureOutcome>, string>> = {
  not_government_information: '不属于政府信息',
};

/** 答复书: its fixed words, the fields of a reply as a form shows them. */
export const REPLY_TEXT = {
  letterTitle: '政府信息公开申请答复书',
  outcome: '答复类型',
  reason: '理由',
  withheldParts: '不予公开的内容',
  provision: '提供方式',
  referral: '告知事项',
  fee: '信息处理费',
  feeNone: '不收取费用',
  drafter: '拟稿人',
  letterNo: '文号',
  repliedOn: '答复日期',
  missingGlyph: '〓',
} as const;

/** 归档原因. */
export const CLOSE_REASON_TEXT: Readonly<Record<CloseReason, string>> = {
  rated: '市民已评价',
  no_response: '回访期满未评价',
  follow_up_window_elapsed: '回访期满',
  supervisor: '督办人员强制归档',
  not_corrected: '未补正',
  replied: '已答复',
  withdrawn: '视为放弃申请',
  not_a_request: '非政府信息公开申请，已告知',
  smoke: '部署冒烟测试',
};

/** 按时办结: a case's SLA outcome, decided once. */
export const SLA_OUTCOME_TEXT: Readonly<Record<NonNullable<Case['slaOutcome']>, string>> = {
  on_time: '按时',
  late: '超期',
};

/** 退单原因: why a department sent an order back. */
export const RETURN_REASON_TEXT: Readonly<Record<ReturnReason, string>> = {
  not_our_responsibility: '非本单位职责',
  wrong_district: '属地不符',
  insufficient_information: '诉求信息不全',
  duplicate: '重复诉求',
};

/** 中止计时原因: why a deadline's clock is paused. */
export const PAUSE_REASON_TEXT: Readonly<Record<PauseReason, string>> = {
  awaiting_correction: '补正',
  third_party: '征求第三方意见',
};

/** The step a history entry records (办理记录), in the dossier and any screen listing the history. */
export const ACTION_TEXT: Readonly<Record<HistoryAction, string>> = {
  receive: '受理',
  await_dispatch: '待派单',
  flag_duplicate: '疑似重复',
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
  record_follow_up_call: '电话回访',
  take_follow_up_call: '领取回访（显示来电号码）',
  // Issue 11, after the names above so a dossier rendered before keeps its labels in order.
  request_correction: '要求补正',
  answer_correction: '市民补正',
  close_uncorrected: '未补正归档',
  // Issue 14, 依申请公开.
  register: '登记',
  assign_responsible: '指定专人负责',
  consult_third_party: '征求第三方意见',
  record_third_party_opinion: '第三方意见',
  draft_reply: '拟稿',
  approve_reply: '审核通过并答复',
  reject_reply: '审核退回',
  record_review: '复议诉讼登记',
  // Issue 15: one action sets or lifts the hold; its note starts with on/off (LEGAL_HOLD_TEXT).
  legal_hold: '法律保全',
  recompute_deadline: '重算期限',
};

/** 法律保全 of an archived case's dossier, by the state a legal_hold action set. */
export const LEGAL_HOLD_TEXT: Readonly<Record<'on' | 'off', string>> = {
  on: '法律保全',
  off: '解除法律保全',
};

/**
 * 重算期限: the stored deadlines a calendar change can move, as the history note names them
 * (recompute-deadline.ts): `due` is 答复期限 on a disclosure request (the 条例's word), 办理期限 otherwise.
 */
export const DEADLINE_TEXT = {
  due: '办理期限',
  disclosureDue: '答复期限',
  ack: '签收期限',
  latestWhilePaused: '中止计时最迟期限',
  correction: '补正期限',
  thirdParty: '第三方意见期限',
} as const;

/**
 * 督办 state of a case in the staff lists, as the supervision job recorded it for its current
 * deadline (预警 at 80 %, 催办 at the deadline, 逾期 after it).
 */
export const SUPERVISION_TEXT: Readonly<Record<'warned' | 'reminded' | 'overdue', string>> = {
  warned: '预警',
  reminded: '催办',
  overdue: '逾期',
};

/** 通知 the notices a case sends the citizen, as the console's case page lists them. */
export const NOTICE_KIND_TEXT: Readonly<Record<CaseNoticeKind, string>> = {
  completion: '办结告知',
  correction_request: '补正告知',
  disclosure_registration: '登记告知',
  disclosure_extension: '延期答复告知',
  disclosure_reply: '答复告知',
};

/** Where a notice stands: recorded, accepted by a provider, delivered by its receipt, or not. */
export const NOTICE_STATE_TEXT: Readonly<Record<NoticeState, string>> = {
  queued: '待发送',
  sent: '已发送',
  delivered: '已送达',
  failed: '发送失败',
  undeliverable: '无法送达',
};

/** 归档对象: what a dossier's referenced object is. */
export const OBJECT_KIND_TEXT: Readonly<Record<ArchivedObject['kind'], string>> = {
  raw: '原始报文',
  attachment: '附件',
  letter: '答复书',
};

/**
 * The metrics of DESIGN §7 as the dashboard, the CSV header and the disclosure name them.
 *
 * @example
 * `${RATE_TEXT.onTimeRate}分子` // '按时办结率分子', the CSV column of its numerator
 */
export const RATE_TEXT: Readonly<Record<RateName, string>> = {
  answerRate: '接通率',
  answeredIn15sRate: '15 秒接通率',
  abandonRate: '呼损率',
  onTimeRate: '按时办结率',
  satisfactionRate: '满意率',
  feedbackResponseRate: '回访评价率',
  directResolutionRate: '直接办结率',
  misrouteRate: '退单率',
  repeatRate: '重复来电率',
  avgHandlingHours: '平均办理时长（小时）',
  noticeDeliveryRate: '通知送达率',
  followUpContactRate: '回访率',
  satisfactionRateWeb: '满意率（网页评价）',
  satisfactionRateWechat: '满意率（微信评价）',
  satisfactionRatePhone: '满意率（电话回访）',
  callbackRate: '回拨率',
  callbackOnTimeRate: '按时回拨率',
};

/**
 * Why a rate shows "—": its denominator is 0 in the range (0/0 is no data, not 0 % nor 100 %).
 * Said beside the figure, so a newcomer who sees an empty 按时办结率 learns that deadlines, not
 * receipts, place a case in the range.
 */
export const RATE_EMPTY_TEXT: Readonly<Record<RateName, string>> = {
  answerRate: '所选期间内尚无进线来电',
  answeredIn15sRate: '所选期间内尚无进线来电',
  abandonRate: '所选期间内尚无进线来电',
  onTimeRate: '所选期间内尚无到期工单（按办理期限当天统计）',
  satisfactionRate: '所选期间内尚无回访评价',
  feedbackResponseRate: '所选期间内尚无办结工单',
  directResolutionRate: '所选期间内尚无诉求',
  misrouteRate: '所选期间内尚无派单',
  repeatRate: '所选期间内尚无诉求',
  avgHandlingHours: '所选期间内尚无办结工单',
  noticeDeliveryRate: '所选期间内尚无通知（按通知生成当天统计）',
  followUpContactRate: '所选期间内尚无办结工单',
  satisfactionRateWeb: '所选期间内尚无网页评价',
  satisfactionRateWechat: '所选期间内尚无微信评价',
  satisfactionRatePhone: '所选期间内尚无电话回访评价',
  callbackRate: '所选期间内尚无需回拨的漏接来电',
  callbackOnTimeRate: '所选期间内尚无需回拨的漏接来电',
};

/** The metrics table's counters as the CSV columns and the dashboard name them. */
export const COUNTER_TEXT: Readonly<Record<CounterName, string>> = {
  appeals: '诉求量',
  directResolutions: '直接办结量',
  repeats: '重复诉求量',
  merged: '并单量',
  dispatches: '派单量',
  returns: '退单量',
  completed: '办结量',
  handlingSecondsSum: '办理总时长（秒）',
  slaDue: '到期应办结量',
  slaOnTime: '按时办结量',
  ratings: '回访评价量',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  ratingsViaWeb: '网页评价量',
  ratingsViaWechat: '微信评价量',
  ratingsViaPhone: '电话回访评价量',
  satisfiedOrBasicViaWeb: '网页满意及基本满意',
  satisfiedOrBasicViaWechat: '微信满意及基本满意',
  satisfiedOrBasicViaPhone: '电话回访满意及基本满意',
  followUpContacted: '回访触达量',
  disclosureReplies: '依申请公开答复量',
  noticesQueued: '通知量',
  noticesDelivered: '通知送达量',
  callsQueued: '进线量',
  callsAnswered: '接通量',
  callsAnsweredIn15s: '15 秒内接通量',
  callsAbandoned: '呼损量',
  callbacksDue: '应回拨量',
  callbacksReached: '回拨成功量',
  callbacksReachedOnTime: '按时回拨成功量',
  callbacksSelfResolved: '来电已接通免回拨量',
};

/** 补正: what the citizen is told once the answer is recorded (the page, WeChat's reply). */
export const CORRECTION_RECEIVED_TEXT = '补正材料已收到，办理时限恢复计算，承办单位将继续办理。';
/**
 * 查询进度: a case's fields as the citizen page's status lookup names them, and the department's
 * placeholder before one is named (待分派) or for a merged case, handled with the one it joined.
 */
export const CASE_FIELD_TEXT = {
  trackingNo: '工单号',
  status: '办理状态',
  department: '承办单位',
  category: '诉求类别',
  district: '所在区县',
  receivedAt: '受理时间',
  dueAt: '办理期限',
  completedAt: '办结时间',
  note: '说明',
  reply: '办理答复',
  departmentPending: '待分派',
  departmentMerged: '并单办理',
} as const;

/**
 * 评价页面: the words of the rating page the completion notice links to (functions/submit-feedback).
 * The link's states (`invalid`, `rated`, `expired`) are told apart only for a token that verified
 * for its case; any other token reads `invalid`, whether or not the number names a case.
 */
export const FEEDBACK_PAGE_TEXT = {
  title: '12345 办理结果评价',
  intro: '您的诉求已办结，请对办理结果作出评价。每个工单只能评价一次。',
  caseHeading: '工单信息',
  trackingNo: '工单号',
  category: '诉求类别',
  completedAt: '办结时间',
  reply: '办理答复',
  rateHeading: '您的评价',
  commentLabel: '意见建议',
  commentOptional: '选填，最多 500 字',
  commentHint: '请先填写意见建议，再选择评价；选择后还需确认才会提交。',
  choiceLegend: '您对办理结果是否满意？',
  confirmQuestion: '确认提交评价「{rating}」吗？提交后不能修改。',
  confirm: '确认提交',
  cancel: '返回修改',
  sending: '正在提交…',
  network: '网络异常，请稍后重试',
  invalid: '评价链接无效或已过期，请核对通知中的链接。如需评价或反映问题，请拨打 12345。',
  rated: '该工单已评价，感谢您的参与。',
  expired: '该工单的评价期已结束。如对办理结果仍有意见，请拨打 12345 反映。',
} as const;

/** 角色: the staff roles as the console's menus and the sign-in page name them. */
export const ROLE_TEXT: Readonly<Record<StaffRole, string>> = {
  agent: '话务员',
  dispatcher: '派单员',
  department: '承办人',
  supervisor: '督办',
  analyst: '数据分析',
  admin: '系统管理员',
  reviewer: '审核人',
};

/** `*` in a dispatch rule (派单规则): any category, any district. */
export const WILDCARD_TEXT = { category: '全部类别', district: '全部区县' } as const;

/** 星期, Sunday first as `Date#getUTCDay` counts. */
export const WEEKDAY_TEXT: readonly string[] = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The administrator's tabs (目录与日历). */
export const DIRECTORY_TAB_TEXT = {
  departments: '单位',
  categories: '诉求类别',
  districts: '区县',
  rules: '派单规则',
  lines: '热线线路',
  calendar: '节假日安排',
} as const;

// 发布 releases (shared/domain/releases): the staff API's, the console's and the public page's words.

export const RELEASE_KIND_TEXT: Readonly<Record<ReleaseKind, string>> = {
  monthly_figures: '月度运行数据',
  typical_cases: '典型案例',
};

export const RELEASE_STATE_TEXT: Readonly<Record<ReleaseState, string>> = {
  draft: '起草中',
  submitted: '待审核发布',
  published: '已发布',
};

export const RELEASE_ACTION_TEXT: Readonly<Record<ReleaseActionName | 'create', string>> = {
  create: '起草',
  assign_responsible: '指定责任人',
  add_case: '选入案例',
  remove_case: '移出案例',
  submit: '提交审核',
  reject: '退回修改',
  publish: '审核发布',
};

export const TIMELINESS_TEXT: Readonly<Record<Timeliness, string>> = {
  on_time: '按时发布',
  late: '逾期发布',
  overdue: '已逾期未发布',
  pending: '未到期',
};

/** 通报 columns (JSON readers see the field names; the CSV and the page these). */
export const BULLETIN_TEXT = {
  title: '依申请公开答复及信息发布按时情况通报',
  rank: '排名',
  body: '单位',
  repliesOnTime: '按时答复数',
  repliesDue: '应答复数',
  repliesRate: '按时答复率',
  releasesOnTime: '按时发布数',
  releasesDue: '应发布数',
  releasesRate: '按时发布率',
  overallRate: '综合按时率',
  hotline: '12345热线',
} as const;

/** The public releases page (GET /releases). */
export const RELEASE_PAGE_TEXT = {
  title: '12345热线信息发布',
  intro:
    '每月结束后 10 个工作日内发布上月运行数据和典型案例。已发布内容不再修改，如有更正，以新的更正发布为准。',
  empty: '暂无已发布的内容。',
  loadFailed: '发布列表加载失败，请稍后重试。',
  period: '所属月份',
  publishedAt: '发布时间',
  dueOn: '发布期限',
  responsible: '责任人',
  sha256: 'SHA-256 校验值',
  corrects: '本发布更正了',
  correctedBy: '本发布已被更正，见',
  city: '全市',
  department: '单位',
  line: '热线线路',
  appeals: '受理量',
  completed: '办结量',
  onTimeRate: '按时办结率',
  satisfactionRate: '满意率',
  followUpContactRate: '回访率',
  answerRate: '接通率',
  target: '目标',
  caseAsked: '诉求',
  caseDone: '办理情况',
  caseOutcome: '办理结果',
  tableCaption: '各单位月度数据',
  lineCaption: '各热线线路接通率',
  chartNote: '图表内容与下方数据表一致。',
} as const;

/**
 * 依申请公开 in the staff console (issue 14): the screens' titles, the case page's panel captions and
 * the hints beside the entry form's fields. One block, so the glossary's other additions merge apart.
 */
export const DISCLOSURE_CONSOLE_TEXT = {
  entryTitle: '来信来访登记',
  entryHint:
    '登记以信函、传真或当面提交的政府信息公开申请。收到申请之日按提交方式确定（条例第三十一条），证件号码只保存后四位和加密摘要。',
  arrivalHint: {
    in_person: '当面提交的，以提交之日为收到申请之日。',
    post: '以挂号信、EMS 等需签收的方式邮寄的，以签收之日为收到申请之日（不按邮戳日期）。',
    ordinary_post: '平常信函无需签收，须于收到当日与申请人确认，确认之日为收到申请之日。',
    fax: '通过传真提交的，以双方确认之日为收到申请之日。',
  } satisfies Readonly<Record<Exclude<ArrivalWay, 'online' | 'phone'>, string>>,
  panelTitle: '政府信息公开',
  request: '申请内容',
  applicant: '申请人',
  identity: '身份证明',
  contact: '联系方式',
  information: '所需信息',
  purpose: '用途',
  form: '信息形式及获取方式',
  body: '受理机关',
  arrival: '提交方式',
  receivedOn: '收到申请之日',
  deadline: '答复期限',
  pauses: '中止计时',
  responsible: '专人负责',
  registration: '登记',
  notRegistered: '尚未登记',
  thirdParties: '征求第三方意见',
  thirdPartyWaiting: '等待意见',
  draft: '答复稿',
  noDraft: '尚未拟稿',
  draftedBy: '拟稿',
  approval: '审核',
  awaitingApproval: '待审核',
  letter: '答复书',
  downloadLetter: '下载答复书（PDF）',
  reviews: '行政复议、行政诉讼',
  outcome: '答复类型',
  confidentiality: '已完成保密审查，答复及所提供的信息不涉及国家秘密、工作秘密等不得公开的内容',
  selfApproval: '不能审核本人起草的答复',
  reviewQueue: '审核',
  reviewQueueCaption: '待审核的答复',
  openQueue: '依申请公开',
  openQueueCaption: '办理中的政府信息公开申请',
  annualReport: '年度报告',
  year: '年度',
  downloadCsv: '下载 CSV',
  downloadXlsx: '下载 Excel',
} as const;
