/**
 * Training on an archive, engine-side: a classifier per run (stored as a
 * version when it finishes, never before), classification of contents, files
 * or vectors with any version, feedback that the next run learns from, and
 * label errors by cross-validation. tfjs runs in this worker (Engine.trainingTf).
 */
import { CancelledError, NotFoundError, ValidationError } from '../contract/errors.js';
import type { ClassifierFeedback, ClassifierVersion, Classification, LabelErrors, Prediction, TrainingMap, TrainProgress } from '../contract/training.js';
import { checkBool, checkIds, checkInt, checkNumber, checkObject, checkOneOf, checkString } from '../contract/validate.js';
import { blendProbabilities, confidenceWord, findLabelErrors, neighbourLabelProbabilities } from '../core/learn/index.js';
import { normalizeRows, vectorSet } from '../core/base/index.js';
import { knnAll } from '../core/search/index.js';
import { addClassifier, addExamples, deleteClassifier, getClassifier, getExamples, listClassifiers } from '../store/labels.js';
import { outOfFoldProbabilities, predictHead, trainClassifier, TRAIN_DEFAULTS, type Examples, type HeadWeights, type TrainSettings } from '../train/index.js';
import type { Engine } from './engine.js';
import { checkLabelList, labelledContents } from './labels.js';
import { putLabels } from '../store/labels.js';

export interface TrainingRun {
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress | number) => void;
}

type Opts<K extends keyof TrainingMap> = TrainingMap[K]['options'];

function settingsOf(o: Record<string, unknown>): TrainSettings {
  const s: TrainSettings = { ...TRAIN_DEFAULTS };
  if (o.kind !== undefined) s.kind = checkOneOf(o.kind, 'options.kind', ['logistic', 'mlp'] as const);
  if (o.testFraction !== undefined) s.testFraction = checkNumber(o.testFraction, 'options.testFraction', 0.05, 0.5);
  if (o.maxEpochs !== undefined) s.maxEpochs = checkInt(o.maxEpochs, 'options.maxEpochs', 1, 10_000);
  if (o.patience !== undefined) s.patience = checkInt(o.patience, 'options.patience', 1, 10_000);
  if (o.learningRate !== undefined) s.learningRate = checkNumber(o.learningRate, 'options.learningRate', 1e-6, 1);
  if (o.l2 !== undefined) s.l2 = checkNumber(o.l2, 'options.l2', 0, 1);
  if (o.hidden !== undefined) s.hidden = checkInt(o.hidden, 'options.hidden', 2, 4096);
  if (o.balanceClasses !== undefined) s.balanceClasses = checkBool(o.balanceClasses, 'options.balanceClasses');
  if (o.seed !== undefined) s.seed = checkInt(o.seed, 'options.seed', 0);
  return s;
}

/** The archive's labelled vectors (plus feedback examples of the same vectorizer). */
async function examplesOf(engine: Engine, archive: string, vectorizer?: unknown) {
  const a = await engine.store.getArchive(archive);
  const vz = vectorizer === undefined ? a.parameters.default_vectorizer : checkString(vectorizer, 'options.vectorizer', 0);
  const labelled = await labelledContents(engine.store, a.id);
  const loaded = await engine.store.loadVectors(a.id, vz, labelled.keys());
  const extra = (await getExamples(engine.store.db, a.id)).filter((e) => e.vectorizer === vz && e.vector.length === loaded.dim);
  const dim = loaded.dim || extra[0]?.vector.length || 0;
  const n = loaded.ids.length + extra.length;
  const x = new Float32Array(n * dim);
  x.set(loaded.data);
  extra.forEach((e, k) => x.set(e.vector, (loaded.ids.length + k) * dim));
  const labels = [...Array.from(loaded.ids, (id) => labelled.get(id)!), ...extra.map((e) => e.labels)];
  return { a, vz, ids: Array.from(loaded.ids), extra: extra.length, examples: { x, dim, labels } satisfies Examples };
}

interface StoredClassifier {
  view: ClassifierVersion;
  weights: HeadWeights;
}

