/**
 * The runtime-neutral interface of a loaded model. One session per worker;
 * callers serialise runs (see Embedder).
 */
import type { BackendName } from '../contract/vectorizers.js';
import type { RuntimeName } from '../contract/vectorizers.js';

import type { WasmPaths } from '../contract/vectorizers.js';

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
