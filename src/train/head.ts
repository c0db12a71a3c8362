/**
 * A classifier head on vectors, trained with tfjs: softmax (sigmoid for
 * multi-label) regression or one hidden ReLU layer, on standardised inputs,
 * with Adam, class weights, L2 and early stopping on a validation part. The
 * caller passes the tfjs module (the worker's backend, or Node's in tests).
 * Prediction needs no tfjs: the weights are plain arrays (predictHead).
 */
import type { ClassifierKind } from '../contract/training.js';
import { Rng } from '../core/base/index.js';
import { optimizerStep, runEpochs } from './epochs.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

/** Labelled rows for fitting. */
export interface HeadData {
  /** Row-major n × dim. */
  x: Float32Array;
  n: number;
  dim: number;
  /** Single-label: the class of each row (length n). Multi-label: row-major n × classes of 0/1. */
  y: Int32Array | Float32Array;
  classes: number;
  multiLabel: boolean;
}

/** A fitted head, as stored: plain arrays, structured-cloneable. */
export interface HeadWeights {
  kind: ClassifierKind;
  multiLabel: boolean;
  dim: number;
  classes: number;
  /** Standardisation: (x − mean) · scale. */
  mean: Float32Array;
  scale: Float32Array;
  /** Dense layers in order; `w` is row-major in × out. */
  layers: { w: Float32Array; b: Float32Array; in: number; out: number }[];
}

export interface FitOptions {
  kind: ClassifierKind;
  maxEpochs: number;
  patience: number;
  learningRate: number;
  l2: number;
  hidden: number;
  balanceClasses: boolean;
  seed: number;
  /** Rows per Adam step. @defaultValue 128 */
  batchSize?: number;
  signal?: AbortSignal;
  onEpoch?: (e: { epoch: number; loss: number; validationLoss: number; validationAccuracy: number }) => void;
}

export interface FitResult {
  weights: HeadWeights;
  epochs: number;
  stoppedEarly: boolean;
  backend: string;
}

/**
 * Centre each dimension; scale all by one factor (1 / RMS spread). One factor, not
 * one per dimension: embedding dimensions that barely vary would otherwise be blown
 * up to unit spread, and few examples then overfit on their noise.
 */
function standardiser(d: HeadData): { mean: Float32Array; scale: Float32Array } {
  const mean = new Float32Array(d.dim);
  for (let i = 0; i < d.n; i++) for (let j = 0; j < d.dim; j++) mean[j] += d.x[i * d.dim + j];
  for (let j = 0; j < d.dim; j++) mean[j] /= d.n || 1;
  let sq = 0;
  for (let i = 0; i < d.n; i++)
    for (let j = 0; j < d.dim; j++) {
      const v = d.x[i * d.dim + j] - mean[j];
      sq += v * v;
    }
  const rms = Math.sqrt(sq / Math.max(1, d.n * d.dim));
  return { mean, scale: new Float32Array(d.dim).fill(1 / Math.max(rms, 1e-6)) };
}

function standardise(x: Float32Array, n: number, dim: number, mean: Float32Array, scale: Float32Array): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = (x[i * dim + j] - mean[j]) * scale[j];
  return out;
}

/** Inverse-frequency weight per row, averaging 1 (single-label: its class; multi-label: mean over its labels). */
function rowWeights(d: HeadData, balance: boolean): Float32Array {
  const w = new Float32Array(d.n).fill(1);
  if (!balance) return w;
  const freq = new Float64Array(d.classes);
  const classesOf = (i: number): number[] =>
    d.multiLabel ? Array.from({ length: d.classes }, (_, j) => j).filter((j) => d.y[i * d.classes + j] > 0) : [d.y[i]];
  for (let i = 0; i < d.n; i++) for (const j of classesOf(i)) freq[j]++;
  const present = freq.filter((f) => f > 0).length || 1;
  for (let i = 0; i < d.n; i++) {
    const cs = classesOf(i);
    w[i] = cs.length ? cs.reduce((s, j) => s + d.n / (present * freq[j]), 0) / cs.length : 1;
  }
  return w;
}

/** Glorot-uniform weights from the seeded generator (so a seed gives the same model on any backend). */
function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (rng.next() * 2 - 1) * limit);
}

function targets(tf: Tf, d: HeadData, rows: number[] | null): Tensor {
  if (d.multiLabel) {
    const take = rows ?? Array.from({ length: d.n }, (_, i) => i);
    const t = new Float32Array(take.length * d.classes);
    take.forEach((r, k) => t.set(d.y.subarray(r * d.classes, (r + 1) * d.classes), k * d.classes));
    return tf.tensor2d(t, [take.length, d.classes]);
  }
  const labels = rows ? Int32Array.from(rows, (r) => d.y[r]) : Int32Array.from(d.y);
  return tf.oneHot(tf.tensor1d(labels, 'int32'), d.classes);
}

/**
 * Fit a head on `train`, stopping when the loss on `validation` has not improved
 * for `patience` epochs (the best epoch's weights are kept). Without a validation
 * part it runs `maxEpochs`.
 * @throws CancelledError when `signal` aborts (between steps); nothing is returned then
 */
