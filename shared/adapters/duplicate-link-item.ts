// 并单 links as items of their own: `pk = CASE#<master>`, `sk = DUP#<duplicate>`. One small item per
// duplicate, so N duplicates of one master cost N puts of constant size, and the master's item
// never grows with them. No SDK import here: the stream consumers read these items too (to skip them).

/** The sort key prefix of a master's duplicate links, beside its `CASE` item. */
export const DUPLICATE_LINK_PREFIX = 'DUP#';

/**
 * A duplicate's link to its master, as staff read it. Deliberately none of a case's index
 * attributes (`trackingNo`, `callerKey`, `deptQueue`, `status`, …): the item is in no index, and no
 * reader of cases ever meets it.
 */
export interface DuplicateLink {
  readonly duplicateCaseId: string;
  readonly duplicateTrackingNo: string;
  readonly linkedAt: string;
  readonly actor: string;
  readonly note?: string;
}

export function duplicateLinkKey(masterCaseId: string, duplicateCaseId: string): { pk: string; sk: string } {
  return { pk: `CASE#${masterCaseId}`, sk: `${DUPLICATE_LINK_PREFIX}${duplicateCaseId}` };
}

/** The item a link is stored as. */
export function toDuplicateLinkItem(masterCaseId: string, link: DuplicateLink): Record<string, unknown> {
  return { ...duplicateLinkKey(masterCaseId, link.duplicateCaseId), kind: 'duplicate_link', ...link };
}

export function fromDuplicateLinkItem(item: Record<string, unknown>): DuplicateLink {
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : '');
  return {
    duplicateCaseId: text('duplicateCaseId'),
    duplicateTrackingNo: text('duplicateTrackingNo'),
    linkedAt: text('linkedAt'),
    actor: text('actor'),
    ...(typeof item.note === 'string' ? { note: item.note } : {}),
  };
}

/** Is this cases-table item a duplicate link (and so no case)? */
export function isDuplicateLinkItem(item: Record<string, unknown> | undefined): boolean {
  return typeof item?.sk === 'string' && item.sk.startsWith(DUPLICATE_LINK_PREFIX);
}
