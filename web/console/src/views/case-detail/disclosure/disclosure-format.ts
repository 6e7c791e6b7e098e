import type { DisclosureFile, KeptRequest } from '../../../../../../shared/domain/disclosure/case-fields';
import { maskIdentity } from '../../../../../../shared/domain/disclosure/masked-identity';
import type { Reply } from '../../../../../../shared/domain/disclosure/reply';
import {
  DISCLOSED_VIA_TEXT,
  DISCLOSURE_OUTCOME_TEXT,
  NOT_HELD_TEXT,
  PART_GROUND_EXTRA_TEXT,
  PROVISION_FORM_TEXT,
  REFERRAL_TEXT,
  REPLY_TEXT,
} from '../../../../../../shared/domain/labels';

// What the 政府信息公开 panel says of the file, as pure functions (the panel only lays them out).

/**
 * The applicant's identity line: the document (or 统一社会信用代码) and the masked number (stars, then
 * the last four: the server keeps nothing more, and the console never asks for more).
 */
export function identityLine(request: KeptRequest, documentName: (kind: string) => string): string {
  const a = request.applicant;
  return a.kind === 'citizen'
    ? `${documentName(a.document.kind)} ${maskIdentity(a.document)}`
    : `统一社会信用代码 ${maskIdentity(a.creditCode)}`;
}

/** A reply's facts as label–text lines, for the panel and the reviewer's read-only view. */
export function replyLines(reply: Reply): [string, string][] {
  const lines: [string, string][] = [[REPLY_TEXT.outcome, DISCLOSURE_OUTCOME_TEXT[reply.outcome]]];
  if (reply.disclosedVia) lines.push(['公开方式', DISCLOSED_VIA_TEXT[reply.disclosedVia]]);
  if (reply.notHeld) lines.push(['不掌握的情形', NOT_HELD_TEXT[reply.notHeld]]);
  if (reply.reason) lines.push([REPLY_TEXT.reason, reply.reason]);
  if (reply.provision) {
    const p = reply.provision;
    const parts = [PROVISION_FORM_TEXT[p.form]];
    if (p.where) parts.push(`地点或途径：${p.where}`);
    if (p.when) parts.push(`时间：${p.when}`);
    if (p.formWanted && p.formWanted !== p.form) {
      parts.push(`申请人要求${PROVISION_FORM_TEXT[p.formWanted]}，未按要求提供的理由：${p.formReason ?? ''}`);
    }
    lines.push([REPLY_TEXT.provision, parts.join('；')]);
  }
  reply.withheldParts?.forEach((w, i) => {
    const ground =
      w.ground === 'not_government_information'
        ? PART_GROUND_EXTRA_TEXT.not_government_information
        : DISCLOSURE_OUTCOME_TEXT[w.ground];
    lines.push([`${REPLY_TEXT.withheldParts}（${i + 1}）`, `${w.part}：${ground}。${w.reason}`]);
  });
  if (reply.referral) {
    const r = reply.referral;
    const detail = r.kind === 'apply_elsewhere' ? `${r.body ?? ''}（${r.contact ?? ''}）` : (r.route ?? '');
    lines.push([REPLY_TEXT.referral, `${REFERRAL_TEXT[r.kind]}：${detail}`]);
  }
  if (reply.previousReply) {
    lines.push(['此前答复', `${reply.previousReply.repliedOn} ${reply.previousReply.letterNo}`]);
  }
  if (reply.correctionNoticeOn) lines.push(['补正告知日期', reply.correctionNoticeOn]);
  lines.push([
    REPLY_TEXT.fee,
    reply.fee ? `${(reply.fee.amountFen / 100).toFixed(2)} 元（${reply.fee.noticeNo}）` : REPLY_TEXT.feeNone,
  ]);
  lines.push([REPLY_TEXT.drafter, reply.drafter.name]);
  return lines;
}

/** Where the request stands, in a word for the panel's head. */
export function stageOf(file: DisclosureFile): string {
  if (file.letter) return '已答复';
  if (file.outcome) return '已办结';
  if (file.draft?.returnedAt) return '退回修改';
  if (file.draft && !(file.approval && file.approval.revision === file.draft.revision)) return '待审核';
  if (file.registration) return file.registration.decision === 'accept' ? '办理中' : '已登记';
  return '待登记';
}

/** 审核退回: the reviewer's reason and when, as the marker on the draft records it (case-fields.ts). */
export function returnedLine(
  draft: NonNullable<DisclosureFile['draft']>,
  format: (iso: string) => string,
): string {
  return draft.returnedAt ? `退回修改：${draft.returnNote ?? ''}（${format(draft.returnedAt)}）` : '';
}

/** Whose draft this is: the two-person rule compares the JWT subjects (case-fields.ts). */
export function isOwnDraft(file: DisclosureFile | undefined, sub: string | undefined): boolean {
  return Boolean(file?.draft && sub && file.draft.drafterId === sub);
}
