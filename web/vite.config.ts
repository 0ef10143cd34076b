import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, normalizePath, type Plugin } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(webRoot);
const require = createRequire(import.meta.url);
const nhsukAssets = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist/nhsuk/assets');

/** Where `joinedup serve` listens in development; the dev server forwards server paths to it. */
const apiServer = 'http://localhost:8080';

/**
 * nhsuk-frontend's CSS loads the Frutiger web font from assets.nhs.uk. Joined Up is installed on
 * local and closed networks and must not tell a third party who is using a care record, so the
 * remote @font-face rules are dropped and text falls back to Arial, the design system's fallback.
 */
function withoutRemoteFonts(): Plugin {
  return {
    name: 'joinedup:without-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      const [file = ''] = id.split('?');
      if (!file.includes('nhsuk-frontend') || !file.endsWith('.css')) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*https:\/\/assets\.nhs\.uk[^}]*\}/g, ''), map: null };
    },
  };
}

/**
 * index.html links the favicons as ../node_modules/… so the build bundles them; the dev server's
 * root is web/, so there they are served through Vite's /@fs/ route instead.
 */
function devFavicons(): Plugin {
  return {
    name: 'joinedup:dev-favicons',
    apply: 'serve',
    transformIndexHtml: (html) => html.replaceAll('"../node_modules/', `"/@fs${normalizePath(repoRoot)}/node_modules/`),
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), withoutRemoteFonts(), devFavicons()],
  resolve: {
    // nhsuk-frontend's compiled CSS refers to its icons as /assets/images/…; resolving them to the
    // package lets Vite bundle them (small ones inline as data: URIs, the rest with hashed names).
    alias: [{ find: /^\/assets\/images\/(.*)$/, replacement: `${nhsukAssets}/images/$1` }],
  },
  build: {
    outDir: join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // nhsuk-frontend's CSS comes minified and carries old-browser hacks (`@media screen\0`)
    // that Lightning CSS refuses to parse, so it is not minified again.
    cssMinify: false,
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/health': apiServer,
      '/ready': apiServer,
      '/docs': apiServer,
      '/fhir': apiServer,
    },
  },
});
