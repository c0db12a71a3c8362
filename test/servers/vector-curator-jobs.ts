/**
 * The job engine of the Vector Curator conformance server: documented job
 * types, inputs and results, with in-memory archives. Vectors are derived
 * from a hash of each URL (8 dims), so answers have the documented shape and
 * are deterministic; the analytics are simple, not the service's models.
 */

export const CONTENT_TYPES = ['Image', 'Video', 'Sound', 'Text', 'Point_Cloud'];
export const WRITE_JOBS = new Set(['create_archive', 'update_parameters', 'remove_content', 'add_urls_to_contents', 'clear_batch_folder', 'calibrate_similarity', 'calibrate_relevance', 'index', 'fine_tune_vectorizer', 'fine_tune_translator']);

export interface Content {
  name: string;
  url: string | null;
  vector: number[];
}

export interface Archive {
  name: string;
  content_type: string;
  description: string | null;
  nr_similar_allowed: number | null;
  calibrated_for_similarity: boolean;
  calibrated_for_relevance: boolean;
  contents: Map<number, Content>;
  nextId: number;
}

export interface Account {
  archives: Map<string, Archive>;
  /** Names of the files placed in the batch folder by FTP. */
  batchFolder: string[];
  /** Text content of batch-folder files a job reads (example_to_labels.json, training_mappings.json). */
  batchContents: Map<string, string>;
  feedback: string[];
  /** Fine-tuned vectorizers, by custom_vectorizer_name. */
  vectorizers: Map<string, { content_type: string; examples: number; labels: string[] }>;
  /** Fine-tuned translators, by translator_name. */
  translators: Map<string, { training: number; validation: number }>;
}

export function newAccount(): Account {
  return { archives: new Map(), batchFolder: [], batchContents: new Map(), feedback: [], vectorizers: new Map(), translators: new Map() };
}

/** A job that fails: the server puts the message in the status `error`. */
export class JobFailure extends Error {}

type In = Record<string, unknown>;
const fail = (msg: string): never => {
  throw new JobFailure(msg);
};

