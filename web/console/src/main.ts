import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { App } from './app';
import { router } from './router';

// Element Plus is not installed globally: each view imports the components it uses, so the first
// load carries only the shell's (budget: 300 KB of gzipped JavaScript, measured by `npm run bench`).
// After a deploy, a tab opened before it asks for lazy chunks whose hashed names no longer exist:
// load the new build once instead of showing a broken screen (the session's typed drafts are in
// localStorage and survive). Once per tab, so a real outage does not become a reload loop.
window.addEventListener('vite:preloadError', (event) => {
  if (sessionStorage.getItem('hotline12345.reloaded-for-build')) return;
  sessionStorage.setItem('hotline12345.reloaded-for-build', '1');
  event.preventDefault();
  window.location.reload();
});

createApp(App).use(createPinia()).use(router).mount('#app');
