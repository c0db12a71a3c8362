/**
 * fine_tune_vectorizer and fine_tune_translator, run in the worker: the data
 * comes as the cloud takes it (the files and example_to_labels.json /
 * training_mappings.json, in the request or by file_urls) or, as a local
 * extension, from archives already indexed (their labels and stored vectors:
 * nothing is decoded again). Nothing is kept until training has finished.
 */
import { NotFoundError, ValidationError } from '../../contract/errors.js';
import type { FineTuneReport, TranslatorReport } from '../../contract/training.js';
import type { FineTuneTranslatorInputs, FineTuneVectorizerInputs } from '../../contract/jobs.js';
import { fitTranslator, type TranslatorPairs } from '../../core/learn/index.js';
import { Rng, vectorSet } from '../../core/base/index.js';
import { fitProjection, PROJECTION_DEFAULTS } from '../../train/index.js';
import type { JobContext } from '../context.js';
import { embedNamed, filesAndUrls, type NamedBlob } from '../inputs.js';
import { checkLabelList, idsByName, labelledContents } from '../labels.js';
import * as v from '../validate.js';

const VECTORIZER_KEYS = ['content_type', 'custom_vectorizer_name_for_sampling', 'starting_custom_vectorizer_name', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder', 'files', 'archive'] as const;
const TRANSLATOR_KEYS = [
  'translator_name', 'input_content_type', 'input_custom_vectorizer_name', 'output_content_type', 'output_custom_vectorizer_name',
  'file_urls', 'download_from_batch_cloud_folder', 'files', 'input_archive', 'output_archive', 'training_mappings', 'validation_mappings',
] as const;

/** Share of pairs held out when no validation_mappings.json is given (the documented 15 %). */
const HELD_OUT = 0.15;

function imageOnly(value: unknown, field: string): void {
  if (value != null && v.contentType(value, field) !== 'Image') throw new ValidationError(`inputs.${field}`, 'Image or None (the local engine embeds images)');
}

/** A JSON file of the request by its base name (example_to_labels.json, training_mappings.json …), parsed. */
async function jsonFile(blobs: NamedBlob[], name: string): Promise<unknown> {
  const f = blobs.find((b) => b.name === name || b.name.endsWith(`/${name}`));
  if (!f) return undefined;
  try {
    return JSON.parse(await f.blob.text());
  } catch (e) {
    throw new ValidationError(name, 'valid JSON', `${name}: not valid JSON (${(e as Error).message})`);
  }
}

/** The request's data files by name (folder paths and bare names both find them); the JSON files are not data. */
function dataFiles(blobs: NamedBlob[]): Map<string, NamedBlob> {
  const out = new Map<string, NamedBlob>();
  for (const b of blobs) {
    if (/(^|\/)(example_to_labels|training_mappings|validation_mappings)\.json$/.test(b.name)) continue;
    out.set(b.name, b);
    out.set(b.name.split('/').pop()!, b);
  }
  return out;
}

function vectorizerName(ctx: JobContext, value: unknown, field: string): string {
  const name = v.optionalString(value, field, 1, 64) ?? ctx.defaultVectorizer;
  ctx.manifest(name); // NotFoundError naming it
  return name;
}

export async function runFineTuneVectorizer(ctx: JobContext, inputs: FineTuneVectorizerInputs): Promise<null> {
  const i = v.object(inputs);
  v.knownKeys(i, VECTORIZER_KEYS);
  imageOnly(i.content_type ?? 'Image', 'content_type');
  if (i.custom_vectorizer_name_for_sampling != null) throw new ValidationError('inputs.custom_vectorizer_name_for_sampling', 'None (sampling applies to video, sound and text, which run in the cloud only)');
  const name = v.string(i.custom_vectorizer_name, 'custom_vectorizer_name', 0, 65);
  if (!/^[\w.-]{1,64}$/.test(name)) throw new ValidationError('inputs.custom_vectorizer_name', '1–64 letters, digits, _ . -');
  const taken = (() => {
    try {
      return ctx.manifest(name);
    } catch {
      return undefined;
    }
  })();
  if (taken && !taken.fineTunedFrom) throw new ValidationError('inputs.custom_vectorizer_name', 'a name no bundled or added vectorizer has', `inputs.custom_vectorizer_name: "${name}" is a model vectorizer; give the fine-tuned one another name`);
  const base = vectorizerName(ctx, i.starting_custom_vectorizer_name, 'starting_custom_vectorizer_name');
  if (ctx.manifest(base).fineTunedFrom) throw new ValidationError('inputs.starting_custom_vectorizer_name', 'a model vectorizer (not a fine-tuned one)', `inputs.starting_custom_vectorizer_name: "${base}" is itself fine-tuned; start from its base "${ctx.manifest(base).fineTunedFrom}"`);
  if (base === name) throw new ValidationError('inputs.custom_vectorizer_name', 'another name than the starting vectorizer');

  ctx.progress(0.02, 'reading the labelled examples');
  const archiveName = v.optionalString(i.archive, 'archive');
  let x: Float32Array;
  let labels: string[][];
  if (archiveName !== null) {
    if (i.files != null || i.file_urls != null || i.download_from_batch_cloud_folder === true) throw new ValidationError('inputs.archive', 'either an archive or files / file_urls / the batch folder, not both');
    const a = await ctx.store.getArchive(archiveName);
    const labelled = await labelledContents(ctx.store, a.id);
    const loaded = await ctx.store.loadVectors(a.id, base, labelled.keys());
    if (!loaded.ids.length) throw new ValidationError('inputs.archive', `labelled contents with ${base} vectors`, `inputs.archive: "${archiveName}" has no labelled contents with ${base} vectors; label some (curator.training.setLabels) first`);
    x = loaded.data;
    labels = Array.from(loaded.ids, (id) => labelled.get(id)!);
  } else {
    const blobs = await filesAndUrls(ctx, i);
    const given = await jsonFile(blobs, 'example_to_labels.json');
    if (given === undefined) throw new ValidationError('inputs.files', 'example_to_labels.json among the files', 'inputs: example_to_labels.json is missing (place it with the files, or pass inputs.archive to use an archive\'s labels)');
    const map = v.object(given, 'example_to_labels.json');
    const files = dataFiles(blobs);
    const chosen: NamedBlob[] = [];
    labels = [];
    for (const file of Object.keys(map)) {
      const field = `example_to_labels.json[${JSON.stringify(file)}]`;
      const blob = files.get(file);
      if (!blob) throw new ValidationError(field, 'the name of a file sent with it', `${field}: no file "${file}" was sent`);
      chosen.push(blob);
      labels.push(checkLabelList(map[file], field));
    }
    const embedded = await embedNamed(ctx, base, chosen, (f, m) => ctx.progress(0.02 + 0.4 * f, m));
    x = embedded.data;
  }
  const dim = x.length / Math.max(1, labels.length);
  const tf = await ctx.tf();
  const start = archiveName === null ? 0.45 : 0.05;
  const fit = await fitProjection(tf, { x, dim, labels }, PROJECTION_DEFAULTS, {
    signal: ctx.signal,
    onEpoch: (e) => ctx.progress(start + (0.97 - start) * (e.epoch / PROJECTION_DEFAULTS.maxEpochs), `epoch ${e.epoch}: loss ${e.loss.toFixed(3)}, validation ${e.validationLoss.toFixed(3)}`),
  });
  const report: FineTuneReport = { labels: fit.labels, multiLabel: fit.multiLabel, examples: labels.length, epochs: fit.epochs, validation: fit.validation, trainMs: fit.trainMs, backend: fit.backend };
  const record = { name, input: base, output: name, weights: fit.weights, report, created_at: Date.now() };
  if (ctx.signal.aborted) return null; // the engine reports the cancel; nothing kept
  await ctx.store.putModel('custom_vectorizers', record);
  ctx.registerFineTuned(record);
  return null;
}

/** A mappings list: [[input, output], …] of non-empty names. */
function mappings(value: unknown, field: string): [string, string][] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'a list of [input_name, output_name] pairs');
  return value.map((p, k) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string' || !p[0] || !p[1]) {
      throw new ValidationError(`${field}[${k}]`, 'a pair [input_name, output_name] of non-empty strings');
    }
    return [p[0], p[1]];
  });
}

