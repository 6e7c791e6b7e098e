// Placeholder until the citizen page moves here from functions/serve-web/page-script.ts.
const app = document.getElementById('app');
if (app) app.textContent = '12345 网上诉求';

export {};
