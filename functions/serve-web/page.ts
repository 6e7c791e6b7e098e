import { createHash } from 'node:crypto';
import { ATTACHMENT_TYPES, MAX_ATTACHMENTS } from '../../shared/domain/attachment.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** A CSP source for an inline block: the page runs only the script and style it was built with. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const SCRIPT_HASH = hashSource(PAGE_SCRIPT);
export const STYLE_HASH = hashSource(PAGE_STYLE);

/**
 * The security headers of the page. No inline code runs but the hashed script and style; the page
 * talks only to its own API and to the bucket the photos are posted to; it cannot be framed.
 */
export function pageHeaders(uploadOrigin: string | undefined): Record<string, string> {
  const connect = ["'self'", ...(uploadOrigin ? [uploadOrigin] : [])].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `script-src ${SCRIPT_HASH}`,
      `style-src ${STYLE_HASH}`,
      "img-src 'self' data:",
      `connect-src ${connect}`,
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    // The status lookup carries the phone's last four digits in its query: no referrer leaves.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'strict-transport-security': 'max-age=31536000',
    // Short: a new deploy (a new script hash) reaches citizens within minutes.
    'cache-control': 'public, max-age=60',
  };
}

const TYPES_ACCEPT = Object.keys(ATTACHMENT_TYPES).join(',');

/** The citizen page (GET /): submit an appeal, look a case up. All text is Chinese. */
export const PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="12345 政务服务便民热线网上诉求：提交诉求、查询办理进度">
<title>12345 网上诉求 · 提交与查询</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>12345 政务服务便民热线</h1>
<p>网上提交诉求 · 查询办理进度</p>
</header>
<nav aria-label="页面导航"><a href="#submit-section">提交诉求</a><a href="#lookup-section">查询进度</a></nav>
<main>
<section id="submit-section" aria-labelledby="submit-title">
<h2 id="submit-title">提交诉求</h2>
<div id="form-summary" class="summary" role="alert" tabindex="-1" hidden></div>
<form id="appeal-form" novalidate>
<div class="field">
<label for="category">诉求类别<span class="req" aria-hidden="true">*</span></label>
<select id="category" name="category" required aria-describedby="err-category"><option value="">请选择</option></select>
<p id="err-category" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="type">诉求类型<span class="req" aria-hidden="true">*</span></label>
<select id="type" name="type" required aria-describedby="err-type"><option value="">请选择</option></select>
<p id="err-type" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="district">所在区县<span class="req" aria-hidden="true">*</span></label>
<select id="district" name="district" required aria-describedby="err-district"><option value="">请选择</option></select>
<p id="err-district" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="address">详细地址<span class="opt">选填</span></label>
<input id="address" name="address" maxlength="200" autocomplete="street-address" placeholder="如：人民路 88 号小区东门" aria-describedby="err-address">
<p id="err-address" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="content">诉求内容<span class="req" aria-hidden="true">*</span></label>
<textarea id="content" name="content" required minlength="5" maxlength="2000" placeholder="请写明时间、地点和具体问题" aria-describedby="content-hint err-content"></textarea>
<p id="content-hint" class="hint">5–2000 字，已输入 <span id="content-count">0</span> 字</p>
<p id="err-content" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="phone">手机号码<span class="req" aria-hidden="true">*</span></label>
<input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required placeholder="11 位手机号" aria-describedby="phone-hint err-phone">
<p id="phone-hint" class="hint">仅用于回访和查询验证，页面和记录中只显示后四位</p>
<p id="err-phone" class="err" aria-live="polite"></p>
</div>
<div id="code-field" class="field" hidden>
<label for="code">短信验证码<span id="code-req" class="req" aria-hidden="true">*</span><span id="code-opt" class="opt" hidden>选填</span></label>
<div class="code-row">
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="code-hint err-code">
<button id="code-button" type="button" class="secondary">获取验证码</button>
</div>
<p id="code-hint" class="hint" aria-live="polite">点击“获取验证码”，将 6 位验证码发送到上面的手机号，5 分钟内有效</p>
<p id="err-code" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="name">姓名<span class="opt">选填</span></label>
<input id="name" name="name" maxlength="50" autocomplete="name" aria-describedby="err-name">
<p id="err-name" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="attachments">现场照片<span class="opt">选填，最多 ${MAX_ATTACHMENTS} 张，每张不超过 5 MB</span></label>
<input id="attachments" name="attachments" type="file" multiple accept="${TYPES_ACCEPT}" aria-describedby="attachments-hint err-attachments">
<p id="attachments-hint" class="hint">支持 JPG、PNG、WebP、HEIC 格式</p>
<ul id="file-list" class="files"></ul>
<p id="err-attachments" class="err" aria-live="polite"></p>
</div>
<button id="submit-button" type="submit">提交诉求</button>
</form>
</section>
<section id="result-section" aria-labelledby="result-title" tabindex="-1" hidden>
<h2 id="result-title">提交成功</h2>
<p class="ok">您的诉求已受理，工单号：</p>
<p id="tracking-no" class="tracking" aria-live="polite"></p>
<p class="hint">请记下工单号。查询进度时需要工单号和手机号后四位。</p>
<button id="lookup-after-submit" type="button">查询办理进度</button>
<button id="new-appeal" type="button" class="secondary">再提交一件诉求</button>
</section>
<section id="lookup-section" aria-labelledby="lookup-title">
<h2 id="lookup-title">查询进度</h2>
<form id="lookup-form" novalidate>
<div class="field">
<label for="lookup-no">工单号</label>
<input id="lookup-no" name="trackingNo" autocomplete="off" autocapitalize="characters" placeholder="如 250101-ABCD-EFGH" aria-describedby="err-lookup-no">
<p id="err-lookup-no" class="err" aria-live="polite"></p>
</div>
<div class="field">
<label for="lookup-last4">手机号后四位</label>
<input id="lookup-last4" name="phoneLast4" inputmode="numeric" maxlength="4" autocomplete="off" aria-describedby="err-lookup-last4">
<p id="err-lookup-last4" class="err" aria-live="polite"></p>
</div>
<button type="submit">查询</button>
</form>
<p id="lookup-message" class="status" role="status"></p>
<dl id="case-details" hidden></dl>
<div id="rate-box" class="rate" hidden>
<p>您的诉求已办结，欢迎对办理结果作出评价。<span id="rate-until"></span></p>
<a id="rate-link" class="button-link" href="#lookup-section">去评价</a>
</div>
</section>
</main>
<footer>紧急情况请拨打 110、119、120。本页面不收集与诉求无关的个人信息。</footer>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
