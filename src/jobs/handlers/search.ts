/**
 * The `search` job: exact cosine top-k by example (files, URLs, vectors or
 * indexed ids), optionally weighted (positive pulls, negative pushes), and
 * with the directions of a common-assets archive removed.
 */
import { ValidationError } from '../../contract/errors.js';
import { assetBasis, searchWithoutAssets, type AssetBasis } from '../../core/search/index.js';
import { searchExact } from '../../core/search/index.js';
import { vectorSet } from '../../core/base/index.js';
import type { JobContext } from '../context.js';
import type { SearchInputs, SearchResults } from '../../contract/jobs.js';
import * as v from '../validate.js';
import { embedNamed, filesAndUrls, namedVectors } from '../inputs.js';
import { sha256Hex } from '../sha256.js';
import { own } from '../../contract/dict.js';
import { translate, type LinearTranslator } from '../../core/learn/index.js';
import { storedTranslator } from './fine-tune.js';

const KEYS = [
  'input_content_type', 'custom_vectorizer_name', 'data_type_translator_name', 'archive', 'archive_content_ids_subset',
  'indexed_ids_references', 'name_or_id_to_preference_weight', 'speed_up_with_hash_matching', 'nr_results',
  'get_mean_distance', 'file_urls', 'common_assets_archive_name', 'download_from_batch_cloud_folder', 'files', 'vectors',
] as const;

interface Query {
  key: string;
  vec: Float32Array;
  byteHash?: string;
}

