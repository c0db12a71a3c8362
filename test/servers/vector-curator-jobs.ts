/**
 * The job engine of the Vector Curator conformance server: account and
 * archive jobs (create/list/remove, index, calibrations, vector and pair
 * downloads) and the dispatch to the analytics and clustering modules.
 * Inputs reach runJob already checked against the documented shapes
 * (vector-curator-schema.ts); what is checked here is what a schema cannot
 * see: names that must exist, lengths that must agree, dataset rules.
 * Vectors: see vector-curator-vectors.ts (URL-hash stand-in or ".pt" files);
 * distances are cosine.
 */
import { zipSync } from 'fflate';
import { encodeVector } from './safetensors.js';
import { dataBalance, inliersOutliers, pca, search } from './vector-curator-analytics.js';
import { clusterByNumber, clusterBySimilarity, type Order } from './vector-curator-clusters.js';
import { archiveOf, dimOf, fail, newArchive, subset, type Account, type Archive, type In, type JobContext } from './vector-curator-model.js';
import { cosineDistance, direction, loadData, vectorOf, type DataItem } from './vector-curator-vectors.js';

export { CONTENT_TYPES, JobFailure, newAccount, type Account, type Archive, type Content, type JobContext } from './vector-curator-model.js';
export { vectorOf } from './vector-curator-vectors.js';

export const WRITE_JOBS = new Set(['create_archive', 'update_parameters', 'remove_content', 'add_urls_to_contents', 'clear_batch_folder', 'calibrate_similarity', 'calibrate_relevance', 'index', 'fine_tune_vectorizer', 'fine_tune_translator']);

/** use_default_similarity_calibration: cosine distance ≤ 0.1 (cos ≥ 0.9) counts as similar. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.1;
/** extract_similarity_dataset mines at most this many pairs from one source file. */
const PAIRS_PER_FILE = 10;

/** A named custom vectorizer or translator must exist (fine-tuned before). */
function namedModels(acc: Account, inputs: In): void {
  const v = inputs.custom_vectorizer_name;
  if (v != null && !acc.vectorizers.has(v as string)) fail(`Custom vectorizer "${String(v)}" does not exist`);
  const t = inputs.data_type_translator_name;
  if (t != null && !acc.translators.has(t as string)) fail(`Translator "${String(t)}" does not exist`);
}

/** Nearest-rank percentile of a non-empty list. */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

/**
 * index. A file is an exact duplicate when its URL (batch name) or its exact
 * vector is already in the archive or earlier in the request; a file whose
 * name contains "fail" stands for one the model cannot read, and a vector
 * whose length differs from the archive's is refused: both are
 * failed_vectorization_names. Redundancy needs the archive's similarity
 * calibration: a file is redundant when nr_similar_allowed (None: 1) contents
 * within the threshold are already there — archived ones
 * (check_for_redundancy_against_archived, among archive_content_ids_subset
 * when given) and/or ones accepted earlier in this request
 * (check_for_redundancy_within_batch). check_for_relevance needs
 * calibrate_relevance: a file further from the relevant center than the
 * calibrated radius is irrelevant.
 */
async function index(ctx: JobContext, inputs: In): Promise<unknown> {
  const a = archiveOf(ctx.acc, inputs);
  const items = await loadData(ctx.acc, inputs);
  const res = { name_to_indexed_content_id: {} as Record<string, number>, exact_duplicate_file_names: [] as string[], failed_vectorization_names: [] as string[], redundant_content_names: [] as string[], irrelevant_content_names: [] as string[] };
  const againstArchived = inputs.check_for_redundancy_against_archived === true;
  const withinBatch = inputs.check_for_redundancy_within_batch === true;
  if ((againstArchived || withinBatch) && a.similarityThreshold === null) fail(`Archive "${a.name}" is not calibrated for similarity: the redundancy checks need calibrate_similarity (or use_default_similarity_calibration)`);
  if (inputs.check_for_relevance === true && a.relevance === null) fail(`Archive "${a.name}" is not calibrated for relevance: run calibrate_relevance first`);
  const archived = againstArchived ? subset(a, inputs).map(([, c]) => c.vector) : [];
  const accepted: number[][] = [];
  const seen = new Set([...a.contents.values()].flatMap((c) => [c.url ?? '', c.vector.join(',')]).filter(Boolean));
  let dim = dimOf(a);
  const similar = (v: number[], pool: number[][]) => pool.filter((p) => cosineDistance(p, v) <= a.similarityThreshold!).length;
  for (const item of items) {
    const vkey = item.vector.join(',');
    const dup = seen.has(item.key) || seen.has(vkey);
    seen.add(item.key).add(vkey);
    if (dup) res.exact_duplicate_file_names.push(item.name);
    else if (/fail/i.test(item.name) || (dim !== null && item.vector.length !== dim)) res.failed_vectorization_names.push(item.name);
    else if ((againstArchived || withinBatch) && similar(item.vector, [...archived, ...(withinBatch ? accepted : [])]) >= (a.nr_similar_allowed ?? 1)) res.redundant_content_names.push(item.name);
    else if (inputs.check_for_relevance === true && cosineDistance(item.vector, a.relevance!.center) > a.relevance!.radius) res.irrelevant_content_names.push(item.name);
    else {
      const id = a.nextId++;
      a.contents.set(id, { name: item.name, url: item.url, vector: item.vector });
      res.name_to_indexed_content_id[item.name] = id;
      accepted.push(item.vector);
      dim ??= item.vector.length;
    }
  }
  return res;
}

