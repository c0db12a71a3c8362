/**
 * The no-bundler build in dist/browser/: self-contained ES modules for a plain
 * `<script type="module">` page or a CDN-style static folder (docs/assets.md).
 *   curatekit.js      the client (root entry), comlink bundled in
 *   components.js     defineCurateElements and the <curate-*> elements, lit bundled in
 *   curator.worker.js the engine worker with onnxruntime-web and tfjs
 *   assets/           onnxruntime's wasm + loaders, tfjs wasm (fetched only when used)
 * Every URL inside is relative to the module (import.meta.url); the default model
 * is read from the package's dist/models/ (not copied twice).
 */
import { build } from 'vite';
import { resolve } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist/browser');
const MODEL_REF = "new URL('../models/generated/mobilenet_v2_mid.onnx', import.meta.url)";

/** Keep the worker's model reference pointing at dist/models/ instead of emitting a 17 MB copy. */
const modelFromPackage = {
  name: 'curatekit-model-from-package',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/workers/curator.worker.ts')) return null;
    if (!code.includes(MODEL_REF)) throw new Error(`${id}: the default model reference changed; update build-browser.mjs`);
    // A non-literal URL: Vite leaves it alone. From dist/browser/, ../models/ is dist/models/.
    return code.replace(MODEL_REF, "new URL(['..', 'models', 'generated', 'mobilenet_v2_mid.onnx'].join('/'), import.meta.url)");
  },
};

rmSync(outDir, { recursive: true, force: true });
await build({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  publicDir: false,
  plugins: [modelFromPackage],
  worker: {
    format: 'es',
    plugins: () => [modelFromPackage],
    rollupOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' } },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // Large wasm must stay files (never data: URLs); small ones too, for CSP-strict pages.
    assetsInlineLimit: 0,
    copyPublicDir: false,
    rollupOptions: {
      input: { curatekit: resolve(root, 'src/index.ts'), components: resolve(root, 'src/components/index.ts') },
      preserveEntrySignatures: 'exports-only',
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
});

const worker = resolve(outDir, 'curator.worker.js');
if (!existsSync(worker)) throw new Error('dist/browser/curator.worker.js was not written');
if (!readFileSync(worker, 'utf8').includes('mobilenet_v2_mid.onnx')) throw new Error('the worker lost its model reference');
console.log('build:browser: dist/browser ready');
