// The codes and bounds of the lifecycle actions, without zod: the console imports them (a form's
// maxlength, a reason picker) and its bundle must not carry the parser.
/** 退单 reason codes; returns count as misroutes. */
export const RETURN_REASONS = [
  'not_our_responsibility',
  'wrong_district',
  'insufficient_information',
  'duplicate',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** 中止计时 reason codes: 补正 awaiting the citizen's correction; 征求第三方意见 a third party's opinion. */
export const PAUSE_REASONS = ['awaiting_correction', 'third_party'] as const;

// Every free text and every code an action carries is bounded, so the history an action appends is
// bounded too (issue 10: 68 pause/resume actions with 2,000-character notes filled a case to
// DynamoDB's 400 KB item limit). Counted in characters (UTF-16 units, as zod counts them); a Chinese
// character is 3 bytes of UTF-8, so a 500-character note is at most 1.5 KB in the item.
/** A note, an internal note, a supervisor's reason for a force-close: a few sentences. */
export const NOTE_MAX_CHARS = 500;
/** The reason for an extension request (延期理由): the supervisor decides on it, so a paragraph. */
export const REASON_MAX_CHARS = 500;
/** The reply to the citizen (答复内容), as the channels' intake-resolved reply. */
export const REPLY_MAX_CHARS = 2000;
/** The citizen's comment with a rating, as the feedback page accepts it. */
export const COMMENT_MAX_CHARS = 500;
/** A code or an id: a department, a case, a reason or rating code, an instant. */
export const CODE_MAX_CHARS = 64;
/** 补正: the handler's question to the citizen, as an SMS link's page shows it. */
export const QUESTION_MAX_CHARS = 500;
/** 补正: the citizen's answer, as long as a reply. */
export const ANSWER_MAX_CHARS = 2000;
/** 补正: photos with the answer (archive keys). */
export const CORRECTION_ATTACHMENTS_MAX = 5;
/** How the citizen's 补正 answer came: the status page's link, WeChat, or through an agent's call. */
export const CORRECTION_VIAS = ['web', 'wechat', 'phone'] as const;
export type CorrectionVia = (typeof CORRECTION_VIAS)[number];
/** Co-handling departments (协办) of one dispatch. */
export const CO_HANDLERS_MAX = 10;
