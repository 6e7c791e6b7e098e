import {
  ACTION_TEXT,
  CHANNEL_TEXT,
  CLOSE_REASON_TEXT,
  FEEDBACK_VIA_TEXT,
  FOLLOW_UP_CALL_OUTCOME_TEXT,
  OBJECT_KIND_TEXT,
  RATING_TEXT,
  SLA_OUTCOME_TEXT,
  STATUS_TEXT,
  TYPE_TEXT,
  URGENCY_TEXT,
} from '../labels.js';
import type { Dossier } from './dossier.js';

// dossier.html: the dossier for a reader, beside the JSON it renders. Everything inline (no script,
// no external style or font), so it opens from the archive years later exactly as written, and a
// content security policy that forbids loading anything.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Text into HTML, for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** `2026-11-23 09:30:00` in Shanghai time (no daylight saving there, so a fixed offset is exact). */
export function shanghaiTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function label(map: Readonly<Record<string, string>>, code: string | undefined): string {
  if (code === undefined) return '';
  return map[code] ?? code;
}

const STYLE = `body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.5}
h1{border-bottom:2px solid #b22;padding-bottom:.3em}h2{margin-top:1.6em;font-size:1.15em;color:#b22}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4;white-space:nowrap}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{font-weight:bold}
dd{margin:0}.text{white-space:pre-wrap}.hash{font-family:monospace;font-size:.85em;word-break:break-all}`;

/**
 * The Chinese rendering of a dossier. Pure and deterministic: the verifier renders the JSON again
 * and compares bytes, so any edit of the page alone is found too.
 */
export function renderDossierHtml(d: Dossier): string {
  const k = d.case;
  const e = escapeHtml;
  const row = (name: string, value: string | undefined) =>
    value ? `<dt>${e(name)}</dt><dd>${e(value)}</dd>` : '';
  const facts = [
    row('工单号', k.trackingNo),
    row('工单编号', k.caseId),
    row('类型', label(TYPE_TEXT, k.type)),
    row('紧急程度', label(URGENCY_TEXT, k.urgency)),
    row('受理渠道', label(CHANNEL_TEXT, k.channel)),
    row('状态', STATUS_TEXT[k.status]),
    row('诉求分类', k.category),
    row('区县', k.district),
    row('地址', k.address),
    row('承办单位', k.departmentId ?? (k.mergedInto ? '（已并单）' : '（未派单）')),
    row('协办单位', k.coHandlers.join('、')),
    row('并入工单', k.mergedInto),
    row('受理时间', shanghaiTime(k.receivedAt)),
    row('办理时限', shanghaiTime(k.dueAt)),
    row('办结时间', shanghaiTime(k.completedAt)),
    row('按时办结', label(SLA_OUTCOME_TEXT, k.slaOutcome)),
    row('归档时间', shanghaiTime(d.closedAt)),
    row('归档原因', label(CLOSE_REASON_TEXT, k.closeReason)),
  ].join('');
  const steps = k.history
    .map(
      (h, i) =>
        `<tr><td>${i + 1}</td><td>${e(shanghaiTime(h.at))}</td><td>${e(h.actor)}</td>` +
        `<td>${e(label(ACTION_TEXT, h.action))}</td><td class="text">${e(h.note ?? '')}</td>` +
        `<td class="hash">${e(d.chain[i]?.hash ?? '')}</td></tr>`,
    )
    .join('\n');
  // How it was taken and the call list's end only where recorded: older dossiers render as they did.
  const via = k.feedback?.via
    ? `<p>${e(label(FEEDBACK_VIA_TEXT, k.feedback.via))}${k.feedback.takenBy ? `（${e(k.feedback.takenBy)}）` : ''}</p>`
    : '';
  const call = k.followUpCall?.outcome
    ? `<p>电话回访：${e(label(FOLLOW_UP_CALL_OUTCOME_TEXT, k.followUpCall.outcome))}（共 ${k.followUpCall.attempts.length} 次）</p>`
    : '';
  const feedback =
    (k.feedback
      ? `<p>${e(label(RATING_TEXT, k.feedback.rating))}（${e(shanghaiTime(k.feedback.at))}）</p>` +
        (k.feedback.comment ? `<p class="text">${e(k.feedback.comment)}</p>` : '') +
        via
      : '<p>无评价</p>') + call;
  const objects = d.objects.length
    ? `<table><thead><tr><th>类别</th><th>对象</th><th>SHA-256</th></tr></thead><tbody>\n${d.objects
        .map(
          (o) =>
            `<tr><td>${e(OBJECT_KIND_TEXT[o.kind])}</td><td class="hash">${e(o.key)}</td>` +
            `<td class="hash">${o.missing ? '（归档时对象不存在）' : e(o.sha256 ?? '')}</td></tr>`,
        )
        .join('\n')}\n</tbody></table>`
    : '<p>无</p>';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>工单档案 ${e(k.trackingNo)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>工单档案</h1>
<dl>${facts}</dl>
<h2>诉求内容</h2>
<p class="text">${e(k.content)}</p>
<h2>办理过程</h2>
<table><thead><tr><th>序号</th><th>时间</th><th>操作人</th><th>操作</th><th>说明</th><th>哈希值</th></tr></thead><tbody>
${steps}
</tbody></table>
<h2>答复</h2>
${k.reply ? `<p class="text">${e(k.reply)}</p>` : '<p>无</p>'}
<h2>回访评价</h2>
${feedback}
<h2>原始报文与附件</h2>
${objects}
<h2>哈希值</h2>
<dl><dt>档案哈希</dt><dd class="hash">${e(d.manifest.hash)}</dd><dt>哈希链末环</dt><dd class="hash">${e(d.manifest.previous)}</dd><dt>算法</dt><dd class="hash">${e(d.manifest.method)}</dd></dl>
<p>本档案由 dossier.json 生成；校验：npm run verify-archive -- ${e(k.caseId)}</p>
</body>
</html>
`;
}
