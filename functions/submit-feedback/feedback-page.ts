import { createHash } from 'node:crypto';
import { RATING_TEXT } from '../../shared/domain/labels.js';
import { RATINGS } from '../../shared/domain/lifecycle/fields.js';

// GET /v1/cases/{trackingNo}/feedback?token=…: the page the completion notice's link opens. Static:
// its script reads the tracking number and token from its own address and POSTs the rating there.

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}button{font-size:1rem;margin:.3rem .5rem .3rem 0;padding:.6rem 1rem;border:1px solid #8c959f;border-radius:6px;background:#f6f8fa;cursor:pointer}
textarea{width:100%;min-height:5rem;font:inherit;box-sizing:border-box}#result{margin-top:1rem;font-weight:600}`;

const SCRIPT = `(function(){
var result=document.getElementById('result');
var buttons=document.querySelectorAll('button[data-rating]');
function done(text){result.textContent=text;}
for(var i=0;i<buttons.length;i++){buttons[i].addEventListener('click',function(e){
  var rating=e.currentTarget.getAttribute('data-rating');
  var comment=document.getElementById('comment').value.trim();
  for(var j=0;j<buttons.length;j++)buttons[j].disabled=true;
  fetch(location.pathname+location.search,{method:'POST',headers:{'content-type':'application/json'},
    body:JSON.stringify(comment?{rating:rating,comment:comment}:{rating:rating})})
  .then(function(r){return r.json();})
  .then(function(b){done(b.error?b.error.message:(b.message||b.statusText));})
  .catch(function(){done('网络异常，请稍后重试');for(var j=0;j<buttons.length;j++)buttons[j].disabled=false;});
});}
})();`;

function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const FEEDBACK_PAGE_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>12345 办理结果评价</title><style>${STYLE}</style></head>
<body><h1>12345 办理结果评价</h1>
<p>您的诉求已办结，请对办理结果作出评价。每个工单只能评价一次。</p>
<p>${RATINGS.map((r) => `<button type="button" data-rating="${r}">${RATING_TEXT[r]}</button>`).join('')}</p>
<p><label for="comment">意见（选填，最多 500 字）</label><br><textarea id="comment" maxlength="500"></textarea></p>
<p id="result" role="status"></p>
<script>${SCRIPT}</script></body></html>`;

/** Only the page's own hashed script and style run; it talks to its own origin only. */
export const FEEDBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `script-src ${hashSource(SCRIPT)}`,
    `style-src ${hashSource(STYLE)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  // The address carries the one-time token: it must not leave in a Referer.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