export async function fitHead(tf: Tf, train: HeadData, validation: HeadData | null, o: FitOptions): Promise<FitResult> {
  const { mean, scale } = standardiser(train);
  const rng = new Rng(o.seed);
  const sizes = o.kind === 'mlp' ? [train.dim, o.hidden, train.classes] : [train.dim, train.classes];
  const vars: Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    vars.push(tf.variable(tf.tensor2d(glorot(rng, sizes[l], sizes[l + 1]), [sizes[l], sizes[l + 1]])));
    vars.push(tf.variable(tf.zeros([sizes[l + 1]])));
  }
  const forward = (x: Tensor): Tensor => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      h = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      if (l + 2 < vars.length) h = tf.relu(h);
    }
    return h;
  };
  // Mean weighted cross-entropy (softmax or sigmoid) plus L2 on the kernels.
  const lossOf = (logits: Tensor, t: Tensor, w: Tensor): Tensor => {
    const perRow = train.multiLabel
      ? tf.mean(tf.sub(tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), tf.mul(logits, t)), 1)
      : tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(logits)), 1));
    const data = tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w));
    const reg = vars.filter((_, i) => i % 2 === 0).reduce<Tensor>((s, v) => tf.add(s, tf.sum(tf.square(v))), tf.scalar(0));
    return tf.add(data, tf.mul(tf.scalar(o.l2), reg));
  };

  const xTrain = tf.tensor2d(standardise(train.x, train.n, train.dim, mean, scale), [train.n, train.dim]);
  const tTrain = targets(tf, train, null);
  const wTrain = tf.tensor1d(rowWeights(train, o.balanceClasses));
  const xVal = validation ? tf.tensor2d(standardise(validation.x, validation.n, validation.dim, mean, scale), [validation.n, validation.dim]) : null;
  const tVal = validation ? targets(tf, validation, null) : null;
  const wVal = validation ? tf.tensor1d(rowWeights(validation, o.balanceClasses)) : null;
  const optimizer = tf.train.adam(o.learningRate);
  const batch = Math.max(1, Math.min(o.batchSize ?? 128, train.n));
  let loop: { best: Float32Array[]; epochs: number; stoppedEarly: boolean };
  try {
    loop = await runEpochs({
      rows: train.n,
      batchSize: batch,
      maxEpochs: o.maxEpochs,
      patience: o.patience,
      rng,
      signal: o.signal,
      validating: xVal !== null,
      step: (rows) => optimizerStep(tf, optimizer, vars, rows, (idx) => lossOf(forward(tf.gather(xTrain, idx)), tf.gather(tTrain, idx), tf.gather(wTrain, idx)) as import('@tensorflow/tfjs').Scalar),
      validate: async (loss) => {
        if (!(xVal && tVal && wVal && validation)) return { validationLoss: loss, validationAccuracy: NaN };
        const [vl, acc] = tf.tidy(() => {
          const logits = forward(xVal);
          const right = validation.multiLabel
            ? tf.mean(tf.cast(tf.all(tf.equal(tf.greaterEqual(logits, 0), tf.cast(tVal, 'bool')), 1), 'float32'))
            : tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(tVal, 1)), 'float32'));
          return [lossOf(logits, tVal, wVal), right];
        });
        const out = { validationLoss: (await vl.data())[0], validationAccuracy: (await acc.data())[0] };
        vl.dispose();
        acc.dispose();
        return out;
      },
      onEpoch: (epoch, loss, v) => o.onEpoch?.({ epoch, loss, ...v }),
      snapshot: () => Promise.all(vars.map(async (v) => (await v.data()) as Float32Array)),
    });
  } finally {
    for (const t of [xTrain, tTrain, wTrain, xVal, tVal, wVal]) t?.dispose();
    for (const v of vars) v.dispose();
    optimizer.dispose();
  }
  const bestWeights = loop.best;
  const layers: HeadWeights['layers'] = [];
  for (let l = 0; l + 1 < sizes.length; l++) layers.push({ w: Float32Array.from(bestWeights[2 * l]), b: Float32Array.from(bestWeights[2 * l + 1]), in: sizes[l], out: sizes[l + 1] });
  return {
    weights: { kind: o.kind, multiLabel: train.multiLabel, dim: train.dim, classes: train.classes, mean, scale, layers },
    epochs: loop.epochs,
    stoppedEarly: loop.stoppedEarly,
    backend: tf.getBackend(),
  };
}

/** Probabilities (row-major n × classes) of `n` rows of `x`, in plain JS. */
export function predictHead(h: HeadWeights, x: Float32Array, n: number): Float32Array {
  let cur = standardise(x, n, h.dim, h.mean, h.scale);
  h.layers.forEach((layer, li) => {
    const out = new Float32Array(n * layer.out);
    for (let i = 0; i < n; i++) {
      const o = out.subarray(i * layer.out, (i + 1) * layer.out);
      o.set(layer.b);
      for (let k = 0; k < layer.in; k++) {
        const v = cur[i * layer.in + k];
        if (v === 0) continue;
        const row = layer.w.subarray(k * layer.out, (k + 1) * layer.out);
        for (let j = 0; j < layer.out; j++) o[j] += v * row[j];
      }
      if (li + 1 < h.layers.length) for (let j = 0; j < layer.out; j++) o[j] = Math.max(0, o[j]);
    }
    cur = out;
  });
  const c = h.classes;
  for (let i = 0; i < n; i++) {
    const z = cur.subarray(i * c, (i + 1) * c);
    if (h.multiLabel) {
      for (let j = 0; j < c; j++) z[j] = 1 / (1 + Math.exp(-z[j]));
      continue;
    }
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, z[j]);
    let s = 0;
    for (let j = 0; j < c; j++) s += z[j] = Math.exp(z[j] - m);
    for (let j = 0; j < c; j++) z[j] /= s;
  }
  return cur;
}
