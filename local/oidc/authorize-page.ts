import { createHash } from 'node:crypto';
import { ROLE_TEXT } from '../../shared/domain/labels.js';
import { STAFF_ROLES, type StaffRole } from '../../shared/domain/staff-roles.js';

// The development issuer's sign-in page (local only): pick a role, a department, an agent id and a
// name — no password, as the local stack has no accounts. Plain HTML and a form POST: no script, so
// the CSP needs none; the one style block is allowed by its hash.

/** The authorization request's parameters, carried through the form as hidden fields. */
export interface AuthorizeRequest {
  readonly client_id: string;
  readonly redirect_uri: string;
  readonly scope: string;
  readonly state: string;
  readonly nonce: string;
  readonly code_challenge: string;
  readonly code_challenge_method: string;
}

export interface PageChoice {
  readonly role?: StaffRole;
  readonly departmentId?: string;
  readonly agentId?: string;
  readonly name?: string;
}

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2329;line-height:1.6}
h1{font-size:1.4rem}
label{display:block;margin:.75rem 0 .25rem}select,input[type=text]{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}
.note{color:#4e5969;font-size:.9rem}
.error{color:#b42318;border:1px solid #b42318;padding:.5rem;border-radius:6px}
button{font:inherit;padding:.5rem 1.5rem;background:#1d4ed8;color:#fff;border:0;border-radius:6px;cursor:pointer}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The page's CSP: nothing but its own hashed style; the form posts to the issuer, whose answer
 * redirects to the console (form-action covers that redirect in Chromium).
 */
export function authorizePageCsp(redirectOrigin: string): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `form-action 'self' ${redirectOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function authorizePage(o: {
  request: AuthorizeRequest;
  departments: readonly { id: string; name: string }[];
  choice?: PageChoice;
  error?: string;
}): string {
  const choice = o.choice ?? {};
  const role = choice.role ?? 'agent';
  const hidden = Object.entries(o.request)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n');
  const roles = STAFF_ROLES.map(
    (r) => `<option value="${r}"${r === role ? ' selected' : ''}>${ROLE_TEXT[r]}（${r}）</option>`,
  ).join('\n');
  const departments = o.departments
    .map(
      (d) =>
        `<option value="${escapeHtml(d.id)}"${d.id === choice.departmentId ? ' selected' : ''}>${escapeHtml(d.name)}</option>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地开发登录 · 12345 工作台</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>本地开发登录</h1>
<p class="note">仅本地开发环境：选择角色即可登录，无需密码。部署环境使用 Cognito 或本市的统一身份认证。</p>
${o.error ? `<p class="error" role="alert" id="error">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="/local/oidc/authorize"${o.error ? ' aria-describedby="error"' : ''}>
${hidden}
<label for="role">角色</label>
<select id="role" name="role" autofocus>
${roles}
</select>
<label for="departmentId">承办单位（承办人必选）</label>
<select id="departmentId" name="departmentId">
<option value="">（不选）</option>
${departments}
</select>
<label for="agentId">工号（话务员）</label>
<input type="text" id="agentId" name="agentId" value="${escapeHtml(choice.agentId ?? 'A001')}" autocomplete="off" maxlength="32">
<label for="name">姓名（显示名称）</label>
<input type="text" id="name" name="name" value="${escapeHtml(choice.name ?? '')}" placeholder="例如：张三" maxlength="40">
<p><button type="submit">登录</button></p>
</form>
</main>
</body>
</html>`;
}

/** A short page for what cannot go back to the console (a bad client or redirect, a refused logout). */
export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 12345 工作台</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body>
</html>`;
}

export const MESSAGE_PAGE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; frame-ancestors 'none'; base-uri 'none'`;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