/** The vectors of one side of the pairs, by name: an archive's stored vectors or the request's files embedded. */
async function side(ctx: JobContext, names: string[], archive: string | null, vectorizer: string, files: Map<string, NamedBlob>, field: string, span: [number, number]): Promise<{ rows: Map<string, number>; data: Float32Array; dim: number }> {
  const wanted = [...new Set(names)];
  if (archive !== null) {
    const a = await ctx.store.getArchive(archive);
    const byName = await idsByName(ctx.store, a.id);
    const ids = wanted.map((n) => {
      const id = byName.get(n);
      if (id === undefined) throw new ValidationError(field, `names of contents of archive "${archive}"`, `${field}: "${n}" is not a content of archive "${archive}"`);
      return id;
    });
    const loaded = await ctx.store.loadVectors(a.id, vectorizer, ids);
    const rowOf = new Map(Array.from(loaded.ids, (id, r) => [id, r]));
    const data = new Float32Array(wanted.length * loaded.dim);
    ids.forEach((id, k) => {
      const r = rowOf.get(id);
      if (r === undefined) throw new ValidationError(field, `contents with ${vectorizer} vectors`, `${field}: "${wanted[k]}" of archive "${archive}" has no ${vectorizer} vector`);
      data.set(loaded.data.subarray(r * loaded.dim, (r + 1) * loaded.dim), k * loaded.dim);
    });
    return { rows: new Map(wanted.map((n, k) => [n, k])), data, dim: loaded.dim };
  }
  const blobs = wanted.map((n) => {
    const b = files.get(n);
    if (!b) throw new ValidationError(field, 'names of files sent with the mappings (or an archive to find them in)', `${field}: no file "${n}" was sent`);
    return b;
  });
  const e = await embedNamed(ctx, vectorizer, blobs, (f, m) => ctx.progress(span[0] + (span[1] - span[0]) * f, m));
  return { rows: new Map(wanted.map((n, k) => [n, k])), data: e.data, dim: e.dim };
}