/** Train and store a new version. Cancelled or failed: nothing stored, earlier versions untouched. */
export async function train(engine: Engine, o: Opts<'train'>, run: TrainingRun): Promise<ClassifierVersion> {
  const opts = checkObject(o, 'options');
  const settings = settingsOf(opts);
  const { a, vz, ids, extra, examples } = await examplesOf(engine, checkString(opts.archive, 'archive', 0), opts.vectorizer);
  if (!examples.labels.length) throw new ValidationError('labels', 'labelled contents to train on (the archive has none)');
  const tf = await engine.trainingTf();
  const trained = await trainClassifier(tf, examples, settings, {
    signal: run.signal,
    onEpoch: (e) => run.onProgress?.({ phase: 'train', maxEpochs: settings.maxEpochs, progress: e.epoch / settings.maxEpochs, ...e }),
  });
  const counts = trained.labels.map((label) => ({ label, count: examples.labels.filter((ls) => ls.includes(label)).length })).sort((x, y) => y.count - x.count);
  // Checked again at the last moment: a run cancelled while scoring stores nothing.
  if (run.signal?.aborted) throw new CancelledError();
  const record = await addClassifier(engine.store.db, a.id, (version) => {
    const view: ClassifierVersion = {
      version,
      archive: a.name,
      created_at: Date.now(),
      kind: settings.kind,
      multiLabel: trained.multiLabel,
      labels: trained.labels,
      vectorizer: vz,
      dim: examples.dim,
      metrics: trained.metrics,
      dataset: { ids, counts, feedbackExamples: extra },
      options: settings,
    };
    return { view, weights: trained.weights };
  });
  return record.view as ClassifierVersion;
}

export async function classifiers(engine: Engine, o: Opts<'classifiers'>): Promise<ClassifierVersion[]> {
  const a = await engine.store.getArchive(checkString(o?.archive, 'archive', 0));
  return (await listClassifiers(engine.store.db, a.id)).map((r) => r.view as ClassifierVersion).sort((x, y) => y.version - x.version);
}

async function classifierOf(engine: Engine, archiveId: number, archive: string, version: unknown): Promise<StoredClassifier> {
  if (version === undefined) {
    const all = await listClassifiers(engine.store.db, archiveId);
    const latest = all.sort((x, y) => y.version - x.version)[0];
    if (!latest) throw new NotFoundError('classifier', `${archive} (no version trained yet)`);
    return latest as unknown as StoredClassifier;
  }
  const r = await getClassifier(engine.store.db, archiveId, checkInt(version, 'options.version', 1));
  if (!r) throw new NotFoundError('classifier', `${archive} version ${String(version)}`);
  return r as unknown as StoredClassifier;
}

export async function removeClassifier(engine: Engine, o: Opts<'deleteClassifier'>): Promise<{ deleted: boolean }> {
  const a = await engine.store.getArchive(checkString(o?.archive, 'archive', 0));
  return { deleted: await deleteClassifier(engine.store.db, a.id, checkInt(o.version, 'options.version', 1)) };
}

function isNamedBlob(f: unknown): f is File | { name: string; blob: Blob } {
  return f instanceof Blob ? typeof (f as File).name === 'string' : !!f && typeof (f as { name?: unknown }).name === 'string' && (f as { blob?: unknown }).blob instanceof Blob;
}

/** Embed files with a vectorizer; a file that does not decode gets its error. */
async function embedFiles(engine: Engine, vectorizer: string, files: unknown[], field: string, signal?: AbortSignal) {
  files.forEach((f, i) => {
    if (!isNamedBlob(f)) throw new ValidationError(`${field}[${i}]`, 'a File or { name, blob }');
  });
  const embedder = await engine.embedder(vectorizer);
  const dim = embedder.manifest.dimension;
  const rows = new Float32Array(files.length * dim);
  const errors: (string | null)[] = files.map(() => null);
  const items = (files as (File | { name: string; blob: Blob })[]).map((f, tag) => ({ blob: f instanceof Blob ? f : f.blob, tag }));
  for await (const batch of embedder.embed(items, signal)) {
    for (const it of batch.items) {
      if (it.error) errors[it.tag] = it.error;
      else rows.set(batch.vectors.subarray(it.row! * dim, (it.row! + 1) * dim), it.tag * dim);
    }
  }
  return { rows, dim, errors, names: (files as { name: string }[]).map((f) => f.name) };
}

