import { DISCLOSURE_CONSOLE_TEXT } from '../../../../../shared/domain/labels';
import type { DisclosureSummary } from '../../api/disclosure';

// What the disclosure lists say of a row beyond the case table's columns: who is responsible, who
// drafted and when. The desk sends the parts of the file a list needs; a part it left out reads "—".

/** 专人负责, or 尚未登记 while the office has not registered the request. */
export function responsibleLine(row: DisclosureSummary): string {
  const responsible = row.responsible ?? row.disclosure?.responsible;
  if (responsible) return responsible.name;
  return row.disclosure?.registration ? '—' : DISCLOSURE_CONSOLE_TEXT.notRegistered;
}

/** 拟稿: the drafter's label and the time of the draft. */
export function draftLine(row: DisclosureSummary, format: (iso: string) => string): string {
  const draft = row.disclosure?.draft;
  if (!draft) return '—';
  return `${draft.reply?.drafter?.name ?? draft.draftedBy} · ${format(draft.draftedAt)}`;
}
