import { describe, expect, it } from 'vitest';
import { ReplySchema } from '../../../shared/domain/disclosure/reply';
import { DISCLOSURE_OUTCOME_CODES } from '../../../shared/domain/disclosure/template';
import {
  emptyReplyDraft,
  type ReplyDraft,
  referralKindsFor,
  replyErrors,
  sectionsFor,
  toReply,
  wantedForm,
  yuanToFen,
} from '../../console/src/views/case-detail/disclosure/reply-draft';

const drafter = { id: 'local-department-housing', name: '王五' };
const draft = (over: Partial<ReplyDraft>): ReplyDraft => ({ ...emptyReplyDraft('email'), ...over });

describe('Function: sectionsFor', () => {
  it('asks a 部分公开 reply for the provision, the withheld parts and a possible fee', () => {
    // Assess
    expect(sectionsFor('partly_disclosed')).toEqual(['reason', 'provision', 'withheldParts', 'fee']);
  });

  it('asks 本机关不掌握 which case of 第三十六条 it is, and whom to turn to', () => {
    // Assess
    expect(sectionsFor('unavailable_not_held')).toEqual(['reason', 'notHeld', 'referral']);
  });

  it('asks a repeated request for the earlier reply, and the 第三十条 rows for the correction notice', () => {
    // Assess
    expect(sectionsFor('not_processed_repeated')).toContain('previousReply');
    expect(sectionsFor('other_no_correction')).toContain('correctionNoticeOn');
    expect(sectionsFor('withheld_state_secret')).toEqual(['reason']);
  });

  it('asks nothing before an outcome is chosen, and never a provision where nothing is provided', () => {
    // Assess
    expect(sectionsFor('')).toEqual([]);
    for (const outcome of DISCLOSURE_OUTCOME_CODES) {
      const provides = outcome === 'disclosed' || outcome === 'partly_disclosed';
      expect(sectionsFor(outcome).includes('provision')).toBe(provides);
    }
  });
});

describe('Function: toReply', () => {
  it('sends only the chosen outcome’s fields, trimmed, the fee in fen', () => {
    // Prepare
    const d = draft({
      outcome: 'disclosed',
      disclosedVia: 'provided',
      provisionForm: 'email',
      provisionWhen: ' 答复之日起 5 个工作日内 ',
      notHeld: 'not_exist',
      previousLetterNo: '〔2026〕第0001号',
      charged: true,
      feeYuan: '12.5',
      feeNoticeNo: '收费〔2026〕1号',
    });

    // Act
    const reply = toReply(d);

    // Assess
    expect(reply).toEqual({
      outcome: 'disclosed',
      disclosedVia: 'provided',
      provision: { form: 'email', formWanted: 'email', when: '答复之日起 5 个工作日内' },
      fee: { amountFen: 1250, noticeNo: '收费〔2026〕1号' },
    });
    expect(ReplySchema.safeParse({ ...reply, drafter }).success).toBe(true);
  });

  it('builds a 部分公开 reply with its withheld parts that the schema accepts', () => {
    // Prepare
    const d = draft({
      outcome: 'partly_disclosed',
      provisionForm: 'email',
      withheldParts: [{ part: ' 附件 3 ', ground: 'withheld_third_party_rights', reason: ' 涉及个人隐私 ' }],
    });

    // Act
    const reply = toReply(d);

    // Assess
    expect(reply.withheldParts).toEqual([
      { part: '附件 3', ground: 'withheld_third_party_rights', reason: '涉及个人隐私' },
    ]);
    expect(replyErrors(d, drafter)).toEqual({});
  });

  it('sends the reason for another form only when the form differs from the one asked for', () => {
    // Prepare
    const same = draft({
      outcome: 'disclosed',
      disclosedVia: 'provided',
      provisionForm: 'email',
      provisionFormReason: 'x',
    });
    const other = draft({ ...same, provisionForm: 'paper' });

    // Assess
    expect(toReply(same).provision).not.toHaveProperty('formReason');
    expect(toReply(other).provision).toMatchObject({ form: 'paper', formWanted: 'email', formReason: 'x' });
  });
});

describe('Function: replyErrors', () => {
  it('says what each outcome still needs, in the rules’ own Chinese words', () => {
    // Act
    const partly = replyErrors(draft({ outcome: 'partly_disclosed', provisionForm: 'email' }), drafter);
    const notHeld = replyErrors(draft({ outcome: 'unavailable_not_held', reason: '经检索' }), drafter);
    const repeated = replyErrors(draft({ outcome: 'not_processed_repeated' }), drafter);

    // Assess
    expect(partly).toEqual({ withheldParts: '部分公开须列明不予公开的内容及理由' });
    expect(notHeld).toEqual({ notHeld: '须说明是信息不存在还是不属于本机关负责公开' });
    expect(repeated).toEqual({ previousReply: '重复申请须写明此前答复的日期和文号' });
  });

  it('asks for a reason where nothing is disclosed, and for the body when applying elsewhere', () => {
    // Act
    const withheld = replyErrors(draft({ outcome: 'withheld_state_secret' }), drafter);
    const elsewhere = replyErrors(
      draft({
        outcome: 'unavailable_not_held',
        notHeld: 'not_responsible',
        reason: '由市自然资源局制作',
        referralKind: 'apply_elsewhere',
      }),
      drafter,
    );

    // Assess
    expect(withheld).toEqual({ reason: '该答复类型须说明理由' });
    expect(elsewhere).toEqual({ 'referral.body': '告知另行申请须写明负责公开的机关名称及联系方式' });
  });

  it('names an empty choice in Chinese, never in zod’s English', () => {
    // Act
    const errors = replyErrors(
      draft({ outcome: 'disclosed', disclosedVia: 'provided', provisionForm: '' }),
      drafter,
    );

    // Assess
    expect(errors['provision.form']).toBe('请选择或填写此项');
    expect(replyErrors(draft({}), drafter)).toEqual({ outcome: '请选择答复类型' });
  });

  it('refuses a fee that is not an amount in yuan', () => {
    // Act
    const errors = replyErrors(
      draft({
        outcome: 'disclosed',
        disclosedVia: 'provided',
        provisionForm: 'email',
        charged: true,
        feeYuan: '12.345',
        feeNoticeNo: 'n',
      }),
      drafter,
    );

    // Assess
    expect(errors['fee.amountFen']).toBe('请填写金额（元，最多两位小数）');
  });
});

describe('Function: referralKindsFor', () => {
  it('offers 告知另行申请 only for information another body is responsible for', () => {
    // Assess
    expect(referralKindsFor({ outcome: 'unavailable_not_held', notHeld: 'not_responsible' })).toEqual([
      'apply_elsewhere',
      'other_route',
    ]);
    expect(referralKindsFor({ outcome: 'unavailable_not_held', notHeld: 'not_exist' })).toEqual([
      'other_route',
    ]);
  });
});

describe('Functions: yuanToFen and wantedForm', () => {
  it('turns yuan with up to two decimals into fen, and anything else into NaN', () => {
    // Assess
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('0.05')).toBe(5);
    expect(yuanToFen('1.2.3')).toBeNaN();
    expect(yuanToFen('-1')).toBeNaN();
  });

  it('prefills the form asked for from the request’s medium', () => {
    // Assess
    expect(wantedForm('paper')).toBe('paper');
    expect(wantedForm(undefined)).toBe('');
  });
});