/**
 * calibrate_similarity: files named "<pair id>_…" (".zip" files count as the
 * files they hold), 200 to 10000 pairs. The archive's threshold becomes the
 * 95th percentile of the cosine distances within the pairs.
 */
async function calibrateSimilarity(ctx: JobContext, inputs: In): Promise<null> {
  const a = archiveOf(ctx.acc, inputs);
  const groups = new Map<string, DataItem[]>();
  for (const item of await loadData(ctx.acc, inputs, { zips: true })) {
    const m = /^(\d+)_/.exec(item.name) ?? fail(`File "${item.name}" does not start with a pair id prefix`);
    groups.set(m[1], [...(groups.get(m[1]) ?? []), item]);
  }
  const pairs = [...groups.values()].filter((g) => g.length >= 2);
  if (pairs.length < 200 || pairs.length > 10000) fail(`The similarity dataset must have between 200 and 10000 pairs, got ${pairs.length}`);
  const dim = dimOf(a) ?? pairs[0][0].vector.length;
  const distances: number[] = [];
  for (const g of pairs) {
    for (const x of g) if (x.vector.length !== dim) fail(`"${x.name}" has ${x.vector.length} values; the pairs must match the archive's vector length ${dim}`);
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) distances.push(cosineDistance(g[i].vector, g[j].vector));
  }
  a.similarityThreshold = percentile(distances, 95);
  a.calibrated_for_similarity = true;
  return null;
}

/** calibrate_relevance: the relevant center is the subset's mean direction; the radius its largest distance from it. */
function calibrateRelevance(ctx: JobContext, inputs: In): null {
  const a = archiveOf(ctx.acc, inputs);
  const items = subset(a, inputs).map(([, c]) => c.vector);
  if (items.length === 0) fail(`No contents in archive "${a.name}" to calibrate relevance on`);
  const center = direction(items);
  a.relevance = { center, radius: Math.max(...items.map((v) => cosineDistance(v, center))) };
  a.calibrated_for_relevance = true;
  return null;
}

/** Two samples of one source: its vector plus a small deterministic perturbation (≈3 % of its norm). */
function sample(v: number[], key: string): number[] {
  const scale = (0.05 * Math.sqrt(v.reduce((s, x) => s + x * x, 0))) / Math.sqrt(v.length);
  return vectorOf(key, v.length).map((e, d) => v[d] + scale * e);
}

/** extract_similarity_dataset: up to max_nr_of_pairs zips, pair i from source file i mod n, holding "<i>_a.pt" and "<i>_b.pt". */
async function extractSimilarityDataset(ctx: JobContext, inputs: In): Promise<unknown> {
  const items = await loadData(ctx.acc, inputs);
  const n = Math.min(inputs.max_nr_of_pairs as number, items.length * PAIRS_PER_FILE);
  const urls = Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const src = items[k % items.length];
    const zip = zipSync({ [`${i}_a.pt`]: encodeVector(sample(src.vector, `${src.key}#pair${i}a`)), [`${i}_b.pt`]: encodeVector(sample(src.vector, `${src.key}#pair${i}b`)) });
    return ctx.publish(`pair_${i}.zip`, zip);
  });
  return { similarity_calibration_pairs_download_urls: urls };
}

