/**
 * Curation jobs over an archive's vectors: calibration, clustering, outliers,
 * balance, PCA and similarity-pair extraction. The math is in core/; this
 * file validates inputs, loads vectors and maps rows back to content ids.
 */
import { ValidationError } from '../../contract/errors.js';
import { dataBalance } from '../adapters/balance.js';
import { clusterByCalibratedSimilarity, clusterByNumberOfClusters, type ClusterJobOutput } from '../adapters/clusters.js';
import { DEFAULT_SAME_KIND_SIMILARITY } from '../../core/cluster/index.js';
import { vectorSet } from '../../core/base/index.js';
import { statsMatrix } from '../../core/image/index.js';
import { nearDuplicates } from '../../core/dedupe/index.js';
import { inliersOutliers } from '../adapters/outliers.js';
import { pcaVectorDimReduction } from '../adapters/pca.js';
import { calibrateRelevance } from '../../core/rank/index.js';
import { calibrateSimilarity, MAX_CALIBRATION_PAIRS, MIN_CALIBRATION_PAIRS } from '../../core/calibrate/index.js';
import { loadArchiveSet } from '../archive-set.js';
import { similarityCalibration } from '../curation-hooks.js';
import type { HandlerTable, JobContext } from '../context.js';
import type { ClusterResults } from '../../contract/jobs.js';
import * as v from '../validate.js';
import { embedNamed, filesAndUrls, namedVectors, type NamedBlob } from '../inputs.js';

/** Named images and vectors of a request as one matrix (vectors first, names kept in order). */
async function requestVectors(ctx: JobContext, vectorizer: string, files: readonly NamedBlob[], vectors: unknown): Promise<{ names: string[]; data: Float32Array; dim: number }> {
  const given = namedVectors(vectors, ctx.manifest(vectorizer).dimension);
  const embedded = await embedNamed(ctx, vectorizer, files, (f, m) => ctx.progress(0.8 * f, m));
  const { dim } = embedded;
  const data = new Float32Array((given.length + embedded.names.length) * dim);
  given.forEach((g, k) => data.set(g.vector, k * dim));
  data.set(embedded.data, given.length * dim);
  return { names: [...given.map((g) => g.name), ...embedded.names], data, dim };
}

function sortInputs(i: Record<string, unknown>) {
  return {
    sort_content_ids_by_distance_to_cluster_center: v.bool(i.sort_content_ids_by_distance_to_cluster_center, 'sort_content_ids_by_distance_to_cluster_center'),
    sort_clusters_by_descending_inner_diversity: v.bool(i.sort_clusters_by_descending_inner_diversity, 'sort_clusters_by_descending_inner_diversity'),
  };
}

/** The documented results plus local extensions a UI needs to explain them. */
function clusterOutput(out: ClusterJobOutput): ClusterResults {
  return {
    ...out.results,
    inner_diversity: out.innerDiversity,
    auto_k: out.kScores
      ? { chosen_k: out.k, silhouette_by_k: out.kScores.map((s) => [s.k, s.silhouette] as [number, number]), score_by_k: out.kScores.map((s) => [s.k, s.score] as [number, number]) }
      : null,
  };
}

const CLUSTER_KEYS = ['archive', 'archive_content_ids_subset', 'sort_content_ids_by_distance_to_cluster_center', 'sort_clusters_by_descending_inner_diversity'];

