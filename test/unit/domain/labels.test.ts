import { describe, expect, it } from 'vitest';
import { csvHeaders } from '../../../functions/get-metrics/csv.js';
import { nameResolver } from '../../../functions/get-metrics/names.js';
import { statusReply } from '../../../functions/ingest-wechat/wechat-replies.js';
import { feedbackPageHtml } from '../../../functions/submit-feedback/feedback-page.js';
import { CASE_TYPES, CHANNELS, UrgencySchema } from '../../../shared/domain/appeal.js';
import { CASE_STATUSES } from '../../../shared/domain/case.js';
import { IDENTITY_DOCUMENT_KINDS } from '../../../shared/domain/disclosure/identity-numbers.js';
import { ARRIVAL_WAYS } from '../../../shared/domain/disclosure/receipt-date.js';
import { REGISTER_DECISIONS } from '../../../shared/domain/disclosure/register.js';
import {
  DELIVERY_WAYS,
  INFORMATION_MEDIA,
  REPRESENTATIVE_ROLES,
} from '../../../shared/domain/disclosure/request.js';
import { buildDossier, renderDossierHtml } from '../../../shared/domain/dossier/index.js';
import { completionNotice } from '../../../shared/domain/follow-up.js';
import {
  ACTION_TEXT,
  ARRIVAL_WAY_TEXT,
  CHANNEL_TEXT,
  CLOSE_REASON_TEXT,
  COUNTER_TEXT,
  DELIVERY_WAY_TEXT,
  FEEDBACK_VIA_TEXT,
  FOLLOW_UP_CALL_ACTIONS,
  FOLLOW_UP_CALL_ATTEMPT_TEXT,
  FOLLOW_UP_CALL_OUTCOME_TEXT,
  IDENTITY_DOCUMENT_TEXT,
  INFORMATION_MEDIUM_TEXT,
  INTAKE_ACTIONS,
  LEGAL_HOLD_TEXT,
  OBJECT_KIND_TEXT,
  PAUSE_REASON_TEXT,
  RATE_EMPTY_TEXT,
  RATE_TEXT,
  RATING_TEXT,
  REGISTER_DECISION_TEXT,
  REPRESENTATIVE_ROLE_TEXT,
  RETURN_REASON_TEXT,
  SLA_OUTCOME_TEXT,
  STATUS_TEXT,
  TYPE_TEXT,
  URGENCY_TEXT,
} from '../../../shared/domain/labels.js';
import { ACTION_NAMES, RETURN_REASONS } from '../../../shared/domain/lifecycle/actions.js';
import {
  CLOSE_REASONS,
  FEEDBACK_VIAS,
  FOLLOW_UP_CALL_ATTEMPT_OUTCOMES,
  FOLLOW_UP_CALL_OUTCOMES,
  PAUSE_REASONS,
  RATINGS,
} from '../../../shared/domain/lifecycle/fields.js';
import { COUNTERS } from '../../../shared/domain/metrics/counters.js';
import { RATES } from '../../../shared/domain/metrics/rates.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { closedCase, sha256 } from '../fixtures/dossier.js';

// The glossary (术语表): one Chinese name per code, and the places that show a name show this one.

const TABLES: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, readonly string[]]> = [
  ['STATUS_TEXT', STATUS_TEXT, CASE_STATUSES],
  ['TYPE_TEXT', TYPE_TEXT, CASE_TYPES],
  ['CHANNEL_TEXT', CHANNEL_TEXT, CHANNELS],
  ['URGENCY_TEXT', URGENCY_TEXT, UrgencySchema.options],
  ['RATING_TEXT', RATING_TEXT, RATINGS],
  ['CLOSE_REASON_TEXT', CLOSE_REASON_TEXT, CLOSE_REASONS],
  ['SLA_OUTCOME_TEXT', SLA_OUTCOME_TEXT, ['on_time', 'late']],
  ['RETURN_REASON_TEXT', RETURN_REASON_TEXT, RETURN_REASONS],
  ['PAUSE_REASON_TEXT', PAUSE_REASON_TEXT, PAUSE_REASONS],
  ['ACTION_TEXT', ACTION_TEXT, [...INTAKE_ACTIONS, ...ACTION_NAMES, ...FOLLOW_UP_CALL_ACTIONS]],
  ['FEEDBACK_VIA_TEXT', FEEDBACK_VIA_TEXT, FEEDBACK_VIAS],
  ['FOLLOW_UP_CALL_ATTEMPT_TEXT', FOLLOW_UP_CALL_ATTEMPT_TEXT, FOLLOW_UP_CALL_ATTEMPT_OUTCOMES],
  ['FOLLOW_UP_CALL_OUTCOME_TEXT', FOLLOW_UP_CALL_OUTCOME_TEXT, FOLLOW_UP_CALL_OUTCOMES],
  ['OBJECT_KIND_TEXT', OBJECT_KIND_TEXT, ['raw', 'attachment', 'letter']],
  ['RATE_TEXT', RATE_TEXT, RATES],
  ['COUNTER_TEXT', COUNTER_TEXT, COUNTERS],
  ['IDENTITY_DOCUMENT_TEXT', IDENTITY_DOCUMENT_TEXT, IDENTITY_DOCUMENT_KINDS],
  ['REPRESENTATIVE_ROLE_TEXT', REPRESENTATIVE_ROLE_TEXT, REPRESENTATIVE_ROLES],
  ['INFORMATION_MEDIUM_TEXT', INFORMATION_MEDIUM_TEXT, INFORMATION_MEDIA],
  ['DELIVERY_WAY_TEXT', DELIVERY_WAY_TEXT, DELIVERY_WAYS],
  ['ARRIVAL_WAY_TEXT', ARRIVAL_WAY_TEXT, ARRIVAL_WAYS],
  ['REGISTER_DECISION_TEXT', REGISTER_DECISION_TEXT, REGISTER_DECISIONS],
];

