// Placeholder until the dashboard moves here from functions/serve-dashboard/page-script.ts.
const app = document.getElementById('app');
if (app) app.textContent = '12345 数据看板';

export {};
