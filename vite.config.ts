/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/** Cross-origin isolation: needed for SharedArrayBuffer, so wasm threads work. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: '.',
  publicDir: 'demo/public',
  server: { headers: isolationHeaders, port: 5173, strictPort: false },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // onnxruntime-web resolves its own .mjs/.wasm next to itself; pre-bundling breaks that.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    outDir: 'dist/demo',
    target: 'es2022',
    rollupOptions: { input: { demo: resolve(import.meta.dirname, 'demo/index.html') } },
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