describe('Module: labels', () => {
  it.each(TABLES)('%s names every code, each with a label of its own', (_, table, codes) => {
    // Act
    const labels = Object.values(table);

    // Assess: no code without a label, no label without a code, no two codes sharing one
    expect(Object.keys(table).sort()).toEqual([...codes].sort());
    for (const label of labels) expect(label.trim()).not.toBe('');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('says why every rate can be "—"', () => {
    // Act & Assess
    expect(Object.keys(RATE_EMPTY_TEXT).sort()).toEqual([...RATES].sort());
    for (const rate of RATES) expect(RATE_EMPTY_TEXT[rate]).toMatch(/^所选期间内尚无/);
    expect(RATE_EMPTY_TEXT.onTimeRate).toContain('到期工单');
  });

  it('holds no character that HTML would read as markup, so pages may write a label in as it is', () => {
    // Act
    const all = [...TABLES.flatMap(([, table]) => Object.values(table)), ...Object.values(RATE_EMPTY_TEXT)];

    // Assess
    for (const label of all) expect(label).not.toMatch(/[<>&"']/);
  });

  // dossier.html renders these, and verify-archive renders an archived dossier again and compares
  // the bytes: a renamed label here fails the verification of every dossier already archived. A
  // name the dossier shows changes only with a new dossier format that renders old ones as before.
  it('keeps the names archived dossiers were rendered with', () => {
    // Prepare
    const pinned = (table: Readonly<Record<string, string>>) =>
      Object.entries(table)
        .map(([code, label]) => `${code}=${label}`)
        .join(' ');

    // Act & Assess
    expect(pinned(TYPE_TEXT)).toBe(
      'complaint=投诉 help=求助 consultation=咨询 suggestion=建议 report=举报 praise=表扬 disclosure=依申请公开',
    );
    expect(pinned(CHANNEL_TEXT)).toBe(
      'webform=网上表单 hotline=12345 热线 wechat=微信公众号 office=来信来访',
    );
    expect(pinned(URGENCY_TEXT)).toBe('normal=一般 urgent=紧急');
    expect(pinned(RATING_TEXT)).toBe('satisfied=满意 basically_satisfied=基本满意 dissatisfied=不满意');
    expect(pinned(CLOSE_REASON_TEXT)).toBe(
      'rated=市民已评价 no_response=回访期满未评价 follow_up_window_elapsed=回访期满 supervisor=督办人员强制归档 not_corrected=未补正' +
        ' replied=已答复 withdrawn=视为放弃申请 not_a_request=非政府信息公开申请，已告知 smoke=部署冒烟测试',
    );
    expect(pinned(SLA_OUTCOME_TEXT)).toBe('on_time=按时 late=超期');
    expect(pinned(OBJECT_KIND_TEXT)).toBe('raw=原始报文 attachment=附件 letter=答复书');
    expect(pinned(LEGAL_HOLD_TEXT)).toBe('on=法律保全 off=解除法律保全');
    expect(`closed=${STATUS_TEXT.closed} merged=${STATUS_TEXT.merged}`).toBe(
      'closed=已归档 merged=已并入其他工单',
    );
    expect(pinned(ACTION_TEXT)).toBe(
      'receive=受理 await_dispatch=待派单 flag_duplicate=疑似重复 dispatch=派单 redispatch=改派 acknowledge=签收 return=退单 ' +
        'request_extension=申请延期 approve_extension=批准延期 reject_extension=驳回延期 pause=中止计时 ' +
        'resume=恢复计时 complete=办结 rate=回访评价 reopen=重办 close=归档 merge=并单 ' +
        'link_duplicate=关联重复工单 warn=预警 remind=催办 mark_overdue=逾期 ' +
        'record_follow_up_call=电话回访 take_follow_up_call=领取回访（显示来电号码） ' +
        'request_correction=要求补正 answer_correction=市民补正 close_uncorrected=未补正归档 ' +
        'register=登记 assign_responsible=指定专人负责 consult_third_party=征求第三方意见 ' +
        'record_third_party_opinion=第三方意见 draft_reply=拟稿 approve_reply=审核通过并答复 ' +
        'reject_reply=审核退回 record_review=复议诉讼登记 legal_hold=法律保全 recompute_deadline=重算期限',
    );
  });
});

describe('Module: labels, where they are shown', () => {
  it('heads the metrics CSV with the glossary name of each counter and rate', () => {
    // Act
    const headers = csvHeaders();

    // Assess
    expect(headers.slice(2, 2 + COUNTERS.length)).toEqual(COUNTERS.map((c) => COUNTER_TEXT[c]));
    expect(headers.slice(2 + COUNTERS.length)).toEqual(
      RATES.flatMap((r) => [RATE_TEXT[r], `${RATE_TEXT[r]}分子`, `${RATE_TEXT[r]}分母`]),
    );
  });

  it('names the callback counters and rates as the hotline team says them', () => {
    // Act
    const names = [
      ...(
        ['callbacksDue', 'callbacksReached', 'callbacksReachedOnTime', 'callbacksSelfResolved'] as const
      ).map((c) => `${c}=${COUNTER_TEXT[c]}`),
      ...(['callbackRate', 'callbackOnTimeRate'] as const).map((r) => `${r}=${RATE_TEXT[r]}`),
    ].join(' ');

    // Assess
    expect(names).toBe(
      'callbacksDue=应回拨量 callbacksReached=回拨成功量 callbacksReachedOnTime=按时回拨成功量 ' +
        'callbacksSelfResolved=来电已接通免回拨量 callbackRate=回拨率 callbackOnTimeRate=按时回拨率',
    );
    expect(RATE_EMPTY_TEXT.callbackRate).toContain('漏接来电');
  });

  it("names the disclosure request's form and 登记 decisions as the office writes them on its forms", () => {
    // Act
    const names = [
      ...INFORMATION_MEDIA.map((m) => `${m}=${INFORMATION_MEDIUM_TEXT[m]}`),
      ...DELIVERY_WAYS.map((d) => `${d}=${DELIVERY_WAY_TEXT[d]}`),
      ...REGISTER_DECISIONS.map((d) => `${d}=${REGISTER_DECISION_TEXT[d]}`),
    ].join(' ');

    // Assess
    expect(names).toBe(
      'paper=纸质 email=电子邮件 online=网上获取 post=邮寄 pickup=自行领取 email=电子邮件 online_view=网上查阅 ' +
        'accept=登记为政府信息公开申请 consultation=不作为申请处理，转为咨询 ' +
        'petition=不作为申请处理，转为信访投诉举报 publication=不作为申请处理，告知公开出版物获取途径',
    );
  });

  it('names the lines of the metrics as the directory does', () => {
    // Prepare
    const nameOf = nameResolver('line', {
      ...TEST_DIRECTORY,
      lines: new Map([['12315', { code: '12315', name: '消费者投诉举报热线', answerRateTarget: 0.98 }]]),
    });

    // Act & Assess
    expect(nameOf('12315')).toBe('消费者投诉举报热线');
    expect(nameOf('96000')).toBeUndefined();
  });

  it('names the channels of the metrics as the dossier does', () => {
    // Prepare
    const nameOf = nameResolver('channel', TEST_DIRECTORY);

    // Act & Assess
    for (const channel of CHANNELS) expect(nameOf(channel)).toBe(CHANNEL_TEXT[channel]);
  });

  it('renders the dossier with the glossary names of its type, channel, status and steps', () => {
    // Prepare
    const { closed } = closedCase();

    // Act
    const html = renderDossierHtml(buildDossier(closed, [], sha256));

    // Assess
    expect(html).toContain(`<dd>${TYPE_TEXT[closed.type]}</dd>`);
    expect(html).toContain(`<dd>${CHANNEL_TEXT[closed.channel]}</dd>`);
    expect(html).toContain(`<dd>${STATUS_TEXT[closed.status]}</dd>`);
    for (const entry of closed.history) {
      expect(html).toContain(`<td>${ACTION_TEXT[entry.action as keyof typeof ACTION_TEXT]}</td>`);
    }
  });

  it('tells the citizen the status and the ratings in the glossary words', () => {
    // Prepare
    const { completed } = closedCase();

    // Act
    const reply = statusReply(completed, undefined);
    const notice = completionNotice(completed, { feedbackUrl: 'https://example.test/f' });

    // Assess
    expect(reply).toContain(`状态：${STATUS_TEXT[completed.status]}`);
    expect(notice.text).toContain(`（${RATINGS.map((r) => RATING_TEXT[r]).join('／')}）`);
    const page = feedbackPageHtml({
      kind: 'open',
      trackingNo: completed.trackingNo,
      categoryName: '供水',
      completedAt: completed.completedAt as string,
    });
    for (const rating of RATINGS) {
      expect(page).toContain(`data-rating="${rating}" aria-pressed="false">${RATING_TEXT[rating]}</button>`);
    }
  });
});
