/**
 * Client-side checks of Vector Curator job inputs against the documented
 * rules, so a bad call fails at once with a ValidationError naming the field
 * instead of after a round trip and a failed remote job.
 */
import { ValidationError } from '../../contract/errors.js';
import { CONTENT_TYPES, type JobType } from '../../contract/jobs.js';

type Rule = (v: unknown, field: string) => void;

const fail = (field: string, rule: string): never => {
  throw new ValidationError(field, rule);
};
const nullable =
  (rule: Rule): Rule =>
  (v, f) => {
    if (v !== null && v !== undefined) rule(v, f);
  };
const bool: Rule = (v, f) => void (typeof v !== 'boolean' && fail(f, 'boolean'));
const text =
  (minExclusive: number, maxExclusive: number): Rule =>
  (v, f) =>
    void ((typeof v !== 'string' || v.length <= minExclusive || v.length >= maxExclusive) && fail(f, `string ${minExclusive} < len < ${maxExclusive}`));
const name: Rule = (v, f) => void ((typeof v !== 'string' || v.trim() === '') && fail(f, 'non-empty string'));
const int =
  (min: number, rule = `int >= ${min}`): Rule =>
  (v, f) =>
    void ((typeof v !== 'number' || !Number.isInteger(v) || v < min) && fail(f, rule));
const positive: Rule = (v, f) => void ((typeof v !== 'number' || !Number.isFinite(v) || v <= 0) && fail(f, 'number > 0'));
const oneOf =
  (values: readonly string[]): Rule =>
  (v, f) =>
    void ((typeof v !== 'string' || !values.includes(v)) && fail(f, `one of ${values.join(', ')}`));
const ids: Rule = (v, f) => {
  if (!Array.isArray(v)) fail(f, 'list of ints');
  (v as unknown[]).forEach((x, i) => int(0, 'int >= 0')(x, `${f}[${i}]`));
};
const urls: Rule = (v, f) => {
  if (!Array.isArray(v)) fail(f, 'list of http(s) URLs');
  (v as unknown[]).forEach((x, i) => void ((typeof x !== 'string' || !/^https?:\/\/\S+$/.test(x)) && fail(`${f}[${i}]`, 'http(s) URL')));
};
const intMatrix: Rule = (v, f) => {
  if (!Array.isArray(v)) fail(f, 'list of lists of int');
  (v as unknown[]).forEach((row, i) => ids(row, `${f}[${i}]`));
};
const weights =
  (keyRule: 'int' | 'str-or-int'): Rule =>
  (v, f) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(f, 'object of id → int or null');
    for (const [k, w] of Object.entries(v as object)) {
      if (keyRule === 'int' && !/^\d+$/.test(k)) fail(`${f}.${k}`, 'integer key');
      // The docs: "dict of str or int to int" — the service refuses a fractional weight.
      if (!Number.isInteger(w)) fail(`${f}.${k}`, 'int');
    }
  };
const idToUrl: Rule = (v, f) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(f, 'object of int → URL');
  for (const [k, u] of Object.entries(v as object)) {
    if (!/^\d+$/.test(k)) fail(`${f}.${k}`, 'integer key');
    urls([u], `${f}.${k}`);
  }
};

const ct = oneOf(CONTENT_TYPES);
const common = { archive_content_ids_subset: nullable(ids) };
const data = { file_urls: nullable(urls), download_from_batch_cloud_folder: bool, custom_vectorizer_name: nullable(name) };
const sorting = { sort_content_ids_by_distance_to_cluster_center: bool, sort_clusters_by_descending_inner_diversity: bool };

interface Spec {
  required?: Record<string, Rule>;
  optional?: Record<string, Rule>;
  /** How the job gets its data: these jobs need file_urls or the FTP batch folder. */
  needsData?: 'always' | 'search' | 'pca';
  /** Rules across fields, run after the per-field ones. */
  across?: (inputs: Record<string, unknown>) => void;
}

