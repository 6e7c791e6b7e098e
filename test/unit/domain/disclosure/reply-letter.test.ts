import { describe, expect, it } from 'vitest';
import { ReplyLetterInputError } from '../../../../shared/domain/disclosure/errors.js';
import { chineseDate, replyLetter } from '../../../../shared/domain/disclosure/reply-letter.js';
import {
  DISCLOSURE_OUTCOME_CODES,
  DISCLOSURE_OUTCOMES,
} from '../../../../shared/domain/disclosure/template.js';
import { letterInput, REPLY_BY_OUTCOME } from '../../fixtures/reply-letter.js';

const text = (letter: ReturnType<typeof replyLetter>) =>
  [letter.title, letter.letterNo, letter.addressee, ...letter.paragraphs, ...letter.signature].join('\n');

describe('Function: replyLetter', () => {
  it('lays out the fixed parts: title, 文号, addressee, the request quoted, body and date', () => {
    // Act
    const letter = replyLetter(letterInput());

    // Assess
    expect(letter.title).toBe('政府信息公开申请答复书');
    expect(letter.letterNo).toBe('〔2026〕第0001号');
    expect(letter.addressee).toBe('张三：');
    expect(letter.paragraphs[0]).toBe(
      '您于2026年11月2日通过12345网上平台提出的政府信息公开申请收悉。您申请获取的政府信息为：“2026年本市老旧小区改造项目的资金安排情况”。',
    );
    expect(letter.signature).toEqual(['福州市住房和城乡建设局', '2026年11月27日']);
    expect(letter.paragraphs).toContain('特此告知。');
    expect(letter.metadata).toMatchObject({ title: '政府信息公开申请答复书', date: '2026-11-27' });
  });

  it.each(DISCLOSURE_OUTCOME_CODES)(
    'cites the basis of outcome %s and gives the remedy notice',
    (outcome) => {
      // Prepare
      const { reply, cites } = REPLY_BY_OUTCOME[outcome];

      // Act
      const body = text(replyLetter(letterInput({ reply })));

      // Assess
      if (cites) expect(body).toContain(`《中华人民共和国政府信息公开条例》${cites}`);
      expect(body).toContain('如对本答复不服，可以');
      expect(body).toContain('在收到本答复之日起六十日内向福州市人民政府申请行政复议');
      expect(body).toContain('福州市鼓楼区人民法院提起行政诉讼');
    },
  );

  it('says reconsideration comes first for a refusal to disclose (行政复议法 第二十三条)', () => {
    // Prepare
    const withheld = DISCLOSURE_OUTCOME_CODES.filter((o) =>
      ['withheld', 'partly_disclosed'].includes(DISCLOSURE_OUTCOMES[o].group),
    );

    // Act
    const notices = withheld.map((o) =>
      replyLetter(letterInput({ reply: REPLY_BY_OUTCOME[o].reply })).paragraphs.at(-1),
    );

    // Assess
    for (const notice of notices)
      expect(notice).toContain('对行政复议决定不服的，可以依照《中华人民共和国行政诉讼法》');
    expect(replyLetter(letterInput()).paragraphs.at(-1)).toContain(
      '或者依照《中华人民共和国行政诉讼法》第四十六条',
    );
  });

  it('quotes the provision it rests on word for word', () => {
    // Act
    const body = text(replyLetter(letterInput({ reply: REPLY_BY_OUTCOME.withheld_state_secret.reply })));

    // Assess
    expect(body).toContain(
      '第十四条“依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开”',
    );
    expect(body).toContain('第三十六条第（三）项');
  });

  it('names the body that holds the information for a request it does not (第三十六条第（五）项)', () => {
    // Act
    const body = text(replyLetter(letterInput({ reply: REPLY_BY_OUTCOME.unavailable_not_held.reply })));

    // Assess
    expect(body).toContain(
      '负责公开该政府信息的行政机关为福州市自然资源和规划局，联系方式：0591-87654321。您可以另行向该机关提出申请。',
    );
  });

  it('lists each withheld part of a partial disclosure with its ground', () => {
    // Act
    const letter = replyLetter(letterInput({ reply: REPLY_BY_OUTCOME.partly_disclosed.reply }));

    // Assess
    expect(letter.paragraphs).toContain(
      '（一）“中标企业的报价明细”：涉及第三方商业秘密，第三方不同意公开。根据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开（保护第三方合法权益）。',
    );
    expect(text(letter)).toContain('本机关依申请提供政府信息，不收取费用。');
  });

  it('addresses an organisation as 贵单位', () => {
    // Act
    const letter = replyLetter(
      letterInput({
        request: {
          ...letterInput().request,
          applicantName: '某某律师事务所',
          applicantKind: 'legal_service_institution',
        },
      }),
    );

    // Assess
    expect(letter.paragraphs[0]).toMatch(/^贵单位于2026年11月2日/);
  });

  it('never carries the applicant identity number, even when the facts passed in hold one', () => {
    // Prepare
    const request = { ...letterInput().request, idNumber: '11010519491231002X', idLast4: '002X' };

    // Act
    const body = JSON.stringify(replyLetter(letterInput({ request })));

    // Assess
    expect(body).not.toContain('11010519491231002X');
    expect(body).not.toContain('002X');
  });

  it('refuses a malformed 文号 and a reply dated before the request', () => {
    // Act / Assess
    expect(() => replyLetter(letterInput({ letterNo: '2026-1' }))).toThrow(ReplyLetterInputError);
    expect(() => replyLetter(letterInput({ repliedOn: '2026-11-01' }))).toThrow('答复日期不能早于申请日期');
    expect(() => replyLetter(letterInput({ bodyName: ' ' }))).toThrow(
      expect.objectContaining({ code: 'invalid_reply_letter' }),
    );
  });

  it('writes dates in the Chinese style without leading zeros', () => {
    // Act / Assess
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});
