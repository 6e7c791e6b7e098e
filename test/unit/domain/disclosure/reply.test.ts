import { describe, expect, it } from 'vitest';
import { ReplySchema } from '../../../../shared/domain/disclosure/reply.js';
import { DISCLOSURE_OUTCOME_CODES } from '../../../../shared/domain/disclosure/template.js';
import { REPLY_BY_OUTCOME } from '../../fixtures/reply-letter.js';

const drafter = { id: 'u-107', name: '王五' };

function issues(input: unknown): Array<{ path: string; message: string }> {
  const result = ReplySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('Schema: ReplySchema', () => {
  it.each(DISCLOSURE_OUTCOME_CODES)('accepts a complete reply of outcome %s', (outcome) => {
    // Prepare
    const { reply } = REPLY_BY_OUTCOME[outcome];

    // Act
    const result = ReplySchema.safeParse(reply);

    // Assess
    expect(result.success).toBe(true);
  });

  it('refuses a refusal to disclose without its reason, in Chinese', () => {
    // Act
    const found = issues({ outcome: 'withheld_state_secret', drafter });

    // Assess
    expect(found).toEqual([{ path: 'reason', message: '该答复类型须说明理由' }]);
  });

  it('refuses a partial disclosure that names no withheld part', () => {
    // Act
    const found = issues({ outcome: 'partly_disclosed', provision: { form: 'paper' }, drafter });

    // Assess
    expect(found).toEqual([{ path: 'withheldParts', message: '部分公开须列明不予公开的内容及理由' }]);
  });

  it('refuses a referral to another body without its name and contact (第三十六条第（五）项)', () => {
    // Act
    const found = issues({
      outcome: 'unavailable_not_held',
      notHeld: 'not_responsible',
      reason: '不属于本机关职责',
      referral: { kind: 'apply_elsewhere', body: '市自然资源和规划局' },
      drafter,
    });

    // Assess
    expect(found).toEqual([
      { path: 'referral.body', message: '告知另行申请须写明负责公开的机关名称及联系方式' },
    ]);
  });

  it('refuses a form other than the one asked for without its reason (第四十条)', () => {
    // Act
    const found = issues({
      outcome: 'disclosed',
      disclosedVia: 'provided',
      provision: { form: 'inspection', formWanted: 'paper', where: '市政务服务中心 3 号窗口' },
      drafter,
    });

    // Assess
    expect(found).toEqual([
      { path: 'provision.formReason', message: '未按申请人要求的形式提供的，须说明理由' },
    ]);
  });

  it('refuses a fee on a reply that provides nothing (第四十二条)', () => {
    // Act
    const found = issues({
      ...REPLY_BY_OUTCOME.withheld_state_secret.reply,
      fee: { amountFen: 1000, noticeNo: '收费〔2026〕1号' },
    });

    // Assess
    expect(found).toEqual([{ path: 'fee', message: '只有提供信息的答复才可能收取信息处理费' }]);
  });

  it('refuses a repeated request without the earlier reply', () => {
    // Act
    const found = issues({ outcome: 'not_processed_repeated', drafter });

    // Assess
    expect(found).toEqual([{ path: 'previousReply', message: '重复申请须写明此前答复的日期和文号' }]);
  });

  it('refuses an unknown outcome and a reply without its drafter', () => {
    // Act
    const found = issues({ outcome: 'maybe' });

    // Assess
    expect(found.map((i) => i.path).sort()).toEqual(['drafter', 'outcome']);
  });
});
