/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The worker loads models from ../models/ relative to its chunk: ship the folder beside assets/. */
function copyModels(): Plugin {
  return {
    name: 'curatekit-copy-models',
    apply: 'build',
    closeBundle() {
      const out = resolve(import.meta.dirname, 'dist/demo/models');
      if (!existsSync(resolve(import.meta.dirname, 'models/generated'))) throw new Error('models/generated is missing: run `npm run prepare` first');
      cpSync(resolve(import.meta.dirname, 'models'), out, { recursive: true, filter: (src) => !src.endsWith('.stamp.json') });
    },
  };
}

/** Cross-origin isolation: needed for SharedArrayBuffer, so wasm threads work. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: '.',
  // One pre-bundle cache per dev-server port: servers sharing one cache reload each other's pages.
  cacheDir: `node_modules/.vite/${process.env.CURATEKIT_TEST_PORT ?? 'default'}`,
  publicDir: 'demo/public',
  server: { headers: isolationHeaders, port: 5173, strictPort: false },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  plugins: [copyModels()],
  // onnxruntime-web resolves its own .mjs/.wasm next to itself; pre-bundling breaks that.
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    // Scan the worker and every page up front: a dependency found late makes
    // the dev server reload the page mid-test.
    entries: ['demo/*.html', 'test/browser/pages/*.html', 'bench/pages/*.html', 'workers/*.ts'],
    // Dependencies only reached through dynamic imports in the worker.
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'umap-js', 'onnx-proto', 'fflate', 'ky', 'comlink', 'idb', 'lit', 'lit/directive.js', '@lit-labs/virtualizer/LitVirtualizer.js', '@lit-labs/virtualizer/layouts/grid.js'],
  },
  build: {
    outDir: 'dist/demo',
    target: 'es2022',
    rollupOptions: { input: { demo: resolve(import.meta.dirname, 'demo/index.html'), elements: resolve(import.meta.dirname, 'demo/elements.html') } },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
