// The provisions a 答复书 quotes, word for word: 《中华人民共和国政府信息公开条例》 (国务院令第711号,
// revised 2019-04-03, in force 2019-05-15) and the remedy laws. A letter quotes the law rather than
// paraphrasing it, so an applicant (and a reviewing body) reads the exact rule applied; the texts are
// data here, once, so every letter quotes them alike and a correction is made in one place.

/** The regulation's name as a letter cites it. */
export const REGULATION_NAME = '《中华人民共和国政府信息公开条例》';
/** 行政复议法 (revised 2023-09-01, in force 2024-01-01) and 行政诉讼法 (revised 2017). */
export const RECONSIDERATION_LAW = '《中华人民共和国行政复议法》';
export const LITIGATION_LAW = '《中华人民共和国行政诉讼法》';

/** A provision: how a letter cites it (第…条…) and its words. */
export interface Provision {
  readonly cite: string;
  readonly text: string;
}

/**
 * The provisions by a short key. Items of 第三十六条 are quoted with the article's lead-in implied
 * (对政府信息公开申请，行政机关根据下列情况分别作出答复：…).
 */
export const PROVISIONS = {
  art2: {
    cite: '第二条',
    text: '本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。',
  },
  art14: {
    cite: '第十四条',
    text: '依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。',
  },
  art15: {
    cite: '第十五条',
    text: '涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。',
  },
  art16para1: {
    cite: '第十六条第一款',
    text: '行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。',
  },
  art16para2: {
    cite: '第十六条第二款',
    text: '行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。',
  },
  art30: {
    cite: '第三十条',
    text: '政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自行政机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。',
  },
  art35: {
    cite: '第三十五条',
    text: '申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。',
  },
  art36item1: {
    cite: '第三十六条第（一）项',
    text: '所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径。',
  },
  art36item2: {
    cite: '第三十六条第（二）项',
    text: '所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间。',
  },
  art36item3: {
    cite: '第三十六条第（三）项',
    text: '行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由。',
  },
  art36item4: {
    cite: '第三十六条第（四）项',
    text: '经检索没有所申请公开信息的，告知申请人该政府信息不存在。',
  },
  art36item5: {
    cite: '第三十六条第（五）项',
    text: '所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式。',
  },
  art36item6: {
    cite: '第三十六条第（六）项',
    text: '行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理。',
  },
  art36item7: {
    cite: '第三十六条第（七）项',
    text: '所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。',
  },
  art37: {
    cite: '第三十七条',
    text: '申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由。',
  },
  art38: {
    cite: '第三十八条',
    text: '行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。',
  },
  art39para1: {
    cite: '第三十九条第一款',
    text: '申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出。',
  },
  art39para2: {
    cite: '第三十九条第二款',
    text: '申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径。',
  },
  art40: {
    cite: '第四十条',
    text: '行政机关依申请公开政府信息，应当根据申请人的要求及行政机关保存政府信息的实际情况，确定提供政府信息的具体形式；按照申请人要求的形式提供政府信息，可能危及政府信息载体安全或者公开成本过高的，可以通过电子数据以及其他适当形式提供，或者安排申请人查阅、抄录相关政府信息。',
  },
  art42: {
    cite: '第四十二条第一款',
    text: '行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。',
  },
} as const satisfies Readonly<Record<string, Provision>>;
export type ProvisionKey = keyof typeof PROVISIONS;

/**
 * 行政复议法 (2023) 第二十三条第一款第（四）项: "申请政府信息公开，行政机关不予公开" must go to
 * reconsideration first (复议前置); a lawsuit comes only after the reconsideration decision. For
 * other replies the applicant may choose: 第二十条 (60 days) or 行政诉讼法 第四十六条 (6 months).
 */
export const REMEDY_ARTICLES = {
  reconsiderationDeadline: '第二十条',
  reconsiderationFirst: '第二十三条第一款第（四）项',
  litigationDeadline: '第四十六条',
} as const;
