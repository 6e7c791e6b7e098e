import { CASE_FIELD_TEXT } from '../../../shared/domain/labels.js';
import { type CaseStatusAnswer, getCaseStatus } from './api.js';
import { byId, el, setError } from './dom.js';
import { formatTime } from './format.js';
import { compactTrackingNo, TRACKING_NO, trackingNoFromQuery } from './lookup-link.js';
import { serverRefusal } from './refusal.js';
import { TEXT } from './text.js';

// 查询进度: the tracking number and the phone's last four digits show what the citizen may see of a
// case — its state, the department, the deadline, the reply, and the rating link while it is open.

/** A case just submitted reaches the table a moment after its 202 (it is queued first). */
const RETRY_AFTER_MS = 1000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function showCase(kase: CaseStatusAnswer): void {
  const list = el('case-details');
  list.textContent = '';
  const department = kase.department
    ? kase.department.name
    : // 并单: a merged case shows itself only (never the case it joined), handled with that one.
      kase.status === 'merged'
      ? CASE_FIELD_TEXT.departmentMerged
      : CASE_FIELD_TEXT.departmentPending;
  const rows: [string, string | undefined, string?][] = [
    [CASE_FIELD_TEXT.trackingNo, kase.trackingNo],
    [CASE_FIELD_TEXT.status, kase.statusText],
    [CASE_FIELD_TEXT.department, department],
    [CASE_FIELD_TEXT.category, kase.category?.name],
    [CASE_FIELD_TEXT.district, kase.district?.name],
    [CASE_FIELD_TEXT.receivedAt, formatTime(kase.receivedAt)],
    [CASE_FIELD_TEXT.dueAt, formatTime(kase.dueAt)],
  ];
  if (kase.completedAt) rows.push([CASE_FIELD_TEXT.completedAt, formatTime(kase.completedAt)]);
  if (kase.note) rows.push([CASE_FIELD_TEXT.note, kase.note]);
  if (kase.reply) rows.push([CASE_FIELD_TEXT.reply, kase.reply, 'reply']);
  for (const [term, value, className] of rows) {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value || '—';
    if (className) dd.className = className;
    list.append(dt, dd);
  }
  list.hidden = false;
  showRating(kase);
}

/** 回访: the rating page's link, only while the case awaits its rating, and a path on this origin only. */
function showRating(kase: CaseStatusAnswer): void {
  const box = el('rate-box');
  const url = String(kase.feedbackUrl ?? '');
  if (!url.startsWith('/v1/cases/')) {
    box.hidden = true;
    return;
  }
  byId('rate-link', HTMLAnchorElement).setAttribute('href', url);
  el('rate-until').textContent = kase.feedbackOpenUntil
    ? TEXT.rateUntil(formatTime(kase.feedbackOpenUntil))
    : '';
  box.hidden = false;
}

/**
 * Looks the case in the form up. Right after submitting it tries `attempts` times a second apart
 * before it says "not found", as the new case may not be stored yet.
 */
export async function lookup(attempts: number): Promise<void> {
  const message = el('lookup-message');
  const trackingNo = compactTrackingNo(byId('lookup-no', HTMLInputElement).value);
  const last4 = byId('lookup-last4', HTMLInputElement).value.trim();
  setError('lookup-no', '');
  setError('lookup-last4', '');
  el('case-details').hidden = true;
  el('rate-box').hidden = true;
  let bad = false;
  if (!TRACKING_NO.test(trackingNo)) {
    setError('lookup-no', TEXT.lookupNoInvalid);
    bad = true;
  }
  if (!/^\d{4}$/.test(last4)) {
    setError('lookup-last4', TEXT.lookupLast4Invalid);
    bad = true;
  }
  if (bad) {
    message.textContent = '';
    return;
  }
  message.textContent = TEXT.lookingUp;
  try {
    const answer = await getCaseStatus(trackingNo, last4);
    if (answer.ok) {
      message.textContent = '';
      showCase(answer.body as CaseStatusAnswer);
      return;
    }
    if (answer.status === 404 && attempts > 1) {
      await wait(RETRY_AFTER_MS);
      return lookup(attempts - 1);
    }
    message.textContent = answer.status === 429 ? TEXT.lookupTooFrequent : serverRefusal(answer.body).title;
  } catch {
    message.textContent = TEXT.network;
  }
}

/** After a submission: the lookup form holds the new tracking number and the phone's last digits. */
export function prefillLookup(trackingNo: string, phoneLast4: string): void {
  byId('lookup-no', HTMLInputElement).value = trackingNo;
  byId('lookup-last4', HTMLInputElement).value = phoneLast4;
}

/**
 * Opened from a notice's link (`/?trackingNo=…`): the lookup form holds that tracking number and
 * the cursor waits in the last-four field, which the citizen types (never taken from the link).
 */
export function prefillFromLink(search: string): void {
  const trackingNo = trackingNoFromQuery(search);
  if (!trackingNo) return;
  byId('lookup-no', HTMLInputElement).value = trackingNo;
  el('lookup-message').textContent = TEXT.lookupFromLink;
  byId('lookup-last4', HTMLInputElement).focus();
}

export function wireStatusLookup(): void {
  byId('lookup-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void lookup(1);
  });
  byId('lookup-after-submit', HTMLButtonElement).addEventListener('click', () => {
    el('lookup-section').scrollIntoView();
    void lookup(8);
  });
}
