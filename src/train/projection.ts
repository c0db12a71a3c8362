/**
 * Fine-tuned vectorizers: a low-rank residual on top of a base vectorizer,
 * z = normalise(x + (x·U)·V), trained with tfjs as a cosine classifier on
 * labelled examples (normalised-softmax, or sigmoid per label when examples
 * carry several). The residual starts at zero, so the new space starts as the
 * base space and moves only as far as the labels pull it (L2 on U and V and
 * early stopping on a held-back part keep it close): neighbourhoods of
 * content the labels never named survive, while directions the labels care
 * about are stretched. Applying it needs no tfjs (projectRows).
 */
import { ValidationError } from '../contract/errors.js';
import { Rng } from '../core/base/index.js';
import { stratifiedSplit } from '../core/learn/index.js';
import { labelSet, type Examples } from './classifier.js';
import { optimizerStep, runEpochs } from './epochs.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

/** A fitted projection, as stored: plain arrays, structured-cloneable. */
export interface ProjectionWeights {
  dim: number;
  rank: number;
  /** dim × rank, row-major. */
  u: Float32Array;
  /** rank × dim, row-major. */
  v: Float32Array;
}

/** Settings of {@link fitProjection}; every field has a default in PROJECTION_DEFAULTS. */
export interface ProjectionSettings {
  /** Rank of the residual. */
  rank: number;
  /** Logit scale of the cosine classifier. */
  scale: number;
  maxEpochs: number;
  patience: number;
  learningRate: number;
  l2: number;
  /** Share of each label held back for early stopping. */
  validationFraction: number;
  seed: number;
}

/** Documented defaults of ProjectionSettings. */
export const PROJECTION_DEFAULTS: Readonly<ProjectionSettings> = {
  rank: 64,
  scale: 16,
  maxEpochs: 100,
  patience: 8,
  learningRate: 0.002,
  l2: 0.001,
  validationFraction: 0.15,
  seed: 1,
};

export interface FittedProjection {
  weights: ProjectionWeights;
  labels: string[];
  multiLabel: boolean;
  epochs: number;
  /** Held-back examples' accuracy (nearest label prototype) before and after, base space vs fine-tuned. */
  validation: { size: number; baseAccuracy: number; accuracy: number };
  trainMs: number;
  backend: string;
}

/** z = normalise(x + (x·U)·V) for `n` rows of `x` (row-major n × dim), in plain JS. */
export function projectRows(w: ProjectionWeights, x: Float32Array, n: number): Float32Array {
  const { dim, rank, u, v } = w;
  if (x.length !== n * dim) throw new ValidationError('vectors', `n × ${dim} values`);
  const out = Float32Array.from(x);
  const h = new Float64Array(rank);
  for (let i = 0; i < n; i++) {
    const o = out.subarray(i * dim, (i + 1) * dim);
    h.fill(0);
    for (let k = 0; k < dim; k++) {
      const xk = x[i * dim + k];
      if (xk === 0) continue;
      const row = u.subarray(k * rank, (k + 1) * rank);
      for (let r = 0; r < rank; r++) h[r] += xk * row[r];
    }
    for (let r = 0; r < rank; r++) {
      const f = h[r];
      const row = v.subarray(r * dim, (r + 1) * dim);
      for (let j = 0; j < dim; j++) o[j] += f * row[j];
    }
    let s = 0;
    for (let j = 0; j < dim; j++) s += o[j] * o[j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) o[j] *= inv;
  }
  return out;
}

/** Accuracy of assigning each row to the label whose mean (of `ref` rows) is nearest by cosine. */
function prototypeAccuracy(x: Float32Array, dim: number, rows: number[], ref: number[], y: Int32Array, c: number): number {
  if (!rows.length) return NaN;
  const proto = new Float64Array(c * dim);
  for (const r of ref) for (let j = 0; j < dim; j++) proto[y[r] * dim + j] += x[r * dim + j];
  for (let k = 0; k < c; k++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += proto[k * dim + j] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) proto[k * dim + j] *= inv;
  }
  let right = 0;
  for (const r of rows) {
    let best = -1;
    let bestSim = -Infinity;
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += proto[k * dim + j] * x[r * dim + j];
      if (s > bestSim) [bestSim, best] = [s, k];
    }
    if (best === y[r]) right++;
  }
  return right / rows.length;
}

/**
 * Fit a projection on labelled base vectors (unit rows). Labels are checked as for classifiers
 * (2..100 distinct, every example labelled).
 * @throws ValidationError for a bad label set or too few examples to hold some back
 * @throws CancelledError when `run.signal` aborts (between steps); nothing is returned then
 */