const SPECS: Record<JobType, Spec | 'no-inputs'> = {
  create_archive: {
    required: { name: text(0, 30), content_type: ct },
    optional: { description: nullable(text(0, 150)), use_default_similarity_calibration: bool },
  },
  update_parameters: { required: { archive: name }, optional: { description: nullable(text(0, 150)), nr_similar_allowed: nullable(int(1)) } },
  list_content: 'no-inputs',
  remove_content: {
    required: { archive: name },
    // "(list of ints)": not None; omitted only with delete_archive.
    optional: { archive_content_ids_subset: ids, delete_archive: bool },
    across: (i) => {
      if (i.delete_archive !== true && i.archive_content_ids_subset == null) fail('inputs.archive_content_ids_subset', 'a list of content ids (or delete_archive: true)');
    },
  },
  get_archive_ids_and_urls: { required: { archive: name } },
  get_vectors: { required: { archive: name }, optional: { ...common } },
  add_urls_to_contents: { required: { archive: name, indexed_content_id_to_url: idToUrl } },
  clear_batch_folder: 'no-inputs',
  index: {
    required: { archive: name },
    optional: { ...common, ...data, check_for_redundancy_against_archived: bool, check_for_redundancy_within_batch: bool, check_for_relevance: bool },
    needsData: 'always',
  },
  search: {
    required: { archive: name },
    optional: {
      ...common,
      ...data,
      input_content_type: nullable(ct),
      data_type_translator_name: nullable(name),
      indexed_ids_references: nullable(ids),
      name_or_id_to_preference_weight: nullable(weights('str-or-int')),
      speed_up_with_hash_matching: bool,
      nr_results: nullable(int(1, 'int > 0 or null')),
      get_mean_distance: bool,
      common_assets_archive_name: nullable(name),
    },
    needsData: 'search',
  },
  calibrate_similarity: { required: { archive: name }, optional: { ...data }, needsData: 'always' },
  calibrate_relevance: { required: { archive: name }, optional: { ...common } },
  inliers_outliers: { required: { archive: name }, optional: { ...common, id_to_preference_weight: nullable(weights('int')) } },
  cluster_by_number_of_clusters: { required: { archive: name }, optional: { ...common, ...sorting, nr_of_clusters: nullable(int(1, 'int >= 1 or null')) } },
  cluster_by_calibrated_similarity: { required: { archive: name }, optional: { ...common, ...sorting } },
  data_balance: {
    required: { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: intMatrix },
    optional: { ids_sorted_from_inliers_to_outliers: nullable(ids), ids_sorted_by_essential_examples: nullable(ids), ids_sorted_by_forbidden_examples: nullable(ids) },
  },
  pca_vector_dim_reduction: {
    required: { nr_of_dimensions: int(1) },
    // "file_urls: (list of str)": not None (omit it to use the archive only).
    optional: { archive: nullable(name), ...common, file_urls: urls, download_from_batch_cloud_folder: bool },
    needsData: 'pca',
  },
  extract_similarity_dataset: {
    required: { source_content_type: oneOf(['Sound', 'Video', 'Text']), content_type: oneOf(['Sound', 'Video', 'Text', 'Image']), max_nr_of_pairs: int(1) },
    optional: { ...data },
    needsData: 'always',
  },
  send_feedback: { required: { feedback: text(0, 1000) } },
  fine_tune_vectorizer: {
    required: { content_type: ct, custom_vectorizer_name: name },
    optional: { custom_vectorizer_name_for_sampling: nullable(name), starting_custom_vectorizer_name: nullable(name), file_urls: nullable(urls), download_from_batch_cloud_folder: bool },
    needsData: 'always',
  },
  fine_tune_translator: {
    required: { translator_name: name },
    optional: {
      input_content_type: nullable(ct),
      input_custom_vectorizer_name: nullable(name),
      output_content_type: nullable(ct),
      output_custom_vectorizer_name: nullable(name),
      file_urls: nullable(urls),
      download_from_batch_cloud_folder: bool,
    },
    needsData: 'always',
  },
  sample_data: {
    required: { source_content_type: oneOf(['Video', 'Sound', 'Text']), content_type: oneOf(['Image', 'Video', 'Sound', 'Text']), time_intervals_or_highlights: oneOf(['time_intervals', 'highlights']) },
    optional: { ...data, time_interval: nullable(positive), nr_samples_per_file: nullable(int(1, 'int >= 1 or null')) },
    needsData: 'always',
  },
  trim_by_highlights: {
    required: { source_content_type: oneOf(['Video', 'Sound']), nr_trims_per_file: int(1), max_trim_size: positive },
    optional: { ...data, min_trim_size: nullable(positive) },
    needsData: 'always',
    across: (i) => {
      if (typeof i.min_trim_size === 'number' && i.min_trim_size > (i.max_trim_size as number)) fail('inputs.min_trim_size', 'not above max_trim_size');
    },
  },
};