function listContent(acc: Account): unknown {
  // The doc types list_content's description as (string): an archive created without one lists "".
  const entry = (a: Archive) => ({ description: a.description ?? '', content_type: a.content_type, calibrated_for_similarity: a.calibrated_for_similarity, calibrated_for_relevance: a.calibrated_for_relevance, nr_of_contents: a.contents.size });
  return { archive_to_content_type_states_nr_of_contents: Object.fromEntries([...acc.archives.values()].map((a) => [a.name, entry(a)])), nr_files_in_batch_folder: acc.batchFolder.length };
}

const order = (inputs: In): Order => ({ byDistance: inputs.sort_content_ids_by_distance_to_cluster_center === true, byDiversity: inputs.sort_clusters_by_descending_inner_diversity === true });
const items = (a: Archive, inputs: In) => subset(a, inputs).map(([id, c]) => ({ id, vector: c.vector }));

/** Run one documented job (not the training ones, see vector-curator-training.ts). */
export async function runJob(ctx: JobContext, type: string, inputs: In): Promise<unknown> {
  const { acc } = ctx;
  if (type === 'index' || type === 'search' || type === 'calibrate_similarity' || type === 'extract_similarity_dataset') namedModels(acc, inputs);
  switch (type) {
    case 'create_archive': {
      const name = inputs.name as string;
      if (acc.archives.has(name)) fail(`Archive "${name}" already exists`);
      acc.archives.set(name, newArchive(name, inputs.content_type as string, (inputs.description as string | null) ?? null, inputs.use_default_similarity_calibration === true ? DEFAULT_SIMILARITY_THRESHOLD : null));
      return null;
    }
    case 'update_parameters': {
      const a = archiveOf(acc, inputs);
      if ('description' in inputs) a.description = (inputs.description as string | null) ?? null;
      if ('nr_similar_allowed' in inputs) a.nr_similar_allowed = (inputs.nr_similar_allowed as number | null) ?? null;
      return null;
    }
    case 'list_content':
      return listContent(acc);
    case 'remove_content': {
      const a = archiveOf(acc, inputs);
      if (inputs.delete_archive === true) acc.archives.delete(a.name);
      else for (const [id] of subset(a, inputs)) a.contents.delete(id);
      return null;
    }
    case 'get_archive_ids_and_urls': {
      const a = archiveOf(acc, inputs);
      return { id_to_download_url: Object.fromEntries([...a.contents].filter(([, c]) => c.url).map(([id, c]) => [id, c.url])) };
    }
    case 'get_vectors': {
      const a = archiveOf(acc, inputs);
      return { id_to_vector_url: Object.fromEntries(subset(a, inputs).map(([id, c]) => [id, ctx.publish(`${id}.pt`, encodeVector(c.vector, 'vector', { archive: a.name, id: String(id) }))])) };
    }
    case 'add_urls_to_contents': {
      const a = archiveOf(acc, inputs);
      const given = Object.entries(inputs.indexed_content_id_to_url as Record<string, string>);
      for (const [id] of given) if (!a.contents.has(Number(id))) fail(`Content id ${id} is not in archive "${a.name}"`);
      for (const [id, url] of given) a.contents.get(Number(id))!.url = url;
      return null;
    }
    case 'clear_batch_folder':
      acc.batchFolder = [];
      acc.batchContents.clear();
      return null;
    case 'index':
      return index(ctx, inputs);
    case 'search':
      return search(ctx, inputs);
    case 'calibrate_similarity':
      return calibrateSimilarity(ctx, inputs);
    case 'calibrate_relevance':
      return calibrateRelevance(ctx, inputs);
    case 'inliers_outliers':
      return inliersOutliers(ctx, inputs);
    case 'cluster_by_number_of_clusters':
      return clusterByNumber(items(archiveOf(acc, inputs), inputs), (inputs.nr_of_clusters as number | null) ?? null, order(inputs));
    case 'cluster_by_calibrated_similarity': {
      const a = archiveOf(acc, inputs);
      if (!a.calibrated_for_similarity || a.similarityThreshold === null) fail(`Archive "${a.name}" is not calibrated for similarity`);
      return clusterBySimilarity(items(a, inputs), a.similarityThreshold!, order(inputs));
    }
    case 'data_balance':
      return dataBalance(inputs);
    case 'pca_vector_dim_reduction':
      return pca(ctx, inputs);
    case 'extract_similarity_dataset':
      return extractSimilarityDataset(ctx, inputs);
    case 'send_feedback':
      acc.feedback.push(inputs.feedback as string);
      return null;
    default:
      return fail(`Job type "${type}" is not available in this server`);
  }
}
