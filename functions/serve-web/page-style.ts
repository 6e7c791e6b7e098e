/**
 * The citizen look for the pages a function renders itself (the rating page of submit-feedback, the
 * correction page of answer-correction): inline, allowed by its hash. The citizen page takes the
 * same rules from web/citizen/src/style.css; test/unit/functions/citizen-style.test.ts keeps the two
 * the same until those pages move into the web build.
 */
export const PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:16px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;line-height:1.6;color:#1f2328;background:#f3f5f8}
header{background:#b3261e;color:#fff;padding:1rem 1rem .75rem}
header h1{margin:0;font-size:1.35rem;letter-spacing:.02em}
header p{margin:.25rem 0 0;font-size:.9rem;opacity:.92}
header>*{max-width:38rem;margin-left:auto;margin-right:auto}
nav{display:flex;gap:.5rem;max-width:40rem;margin:0 auto;padding:.75rem 1rem 0}
nav a{flex:1;text-align:center;padding:.55rem;border-radius:.5rem;background:#fff;color:#b3261e;text-decoration:none;font-weight:600;border:1px solid #e3c6c3}
main{max-width:40rem;margin:0 auto;padding:.75rem 1rem 2rem}
section{background:#fff;border-radius:.75rem;padding:1rem 1rem 1.25rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:1.15rem;margin:0 0 .75rem}
.field{margin:0 0 .9rem}
label{display:block;font-weight:600;margin:0 0 .3rem}
.req{color:#b3261e;margin-left:.15rem}
.opt{color:#57606a;font-weight:400;font-size:.85rem;margin-left:.3rem}
input,select,textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #c9ced6;border-radius:.5rem;background:#fff;color:inherit}
textarea{min-height:8rem;resize:vertical}
input:focus,select:focus,textarea:focus{outline:3px solid #f2b8b5;border-color:#b3261e}
[aria-invalid=true]{border-color:#b3261e;background:#fff8f7}
.hint{color:#57606a;font-size:.85rem;margin:.25rem 0 0}
.err{color:#b3261e;font-size:.9rem;margin:.25rem 0 0}
.err:empty{display:none}
.summary{border:1px solid #b3261e;background:#fff8f7;color:#8c1d18;border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem}
.summary ul{margin:.3rem 0 0;padding-left:1.2rem}
button{font:inherit;font-weight:600;width:100%;padding:.75rem;border:0;border-radius:.5rem;background:#b3261e;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#b3261e;border:1px solid #b3261e;margin-top:.75rem}
button[disabled]{opacity:.6;cursor:progress}
.tracking{font-size:1.9rem;font-weight:700;letter-spacing:.06em;color:#b3261e;text-align:center;margin:.5rem 0;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;word-break:break-all}
.ok{color:#1a7f37;font-weight:600;margin:0}
dl{display:grid;grid-template-columns:6.5em 1fr;gap:.35rem .75rem;margin:.75rem 0 0}
dt{color:#57606a}dd{margin:0;font-weight:600}
.files{list-style:none;padding:0;margin:.4rem 0 0;font-size:.9rem;color:#444}
.status{margin:.75rem 0 0;color:#444}
.reply{white-space:pre-wrap;font-weight:400}
.code-row{display:flex;gap:.5rem;align-items:stretch}
.code-row input{flex:1;min-width:0}
.code-row button{width:auto;margin:0;white-space:nowrap;padding:.6rem .8rem}
.rate{margin:1rem 0 0;padding:.75rem;border:1px solid #e3c6c3;border-radius:.5rem;background:#fff8f7}
.rate p{margin:0 0 .6rem}
.button-link{display:block;text-align:center;font-weight:600;padding:.75rem;border-radius:.5rem;background:#b3261e;color:#fff;text-decoration:none}
.button-link:focus{outline:3px solid #f2b8b5;outline-offset:2px}
footer{text-align:center;color:#57606a;font-size:.8rem;padding:0 1rem 2rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