function checkVector(v: unknown, field: string, dim: number): Float32Array {
  if (!(v instanceof Float32Array) && !(Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)))) throw new ValidationError(field, 'a Float32Array or a list of finite numbers');
  if ((v as ArrayLike<number>).length !== dim) throw new ValidationError(field, `${dim} numbers (the classifier's vectorizer dimension), got ${(v as ArrayLike<number>).length}`);
  return Float32Array.from(v as ArrayLike<number>);
}

function predictions(c: StoredClassifier, x: Float32Array, n: number, topK: number): Omit<Prediction, 'id' | 'name'>[] {
  const probs = predictHead(c.weights, x, n);
  const L = c.view.labels.length;
  return Array.from({ length: n }, (_, i) => {
    const row = Array.from(probs.subarray(i * L, (i + 1) * L), (p, j) => ({ label: c.view.labels[j], probability: p })).sort((p, q) => q.probability - p.probability);
    const predicted = c.view.multiLabel ? row.filter((r) => r.probability >= 0.5).map((r) => r.label) : [row[0].label];
    return { labels: row.slice(0, topK), confidence: confidenceWord(row[0].probability), predicted };
  });
}

/** Classify contents (ids), files or vectors with a version (the latest by default). */
export async function classify(engine: Engine, o: Opts<'classify'>, run: TrainingRun): Promise<Classification> {
  const opts = checkObject(o, 'options');
  const a = await engine.store.getArchive(checkString(opts.archive, 'archive', 0));
  const c = await classifierOf(engine, a.id, a.name, opts.version);
  const topK = opts.topK === undefined ? 3 : checkInt(opts.topK, 'options.topK', 1, c.view.labels.length);
  const out: Prediction[] = [];
  if (opts.ids !== undefined) {
    const ids = checkIds(opts.ids, 'options.ids', { unique: true });
    const loaded = await engine.store.loadVectors(a.id, c.view.vectorizer, ids);
    const have = new Set(loaded.ids);
    const missing = ids.find((id) => !have.has(id));
    if (missing !== undefined) throw new ValidationError('options.ids', `content ids of the archive with ${c.view.vectorizer} vectors (${missing} is not one)`);
    predictions(c, loaded.data, loaded.ids.length, topK).forEach((p, i) => out.push({ id: loaded.ids[i], ...p }));
  }
  if (opts.vectors !== undefined) {
    if (!Array.isArray(opts.vectors)) throw new ValidationError('options.vectors', 'a list of { name, vector }');
    const rows = new Float32Array(opts.vectors.length * c.view.dim);
    const names = opts.vectors.map((v: unknown, i) => {
      const r = checkObject(v, `options.vectors[${i}]`);
      rows.set(checkVector(r.vector, `options.vectors[${i}].vector`, c.view.dim), i * c.view.dim);
      return checkString(r.name, `options.vectors[${i}].name`, 0);
    });
    predictions(c, rows, names.length, topK).forEach((p, i) => out.push({ name: names[i], ...p }));
  }
  if (opts.files !== undefined) {
    if (!Array.isArray(opts.files)) throw new ValidationError('options.files', 'a list of Files');
    const e = await embedFiles(engine, c.view.vectorizer, opts.files, 'options.files', run.signal);
    const ps = predictions(c, e.rows, e.names.length, topK);
    e.names.forEach((name, i) => out.push(e.errors[i] ? { name, labels: [], confidence: 'low', predicted: [], error: e.errors[i]! } : { name, ...ps[i] }));
  }
  if (opts.ids === undefined && opts.vectors === undefined && opts.files === undefined) throw new ValidationError('options', 'ids, files or vectors to classify');
  return { version: c.view.version, predictions: out };
}