export async function runSearch(ctx: JobContext, inputs: SearchInputs): Promise<SearchResults> {
  const i = v.object(inputs);
  v.knownKeys(i, KEYS);
  if (i.input_content_type != null && v.contentType(i.input_content_type, 'input_content_type') !== 'Image') {
    throw new ValidationError('inputs.input_content_type', 'Image or None (the local engine embeds images)');
  }
  const translatorName = v.optionalString(i.data_type_translator_name, 'data_type_translator_name');
  const translator = translatorName === null ? null : await storedTranslator(ctx, translatorName);
  const archive = await ctx.store.getArchive(v.string(i.archive, 'archive'));
  const named = v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name');
  // With a translator, query files and vectors are in its input space and the archive is read in its output space.
  if (translator && named !== null && named !== translator.output) throw new ValidationError('inputs.custom_vectorizer_name', `None or "${translator.output}" (the space translator "${translatorName}" maps to)`);
  const vectorizer = translator?.output ?? named ?? archive.parameters.default_vectorizer;
  const queryVectorizer = translator?.input ?? vectorizer;
  const toArchiveSpace = (data: Float32Array, inDim: number): Float32Array => (translator ? translate(translator.weights as LinearTranslator, vectorSet(data, inDim)).data : data);
  const subset = v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset');
  const refs = v.idList(i.indexed_ids_references, 'indexed_ids_references') ?? [];
  const nr = v.optionalInt(i.nr_results, 'nr_results', 1, Infinity, 'int > 0 or None');
  const weightsIn = i.name_or_id_to_preference_weight == null ? {} : v.object(i.name_or_id_to_preference_weight, 'inputs.name_or_id_to_preference_weight');
  for (const [k, w] of Object.entries(weightsIn)) {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ValidationError(`inputs.name_or_id_to_preference_weight.${k}`, 'a finite number');
  }
  const hashMatching = v.bool(i.speed_up_with_hash_matching, 'speed_up_with_hash_matching');
  const assetsName = v.optionalString(i.common_assets_archive_name, 'common_assets_archive_name');
  const wantMean = v.bool(i.get_mean_distance, 'get_mean_distance');

  const queries: Query[] = [];
  const all = await ctx.store.loadVectors(archive.id, vectorizer);
  const dim = all.dim || ctx.manifest(vectorizer).dimension;
  if (translator && (translator.weights as LinearTranslator).outDim !== dim) throw new ValidationError('inputs.data_type_translator_name', `a translator to this archive's ${dim}-dimensional ${vectorizer} vectors`);
  // Before any embedding: an unknown or empty assets archive fails fast.
  const assets = assetsName ? await commonAssets(ctx, assetsName, vectorizer, dim) : null;
  if (refs.length) {
    await ctx.store.getContents(archive.id, refs, { thumbnails: false }); // NotFoundError for unknown ids
    const rows = new Map(Array.from(all.ids, (id, r) => [id, r]));
    for (const id of refs) {
      const r = rows.get(id);
      if (r === undefined) throw new ValidationError('inputs.indexed_ids_references', `content ${id} has no ${vectorizer} vector`);
      queries.push({ key: String(id), vec: all.data.slice(r * dim, (r + 1) * dim) });
    }
  }
  const queryDim = translator ? (translator.weights as LinearTranslator).inDim : dim;
  for (const g of namedVectors(i.vectors, queryDim)) queries.push({ key: g.name, vec: toArchiveSpace(g.vector, queryDim) });
  // Query images are keyed by name (files) or by the URL itself (file_urls), as preference weights name them.
  const blobs = await filesAndUrls(ctx, i, (url) => url);
  if (!queries.length && !blobs.length) throw new ValidationError('inputs', 'one of files, vectors, file_urls or indexed_ids_references is required');
  ctx.progress(0.1, 'embedding queries');
  const raw = await embedNamed(ctx, queryVectorizer, blobs);
  const embedded = { names: raw.names, data: raw.names.length ? toArchiveSpace(raw.data, raw.dim) : raw.data };
  for (let k = 0; k < embedded.names.length; k++) {
    const query: Query = { key: embedded.names[k], vec: embedded.data.slice(k * dim, (k + 1) * dim) };
    if (hashMatching) query.byteHash = await sha256Hex(blobs[k].blob);
    queries.push(query);
  }

  // A weight must name a query: a misspelt name would otherwise change nothing, silently.
  const keys = new Set(queries.map((x) => x.key));
  for (const k of Object.keys(weightsIn)) {
    if (!keys.has(k)) throw new ValidationError(`inputs.name_or_id_to_preference_weight.${k}`, 'the name of a query file or URL, or an id in indexed_ids_references', `inputs.name_or_id_to_preference_weight.${k}: names no query of this search (queries: ${[...keys].slice(0, 10).join(', ')}${keys.size > 10 ? ', …' : ''})`);
  }
  // One query vector: the weighted sum of the examples (Rocchio), L2-normalised.
  const q = new Float32Array(dim);
  let positive = 0;
  for (const { key, vec } of queries) {
    const w = (own(weightsIn, key) as number | undefined) ?? 1;
    if (w > 0) positive++;
    for (let d = 0; d < dim; d++) q[d] += w * vec[d];
  }
  if (!positive) throw new ValidationError('inputs.name_or_id_to_preference_weight', 'at least one example with a positive weight');
  let norm = 0;
  for (const x of q) norm += x * x;
  if (norm === 0) throw new ValidationError('inputs.name_or_id_to_preference_weight', 'weights that do not cancel out');
  for (let d = 0; d < dim; d++) q[d] /= Math.sqrt(norm);

  ctx.progress(0.5, 'searching');
  const exclude = new Set(refs);
  const allowed = subset ? new Set(subset) : undefined;
  if (subset) await ctx.store.getContents(archive.id, subset, { thumbnails: false });
  const candidates: number[] = [];
  for (let r = 0; r < all.ids.length; r++) {
    const id = all.ids[r];
    if (!exclude.has(id) && (!allowed || allowed.has(id))) candidates.push(r);
  }
  const k = Math.min(nr ?? candidates.length, candidates.length);
  // Hash matching: byte-identical archive copies of the wanted queries (weight > 0; a copy of an
  // example to move away from is not a match) are certain matches, first at distance 0. When they
  // fill all nr_results, the vector scan is skipped: that is the speed-up.
  const exact = new Set<number>();
  if (hashMatching) {
    for (const qq of queries) {
      if (!qq.byteHash || ((own(weightsIn, qq.key) as number | undefined) ?? 1) <= 0) continue;
      for (const id of await ctx.store.findByByteHash(archive.id, qq.byteHash)) if (!exclude.has(id) && (!allowed || allowed.has(id))) exact.add(id);
    }
  }
  let pairs: [number, number][] = [];
  // With common assets the scan scores every candidate anyway, mean distance included.
  let assetsMean: number | null = null;
  if (assets) {
    const found = await searchWithoutAssets(vectorSet(all.data, dim), q, assets, k, candidates, { signal: ctx.signal });
    pairs = Array.from(found.rows, (row, t): [number, number] => [all.ids[row], found.distances[t]]);
    assetsMean = found.meanDistance;
  } else if (k > 0 && exact.size < k) {
    const hits = await searchExact(vectorSet(all.data, dim), q, k, { subset: candidates, signal: ctx.signal });
    pairs = Array.from(hits.indices, (row, t): [number, number] => [all.ids[row], hits.distances[t]]);
  }
  if (exact.size) pairs = [...[...exact].map((id): [number, number] => [id, 0]), ...pairs.filter(([id]) => !exact.has(id))].slice(0, k);
  let mean: number | null = null;
  if (wantMean && assets) mean = assetsMean;
  else if (wantMean) {
    // Mean distance from the query to every candidate: how typical the query is for this archive.
    let s = 0;
    for (const r of candidates) {
      let dot = 0;
      const o = r * dim;
      for (let d = 0; d < dim; d++) dot += all.data[o + d] * q[d];
      s += 1 - dot;
    }
    mean = candidates.length ? s / candidates.length : null;
  }
  return { sorted_indexed_ids_with_distances: pairs, mean_distance: mean };
}

/** The asset directions of `common_assets_archive_name` (its vectors of the same vectorizer). */
async function commonAssets(ctx: JobContext, name: string, vectorizer: string, dim: number): Promise<AssetBasis> {
  const assets = await ctx.store.getArchive(name); // NotFoundError for an unknown archive
  const loaded = await ctx.store.loadVectors(assets.id, vectorizer);
  if (!loaded.ids.length || loaded.dim !== dim) {
    throw new ValidationError('inputs.common_assets_archive_name', `an archive with ${vectorizer} vectors of dimension ${dim}`, `common_assets_archive_name: archive "${name}" has no ${vectorizer} vectors of dimension ${dim}`);
  }
  return assetBasis(vectorSet(loaded.data, dim), { signal: ctx.signal });
}
