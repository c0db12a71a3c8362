/**
 * Translators: a map from one vector space to another, fitted on pairs
 * (input row i ↔ output row i) and chosen by validation recall@1.
 *
 * Candidates: the identity (when both spaces have one dimension) and ridge
 * regression on the inputs' top principal components, at a few ridge
 * strengths. PCA first because pairs are usually fewer than dimensions (1792
 * for the default model): the reduced problem is small enough to solve
 * exactly in plain JS, and dropping low-variance directions is itself a
 * regulariser. Outputs are L2-normalised (the archives compare by cosine).
 */
import { ValidationError } from '../../contract/errors.js';
import { checkRunOptions, normalizeRows, Ticker, type RunOptions, type VectorSet } from '../base/index.js';
import { fitPca, pcaTransform, solveSpd } from '../linalg/index.js';

/** A fitted translator, as stored: plain arrays, structured-cloneable. */
export interface LinearTranslator {
  kind: 'identity' | 'ridge';
  inDim: number;
  outDim: number;
  /** Ridge only: the inputs' PCA (mean, r × inDim components), the r × outDim weights and the output mean. */
  ridge?: { mean: Float32Array; components: Float32Array; r: number; w: Float32Array; outMean: Float32Array; lambda: number };
}

/** Options of {@link fitTranslator}; every field has a default. */
export interface TranslatorFitOptions extends RunOptions {
  /** Principal components of the inputs the ridge map reads. @defaultValue 256 (capped at the training rows − 1) */
  maxComponents?: number;
  /** Ridge strengths, as fractions of the mean component variance. @defaultValue [0.001, 0.01, 0.1, 1] */
  ridges?: number[];
}

/** Validation recall@1 of each candidate (name → R@1) and of the one kept. */
export interface TranslatorFit {
  translator: LinearTranslator;
  /** Recall@1 of the kept translator on the validation pairs. */
  recallAt1: number;
  /** Recall@1 of the identity map, null when the spaces differ in dimension. */
  identityRecallAt1: number | null;
  candidates: Record<string, number>;
}

/** Pairs for fitting or validation: row i of `input` maps to candidate `target[i]` of `output`. */
export interface TranslatorPairs {
  input: VectorSet;
  /** Distinct output vectors. */
  output: VectorSet;
  /** For each input row, its output row. */
  target: Int32Array;
}

/** Map input rows to the output space (L2-normalised rows). */
export function translate(t: LinearTranslator, vs: VectorSet): VectorSet {
  if (vs.dim !== t.inDim) throw new ValidationError('vectors.dim', `= translator input dimension ${t.inDim}`);
  if (t.kind === 'identity' || !t.ridge) return normalizeRows({ data: Float32Array.from(vs.data), n: vs.n, dim: vs.dim });
  const { r, w, outMean } = t.ridge;
  const z = pcaTransform(pcaModel(t), vs).data;
  const out = new Float32Array(vs.n * t.outDim);
  for (let i = 0; i < vs.n; i++) {
    const o = out.subarray(i * t.outDim, (i + 1) * t.outDim);
    o.set(outMean);
    for (let k = 0; k < r; k++) {
      const f = z[i * r + k];
      const row = w.subarray(k * t.outDim, (k + 1) * t.outDim);
      for (let j = 0; j < t.outDim; j++) o[j] += f * row[j];
    }
  }
  return normalizeRows({ data: out, n: vs.n, dim: t.outDim });
}

function pcaModel(t: LinearTranslator) {
  const p = t.ridge!;
  return { dim: t.inDim, nComponents: p.r, mean: p.mean, components: p.components, explainedVariance: new Float64Array(p.r), explainedVarianceRatio: new Float64Array(p.r), totalVariance: 0, method: 'exact' as const };
}

