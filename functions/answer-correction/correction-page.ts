import { createHash } from 'node:crypto';
import { ATTACHMENT_TYPES } from '../../shared/domain/attachment.js';
import { escapeHtml, shanghaiTime } from '../../shared/domain/dossier/dossier-html.js';
import { ANSWER_MAX_CHARS, CORRECTION_ATTACHMENTS_MAX } from '../../shared/domain/lifecycle/actions.js';
import { PAGE_STYLE } from '../serve-web/page-style.js';

// GET /v1/cases/{trackingNo}/correction?token=…: the page the 补正 notice's link opens. The
// question is rendered on the server (escaped) once the token proved the request; the script is
// static (its hash in the CSP), reads the token from its own address, uploads the photos through
// the web form's upload path and POSTs the answer back to the same address.

/** The script: photos one by one (grant, then the presigned POST), then the answer. */
export const CORRECTION_SCRIPT = `(function(){
var form=document.getElementById('correction-form');if(!form)return;
var result=document.getElementById('result');var button=document.getElementById('send');
var token=new URLSearchParams(location.search).get('token')||'';
var max=${CORRECTION_ATTACHMENTS_MAX};var uploaded=new Map();
function say(text){result.textContent=text;}
function readJson(r){return r.json().catch(function(){return {};});}
function sha256Base64(file){
  if(!window.crypto||!window.crypto.subtle)return Promise.reject({message:'当前浏览器无法校验图片，请通过 HTTPS 访问或更换浏览器后重试'});
  var read=typeof file.arrayBuffer==='function'?file.arrayBuffer():new Response(file).arrayBuffer();
  return read.then(function(b){return window.crypto.subtle.digest('SHA-256',b);})
    .then(function(d){return btoa(String.fromCharCode.apply(null,new Uint8Array(d)));});
}
function uploadOne(file){
  if(uploaded.has(file))return Promise.resolve(uploaded.get(file));
  return sha256Base64(file).then(function(sha256){
    return fetch('/v1/channels/webform/uploads',{method:'POST',headers:{'content-type':'application/json'},
      body:JSON.stringify({contentType:file.type,size:file.size,sha256:sha256})});
  }).then(function(r){return readJson(r).then(function(body){
    if(!r.ok)throw {message:(body.error&&body.error.message)||'图片上传失败'};
    var data=new FormData();
    Object.keys(body.fields).forEach(function(k){data.append(k,body.fields[k]);});
    data.append('file',file);
    return fetch(body.url,{method:'POST',body:data}).then(function(s3){
      if(!s3.ok)throw {message:'图片上传失败（'+s3.status+'）：'+file.name};
      uploaded.set(file,body.key);return body.key;
    });
  });});
}
form.addEventListener('submit',function(e){
  e.preventDefault();
  var answer=document.getElementById('answer').value.trim();
  var files=Array.prototype.slice.call(document.getElementById('photos').files||[]);
  if(!answer){say('请填写补正内容');return;}
  if(files.length>max){say('图片最多 '+max+' 张');return;}
  button.disabled=true;say('正在提交…');
  Promise.all(files.map(uploadOne)).then(function(keys){
    var body={token:token,answer:answer};if(keys.length)body.attachments=keys;
    return fetch(location.pathname,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)});
  }).then(function(r){return readJson(r).then(function(b){
    if(r.ok){form.hidden=true;say(b.message);return;}
    if(b.error&&b.error.code==='invalid_attachment')uploaded=new Map();
    say((b.error&&b.error.message)||'提交失败，请稍后重试');button.disabled=false;
  });}).catch(function(err){say((err&&err.message)||'网络异常，请稍后重试');button.disabled=false;});
});
})();`;

function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Only the page's own hashed script and the citizen page's hashed style run; it talks to its own
 * origin and the bucket the photos are posted to; the token in its address leaves in no Referer.
 */
export function correctionPageHeaders(uploadOrigin: string | undefined): Record<string, string> {
  const connect = ["'self'", ...(uploadOrigin ? [uploadOrigin] : [])].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `script-src ${hashSource(CORRECTION_SCRIPT)}`,
      `style-src ${hashSource(PAGE_STYLE)}`,
      "img-src 'self' data:",
      `connect-src ${connect}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}

/** What the page shows: the open request, one already answered, or a link that proves nothing. */
export type CorrectionView =
  | {
      readonly kind: 'open';
      readonly trackingNo: string;
      readonly question: string;
      readonly dueAt: string;
    }
  | { readonly kind: 'answered'; readonly trackingNo: string; readonly answeredAt: string }
  | { readonly kind: 'closed'; readonly trackingNo: string }
  | { readonly kind: 'invalid' };

const TYPES_ACCEPT = Object.keys(ATTACHMENT_TYPES).join(',');

function body(view: CorrectionView): string {
  switch (view.kind) {
    case 'invalid':
      return '<section><h2>链接无效</h2><p>补正链接无效或已过期。如需帮助请拨打 12345。</p></section>';
    case 'closed':
      return `<section><h2>工单号 <span class="tracking">${escapeHtml(view.trackingNo)}</span></h2><p>该补正已结束，无需再提交。如有疑问请拨打 12345。</p></section>`;
    case 'answered':
      return `<section><h2>工单号 <span class="tracking">${escapeHtml(view.trackingNo)}</span></h2><p class="ok">您已于 ${escapeHtml(shanghaiTime(view.answeredAt))} 提交补正，无需重复提交。</p></section>`;
    case 'open':
      return `<section aria-labelledby="q-title"><h2 id="q-title">需要您补充的内容</h2>
<dl><dt>工单号</dt><dd class="tracking-no">${escapeHtml(view.trackingNo)}</dd>
<dt>补正事项</dt><dd id="question">${escapeHtml(view.question)}</dd>
<dt>补正期限</dt><dd>${escapeHtml(shanghaiTime(view.dueAt))} 前</dd></dl>
<form id="correction-form" novalidate>
<div class="field"><label for="answer">补正内容<span class="req" aria-hidden="true">*</span></label>
<textarea id="answer" name="answer" required maxlength="${ANSWER_MAX_CHARS}"></textarea>
<p class="hint">最多 ${ANSWER_MAX_CHARS} 字</p></div>
<div class="field"><label for="photos">图片<span class="opt">选填，最多 ${CORRECTION_ATTACHMENTS_MAX} 张，每张不超过 5 MB</span></label>
<input id="photos" name="photos" type="file" accept="${TYPES_ACCEPT}" multiple></div>
<button id="send" type="submit">提交补正</button>
</form>
<p id="result" class="status" role="status" aria-live="polite"></p></section>`;
  }
}

/** The page for one view; every value from the case is escaped. */
export function correctionPageHtml(view: CorrectionView): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>12345 补正材料</title><link rel="icon" href="data:,"><style>${PAGE_STYLE}</style></head>
<body><header><h1>12345 政务服务便民热线</h1><p>补正材料</p></header>
<main>${body(view)}</main>
<script>${CORRECTION_SCRIPT}</script></body></html>`;
}