function pairsOf(list: [string, string][], input: Awaited<ReturnType<typeof side>>, output: Awaited<ReturnType<typeof side>>): TranslatorPairs {
  const inData = new Float32Array(list.length * input.dim);
  const outNames = [...new Set(list.map((p) => p[1]))];
  const outData = new Float32Array(outNames.length * output.dim);
  outNames.forEach((n, k) => {
    const r = output.rows.get(n)!;
    outData.set(output.data.subarray(r * output.dim, (r + 1) * output.dim), k * output.dim);
  });
  const outRow = new Map(outNames.map((n, k) => [n, k]));
  list.forEach(([a], k) => {
    const r = input.rows.get(a)!;
    inData.set(input.data.subarray(r * input.dim, (r + 1) * input.dim), k * input.dim);
  });
  return { input: vectorSet(inData, input.dim), output: vectorSet(outData, output.dim), target: Int32Array.from(list, (p) => outRow.get(p[1])!) };
}

export async function runFineTuneTranslator(ctx: JobContext, inputs: FineTuneTranslatorInputs): Promise<null> {
  const i = v.object(inputs);
  v.knownKeys(i, TRANSLATOR_KEYS);
  imageOnly(i.input_content_type, 'input_content_type');
  imageOnly(i.output_content_type, 'output_content_type');
  const name = v.string(i.translator_name, 'translator_name', 0, 65);
  if (!/^[\w.-]{1,64}$/.test(name)) throw new ValidationError('inputs.translator_name', '1–64 letters, digits, _ . -');
  const inVz = vectorizerName(ctx, i.input_custom_vectorizer_name, 'input_custom_vectorizer_name');
  const outVz = vectorizerName(ctx, i.output_custom_vectorizer_name, 'output_custom_vectorizer_name');
  const inArchive = v.optionalString(i.input_archive, 'input_archive');
  const outArchive = v.optionalString(i.output_archive, 'output_archive');
  const blobs = await filesAndUrls(ctx, i);
  const trainList = i.training_mappings != null ? mappings(i.training_mappings, 'inputs.training_mappings') : await jsonFile(blobs, 'training_mappings.json').then((j) => (j === undefined ? undefined : mappings(j, 'training_mappings.json')));
  if (!trainList) throw new ValidationError('inputs.files', 'training_mappings.json among the files (or inputs.training_mappings)', 'inputs: training_mappings.json is missing (place it with the files, or pass inputs.training_mappings)');
  let valList = i.validation_mappings != null ? mappings(i.validation_mappings, 'inputs.validation_mappings') : await jsonFile(blobs, 'validation_mappings.json').then((j) => (j === undefined ? undefined : mappings(j, 'validation_mappings.json')));
  const validationSource: TranslatorReport['validationSource'] = valList ? 'validation_mappings' : 'held_out';
  let fitList = trainList;
  if (!valList) {
    // The documented 15 % held out, seeded so the same mappings give the same translator.
    const order = new Rng(1).shuffle(trainList.map((_, k) => k));
    const held = Math.round(trainList.length * HELD_OUT);
    valList = order.slice(0, held).map((k) => trainList[k]);
    fitList = order.slice(held).map((k) => trainList[k]);
  }
  if (fitList.length < 2 || valList.length < 1) throw new ValidationError('training_mappings.json', 'enough pairs to fit on and validate with (at least 2 and 1; 100 or more recommended)', `training_mappings.json: ${trainList.length} pairs leave ${fitList.length} to fit on and ${valList.length} to validate with; give more pairs (100 or more recommended)`);
  const files = dataFiles(blobs);
  const all = [...fitList, ...valList];
  const input = await side(ctx, all.map((p) => p[0]), inArchive, inVz, files, 'training_mappings.json (input names)', [0.05, 0.4]);
  const output = await side(ctx, all.map((p) => p[1]), outArchive, outVz, files, 'training_mappings.json (output names)', [0.4, 0.75]);
  ctx.progress(0.8, `fitting on ${fitList.length} pairs`);
  const fit = await fitTranslator(pairsOf(fitList, input, output), pairsOf(valList, input, output), { signal: ctx.signal });
  const report: TranslatorReport = {
    kind: fit.translator.kind, pairs: fitList.length, validationPairs: valList.length, validationSource,
    recallAt1: fit.recallAt1, identityRecallAt1: fit.identityRecallAt1, candidates: fit.candidates,
  };
  if (ctx.signal.aborted) return null;
  await ctx.store.putModel('translators', { name, input: inVz, output: outVz, weights: fit.translator, report, created_at: Date.now() });
  return null;
}

/** A stored translator by name. */
export async function storedTranslator(ctx: JobContext, name: string) {
  const r = await ctx.store.getModel('translators', name);
  if (!r) throw new NotFoundError('translator', name);
  return r;
}
