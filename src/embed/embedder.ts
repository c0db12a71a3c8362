/**
 * Embedder: one model session, images in, L2-normalised vectors out.
 * Decoding of the next batch overlaps inference of the current one, and runs
 * on the session are serialised (one session per worker).
 */
import { throwIfAborted, ValidationError } from '../contract/errors.js';
import { chooseBackend, defaultThreads, probeWebGPU } from './backend.js';
import { type BackendChoice, type BackendName } from '../contract/vectorizers.js';
import { decodeImage, DecodeError, type DecodedImage } from './decode.js';
import { resolveFile } from './manifest.js';
import { type RuntimeName, type VectorizerManifest } from '../contract/vectorizers.js';
import { fetchModelFile } from './model-files.js';
import { simdSupported } from '../core/kernels/index.js';
import type { EmbedSession } from './session.js';
import type { WasmPaths } from '../contract/vectorizers.js';

export interface EmbedderOptions {
  /** onnx (onnxruntime-web) or tfjs. @defaultValue 'onnx' */
  runtime?: RuntimeName;
  /** auto = WebGPU on a real GPU, else wasm. @defaultValue 'auto' */
  backend?: BackendChoice;
  /** wasm threads. @defaultValue all cores (max 4) when crossOriginIsolated, else 1 */
  threads?: number;
  /** Images per inference call. @defaultValue 16 */
  batchSize?: number;
  wasmPaths?: WasmPaths;
  /** Runtime start watchdog, ms. @defaultValue 60000 */
  startupTimeoutMs?: number;
  signal?: AbortSignal;
  /** Model download progress, bytes. */
  onLoadProgress?: (loaded: number, total: number) => void;
}

import type { EmbedderInfo } from '../contract/vectorizers.js';
import { checkInt } from '../contract/validate.js';
import { BATCH_SIZE, STARTUP_TIMEOUT_MS, THREADS } from '../contract/engine-init.js';

export interface EmbedItem<T> {
  blob: Blob;
  bytes?: Uint8Array;
  tag: T;
}

export interface EmbeddedItem<T> {
  tag: T;
  decoded?: DecodedImage;
  /** Row into the batch's `vectors` (only for decoded items). */
  row?: number;
  error?: string;
}

export interface EmbeddedBatch<T> {
  items: EmbeddedItem<T>[];
  /** rows × dimension, L2-normalised if the manifest says so. */
  vectors: Float32Array;
}

/** Reduce [n, T, D] token outputs to [n, D] and L2-normalise rows. */
export function poolAndNormalize(raw: Float32Array, n: number, m: VectorizerManifest): Float32Array {
  const D = m.dimension;
  const tokens = raw.length / (n * D);
  if (!Number.isInteger(tokens) || tokens < 1) throw new ValidationError('manifest.dimension', `model output ${raw.length} values for ${n} images is not a multiple of ${D}`);
  let out: Float32Array;
  if (tokens === 1 || m.pooling === 'none') out = tokens === 1 ? raw.slice() : raw.slice(0, n * D);
  else {
    out = new Float32Array(n * D);
    for (let i = 0; i < n; i++) {
      const base = i * tokens * D;
      if (m.pooling === 'cls') out.set(raw.subarray(base, base + D), i * D);
      else {
        for (let t = 0; t < tokens; t++) for (let d = 0; d < D; d++) out[i * D + d] += raw[base + t * D + d] / tokens;
      }
    }
  }
  if (m.normalize === 'l2') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += out[i * D + d] ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let d = 0; d < D; d++) out[i * D + d] *= inv;
    }
  }
  return out;
}

async function loadSession(m: VectorizerManifest, runtime: RuntimeName, backend: BackendName, threads: number, opts: EmbedderOptions): Promise<EmbedSession> {
  const spec = m.runtimes[runtime];
  if (!spec) throw new ValidationError('options.runtime', `vectorizer ${m.id} ships runtimes ${Object.keys(m.runtimes).join(', ')}`);
  // A download that stalls (no bytes) fails like a runtime that never starts; a slow one goes on.
  const fetchOpts = { signal: opts.signal, onProgress: opts.onLoadProgress, stallMs: opts.startupTimeoutMs ?? STARTUP_TIMEOUT_MS.default };
  const sessionOpts = { backend, threads, wasmPaths: opts.wasmPaths, startupTimeoutMs: opts.startupTimeoutMs ?? STARTUP_TIMEOUT_MS.default };
  if (runtime === 'onnx') {
    const { createOrtSession } = await import('./ort-session.js');
    return createOrtSession(await fetchModelFile(resolveFile(m, spec.files[0]), fetchOpts), spec, m.input, sessionOpts);
  }
  const { createTfjsSession } = await import('./tfjs-session.js');
  const jsonUrl = resolveFile(m, spec.files[0]);
  const modelJson = JSON.parse(new TextDecoder().decode(await fetchModelFile(jsonUrl, fetchOpts)));
  const shards = new Map<string, ArrayBuffer>();
  for (const group of modelJson.weightsManifest ?? []) {
    for (const p of group.paths as string[]) shards.set(p, await fetchModelFile(new URL(p, jsonUrl).href, fetchOpts));
  }
  return createTfjsSession({ modelJson, shards }, spec, m.input, sessionOpts);
}

const isolated = () => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;

