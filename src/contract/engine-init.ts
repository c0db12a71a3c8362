/**
 * The rules of the engine's options (createCurator, createEngineApi's init).
 * They are checked where the options are given, so a bad option fails at
 * construction instead of on every later call, and the embedder uses the same
 * limits where it reads them.
 */
import { ValidationError } from './errors.js';
import type { EngineInit } from './protocol.js';
import { checkInt, checkObject, checkOneOf, checkString } from './validate.js';

/** Images per inference call. @defaultValue 16 */
export const BATCH_SIZE = { min: 1, max: 256, default: 16 } as const;
/** Runtime start watchdog, ms. @defaultValue 60000 */
export const STARTUP_TIMEOUT_MS = { min: 1, max: 3_600_000, default: 60_000 } as const;
/** wasm threads. */
export const THREADS = { min: 1, max: 64 } as const;

const RUNTIMES = ['onnx', 'tfjs'] as const;
const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
const WASM_KEYS = ['ortWasm', 'ortWebgpuWasm', 'ortMjs', 'ortWebgpuMjs', 'tfjs'] as const;

/** Check every field of `options` that is set; ValidationError names the first bad one (`options.batchSize`, …). */
export function checkEngineInit(options: EngineInit, field = 'options'): void {
  const o = checkObject(options as unknown, field);
  if (o.dbName !== undefined) checkString(o.dbName, `${field}.dbName`, 0);
  if (o.modelsBaseUrl !== undefined) checkString(o.modelsBaseUrl, `${field}.modelsBaseUrl`, 0);
  if (o.runtime !== undefined) checkOneOf(o.runtime, `${field}.runtime`, RUNTIMES);
  if (o.backend !== undefined) checkOneOf(o.backend, `${field}.backend`, BACKENDS);
  if (o.threads !== undefined) checkInt(o.threads, `${field}.threads`, THREADS.min, THREADS.max);
  if (o.startupTimeoutMs !== undefined) checkInt(o.startupTimeoutMs, `${field}.startupTimeoutMs`, STARTUP_TIMEOUT_MS.min, STARTUP_TIMEOUT_MS.max);
  if (o.batchSize !== undefined) checkInt(o.batchSize, `${field}.batchSize`, BATCH_SIZE.min, BATCH_SIZE.max);
  if (o.wasmPaths !== undefined) {
    const w = checkObject(o.wasmPaths, `${field}.wasmPaths`);
    for (const k of Object.keys(w)) {
      if (!(WASM_KEYS as readonly string[]).includes(k)) throw new ValidationError(`${field}.wasmPaths.${k}`, `one of ${WASM_KEYS.join(', ')}`);
      if (k === 'tfjs') {
        for (const [name, url] of Object.entries(checkObject(w.tfjs, `${field}.wasmPaths.tfjs`))) checkString(url, `${field}.wasmPaths.tfjs.${name}`, 0);
      } else checkString(w[k], `${field}.wasmPaths.${k}`, 0);
    }
  }
  if (o.vectorizers !== undefined && !Array.isArray(o.vectorizers)) throw new ValidationError(`${field}.vectorizers`, 'a list of vectorizer manifests');
}
