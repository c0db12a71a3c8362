/** onnxruntime-web session (wasm or WebGPU execution provider). */
import { ModelError } from '../contract/errors.js';
import type { InputSpec, RuntimeSpec } from '../contract/vectorizers.js';
import { withStartupWatchdog, type EmbedSession, type SessionOptions } from './session.js';

type Ort = typeof import('onnxruntime-web');

async function loadOrt(opts: SessionOptions): Promise<Ort> {
  // The wasm-only build starts at full speed; the WebGPU build carries its own (asyncify) wasm.
  const ort: Ort = opts.backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = opts.threads;
  // We already run in a worker: ORT's proxy worker would only add a copy.
  ort.env.wasm.proxy = false;
  const gpu = opts.backend === 'webgpu';
  const wasm = gpu ? opts.wasmPaths?.ortWebgpuWasm : opts.wasmPaths?.ortWasm;
  // The loader as a file of its own: a bundle that inlined it (a classic worker, say)
  // would otherwise be what onnxruntime starts its thread workers from, and they hang.
  const mjs = gpu ? opts.wasmPaths?.ortWebgpuMjs : opts.wasmPaths?.ortMjs;
  if (wasm || mjs) ort.env.wasm.wasmPaths = { ...(wasm ? { wasm } : {}), ...(mjs ? { mjs } : {}) };
  return ort;
}

export async function createOrtSession(model: ArrayBuffer, spec: RuntimeSpec, input: InputSpec, opts: SessionOptions): Promise<EmbedSession> {
  if (opts.backend !== 'wasm' && opts.backend !== 'webgpu') {
    throw new ModelError(`onnx runtime supports backends wasm and webgpu, not ${opts.backend}`, { backend: opts.backend });
  }
  const ort = await loadOrt(opts);
  let session: import('onnxruntime-web').InferenceSession;
  try {
    const create = ort.InferenceSession.create(new Uint8Array(model), {
      executionProviders: [opts.backend],
      graphOptimizationLevel: 'all',
    });
    session = await withStartupWatchdog(create, opts.startupTimeoutMs, `onnxruntime-web (${opts.backend}, ${opts.threads} threads)`);
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw new ModelError(`onnxruntime-web could not load the model on ${opts.backend}: ${(e as Error).message}`, {}, { cause: e });
  }
  const inputName = spec.input ?? session.inputNames[0];
  if (!session.outputNames.includes(spec.output)) {
    throw new ModelError(`model has no output "${spec.output}" (outputs: ${session.outputNames.join(', ')})`);
  }
  const shape = (n: number) => (input.layout === 'NHWC' ? [n, input.height, input.width, 3] : [n, 3, input.height, input.width]);
  return {
    runtime: 'onnx',
    backend: opts.backend,
    threads: opts.threads,
    async run(batch, n) {
      // ORT's wasm kernels are fastest one image at a time (measured: batch 1
      // 12 img/s vs batch 4 7 img/s on MobileNetV2, working set leaves the cache).
      const step = opts.backend === 'wasm' ? 1 : n;
      const per = batch.length / n;
      const parts: Float32Array[] = [];
      for (let i = 0; i < n; i += step) {
        const m = Math.min(step, n - i);
        const feeds = { [inputName]: new ort.Tensor('float32', batch.slice(i * per, (i + m) * per), shape(m)) };
        const out = await session.run(feeds, [spec.output]);
        const t = out[spec.output];
        parts.push((await t.getData()) as Float32Array);
        t.dispose();
      }
      if (parts.length === 1) return parts[0];
      const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
      let o = 0;
      for (const p of parts) {
        all.set(p, o);
        o += p.length;
      }
      return all;
    },
    async dispose() {
      await session.release();
    },
  };
}
