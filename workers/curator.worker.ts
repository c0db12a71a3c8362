/**
 * The engine worker. Bundlers follow `new Worker(new URL('…/curator.worker.js', import.meta.url), { type: 'module' })`.
 * The `?url` imports make Vite emit the runtimes' .wasm files and give their URLs.
 */
import * as Comlink from 'comlink';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import ortWebgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { installErrorTransfer } from '../src/contract/protocol.js';
import { createEngineApi } from '../src/worker/engine-api.js';

installErrorTransfer();
// Not a literal: bundlers must not rewrite this folder URL into an asset. The
// demo build copies models/ next to the assets folder (see vite.config.ts).
const modelsFolder = '../models/';
Comlink.expose(
  createEngineApi({
    modelsBaseUrl: new URL(modelsFolder, import.meta.url).href,
    wasmPaths: {
      ortWasm,
      ortWebgpuWasm,
      tfjs: {
        'tfjs-backend-wasm.wasm': tfjsWasm,
        'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreaded,
      },
    },
  }),
);