/** Store feedback: on a content it sets its labels; on a file or vector it keeps a labelled example. */
export async function feedback(engine: Engine, o: Opts<'feedback'>, run: TrainingRun): Promise<{ labelled: number; examples: number }> {
  const opts = checkObject(o, 'options');
  const a = await engine.store.getArchive(checkString(opts.archive, 'archive', 0));
  if (!Array.isArray(opts.feedback) || !opts.feedback.length) throw new ValidationError('options.feedback', 'a non-empty list of feedback');
  const ids = new Set(await engine.store.getContentIds(a.id));
  const vz = a.parameters.default_vectorizer;
  const dim = engine.manifest(vz).dimension;
  const labels = new Map<number, string[]>();
  const examples: { labels: string[]; vector?: Float32Array; file?: ClassifierFeedback['file']; at: number }[] = [];
  (opts.feedback as unknown[]).forEach((f, i) => {
    const field = `options.feedback[${i}]`;
    const r = checkObject(f, field);
    const correct = checkBool(r.correct, `${field}.correct`);
    const right = correct ? checkLabelList(r.predicted, `${field}.predicted`) : checkLabelList(r.labels, `${field}.labels`);
    if (!right.length) throw new ValidationError(correct ? `${field}.predicted` : `${field}.labels`, 'at least one label');
    const targets = [r.id, r.file, r.vector].filter((t) => t !== undefined).length;
    if (targets !== 1) throw new ValidationError(field, 'exactly one of id, file or vector');
    if (r.id !== undefined) {
      const id = checkInt(r.id, `${field}.id`, 0);
      if (!ids.has(id)) throw new ValidationError(`${field}.id`, 'a content id of the archive');
      labels.set(id, right);
    } else if (r.vector !== undefined) examples.push({ labels: right, vector: checkVector(r.vector, `${field}.vector`, dim), at: i });
    else {
      if (!isNamedBlob(r.file)) throw new ValidationError(`${field}.file`, 'a File or { name, blob }');
      examples.push({ labels: right, file: r.file, at: i });
    }
  });
  const files = examples.filter((e) => e.file);
  if (files.length) {
    const e = await embedFiles(engine, vz, files.map((f) => f.file), 'options.feedback[].file', run.signal);
    files.forEach((f, k) => {
      if (e.errors[k]) throw new ValidationError(`options.feedback[${f.at}].file`, `an image that decodes (${e.errors[k]})`);
      f.vector = e.rows.slice(k * e.dim, (k + 1) * e.dim);
    });
  }
  await putLabels(engine.store.db, a.id, labels);
  await addExamples(engine.store.db, examples.map((e) => ({ archive_id: a.id, vectorizer: vz, vector: e.vector!, labels: e.labels, created_at: Date.now() })));
  return { labelled: labels.size, examples: examples.length };
}

/** Neighbours whose labels are evidence in label-error finding. */
const LABEL_ERROR_NEIGHBOURS = 10;

/** Contents whose label the cross-validated model and their neighbours disagree with (single-label archives). */
export async function labelErrors(engine: Engine, o: Opts<'labelErrors'>, run: TrainingRun): Promise<LabelErrors> {
  const opts = checkObject(o, 'options');
  const folds = opts.folds === undefined ? 5 : checkInt(opts.folds, 'options.folds', 2, 10);
  const settings = settingsOf({ seed: opts.seed });
  const { ids, examples } = await examplesOf(engine, checkString(opts.archive, 'archive', 0), opts.vectorizer);
  // Feedback examples from outside the archive are not checked (they have no content to relabel).
  const n = ids.length;
  const own: Examples = { x: examples.x.subarray(0, n * examples.dim), dim: examples.dim, labels: examples.labels.slice(0, n) };
  const tf = await engine.trainingTf();
  const oof = await outOfFoldProbabilities(tf, own, settings, folds, { signal: run.signal, onFold: (d, of) => run.onProgress?.(d / of) });
  // The 10 nearest labelled neighbours' labels, blended in (core/learn/label-errors.ts says why).
  const graph = await knnAll(normalizeRows(vectorSet(new Float32Array(own.x), own.dim)), LABEL_ERROR_NEIGHBOURS, { signal: run.signal });
  const evidence = blendProbabilities(oof.probs, neighbourLabelProbabilities(graph, oof.given, oof.labels.length));
  const found = findLabelErrors(evidence, oof.given, oof.labels.length);
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < oof.labels.length; j++) if (oof.probs[i * oof.labels.length + j] > oof.probs[i * oof.labels.length + best]) best = j;
    if (best === oof.given[i]) right++;
  }
  return {
    issues: found.issues.map((f) => ({ id: ids[f.row], given: oof.labels[f.given], suggested: oof.labels[f.suggested], givenProbability: f.givenProbability, suggestedProbability: f.suggestedProbability })),
    thresholds: Object.fromEntries(oof.labels.map((l, j) => [l, found.thresholds[j]])),
    crossValidatedAccuracy: n ? right / n : 0,
    checked: n,
  };
}
