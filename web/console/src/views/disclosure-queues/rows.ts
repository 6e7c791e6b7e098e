import { DISCLOSURE_CONSOLE_TEXT } from '../../../../../shared/domain/labels';
import type { DisclosureRow } from '../../api/disclosure';

// What the disclosure lists say of a row beyond its number, applicant and deadline: who is
// responsible, who drafted and when.

/** 专人负责, or 未指定 while nobody is named (a request not yet registered names nobody). */
export function responsibleLine(row: DisclosureRow): string {
  return row.responsible?.name ?? '未指定';
}

/** 拟稿: the drafter's name, the revision and the time of the draft, and 退回修改 once sent back. */
export function draftLine(row: DisclosureRow, format: (iso: string) => string): string {
  const draft = row.draft;
  if (!draft) return DISCLOSURE_CONSOLE_TEXT.noDraft;
  const line = `${draft.drafterName} · 第 ${draft.revision} 稿 · ${format(draft.draftedAt)}`;
  return draft.returnedAt ? `${line} · 退回修改` : line;
}
