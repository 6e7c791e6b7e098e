import { fileURLToPath } from 'node:url';
import vueJsx from '@vitejs/plugin-vue-jsx';
import { defineConfig } from 'vite';
import { glossaryHtml } from './build/glossary-html.js';

// One build for the three pages people open (DESIGN §11): the citizen page (GET /), the analysts'
// dashboard (GET /dashboard) and the staff console (GET /console/…). Hashed assets land in
// dist/assets and are served immutable by serve-web.
const page = (name: string) => fileURLToPath(new URL(`./${name}/index.html`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vueJsx(), glossaryHtml()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline <script> or data: modules: the pages' CSP allows only 'self' scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { citizen: page('citizen'), dashboard: page('dashboard'), console: page('console') },
    },
  },
});
