// 待派单 by intake: what a channel could not settle (a category or district the catalogue did not
// resolve, a disclosure request not taken) is kept on the appeal, and the case waits for a person.
import type { Appeal } from './appeal.js';

/** A run of letters and digits as long as an identity number or a credit code, with digits in it. */
const NUMBER_LIKE = /[0-9A-Za-z]{15,}/g;
const hidden = (s: string) => `[已隐去，尾号 ${s.slice(-4)}]`;

/**
 * Free text an agent typed, as it may be kept: never an identity number in clear (a number typed in
 * the wrong field is blanked like redactIdentityNumbers does, last four kept), at most `limit`
 * characters (the appeal's own bound), surrounding spaces dropped.
 *
 * @example keptTypedText(' 身份证 11010519491231002X ') // '身份证 [已隐去，尾号 002X]'
 */
export function keptTypedText(text: string, limit = 64): string {
  const blanked = text
    .trim()
    .replace(NUMBER_LIKE, (run) => ((run.match(/\d/g)?.length ?? 0) >= 6 ? hidden(run) : run));
  return [...blanked].slice(0, limit).join('');
}

/** What a field an agent left blank (spaces only) is kept as, so the dispatcher sees it was empty. */
export const BLANK_TYPED_TEXT = '（未填写）';

/**
 * A category or district as typed, kept: `keptTypedText`, or `BLANK_TYPED_TEXT` for spaces only.
 *
 * @example keptTypedField('　') // '（未填写）'
 */
export function keptTypedField(text: string): string {
  return keptTypedText(text) || BLANK_TYPED_TEXT;
}

type HeldFields = Pick<Appeal, 'typedCategory' | 'typedDistrict' | 'requestProblems'>;

/**
 * Why the appeal's case waits for a dispatcher whatever the catalogue's rules say, in the words the
 * history shows staff, or undefined when intake settled everything.
 *
 * @example
 * intakeHoldNote({ typedCategory: '井盖丢了' })
 * // '话务员所填诉求类别“井盖丢了”未能对应目录，请调度员核定后派单'
 */
export function intakeHoldNote(appeal: HeldFields): string | undefined {
  const parts: string[] = [];
  if (appeal.typedCategory) parts.push(`话务员所填诉求类别“${appeal.typedCategory}”未能对应目录`);
  if (appeal.typedDistrict) parts.push(`话务员所填属地“${appeal.typedDistrict}”未能对应目录`);
  const problems = appeal.requestProblems ?? [];
  if (problems.length > 0) {
    const listed = problems.map((p) => `${p.path || '申请'}：${p.message}（${p.code}）`).join('；');
    parts.push(`来电所附政府信息公开申请未能受理，问题：${listed}`);
  }
  return parts.length === 0 ? undefined : `${parts.join('；')}，请调度员核定后派单`;
}

/** Is the appeal one intake could not settle, so no rule may route it? */
export function heldAtIntake(appeal: HeldFields): boolean {
  return intakeHoldNote(appeal) !== undefined;
}