export async function fitProjection(
  tf: Tf,
  examples: Examples,
  settings: ProjectionSettings = PROJECTION_DEFAULTS,
  run: { signal?: AbortSignal; onEpoch?: (e: { epoch: number; loss: number; validationLoss: number }) => void } = {},
): Promise<FittedProjection> {
  const { names, multiLabel } = labelSet(examples.labels, 'example_to_labels');
  const { dim } = examples;
  const n = examples.labels.length;
  const c = names.length;
  const index = new Map(names.map((l, i) => [l, i]));
  const first = Int32Array.from(examples.labels, (ls) => index.get([...ls].sort()[0])!);
  const { train, test: held } = stratifiedSplit(Array.from(first), settings.validationFraction, settings.seed);
  if (train.length < 2) throw new ValidationError('example_to_labels', 'at least 2 examples to train on');
  const rank = Math.max(1, Math.min(settings.rank, dim));
  const rng = new Rng(settings.seed);
  const targets = new Float32Array(n * c);
  examples.labels.forEach((ls, i) => {
    if (multiLabel) for (const l of ls) targets[i * c + index.get(l)!] = 1;
    else targets[i * c + first[i]] = 1;
  });
  // Prototypes start at the label means of the training rows: at epoch 0 the classifier is nearest-mean.
  const proto = new Float32Array(c * dim);
  for (const r of train) for (let k = 0; k < c; k++) if (targets[r * c + k]) for (let j = 0; j < dim; j++) proto[k * dim + j] += examples.x[r * dim + j];
  const limit = Math.sqrt(6 / (dim + rank)) * 0.1;
  const U = tf.variable(tf.tensor2d(Float32Array.from({ length: dim * rank }, () => (rng.next() * 2 - 1) * limit), [dim, rank]));
  const V = tf.variable(tf.zeros([rank, dim]));
  const P = tf.variable(tf.tensor2d(proto, [c, dim]));
  const bias = tf.variable(tf.fill([c], multiLabel ? settings.scale * 0.5 : 0));
  const vars = [U, V, P, bias];
  const unit = (t: Tensor) => tf.div(t, tf.add(tf.norm(t, 2, 1, true), 1e-8));
  const embed = (x: Tensor) => unit(tf.add(x, tf.matMul(tf.matMul(x, U), V)));
  const lossOf = (x: Tensor, t: Tensor): Tensor => {
    const logits = tf.sub(tf.mul(tf.matMul(embed(x), unit(P), false, true), settings.scale), bias);
    const data = multiLabel
      ? tf.mean(tf.sub(tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), tf.mul(logits, t)))
      : tf.mean(tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(logits)), 1)));
    return tf.add(data, tf.mul(settings.l2, tf.add(tf.sum(tf.square(U)), tf.sum(tf.square(V)))));
  };
  const rowsTensor = (rows: number[]) => {
    const x = new Float32Array(rows.length * dim);
    const t = new Float32Array(rows.length * c);
    rows.forEach((r, k) => {
      x.set(examples.x.subarray(r * dim, (r + 1) * dim), k * dim);
      t.set(targets.subarray(r * c, (r + 1) * c), k * c);
    });
    return [tf.tensor2d(x, [rows.length, dim]), tf.tensor2d(t, [rows.length, c])] as const;
  };
  const [xTrain, tTrain] = rowsTensor(train);
  const [xVal, tVal] = held.length ? rowsTensor(held) : [null, null];
  const optimizer = tf.train.adam(settings.learningRate);
  const started = performance.now();
  let loop: { best: [Float32Array, Float32Array]; epochs: number };
  try {
    loop = await runEpochs({
      rows: train.length,
      batchSize: 64,
      maxEpochs: settings.maxEpochs,
      patience: settings.patience,
      rng,
      signal: run.signal,
      validating: xVal !== null,
      step: (rows) => optimizerStep(tf, optimizer, vars, rows, (idx) => lossOf(tf.gather(xTrain, idx), tf.gather(tTrain, idx)) as import('@tensorflow/tfjs').Scalar),
      validate: async (loss) => {
        if (!(xVal && tVal)) return { validationLoss: loss };
        const vl = tf.tidy(() => lossOf(xVal, tVal));
        const validationLoss = (await vl.data())[0];
        vl.dispose();
        return { validationLoss };
      },
      onEpoch: (epoch, loss, v) => run.onEpoch?.({ epoch, loss, validationLoss: v.validationLoss }),
      snapshot: async () => [(await U.data()) as Float32Array, (await V.data()) as Float32Array],
    });
  } finally {
    for (const t of [xTrain, tTrain, xVal, tVal]) t?.dispose();
    for (const v of vars) v.dispose();
    optimizer.dispose();
  }
  const bestUV = loop.best;
  const weights: ProjectionWeights = { dim, rank, u: Float32Array.from(bestUV[0]), v: Float32Array.from(bestUV[1]) };
  const projected = projectRows(weights, examples.x, n);
  return {
    weights,
    labels: names,
    multiLabel,
    epochs: loop.epochs,
    validation: {
      size: held.length,
      baseAccuracy: prototypeAccuracy(examples.x, dim, held, train, first, c),
      accuracy: prototypeAccuracy(projected, dim, held, train, first, c),
    },
    trainMs: performance.now() - started,
    backend: tf.getBackend(),
  };
}
