/** The dashboard's only stylesheet: inline, allowed by its hash (no CDN, no unsafe-inline). */
export const PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:15px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;line-height:1.55;color:#1f2328;background:#f3f5f8}
header{background:#b3261e;color:#fff;padding:.9rem 1.25rem}
header .bar{max-width:78rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between}
header h1{margin:0;font-size:1.3rem;letter-spacing:.02em}
header p{margin:0;font-size:.9rem;opacity:.92}
#session{font-size:.9rem}
#session button{margin-left:.6rem}
main{max-width:78rem;margin:0 auto;padding:1rem 1.25rem 2rem}
section,.panel{background:#fff;border-radius:.6rem;padding:1rem 1.1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:1.08rem;margin:0 0 .7rem}
h3{font-size:1rem;margin:0 0 .4rem}
label{display:block;font-weight:600;margin:0 0 .25rem;font-size:.9rem}
input,select,textarea{font:inherit;padding:.45rem .6rem;border:1px solid #c9ced6;border-radius:.45rem;background:#fff;color:inherit}
textarea{width:100%;min-height:6rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
input:focus,select:focus,textarea:focus,button:focus{outline:3px solid #f2b8b5;outline-offset:1px}
button{font:inherit;font-weight:600;padding:.5rem 1rem;border:0;border-radius:.45rem;background:#b3261e;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#b3261e;border:1px solid #b3261e}
header button.secondary{background:transparent;color:#fff;border-color:#fff;padding:.2rem .7rem}
button:disabled{opacity:.55;cursor:wait}
.hint{color:#57606a;font-size:.85rem;margin:.35rem 0 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:0 .25rem;border-radius:.25rem}
#filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end}
#filters .actions{display:flex;gap:.5rem;margin-left:auto;align-items:flex-end}
.alert{border-left:4px solid #b3261e;background:#fdf0ef;color:#8c1d18;padding:.6rem .8rem;border-radius:.35rem;margin:0 0 1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin:0 0 1rem}
.card{background:#fff;border-radius:.6rem;padding:1rem 1.1rem;box-shadow:0 1px 2px rgba(0,0,0,.06);border-top:4px solid #8c959f}
.card.met{border-top-color:#1a7f37}
.card.miss{border-top-color:#cf222e}
.card .value{font-size:2rem;font-weight:700;margin:.1rem 0;font-variant-numeric:tabular-nums}
.card .ratio{margin:0;color:#57606a;font-variant-numeric:tabular-nums}
.card .target{margin:.2rem 0 0;font-size:.9rem}
.card .why{margin:.2rem 0 0;color:#57606a;font-size:.85rem}
.badge{display:inline-block;margin-left:.4rem;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600;background:#eaeef2;color:#57606a}
.met .badge,.badge.met{background:#dafbe1;color:#1a7f37}
.miss .badge,.badge.miss{background:#ffebe9;color:#cf222e}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{text-align:right;padding:.4rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th:first-child,td:first-child,th.name,td.name{text-align:left}
th{font-size:.85rem;color:#57606a;font-weight:600;background:#f6f8fa}
td small,th small{display:block;color:#57606a;font-size:.8rem;font-weight:400}
td.miss{color:#cf222e;font-weight:600}
tr.selected td{background:#fff8c5}
.table-wrap{overflow-x:auto}
.table-wrap table{min-width:38rem}
.chart{width:100%;height:320px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(26rem,1fr));gap:1rem}
.grid section{margin:0}
.grid+section{margin-top:1rem}
.empty{color:#57606a;margin:.5rem 0}
footer{max-width:78rem;margin:0 auto;padding:0 1.25rem 2rem;color:#57606a;font-size:.85rem}
@media (max-width:40rem){.grid{grid-template-columns:1fr}#filters .actions{margin-left:0}}
`;
