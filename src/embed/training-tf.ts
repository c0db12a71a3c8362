/**
 * tfjs for training heads in the worker: the backend a tfjs model session
 * already runs on (tfjs has one global backend), else WebGPU on real
 * hardware, else wasm, else tfjs's plain-JS cpu backend.
 */
import type { BackendChoice, WasmPaths } from '../contract/vectorizers.js';
import { chooseBackend, defaultThreads, probeWebGPU } from './backend.js';
import { loadTf, tfjsActiveBackend } from './tfjs-session.js';

type Tf = typeof import('@tensorflow/tfjs');

export async function trainingTf(options: { backend?: BackendChoice; threads?: number; wasmPaths?: WasmPaths }): Promise<Tf> {
  const threads = options.threads ?? defaultThreads();
  const active = tfjsActiveBackend();
  if (active === 'wasm' || active === 'webgpu' || active === 'cpu') return loadTf({ backend: active, threads, wasmPaths: options.wasmPaths });
  const first = chooseBackend(options.backend ?? 'auto', await probeWebGPU());
  const tries = [...new Set([first, 'wasm', 'cpu'] as const)].filter((b) => b === 'wasm' || b === 'webgpu' || b === 'cpu');
  let last: unknown;
  for (const backend of tries) {
    try {
      return await loadTf({ backend, threads, wasmPaths: options.wasmPaths });
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
