/**
 * Test helpers: write small TF.js graph models by hand (GraphDef JSON + weight
 * bytes), run them in TF.js and, converted, in onnxruntime-web, and compare.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { expect } from 'vitest';
import { convertTfjsGraphToOnnx, type ConvertResult, type TfjsGraphModelJson, type TfNodeDef, type TfWeightEntry } from '../index.js';
import type { TfAttrValue } from '../tfjs-types.js';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

// ---- attributes -------------------------------------------------------------

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
export const aS = (s: string): TfAttrValue => ({ s: b64(s) });
export const aStrs = (list: string[]): TfAttrValue => ({ list: { s: list.map(b64) } });
export const aInts = (list: number[]): TfAttrValue => ({ list: { i: list.map(String) } });
export const aI = (n: number): TfAttrValue => ({ i: String(n) });
export const aF = (f: number): TfAttrValue => ({ f });
export const aB = (b: boolean): TfAttrValue => ({ b });
export const FLOAT: TfAttrValue = { type: 'DT_FLOAT' };

/** A GraphDef node. */
export function node(name: string, op: string, input: string[], attr: Record<string, TfAttrValue> = {}): TfNodeDef {
  return { name, op, input, attr: { T: FLOAT, ...attr } };
}

/** Conv/pool attributes in TF's NHWC form. */
export function convAttrs(o: { stride?: number | [number, number]; padding?: string; dilation?: number; fused?: string[]; numArgs?: number; explicit?: number[] }): Record<string, TfAttrValue> {
  const [sh, sw] = Array.isArray(o.stride) ? o.stride : [o.stride ?? 1, o.stride ?? 1];
  const d = o.dilation ?? 1;
  const attrs: Record<string, TfAttrValue> = {
    strides: aInts([1, sh, sw, 1]),
    padding: aS(o.padding ?? 'SAME'),
    dilations: aInts([1, d, d, 1]),
    data_format: aS('NHWC'),
  };
  if (o.fused) {
    attrs.fused_ops = aStrs(o.fused);
    attrs.num_args = aI(o.numArgs ?? (o.fused.includes('Prelu') ? 2 : o.fused.length > 0 ? 1 : 0));
  }
  if (o.explicit) attrs.explicit_paddings = aInts(o.explicit);
  return attrs;
}

// ---- weights ----------------------------------------------------------------

/** Deterministic uniform numbers in [lo, hi) (mulberry32). */
export function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** One weight: the manifest entry and its stored bytes. */
export interface Weight {
  readonly spec: TfWeightEntry;
  readonly bytes: Uint8Array;
}

const bytesOf = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** A float32 weight stored as-is. */
export function f32(name: string, shape: number[], data: Float32Array = rand(shape.reduce((s, d) => s * d, 1), name.length * 7919 + shape.length)): Weight {
  return { spec: { name, shape, dtype: 'float32' }, bytes: bytesOf(data) };
}

/** An int32 weight (shapes, axes). */
export function i32(name: string, values: number[], shape: number[] = [values.length]): Weight {
  return { spec: { name, shape, dtype: 'int32' }, bytes: bytesOf(Int32Array.from(values)) };
}

/** A Const node for a weight. */
export function constNode(w: Weight): TfNodeDef {
  const dtype = w.spec.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
  return {
    name: w.spec.name,
    op: 'Const',
    attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: { dim: w.spec.shape.map((d) => ({ size: String(d) })) } } } },
  };
}

/** The input Placeholder `x` (use -1 for a dynamic batch). */
export function placeholder(shape: number[], name = 'x'): TfNodeDef {
  return { name, op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: shape.map((d) => ({ size: String(d) })) } } } };
}

/** Assemble model.json + weight bytes (one shard). */
export function makeModel(nodes: TfNodeDef[], weights: Weight[]): { model: TfjsGraphModelJson; data: Uint8Array } {
  const all = [...weights.map(constNode), ...nodes];
  const data = new Uint8Array(weights.reduce((s, w) => s + w.bytes.byteLength, 0));
  let o = 0;
  for (const w of weights) {
    data.set(w.bytes, o);
    o += w.bytes.byteLength;
  }
  return {
    model: {
      format: 'graph-model',
      generatedBy: 'test',
      convertedBy: 'hand',
      modelTopology: { node: all, versions: { producer: 175 } },
      weightsManifest: [{ paths: ['shard1'], weights: weights.map((w) => w.spec) }],
    },
    data,
  };
}

// ---- running ----------------------------------------------------------------

/** A tensor result: shape and values. */
export interface Result {
  readonly shape: number[];
  readonly data: Float32Array;
}

/** Run the TF.js graph model on the current backend. */
export async function runTfjs(model: TfjsGraphModelJson, data: Uint8Array, input: Result, outputs: string[], inputName = 'x'): Promise<Result[]> {
  const gm = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: model.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: model.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: data.slice().buffer,
      format: 'graph-model',
    }),
  );
  try {
    const x = tf.tensor(input.data, input.shape, 'float32');
    const ys = gm.execute({ [inputName]: x }, outputs);
    const list = Array.isArray(ys) ? ys : [ys];
    const out = await Promise.all(list.map(async (y) => ({ shape: y.shape, data: Float32Array.from(await y.data()) })));
    tf.dispose([x, ...list]);
    return out;
  } finally {
    gm.dispose();
  }
}

/** Run an ONNX model in onnxruntime-web (wasm, 1 thread). */
export async function runOnnx(bytes: Uint8Array, input: Result, outputs: string[], inputName = 'input'): Promise<Result[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const r = await session.run({ [inputName]: new ort.Tensor('float32', input.data.slice(), input.shape) });
    return outputs.map((name) => ({ shape: [...r[name].dims], data: r[name].data as Float32Array }));
  } finally {
    await session.release();
  }
}

/** Largest |a - b| / max(1, |b|) over two equally long arrays. */
export function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

/**
 * Convert, run both runtimes on a random input of `inputShape`, and expect the
 * same shapes and values within `tol` (relative above 1, absolute below).
 * Returns the conversion result for structural checks.
 */
export async function expectSameAsTfjs(
  nodes: TfNodeDef[],
  weights: Weight[],
  inputShape: number[],
  outputs: string[],
  o: { tol?: number; placeholderShape?: number[]; seed?: number } = {},
): Promise<ConvertResult> {
  const { model, data } = makeModel([placeholder(o.placeholderShape ?? inputShape), ...nodes], weights);
  const converted = convertTfjsGraphToOnnx(model, data, { outputs, outputNames: outputs.map((_, i) => `out${i}`), inputLayout: 'NHWC' });
  const input: Result = { shape: inputShape, data: rand(inputShape.reduce((s, d) => s * d, 1), o.seed ?? 12345) };
  const want = await runTfjs(model, data, input, outputs);
  const got = await runOnnx(converted.model, input, outputs.map((_, i) => `out${i}`));
  want.forEach((w, i) => {
    expect(got[i].shape, `shape of ${outputs[i]}`).toEqual(w.shape);
    // The converter's static shape must agree with what ORT computed (null = dynamic).
    converted.outputs[i].shape?.forEach((d, k) => {
      if (d !== null) expect(d, `declared dim ${k} of ${outputs[i]}`).toBe(w.shape[k]);
    });
    expect(maxRelDiff(got[i].data, w.data), `values of ${outputs[i]}`).toBeLessThanOrEqual(o.tol ?? 1e-5);
  });
  return converted;
}
