/**
 * The engine worker. Bundlers follow `new Worker(new URL('…/curator.worker.js', import.meta.url), { type: 'module' })`.
 * The `?url` imports make Vite emit the runtimes' .wasm files and give their URLs.
 */
import * as Comlink from 'comlink';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import ortWebgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWebgpuMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { installErrorTransfer } from '../src/contract/protocol.js';
import { createEngineApi } from '../src/worker/engine-api.js';

installErrorTransfer();

// Not a literal: bundlers must not rewrite this folder URL into an asset (it is
// the base for models that are not listed below, e.g. the tfjs copy).
const modelsFolder = '../models/';
// onnxruntime's thread workers load ortMjs, never this file; guard anyway so a
// thread worker can never start a second engine.
if (!(globalThis as { name?: string }).name?.startsWith('em-pthread')) Comlink.expose(
  createEngineApi({
    modelsBaseUrl: new URL(modelsFolder, import.meta.url).href,
    // A literal `new URL(…, import.meta.url)`: Vite, webpack and Rollup emit the
    // default model with the app, so a production build needs no copy step.
    modelFileUrls: {
      'generated/mobilenet_v2_mid.onnx': new URL('../models/generated/mobilenet_v2_mid.onnx', import.meta.url).href,
    },
    wasmPaths: {
      ortWasm,
      ortWebgpuWasm,
      ortMjs,
      ortWebgpuMjs,
      tfjs: {
        'tfjs-backend-wasm.wasm': tfjsWasm,
        'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreaded,
      },
    },
  }),
);
