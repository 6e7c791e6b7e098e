import { fileURLToPath } from 'node:url';
import vueJsx from '@vitejs/plugin-vue-jsx';
import { defineConfig } from 'vite';
import { glossaryHtml } from './build/glossary-html.js';
import { precompress } from './build/precompress.js';
import { sourceStamp } from './build/source-stamp.js';

// One build for the pages people open (DESIGN §11): the citizen page (GET /), the analysts'
// dashboard (GET /dashboard), the staff console (GET /console/…) and the public releases (GET /releases). Hashed assets land in
// dist/assets and are served immutable, pre-compressed, by serve-web (docs/web.md).
const page = (name: string) => fileURLToPath(new URL(`./${name}/index.html`, import.meta.url));
const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // The glossary fills the pages' markup first, so the stamp and the compressed files see the result.
  plugins: [vueJsx(), glossaryHtml(), precompress(), sourceStamp(repoRoot)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each page loads, read by the bench's bundle budgets.
    manifest: true,
    // No inline <script> or data: modules: the pages' CSP allows only 'self' scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        citizen: page('citizen'),
        dashboard: page('dashboard'),
        console: page('console'),
        releases: page('releases'),
      },
    },
  },
});
