import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { App } from './app';
import { router } from './router';

// Element Plus is not installed globally: each view imports the components it uses, so the first
// load carries only the shell's (budget: 300 KB of gzipped JavaScript, measured by `npm run bench`).
createApp(App).use(createPinia()).use(router).mount('#app');
