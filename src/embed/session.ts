/**
 * The runtime-neutral interface of a loaded model. One session per worker;
 * callers serialise runs (see Embedder).
 */
import type { BackendName } from '../contract/vectorizers.js';
import type { RuntimeName } from '../contract/vectorizers.js';

import type { WasmPaths } from '../contract/vectorizers.js';
import { ModelError } from '../contract/errors.js';

export interface SessionOptions {
  backend: BackendName;
  threads: number;
  wasmPaths?: WasmPaths;
  /** Watchdog for the runtime's start, ms (see EngineInit.startupTimeoutMs). */
  startupTimeoutMs: number;
}

/**
 * Settle with `start`, or reject with a ModelError after `ms`: a runtime whose
 * thread workers never start would otherwise leave warmUp() pending forever.
 */
export function withStartupWatchdog<T>(start: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ModelError(
            `${what} did not start within ${ms} ms. Most often its wasm thread workers could not load: ` +
              'let the bundler emit onnxruntime-web/ort-wasm-simd-threaded.mjs (curatekit\'s worker does) or set wasmPaths.ortMjs, ' +
              'or run on one thread (threads: 1); see docs/assets.md#troubleshooting',
            { timeoutMs: ms },
          ),
        ),
      ms,
    );
  });
  return Promise.race([start, stall]).finally(() => clearTimeout(timer));
}

export interface EmbedSession {
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
  readonly threads: number;
  /** Run `n` preprocessed images (concatenated input tensors); returns n × rawDim features. */
  run(batch: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
