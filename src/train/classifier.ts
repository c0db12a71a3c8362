/**
 * Training a classifier on labelled vectors: the label set, a stratified
 * train / test split (test reported, like Vize's 80/20), an inner validation
 * part for early stopping, metrics on the test part. Also out-of-fold
 * probabilities for label-error finding. Knows nothing of archives or storage.
 */
import { ValidationError } from '../contract/errors.js';
import { LABEL_LIMITS, type ClassifierMetrics, type TrainOptions } from '../contract/training.js';
import { multiLabelMetrics, singleLabelMetrics, stratifiedFolds, stratifiedSplit } from '../core/learn/index.js';
import { fitHead, predictHead, type FitOptions, type HeadData, type HeadWeights } from './head.js';

type Tf = typeof import('@tensorflow/tfjs');

/** Documented defaults of TrainOptions. */
export const TRAIN_DEFAULTS = {
  kind: 'logistic',
  testFraction: 0.2,
  maxEpochs: 300,
  patience: 20,
  learningRate: 0.01,
  l2: 0.01,
  hidden: 256,
  balanceClasses: true,
  seed: 1,
} as const satisfies Readonly<Required<Omit<TrainOptions, 'signal' | 'onProgress' | 'vectorizer'>>>;

/** TrainOptions with every default filled in. */
export type TrainSettings = Required<Omit<TrainOptions, 'signal' | 'onProgress' | 'vectorizer'>>;

/** Labelled examples: row-major vectors and each row's labels. */
export interface Examples {
  x: Float32Array;
  dim: number;
  labels: string[][];
}

/** The label set of examples, checked: ≥ 2 labels, ≤ 100, every example labelled. */
export function labelSet(labels: string[][], field = 'labels'): { names: string[]; multiLabel: boolean } {
  const names = new Set<string>();
  let multi = false;
  labels.forEach((ls, i) => {
    if (!ls.length) throw new ValidationError(`${field}[${i}]`, 'at least one label');
    if (ls.length > 1) multi = true;
    for (const l of ls) names.add(l);
  });
  if (names.size < 2) throw new ValidationError(field, `at least 2 distinct labels (found ${names.size})`);
  if (names.size > LABEL_LIMITS.maxLabels) throw new ValidationError(field, `at most ${LABEL_LIMITS.maxLabels} distinct labels (found ${names.size})`);
  return { names: [...names].sort(), multiLabel: multi };
}

function headData(ex: Examples, rows: number[], names: string[], multiLabel: boolean): HeadData {
  const index = new Map(names.map((n, i) => [n, i]));
  const x = new Float32Array(rows.length * ex.dim);
  rows.forEach((r, k) => x.set(ex.x.subarray(r * ex.dim, (r + 1) * ex.dim), k * ex.dim));
  const c = names.length;
  const y = multiLabel ? new Float32Array(rows.length * c) : new Int32Array(rows.length);
  rows.forEach((r, k) => {
    if (multiLabel) for (const l of ex.labels[r]) y[k * c + index.get(l)!] = 1;
    else y[k] = index.get(ex.labels[r][0])!;
  });
  return { x, n: rows.length, dim: ex.dim, y, classes: c, multiLabel };
}

function fitOptions(s: TrainSettings, extra: Partial<FitOptions>): FitOptions {
  return { kind: s.kind, maxEpochs: s.maxEpochs, patience: s.patience, learningRate: s.learningRate, l2: s.l2, hidden: s.hidden, balanceClasses: s.balanceClasses, seed: s.seed, ...extra };
}

export interface TrainedClassifier {
  labels: string[];
  multiLabel: boolean;
  weights: HeadWeights;
  metrics: ClassifierMetrics;
}

/**
 * Train on `examples` with a stratified test split; the model kept is the one
 * fitted on the training part (the reported accuracy is that model's, on data it never saw).
 * @throws ValidationError for fewer than 2 labels, more than 100, an unlabelled example, or too few examples to split
 */
export async function trainClassifier(
  tf: Tf,
  examples: Examples,
  settings: TrainSettings,
  run: { signal?: AbortSignal; onEpoch?: FitOptions['onEpoch'] } = {},
): Promise<TrainedClassifier> {
  const { names, multiLabel } = labelSet(examples.labels);
  const index = new Map(names.map((n, i) => [n, i]));
  const first = examples.labels.map((ls) => index.get([...ls].sort()[0])!);
  const counts = new Map<number, number>();
  for (const c of first) counts.set(c, (counts.get(c) ?? 0) + 1);
  const { train, test } = stratifiedSplit(first, settings.testFraction, settings.seed);
  if (test.length === 0 || train.length < 2) throw new ValidationError('labels', `enough examples to hold out ${Math.round(settings.testFraction * 100)} % (at least 2 of a label)`);
  // Early stopping watches a part of the training rows, never the test rows.
  const inner = stratifiedSplit(train.map((r) => first[r]), 0.15, settings.seed + 1);
  const fitRows = inner.test.length ? inner.train.map((k) => train[k]) : train;
  const valRows = inner.test.map((k) => train[k]);
  const started = performance.now();
  const fit = await fitHead(tf, headData(examples, fitRows, names, multiLabel), valRows.length ? headData(examples, valRows, names, multiLabel) : null, fitOptions(settings, run));
  const trainMs = performance.now() - started;
  const testData = headData(examples, test, names, multiLabel);
  const probs = predictHead(fit.weights, testData.x, testData.n);
  const m = multiLabel ? multiLabelMetrics(probs, testData.y, names) : singleLabelMetrics(probs, testData.y, names);
  return {
    labels: names,
    multiLabel,
    weights: fit.weights,
    metrics: { ...m, trainSize: train.length, testSize: test.length, epochs: fit.epochs, stoppedEarly: fit.stoppedEarly, trainMs, backend: fit.backend },
  };
}

/**
 * Out-of-fold probabilities (row-major n × labels): each example scored by a
 * model that never saw it. Single-label examples only.
 */
export async function outOfFoldProbabilities(
  tf: Tf,
  examples: Examples,
  settings: TrainSettings,
  folds: number,
  run: { signal?: AbortSignal; onFold?: (done: number, of: number) => void } = {},
): Promise<{ labels: string[]; given: Int32Array; probs: Float32Array }> {
  const { names, multiLabel } = labelSet(examples.labels);
  if (multiLabel) throw new ValidationError('labels', 'one label per content to look for label errors (this archive has contents with several)');
  const index = new Map(names.map((n, i) => [n, i]));
  const given = Int32Array.from(examples.labels, (ls) => index.get(ls[0])!);
  const n = given.length;
  const parts = stratifiedFolds(given, folds, settings.seed);
  const probs = new Float32Array(n * names.length);
  for (let f = 0; f < parts.length; f++) {
    const held = new Set(parts[f]);
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i));
    const inner = stratifiedSplit(rows.map((r) => given[r]), 0.15, settings.seed + f + 1);
    const fitRows = inner.train.map((k) => rows[k]);
    const valRows = inner.test.map((k) => rows[k]);
    const fit = await fitHead(tf, headData(examples, fitRows, names, false), valRows.length ? headData(examples, valRows, names, false) : null, fitOptions(settings, { signal: run.signal }));
    const heldData = headData(examples, parts[f], names, false);
    const p = predictHead(fit.weights, heldData.x, heldData.n);
    parts[f].forEach((r, k) => probs.set(p.subarray(k * names.length, (k + 1) * names.length), r * names.length));
    run.onFold?.(f + 1, parts.length);
  }
  return { labels: names, given, probs };
}