/** Share of input rows whose nearest output (cosine) is their own target. Rows of both sets must be unit length. */
export function recallAt1(mapped: VectorSet, output: VectorSet, target: Int32Array): number {
  if (!mapped.n) return 0;
  let hits = 0;
  for (let i = 0; i < mapped.n; i++) {
    let best = -1;
    let bestSim = -Infinity;
    for (let c = 0; c < output.n; c++) {
      let s = 0;
      for (let j = 0; j < output.dim; j++) s += mapped.data[i * mapped.dim + j] * output.data[c * output.dim + j];
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    if (best === target[i]) hits++;
  }
  return hits / mapped.n;
}

function checkPairs(p: TranslatorPairs, field: string): void {
  if (p.target.length !== p.input.n) throw new ValidationError(`${field}.target`, `one target per input row (${p.input.n})`);
  for (const t of p.target) if (!(t >= 0 && t < p.output.n)) throw new ValidationError(`${field}.target`, `row indices in 0..${p.output.n - 1}`);
}

/**
 * Fit on `train`, choose on `validation` (highest recall@1; ties to the simpler map).
 * @throws ValidationError for fewer than 2 training pairs, or mismatched dimensions between the sets
 * @throws CancelledError when `options.signal` aborts
 */
export async function fitTranslator(train: TranslatorPairs, validation: TranslatorPairs, options: TranslatorFitOptions = {}): Promise<TranslatorFit> {
  checkRunOptions(options);
  checkPairs(train, 'train');
  checkPairs(validation, 'validation');
  if (train.input.n < 2) throw new ValidationError('train', 'at least 2 pairs');
  if (validation.input.dim !== train.input.dim || validation.output.dim !== train.output.dim) throw new ValidationError('validation', 'the training pairs\' dimensions');
  const inDim = train.input.dim;
  const outDim = train.output.dim;
  const ticker = new Ticker(options.signal, undefined);
  const candidates: Record<string, number> = {};
  let best: { t: LinearTranslator; r1: number } | null = null;
  let identityR1: number | null = null;
  if (inDim === outDim) {
    const t: LinearTranslator = { kind: 'identity', inDim, outDim };
    identityR1 = recallAt1(translate(t, validation.input), validation.output, validation.target);
    candidates.identity = identityR1;
    best = { t, r1: identityR1 };
  }
  const n = train.input.n;
  const r = Math.max(1, Math.min(options.maxComponents ?? 256, n - 1, inDim));
  const pca = await fitPca(train.input, r, { signal: options.signal });
  const z = pcaTransform(pca, train.input).data;
  // Targets of the training rows, centred.
  const y = new Float64Array(n * outDim);
  const outMean = new Float32Array(outDim);
  for (let i = 0; i < n; i++) for (let j = 0; j < outDim; j++) outMean[j] += train.output.data[train.target[i] * outDim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < outDim; j++) y[i * outDim + j] = train.output.data[train.target[i] * outDim + j] - outMean[j];
  // ZᵀZ (r × r) and ZᵀY (r × outDim), once for every ridge strength.
  const zz = new Float64Array(r * r);
  const zy = new Float64Array(r * outDim);
  for (let i = 0; i < n; i++) {
    const p = ticker.tick();
    if (p) await p;
    for (let a = 0; a < r; a++) {
      const za = z[i * r + a];
      if (za === 0) continue;
      for (let b = 0; b < r; b++) zz[a * r + b] += za * z[i * r + b];
      const dst = zy.subarray(a * outDim, (a + 1) * outDim);
      for (let j = 0; j < outDim; j++) dst[j] += za * y[i * outDim + j];
    }
  }
  let trace = 0;
  for (let a = 0; a < r; a++) trace += zz[a * r + a];
  const scale = trace / r || 1;
  for (const frac of options.ridges ?? [0.001, 0.01, 0.1, 1]) {
    if (!(frac > 0) || !Number.isFinite(frac)) throw new ValidationError('options.ridges', 'positive finite numbers');
    await ticker.pause();
    const lambda = frac * scale;
    const a = Float64Array.from(zz);
    for (let k = 0; k < r; k++) a[k * r + k] += lambda;
    const w = Float32Array.from(solveSpd(a, r, zy, outDim));
    const t: LinearTranslator = { kind: 'ridge', inDim, outDim, ridge: { mean: pca.mean, components: pca.components, r, w, outMean, lambda } };
    const r1 = recallAt1(translate(t, validation.input), validation.output, validation.target);
    candidates[`ridge ${frac}`] = r1;
    if (!best || r1 > best.r1) best = { t, r1 };
  }
  return { translator: best!.t, recallAt1: best!.r1, identityRecallAt1: identityR1, candidates };
}