export const curationHandlers: HandlerTable = {
  async calibrate_similarity(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder', 'files', 'vectors']);
    const archive = await ctx.store.getArchive(v.string(i.archive, 'archive'));
    const vectorizer = v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name') ?? archive.parameters.default_vectorizer;
    const files = await filesAndUrls(ctx, i);
    const n = files.length + ((i.vectors as unknown[] | undefined)?.length ?? 0);
    if (n < 2 * MIN_CALIBRATION_PAIRS || n > 2 * MAX_CALIBRATION_PAIRS) {
      throw new ValidationError('inputs.files', `${MIN_CALIBRATION_PAIRS}–${MAX_CALIBRATION_PAIRS} pairs named by prefix (1_a.jpg 1_b.jpg 2_c.jpg …); got ${n} items`);
    }
    const { names, data, dim } = await requestVectors(ctx, vectorizer, files, i.vectors);
    // The archive's own vectors give the context for the neighbourhood-aware rule.
    const context = await ctx.store.loadVectors(archive.id, vectorizer);
    const cal = await calibrateSimilarity(vectorSet(data, dim), names, {
      context: context.ids.length > 10 ? vectorSet(context.data, dim) : null,
      signal: ctx.signal,
      onProgress: (f) => ctx.progress(0.8 + 0.2 * f, 'fitting'),
    });
    // core loosens the default rule only when the archive guard allows it (an
    // unguarded fit cut F1 from 0.97 to 0.29 in bench:quality); the plain threshold drives clustering.
    await ctx.store.updateArchive(archive.name, (a) => ({ ...a, calibrations: { ...a.calibrations, similarity: { ...cal, vectorizer, source: 'pairs', fitted_at: Date.now() } } }));
    return null;
  },

  async calibrate_relevance(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'archive_content_ids_subset']);
    const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset'), { min: 3 });
    // The archive's pixel region is learned too when every content has pixel statistics (images).
    const stats = new Map((await ctx.store.getContents(set.archive.id, null, { thumbnails: false })).map((c) => [c.id, c.quality?.stats]));
    const model = await calibrateRelevance(set.vs, { stats: statsMatrix(Array.from(set.ids, (id) => stats.get(id))), signal: ctx.signal, onProgress: (f) => ctx.progress(f, 'calibrating') });
    await ctx.store.updateArchive(set.archive.name, (a) => ({ ...a, calibrations: { ...a.calibrations, relevance: { model, vectorizer: set.vectorizer, fitted_at: Date.now() } } }));
    return null;
  },

  async cluster_by_number_of_clusters(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, [...CLUSTER_KEYS, 'nr_of_clusters']);
    const k = v.optionalInt(i.nr_of_clusters, 'nr_of_clusters', 1, Infinity, 'int >= 1 or None');
    const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset'), { min: 1 });
    // None or 1: k chosen by silhouette against null references (core/cluster/auto-k.ts), explained in results.auto_k.
    const out = await clusterByNumberOfClusters(set.vs, { nr_of_clusters: k, ...sortInputs(i) }, { ids: set.ids, signal: ctx.signal, onProgress: (f) => ctx.progress(0.95 * f, 'clustering') });
    return clusterOutput(out);
  },

  async cluster_by_calibrated_similarity(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, CLUSTER_KEYS);
    const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset'), { min: 1 });
    const fitted = set.archive.calibrations.similarity;
    const cal = similarityCalibration(set.archive, set.vectorizer);
    if (fitted && !cal) ctx.warn(`the similarity calibration was fitted with ${fitted.vectorizer}, the archive is read with ${set.vectorizer}: its threshold does not carry over, so the default calibration is used (calibrate again with custom_vectorizer_name ${set.vectorizer})`);
    // Uncalibrated: the model's default calibration, unless the archive was created without it (as the cloud does).
    if (!fitted && set.archive.parameters.use_default_similarity_calibration === false) {
      throw new ValidationError('archive', 'an archive calibrated for similarity', `archive "${set.archive.name}" is not calibrated for similarity: run calibrate_similarity first, or create it with use_default_similarity_calibration: true`);
    }
    const threshold = cal?.threshold ?? DEFAULT_SAME_KIND_SIMILARITY;
    const out = await clusterByCalibratedSimilarity(set.vs, sortInputs(i), 1 - threshold, { ids: set.ids, signal: ctx.signal, onProgress: (f) => ctx.progress(0.95 * f, 'clustering') });
    return clusterOutput(out);
  },

  async inliers_outliers(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'archive_content_ids_subset', 'id_to_preference_weight']);
    const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset'), { min: 2 });
    const weights = i.id_to_preference_weight == null ? null : (v.object(i.id_to_preference_weight, 'inputs.id_to_preference_weight') as Record<number, number>);
    // Pixel statistics from the decode join the embedding when every content has them (images, not vectors).
    const stats = new Map((await ctx.store.getContents(set.archive.id, null, { thumbnails: false })).map((c) => [c.id, c.quality?.stats]));
    const extraFeatures = statsMatrix(Array.from(set.ids, (id) => stats.get(id)));
    const out = await inliersOutliers(set.vs, set.ids, weights, { extraFeatures, signal: ctx.signal, onProgress: (f) => ctx.progress(0.95 * f, 'scoring') });
    return out.results;
  },

  async data_balance(_ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid', 'ids_sorted_from_inliers_to_outliers', 'ids_sorted_by_essential_examples', 'ids_sorted_by_forbidden_examples']);
    return dataBalance(i as never);
  },

  async pca_vector_dim_reduction(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['archive', 'archive_content_ids_subset', 'file_urls', 'nr_of_dimensions', 'download_from_batch_cloud_folder', 'files']);
    const nd = v.int(i.nr_of_dimensions, 'nr_of_dimensions', 1, Infinity, 'int >= 1');
    const parts: { keys: string[]; data: Float32Array; dim: number }[] = [];
    let vectorizer = ctx.defaultVectorizer;
    if (i.archive != null) {
      const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), v.idList(i.archive_content_ids_subset, 'archive_content_ids_subset'));
      parts.push({ keys: Array.from(set.ids, String), data: set.vs.data, dim: set.vs.dim });
      // Files join the archive's space: embedded with its vectorizer, not the engine default.
      vectorizer = set.archive.parameters.default_vectorizer;
    } else if (i.archive_content_ids_subset != null) {
      throw new ValidationError('inputs.archive_content_ids_subset', 'only with archive', 'inputs.archive_content_ids_subset: names contents of an archive; pass archive as well');
    }
    // PCA results are keyed by the URL itself, as the API documents.
    const files = await filesAndUrls(ctx, i, (url) => url);
    if (files.length) {
      const nv = await embedNamed(ctx, vectorizer, files, (f, m) => ctx.progress(0.8 * f, m));
      parts.push({ keys: nv.names, data: nv.data, dim: nv.dim });
    }
    if (!parts.length) throw new ValidationError('inputs', 'an archive, files or file_urls');
    const dim = parts[0].dim;
    if (parts.some((p) => p.dim !== dim)) throw new ValidationError('inputs.file_urls', `vectors of the archive's dimension (${dim})`);
    const n = parts.reduce((s, p) => s + p.keys.length, 0);
    if (nd > Math.min(dim, n)) throw new ValidationError('inputs.nr_of_dimensions', `at most min(dimension, number of items) = ${Math.min(dim, n)}`);
    const all = new Float32Array(n * dim);
    let o = 0;
    for (const p of parts) {
      all.set(p.data, o);
      o += p.data.length;
    }
    const keys = parts.flatMap((p) => p.keys);
    return (await pcaVectorDimReduction(vectorSet(all, dim), keys, nd, { signal: ctx.signal, onProgress: (f) => ctx.progress(f, 'pca') })).results;
  },

  async extract_similarity_dataset(ctx, inputs) {
    const i = v.object(inputs);
    v.knownKeys(i, ['source_content_type', 'content_type', 'max_nr_of_pairs', 'custom_vectorizer_name', 'file_urls', 'download_from_batch_cloud_folder', 'archive']);
    const max = v.int(i.max_nr_of_pairs, 'max_nr_of_pairs', 1, Infinity, 'int >= 1');
    // Sound/Video/Text sources and URL lists are mined by the cloud service; locally pairs come from an image archive.
    if (i.source_content_type != null) {
      throw new ValidationError('inputs.source_content_type', 'None (locally pairs are mined from an Image archive)', 'extract_similarity_dataset from Sound/Video/Text sources runs in Vector Curator Cloud only; locally, pass `archive` and leave source_content_type None');
    }
    if (i.content_type != null && v.contentType(i.content_type, 'content_type') !== 'Image') throw new ValidationError('inputs.content_type', 'Image or None (the local engine has image archives)');
    if (i.file_urls != null) throw new ValidationError('inputs.file_urls', 'None (locally pairs are mined from an archive)', 'file_urls: locally, index the files into an archive first and pass `archive`');
    if (i.download_from_batch_cloud_folder === true) throw new ValidationError('inputs.download_from_batch_cloud_folder', 'false (locally pairs are mined from an archive)', 'download_from_batch_cloud_folder: locally, index the batch folder into an archive first (index with download_from_batch_cloud_folder: true) and pass `archive`');
    if (i.archive == null) {
      throw new ValidationError('inputs.archive', 'an Image archive to mine pairs from', 'extract_similarity_dataset from Sound/Video/Text sources runs in Vector Curator Cloud only; locally, pass `archive` to mine image pairs from it');
    }
    const set = await loadArchiveSet(ctx, v.string(i.archive, 'archive'), null, { vectorizer: v.optionalString(i.custom_vectorizer_name, 'custom_vectorizer_name'), min: 2 });
    const dups = await nearDuplicates(set.vs, undefined, { signal: ctx.signal, onProgress: (f) => ctx.progress(0.1 + 0.8 * f, 'near duplicates') });
    const order = Array.from(dups.pairs.sim.keys()).sort((x, y) => dups.pairs.sim[y] - dups.pairs.sim[x]);
    // Files named by pair prefix (the calibrate_similarity convention): 1_<name>, 1_<name>, 2_…
    // Only pairs whose two files the archive keeps: a URL cannot carry the pair prefix.
    const urls: string[] = [];
    const byId = new Map((await ctx.store.getContents(set.archive.id, null, { thumbnails: false })).map((c) => [c.id, c]));
    let p = 0;
    for (const k of order) {
      if (p >= max) break;
      const ids = [set.ids[dups.pairs.a[k]], set.ids[dups.pairs.b[k]]];
      const files = await Promise.all(ids.map((id) => ctx.store.getFile(set.archive.id, id)));
      if (files.some((f) => !f)) continue;
      p++;
      files.forEach((file, x) => {
        const name = `${p}_${byId.get(ids[x])!.name.split('/').pop()}`;
        // The name rides in the fragment (see urlName): fetch ignores it, calibrate_similarity reads it.
        urls.push(`${URL.createObjectURL(new File([file!], name, { type: file!.type }))}#${encodeURIComponent(name)}`);
      });
    }
    return { similarity_calibration_pairs_download_urls: urls };
  },
};