/** Inputs the local engine accepts but the cloud API cannot carry, with what to use instead. */
const LOCAL_ONLY: Record<string, string> = {
  files:
    'not sendable to Vector Curator Cloud (its job API is JSON; the docs name no request upload format): host the files and pass inputs.file_urls, or upload them to the account batch folder with an FTP client and set download_from_batch_cloud_folder: true',
  vectors: 'not sendable to Vector Curator Cloud as JSON: pass ".pt" tensors through inputs.file_urls or the FTP batch folder',
  archive: 'local-only input for extract_similarity_dataset (the cloud mines file_urls or the batch folder)',
  custom_vectorizer_name: 'local-only input for get_vectors (the cloud returns the archive default vectors)',
};

function rejectLocalOnly(jobType: JobType, inputs: Record<string, unknown>): void {
  for (const key of ['files', 'vectors'] as const) {
    const v = inputs[key];
    if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null) throw new ValidationError(`inputs.${key}`, LOCAL_ONLY[key]);
  }
  if (jobType === 'extract_similarity_dataset' && inputs.archive != null) throw new ValidationError('inputs.archive', LOCAL_ONLY.archive);
  if (jobType === 'get_vectors' && inputs.custom_vectorizer_name != null) throw new ValidationError('inputs.custom_vectorizer_name', LOCAL_ONLY.custom_vectorizer_name);
}

/** The inputs the API document gives `jobType` (required and optional), as this client checks them. */
export function documentedInputs(jobType: JobType): string[] {
  const spec = SPECS[jobType];
  return spec === 'no-inputs' ? [] : [...Object.keys(spec.required ?? {}), ...Object.keys(spec.optional ?? {})];
}

/** Every job type: the typed client sends each one (SPECS is keyed by the whole contract). */
export const REMOTE_JOB_TYPES = Object.keys(SPECS) as JobType[];

/**
 * Check `inputs` of `jobType` and return the JSON to send (undefined values
 * and empty local-only lists dropped). Throws ValidationError.
 */
export function toRemoteInputs(jobType: JobType, inputs: unknown): Record<string, unknown> | null {
  const spec = SPECS[jobType];
  if (spec === undefined) throw new ValidationError('job_type', `one of ${REMOTE_JOB_TYPES.join(', ')}`);
  if (spec === 'no-inputs') {
    if (inputs !== null && inputs !== undefined && !(typeof inputs === 'object' && Object.keys(inputs).length === 0)) {
      throw new ValidationError('inputs', 'null (this job takes no inputs)');
    }
    return null;
  }
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) throw new ValidationError('inputs', 'object');
  const given = inputs as Record<string, unknown>;
  rejectLocalOnly(jobType, given);
  const out: Record<string, unknown> = {};
  for (const [k, rule] of Object.entries(spec.required ?? {})) {
    if (given[k] === undefined || given[k] === null) throw new ValidationError(`inputs.${k}`, 'required');
    rule(given[k], `inputs.${k}`);
    out[k] = given[k];
  }
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined || k in out || k === 'files' || k === 'vectors') continue;
    const rule = spec.optional?.[k];
    if (rule === undefined) {
      if (k in LOCAL_ONLY && v === null) continue;
      throw new ValidationError(`inputs.${k}`, `not an input of ${jobType}`);
    }
    rule(v, `inputs.${k}`);
    out[k] = v;
  }
  spec.across?.(out);
  const hasUrls = Array.isArray(out.file_urls) && out.file_urls.length > 0;
  const batch = out.download_from_batch_cloud_folder === true;
  const refs = Array.isArray(out.indexed_ids_references) && out.indexed_ids_references.length > 0;
  const need = spec.needsData;
  if ((need === 'always' && !hasUrls && !batch) || (need === 'search' && !hasUrls && !batch && !refs) || (need === 'pca' && !hasUrls && !batch && out.archive == null)) {
    const also = need === 'search' ? ', indexed_ids_references' : need === 'pca' ? ', archive' : '';
    throw new ValidationError('inputs.file_urls', `non-empty list of URLs (or download_from_batch_cloud_folder: true${also})`);
  }
  return out;
}
