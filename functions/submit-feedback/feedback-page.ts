import { createHash } from 'node:crypto';
import { escapeHtml } from '../../shared/domain/dossier/dossier-html.js';
import { RATING_TEXT, FEEDBACK_PAGE_TEXT as T } from '../../shared/domain/labels.js';
import { RATINGS } from '../../shared/domain/lifecycle/fields.js';
import { PAGE_STYLE } from '../serve-web/page-style.js';

// GET /v1/cases/{trackingNo}/feedback?token=…: the page the completion notice's link opens. Rendered
// per request from the case the token verified for (its data in the HTML, escaped), so the script
// and style stay constant and run by their hashes under the same CSP as the citizen page. The script
// POSTs the rating to its own address: the comment first, then a choice, then a confirmation.

/** What the page shows: the case awaiting its rating, or why the link does not rate (see labels). */
export type FeedbackPageView =
  | {
      readonly kind: 'open';
      readonly trackingNo: string;
      readonly categoryName: string;
      readonly completedAt: string;
      readonly reply?: string;
    }
  | { readonly kind: 'invalid' | 'rated' | 'expired' };

/** The citizen page's look, and the few rules of this page's own. */
const STYLE = `${PAGE_STYLE}
.choices{display:grid;gap:.5rem;border:0;padding:0;margin:0}
.choices legend{font-weight:600;margin:0 0 .4rem;padding:0}
.choices button{background:#fff;color:#b3261e;border:1px solid #b3261e}
.choices button[aria-pressed=true]{background:#b3261e;color:#fff}
button:focus-visible,.choices button:focus-visible{outline:3px solid #f2b8b5;outline-offset:2px}
.confirm{margin:1rem 0 0;padding:.75rem;border:1px solid #b3261e;border-radius:.5rem;background:#fff8f7}
.confirm p{margin:0 0 .6rem;font-weight:600}
.notice{font-weight:600;margin:0}
.done{color:#1a7f37;font-weight:600;margin:0}
`;

/**
 * Plain ES2017 for any phone browser; no backtick and no `${` (it lives in a template). The labels
 * it needs come from the page (the buttons' text, data attributes), so the glossary stays the one
 * source of every word.
 */
const SCRIPT = String.raw`(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var form = $('rate-form');
  if (!form) return;
  var choices = Array.prototype.slice.call(document.querySelectorAll('button[data-rating]'));
  var confirmBox = $('confirm');
  var question = $('confirm-question');
  var send = $('confirm-send');
  var cancel = $('confirm-cancel');
  var error = $('rate-error');
  var chosen = null;
  var busy = false;

  function setPressed(button) {
    choices.forEach(function (b) { b.setAttribute('aria-pressed', b === button ? 'true' : 'false'); });
  }

  function choose(button) {
    if (busy) return;
    chosen = button;
    setPressed(button);
    error.textContent = '';
    question.textContent = confirmBox.getAttribute('data-question').replace('{rating}', button.textContent);
    confirmBox.hidden = false;
    send.focus();
  }

  function back() {
    if (busy) return;
    confirmBox.hidden = true;
    setPressed(null);
    if (chosen) chosen.focus();
    chosen = null;
  }

  function setBusy(on) {
    busy = on;
    send.disabled = on;
    cancel.disabled = on;
    choices.forEach(function (b) { b.disabled = on; });
    send.textContent = on ? send.getAttribute('data-busy') : send.getAttribute('data-label');
  }

  function finished(text) {
    form.hidden = true;
    confirmBox.hidden = true;
    var done = $('rate-done');
    done.textContent = text;
    done.hidden = false;
    done.focus();
  }

  function submit() {
    if (busy || !chosen) return;
    var comment = $('comment').value.trim();
    var body = { rating: chosen.getAttribute('data-rating') };
    if (comment) body.comment = comment;
    setBusy(true);
    fetch(location.pathname + location.search, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) {
        setBusy(false);
        if (r.ok) return finished(b.message);
        var code = b.error && b.error.code;
        var text = (b.error && b.error.message) || error.getAttribute('data-network');
        // The case took its one rating, or left the follow-up window: nothing more to send here.
        if (code === 'already_rated' || code === 'not_awaiting_feedback' || code === 'invalid_feedback_token') return finished(text);
        error.textContent = text;
      });
    }).catch(function () {
      setBusy(false);
      error.textContent = error.getAttribute('data-network');
    });
  }

  choices.forEach(function (b) { b.addEventListener('click', function () { choose(b); }); });
  send.addEventListener('click', submit);
  cancel.addEventListener('click', back);
  confirmBox.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); back(); }
  });
  $('comment').addEventListener('input', function () {
    $('comment-count').textContent = String($('comment').value.trim().length);
  });
})();`;

