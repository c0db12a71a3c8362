/** TF.js graph-model session (wasm, WebGPU, WebGL or CPU backend). */
import { ModelError } from '../contract/errors.js';
import type { InputSpec, RuntimeSpec } from '../contract/vectorizers.js';
import { withStartupWatchdog, type EmbedSession, type SessionOptions } from './session.js';

type Tf = typeof import('@tensorflow/tfjs');

interface WeightsGroup {
  paths: string[];
  weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[];
}

/** A TF.js graph model in memory: model.json plus its weight shards, already fetched. */
export interface TfjsModelFiles {
  modelJson: { modelTopology: unknown; weightsManifest: WeightsGroup[]; format?: string; generatedBy?: string; convertedBy?: string };
  /** Shard bytes by the path written in weightsManifest. */
  shards: Map<string, ArrayBuffer>;
}

/** The backend tfjs was last set to here (tfjs has one global backend: training reuses it). */
let activeBackend: string | null = null;

/** The tfjs backend a model session has set, if any. */
export function tfjsActiveBackend(): string | null {
  return activeBackend;
}

/** Load tfjs on a backend (wasm paths and threads applied); shared by model sessions and training. */
export async function loadTf(opts: Omit<SessionOptions, 'startupTimeoutMs'>): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (opts.backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPaths?.tfjs) wasm.setWasmPaths(opts.wasmPaths.tfjs);
    wasm.setThreadsCount?.(opts.threads);
  } else if (opts.backend === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (!(await tf.setBackend(opts.backend))) throw new ModelError(`tfjs backend ${opts.backend} is not available here`, { backend: opts.backend });
  await tf.ready();
  activeBackend = opts.backend;
  return tf;
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
  let o = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

export async function createTfjsSession(files: TfjsModelFiles, spec: RuntimeSpec, input: InputSpec, opts: SessionOptions): Promise<EmbedSession> {
  const tf = await withStartupWatchdog(loadTf(opts), opts.startupTimeoutMs, `tfjs (${opts.backend})`);
  const groups = files.modelJson.weightsManifest;
  const weightSpecs = groups.flatMap((g) => g.weights);
  const shardBytes = groups.flatMap((g) =>
    g.paths.map((p) => {
      const b = files.shards.get(p);
      if (!b) throw new ModelError(`tfjs weight shard missing: ${p}`);
      return b;
    }),
  );
  let model: import('@tensorflow/tfjs').GraphModel;
  try {
    model = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology as object,
        weightSpecs,
        weightData: concat(shardBytes),
        format: files.modelJson.format,
        generatedBy: files.modelJson.generatedBy,
        convertedBy: files.modelJson.convertedBy,
      }),
    );
  } catch (e) {
    throw new ModelError(`tfjs could not load the model: ${(e as Error).message}`, {}, { cause: e });
  }
  const shape = (n: number): [number, number, number, number] => (input.layout === 'NHWC' ? [n, input.height, input.width, 3] : [n, 3, input.height, input.width]);
  return {
    runtime: 'tfjs',
    backend: opts.backend,
    threads: opts.threads,
    async run(batch, n) {
      const x = tf.tensor4d(batch, shape(n));
      try {
        const y = model.execute(x, spec.output) as import('@tensorflow/tfjs').Tensor;
        const data = (await y.data()) as Float32Array;
        y.dispose();
        return data;
      } finally {
        x.dispose();
      }
    },
    async dispose() {
      model.dispose();
    },
  };
}