export class Embedder {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly manifest: VectorizerManifest,
    private readonly session: EmbedSession,
    readonly info: EmbedderInfo,
    readonly batchSize: number,
    /** A derived embedder's base (it runs the model, in its queue) and the refinement applied after it. */
    private readonly derivedFrom?: { base: Embedder; transform: (vectors: Float32Array, n: number) => Float32Array },
  ) {}

  /**
   * An embedder for a vectorizer derived from `base` (same model, same input): the base's
   * vectors, then `transform`. Shares the base's loaded session.
   */
  static derive(base: Embedder, manifest: VectorizerManifest, transform: (vectors: Float32Array, n: number) => Float32Array): Embedder {
    return new Embedder(manifest, base.session, { ...base.info, vectorizer: manifest.id, dimension: manifest.dimension }, base.batchSize, { base, transform });
  }

  /** Load a vectorizer on the chosen runtime and backend. */
  static async create(manifest: VectorizerManifest, options: EmbedderOptions = {}): Promise<Embedder> {
    const runtime = options.runtime ?? 'onnx';
    const gpu = await probeWebGPU();
    const backend = chooseBackend(options.backend ?? 'auto', gpu);
    const threads = options.threads ?? defaultThreads();
    const batchSize = options.batchSize ?? BATCH_SIZE.default;
    checkInt(batchSize, 'options.batchSize', BATCH_SIZE.min, BATCH_SIZE.max);
    checkInt(threads, 'options.threads', THREADS.min, THREADS.max);
    const session = await loadSession(manifest, runtime, backend, threads, options);
    const info: EmbedderInfo = {
      vectorizer: manifest.id,
      dimension: manifest.dimension,
      runtime,
      backend,
      // What is in effect: without cross-origin isolation there is no SharedArrayBuffer and wasm runs on 1 thread.
      threads: backend === 'wasm' ? (isolated() ? threads : 1) : 0,
      threadsRequested: threads,
      simd: simdSupported(),
      gpu,
      crossOriginIsolated: isolated(),
    };
    return new Embedder(manifest, session, info, batchSize);
  }

  /** Run preprocessed tensors through the model (serialised with other runs). */
  runTensors(tensors: Float32Array[]): Promise<Float32Array> {
    const n = tensors.length;
    if (this.derivedFrom) {
      const { base, transform } = this.derivedFrom;
      return base.runTensors(tensors).then((v) => (n ? transform(v, n) : v));
    }
    const size = tensors[0]?.length ?? 0;
    const batch = new Float32Array(n * size);
    tensors.forEach((t, i) => batch.set(t, i * size));
    const run = this.queue.then(async () => poolAndNormalize(await this.session.run(batch, n), n, this.manifest));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async decodeBatch<T>(items: EmbedItem<T>[]): Promise<EmbeddedItem<T>[]> {
    return Promise.all(
      items.map(async (it): Promise<EmbeddedItem<T>> => {
        try {
          return { tag: it.tag, decoded: await decodeImage(it.blob, { input: this.manifest.input }, it.bytes) };
        } catch (e) {
          return { tag: it.tag, error: e instanceof DecodeError ? e.message : `decode failed: ${(e as Error).message}` };
        }
      }),
    );
  }

  /**
   * Decode and embed items batch by batch. Decoding of batch i+1 is started
   * before batch i's inference is awaited, so the CPU is not idle.
   */
  async *embed<T>(items: EmbedItem<T>[], signal?: AbortSignal): AsyncGenerator<EmbeddedBatch<T>> {
    const batches: EmbedItem<T>[][] = [];
    for (let i = 0; i < items.length; i += this.batchSize) batches.push(items.slice(i, i + this.batchSize));
    let next = batches.length ? this.decodeBatch(batches[0]) : undefined;
    for (let b = 0; b < batches.length; b++) {
      throwIfAborted(signal);
      const decoded = await next!;
      const ok = decoded.filter((d) => d.decoded);
      ok.forEach((d, i) => (d.row = i));
      const inference = ok.length ? this.runTensors(ok.map((d) => d.decoded!.tensor)) : Promise.resolve(new Float32Array(0));
      next = b + 1 < batches.length ? this.decodeBatch(batches[b + 1]) : undefined;
      const vectors = await inference;
      for (const d of ok) d.decoded!.tensor = new Float32Array(0); // free the input early
      yield { items: decoded, vectors };
    }
  }

  /**
   * Model-only throughput on this device: random inputs of the model's size,
   * `warmupSeconds` discarded, then batches for `seconds`. Returns images/s.
   */
  async measure(options: { batchSize?: number; seconds?: number; warmupSeconds?: number; signal?: AbortSignal } = {}): Promise<{ imagesPerSecond: number; images: number; seconds: number }> {
    const { batchSize = this.batchSize, seconds = 5, warmupSeconds = 3, signal } = options;
    const size = this.manifest.input.width * this.manifest.input.height * 3;
    const input = () => Array.from({ length: batchSize }, () => Float32Array.from({ length: size }, () => Math.random()));
    const until = async (s: number) => {
      const t0 = performance.now();
      let images = 0;
      while (performance.now() - t0 < s * 1000) {
        throwIfAborted(signal);
        await this.runTensors(input().map((t) => t));
        images += batchSize;
      }
      return { images, seconds: (performance.now() - t0) / 1000 };
    };
    await until(warmupSeconds);
    const r = await until(seconds);
    return { ...r, imagesPerSecond: r.images / r.seconds };
  }

  async dispose(): Promise<void> {
    if (this.derivedFrom) return; // the base owns the session
    await this.queue;
    await this.session.dispose();
  }
}