export function vectorOf(key: string, dim = 8): number[] {
  let h = 2166136261;
  const out: number[] = [];
  for (let d = 0; d < dim; d++) {
    for (const ch of `${key}#${d}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out.push((h % 2000) / 1000 - 1);
  }
  return out;
}

const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));
const mean = (vs: number[][]) => vs[0].map((_, d) => vs.reduce((s, v) => s + v[d], 0) / vs.length);
const fileName = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url);

function archiveOf(acc: Account, inputs: In): Archive {
  const name = inputs.archive;
  if (typeof name !== 'string') return fail('Missing input: archive');
  return acc.archives.get(name) ?? fail(`Archive "${name}" does not exist`);
}

function subset(a: Archive, inputs: In): [number, Content][] {
  const ids = inputs.archive_content_ids_subset as number[] | null | undefined;
  if (ids == null) return [...a.contents];
  return ids.map((id) => [id, a.contents.get(id) ?? fail(`Content id ${id} is not in archive "${a.name}"`)]);
}

function dataNames(acc: Account, inputs: In): { name: string; key: string }[] {
  const urls = (inputs.file_urls as string[] | null | undefined) ?? [];
  const fromUrls = urls.map((u) => {
    try {
      return { name: fileName(u), key: u };
    } catch {
      return fail(`Invalid file url: ${u}`);
    }
  });
  const fromBatch = inputs.download_from_batch_cloud_folder === true ? acc.batchFolder.map((n) => ({ name: n, key: `batch:${n}` })) : [];
  const all = [...fromUrls, ...fromBatch];
  if (all.length === 0) fail('No input files: pass file_urls or upload to the batch folder');
  return all;
}

function textRule(v: unknown, field: string, max: number, nullable: boolean): void {
  if (v == null && nullable) return;
  if (typeof v !== 'string' || v.length === 0 || v.length >= max) fail(`Invalid ${field}: must be a string with 0 < len < ${max}`);
}

function clusters(ids: [number, Content][], k: number): number[][] {
  const sorted = [...ids].sort((a, b) => a[1].vector[0] - b[1].vector[0]).map(([id]) => id);
  const n = Math.max(1, Math.min(k, sorted.length));
  return Array.from({ length: n }, (_, i) => sorted.slice(Math.floor((i * sorted.length) / n), Math.floor(((i + 1) * sorted.length) / n)));
}

/** A named custom vectorizer or translator must exist (fine-tuned before). */
function namedModels(acc: Account, inputs: In): void {
  const v = inputs.custom_vectorizer_name;
  if (v != null && !acc.vectorizers.has(v as string)) fail(`Custom vectorizer "${String(v)}" does not exist`);
  const t = inputs.data_type_translator_name;
  if (t != null && !acc.translators.has(t as string)) fail(`Translator "${String(t)}" does not exist`);
}

export function runJob(acc: Account, type: string, inputs: In, origin: string): unknown {
  if (type === 'index' || type === 'search' || type === 'calibrate_similarity' || type === 'extract_similarity_dataset') namedModels(acc, inputs);
  switch (type) {
    case 'create_archive': {
      textRule(inputs.name, 'name', 30, false);
      if (!CONTENT_TYPES.includes(inputs.content_type as string)) fail(`Invalid content_type: must be one of ${CONTENT_TYPES.join(', ')}`);
      textRule(inputs.description, 'description', 150, true);
      if (acc.archives.has(inputs.name as string)) fail(`Archive "${String(inputs.name)}" already exists`);
      const cal = inputs.use_default_similarity_calibration === true;
      acc.archives.set(inputs.name as string, { name: inputs.name as string, content_type: inputs.content_type as string, description: (inputs.description as string) ?? null, nr_similar_allowed: null, calibrated_for_similarity: cal, calibrated_for_relevance: false, contents: new Map(), nextId: 1 });
      return null;
    }
    case 'update_parameters': {
      const a = archiveOf(acc, inputs);
      textRule(inputs.description, 'description', 150, true);
      if (inputs.nr_similar_allowed != null && (!Number.isInteger(inputs.nr_similar_allowed) || (inputs.nr_similar_allowed as number) < 1)) fail('Invalid nr_similar_allowed: int >= 1 or None');
      if ('description' in inputs) a.description = (inputs.description as string) ?? null;
      if ('nr_similar_allowed' in inputs) a.nr_similar_allowed = (inputs.nr_similar_allowed as number) ?? null;
      return null;
    }
    case 'list_content':
      return {
        archive_to_content_type_states_nr_of_contents: Object.fromEntries(
          [...acc.archives.values()].map((a) => [a.name, { description: a.description, content_type: a.content_type, calibrated_for_similarity: a.calibrated_for_similarity, calibrated_for_relevance: a.calibrated_for_relevance, nr_of_contents: a.contents.size }]),
        ),
        nr_files_in_batch_folder: acc.batchFolder.length,
      };
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
      return { id_to_vector_url: Object.fromEntries(subset(a, inputs).map(([id]) => [id, `${origin}/vectors/${encodeURIComponent(a.name)}/${id}.pt`])) };
    }
    case 'add_urls_to_contents': {
      const a = archiveOf(acc, inputs);
      for (const [id, url] of Object.entries((inputs.indexed_content_id_to_url as Record<string, string>) ?? fail('Missing input: indexed_content_id_to_url'))) {
        (a.contents.get(Number(id)) ?? fail(`Content id ${id} is not in archive "${a.name}"`)).url = url;
      }
      return null;
    }
    case 'clear_batch_folder':
      acc.batchFolder = [];
      acc.batchContents.clear();
      return null;
    case 'index': {
      const a = archiveOf(acc, inputs);
      const res = { name_to_indexed_content_id: {} as Record<string, number>, exact_duplicate_file_names: [] as string[], failed_vectorization_names: [] as string[], redundant_content_names: [] as string[], irrelevant_content_names: [] as string[] };
      const seen = new Set([...a.contents.values()].map((c) => c.url));
      for (const { name, key } of dataNames(acc, inputs)) {
        if (seen.has(key)) res.exact_duplicate_file_names.push(name);
        else if (/fail/i.test(name)) res.failed_vectorization_names.push(name);
        else {
          const id = a.nextId++;
          a.contents.set(id, { name, url: key.startsWith('batch:') ? null : key, vector: vectorOf(key) });
          res.name_to_indexed_content_id[name] = id;
        }
        seen.add(key);
      }
      return res;
    }
    case 'search': {
      const a = archiveOf(acc, inputs);
      const refs: number[][] = [];
      for (const id of (inputs.indexed_ids_references as number[] | null) ?? []) refs.push((a.contents.get(id) ?? fail(`Content id ${id} is not in archive "${a.name}"`)).vector);
      if ((inputs.file_urls as unknown[] | null)?.length || inputs.download_from_batch_cloud_folder) refs.push(...dataNames(acc, inputs).map((d) => vectorOf(d.key)));
      if (refs.length === 0) fail('No search input: pass file_urls, indexed_ids_references or the batch folder');
      const q = mean(refs);
      const ranked = subset(a, inputs).map(([id, c]) => [id, dist(c.vector, q)] as [number, number]).sort((x, y) => x[1] - y[1]);
      const n = inputs.nr_results as number | null | undefined;
      const cut = n == null ? ranked : ranked.slice(0, n);
      return { sorted_indexed_ids_with_distances: cut, mean_distance: inputs.get_mean_distance ? cut.reduce((s, r) => s + r[1], 0) / Math.max(1, cut.length) : null };
    }
    case 'calibrate_similarity': {
      const a = archiveOf(acc, inputs);
      const pairs = new Map<string, number>();
      for (const { name } of dataNames(acc, inputs)) {
        const m = /^(\d+)_/.exec(name) ?? fail(`File "${name}" does not start with a pair id prefix`);
        pairs.set(m[1], (pairs.get(m[1]) ?? 0) + 1);
      }
      const n = [...pairs.values()].filter((c) => c >= 2).length;
      if (n < 200 || n > 10000) fail(`The similarity dataset must have between 200 and 10000 pairs, got ${n}`);
      a.calibrated_for_similarity = true;
      return null;
    }
    case 'calibrate_relevance':
      archiveOf(acc, inputs).calibrated_for_relevance = true;
      return null;
    case 'inliers_outliers': {
      const items = subset(archiveOf(acc, inputs), inputs);
      if (items.length === 0) fail('No contents to rank');
      const c = mean(items.map(([, x]) => x.vector));
      const ranked = items.map(([id, x]) => [id, dist(x.vector, c)] as [number, number]).sort((p, q) => p[1] - q[1]);
      return { content_ids_sorted_by_inliers: ranked.map((r) => r[0]), content_ids_sorted_by_outliers: ranked.map((r) => r[0]).reverse(), mean_distance: ranked.reduce((s, r) => s + r[1], 0) / ranked.length };
    }
    case 'cluster_by_number_of_clusters':
    case 'cluster_by_calibrated_similarity': {
      const a = archiveOf(acc, inputs);
      if (type === 'cluster_by_calibrated_similarity' && !a.calibrated_for_similarity) fail(`Archive "${a.name}" is not calibrated for similarity`);
      const k = (inputs.nr_of_clusters as number | null) ?? 2;
      if (!Number.isInteger(k) || k < 1) fail('Invalid nr_of_clusters: int >= 1 or None');
      const items = subset(a, inputs);
      return { clustered_content_ids: items.length ? clusters(items, k === 1 ? 2 : k) : [], average_distance_between_cluster_elements_and_cluster_center: items.length ? 0.5 : null };
    }
    case 'data_balance': {
      const cl = inputs.clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid as number[][] | undefined;
      if (!Array.isArray(cl)) fail('Missing input: clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid');
      const sizes = cl!.map((c) => c.length).sort((x, y) => x - y);
      const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
      const forbidden = new Set((inputs.ids_sorted_by_forbidden_examples as number[] | null) ?? []);
      return {
        prioritized_over_represented_ids_to_remove: [...forbidden, ...cl!.flatMap((c) => c.slice(median).filter((id) => !forbidden.has(id)))],
        prioritized_under_represented_ids_to_source: cl!.filter((c) => c.length > 0 && c.length < median).map((c) => c[0]),
      };
    }
    case 'pca_vector_dim_reduction': {
      const k = inputs.nr_of_dimensions as number;
      if (!Number.isInteger(k) || k < 1 || k > 8) fail('Invalid nr_of_dimensions: int between 1 and the vector length');
      const rows: [string, number[]][] = inputs.archive != null ? subset(archiveOf(acc, inputs), inputs).map(([id, c]) => [String(id), c.vector]) : dataNames(acc, inputs).map((d) => [d.name, vectorOf(d.key)]);
      const c = mean(rows.map((r) => r[1]));
      return { identifier_to_pca_vector: Object.fromEntries(rows.map(([id, v]) => [id, v.slice(0, k).map((x, d) => x - c[d])])) };
    }
    case 'extract_similarity_dataset': {
      const names = dataNames(acc, inputs);
      const n = Math.min(inputs.max_nr_of_pairs as number, Math.floor(names.length / 2));
      return { similarity_calibration_pairs_download_urls: Array.from({ length: n }, (_, i) => `${origin}/pairs/${i + 1}.zip`) };
    }
    case 'send_feedback':
      textRule(inputs.feedback, 'feedback', 1000, false);
      acc.feedback.push(inputs.feedback as string);
      return null;
    default:
      return fail(`Job type "${type}" is not available in this server`);
  }
}
