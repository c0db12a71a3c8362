/**
 * The runtime-neutral interface of a loaded model. One session per worker;
 * callers serialise runs (see Embedder).
 */
import type { BackendName } from './backend.js';
import type { RuntimeName } from './manifest.js';

/** Where each runtime's .wasm files are (URLs). Needed when a bundler does not emit them next to the runtime. */
export interface WasmPaths {
  /** onnxruntime-web wasm-only build: ort-wasm-simd-threaded.wasm */
  ortWasm?: string;
  /** onnxruntime-web WebGPU build: ort-wasm-simd-threaded.asyncify.wasm */
  ortWebgpuWasm?: string;
  /** @tensorflow/tfjs-backend-wasm: file name → URL */
  tfjs?: Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>;
}

export interface SessionOptions {
  backend: BackendName;
  threads: number;
  wasmPaths?: WasmPaths;
}

export interface EmbedSession {
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
  readonly threads: number;
  /** Run `n` preprocessed images (concatenated input tensors); returns n × rawDim features. */
  run(batch: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