function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** `2026-11-23 09:30` in Shanghai time (no daylight saving there, so a fixed offset is exact). */
function shanghaiTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

function caseSection(view: Extract<FeedbackPageView, { kind: 'open' }>): string {
  const rows: [string, string, string?][] = [
    [T.trackingNo, view.trackingNo],
    [T.category, view.categoryName],
    [T.completedAt, shanghaiTime(view.completedAt)],
    ...(view.reply ? [[T.reply, view.reply, 'reply'] as [string, string, string]] : []),
  ];
  const dl = rows
    .map(
      ([dt, dd, cls]) =>
        `<dt>${escapeHtml(dt)}</dt><dd${cls ? ` class="${cls}"` : ''}>${escapeHtml(dd)}</dd>`,
    )
    .join('');
  return `<section aria-labelledby="case-title"><h2 id="case-title">${T.caseHeading}</h2><dl id="case-details">${dl}</dl></section>`;
}

function rateSection(): string {
  const buttons = RATINGS.map(
    (r) => `<button type="button" data-rating="${r}" aria-pressed="false">${RATING_TEXT[r]}</button>`,
  ).join('');
  return `<section aria-labelledby="rate-title"><h2 id="rate-title">${T.rateHeading}</h2>
<form id="rate-form" novalidate>
<div class="field">
<label for="comment">${T.commentLabel}<span class="opt">${T.commentOptional}</span></label>
<textarea id="comment" name="comment" maxlength="500" aria-describedby="comment-hint"></textarea>
<p id="comment-hint" class="hint">${T.commentHint}（已输入 <span id="comment-count">0</span> 字）</p>
</div>
<fieldset class="choices"><legend>${T.choiceLegend}</legend>${buttons}</fieldset>
<div id="confirm" class="confirm" role="group" aria-labelledby="confirm-question" data-question="${escapeHtml(T.confirmQuestion)}" hidden>
<p id="confirm-question" aria-live="polite"></p>
<button id="confirm-send" type="button" data-label="${T.confirm}" data-busy="${T.sending}">${T.confirm}</button>
<button id="confirm-cancel" type="button" class="secondary">${T.cancel}</button>
</div>
<p id="rate-error" class="err" role="alert" data-network="${T.network}"></p>
</form>
<p id="rate-done" class="done" role="status" tabindex="-1" hidden></p>
</section>`;
}

function body(view: FeedbackPageView): string {
  if (view.kind !== 'open') {
    return `<section aria-labelledby="state-title"><h2 id="state-title" class="sr-only">${T.title}</h2><p id="link-state" class="notice">${T[view.kind]}</p></section>`;
  }
  return `<p class="status">${T.intro}</p>${caseSection(view)}${rateSection()}`;
}

/**
 * The page for one request: the case and the rating form when the link rates, else its state in
 * plain Chinese. Every value from the case is escaped.
 *
 * @example feedbackPageHtml({ kind: 'invalid' }) // the same bytes for any wrong link
 */
export function feedbackPageHtml(view: FeedbackPageView): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${T.title}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1>${T.title}</h1></header>
<main>
${body(view)}
</main>
<footer>紧急情况请拨打 110、119、120。</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Only the page's own hashed script and style run; it talks to its own origin only. */
export const FEEDBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `script-src ${hashSource(SCRIPT)}`,
    `style-src ${hashSource(STYLE)}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  // The address carries the one-time token: it must not leave in a Referer.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The page shows the case's reply: personal data, never kept by a shared cache.
  'cache-control': 'no-store',
};
