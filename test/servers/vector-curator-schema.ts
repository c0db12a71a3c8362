/**
 * JSON Schemas (ajv 8) of the Vector Curator Cloud API, written from
 * shared/api-docs/vector-curator-cloud.txt: per job type its `inputs` and its
 * `results`, and the HTTP bodies (token, status_endpoint, status, error).
 *
 * Reading of the doc where it is silent: it gives no defaults, so an input
 * documented "or None" may be left out (it means None), a documented bool may
 * be left out (false), and the rest are required — except remove_content's
 * archive_content_ids_subset, which is required only when delete_archive is
 * not true. Undocumented inputs are refused (additionalProperties: false), as
 * the service would refuse them. "(int)" dict keys are JSON strings of digits.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const CT = ['Image', 'Video', 'Sound', 'Text', 'Point_Cloud'];
const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const orNull = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'], ...(s.enum ? { enum: [...(s.enum as unknown[]), null] } : {}) });
const text = (maxExclusive: number): Schema => ({ type: 'string', minLength: 1, maxLength: maxExclusive - 1 });
const oneOf = (values: string[]): Schema => ({ type: 'string', enum: values });
const list = (items: Schema): Schema => ({ type: 'array', items });
const ids = list(int);
const intKeys = (values: Schema): Schema => ({ type: 'object', patternProperties: { '^\\d+$': values }, additionalProperties: false });
const dict = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });

/** An object schema: `req` fields required, `opt` fields optional, nothing else. */
const obj = (req: Record<string, Schema>, opt: Record<string, Schema> = {}, extra: Schema = {}): Schema => ({
  type: 'object',
  required: Object.keys(req),
  properties: { ...req, ...opt },
  additionalProperties: false,
  ...extra,
});

const files = { file_urls: orNull(list(str)), download_from_batch_cloud_folder: bool };
const vectorizer = { custom_vectorizer_name: orNull(str) };
const sorting = { sort_content_ids_by_distance_to_cluster_center: bool, sort_clusters_by_descending_inner_diversity: bool };
const noInputs: Schema = { type: ['object', 'null'], maxProperties: 0 };
const clustered = obj({ clustered_content_ids: list(ids), average_distance_between_cluster_elements_and_cluster_center: orNull(num) });
const fileNamesWithUrls = list({ type: 'array', items: str, minItems: 2, maxItems: 2 });

export const INPUT_SCHEMAS: Record<string, Schema> = {
  create_archive: obj({ name: text(30), content_type: oneOf(CT) }, { description: orNull(text(150)), use_default_similarity_calibration: bool }),
  update_parameters: obj({ archive: str }, { description: orNull(text(150)), nr_similar_allowed: orNull({ type: 'integer', minimum: 1 }) }),
  list_content: noInputs,
  remove_content: obj({ archive: str }, { archive_content_ids_subset: ids, delete_archive: bool }, { if: { properties: { delete_archive: { const: true } }, required: ['delete_archive'] }, else: { properties: { archive_content_ids_subset: ids }, required: ['archive_content_ids_subset'] } }),
  get_archive_ids_and_urls: obj({ archive: str }),
  get_vectors: obj({ archive: str }, { archive_content_ids_subset: orNull(ids) }),
  add_urls_to_contents: obj({ archive: str, indexed_content_id_to_url: intKeys(str) }),
  clear_batch_folder: noInputs,
  fine_tune_vectorizer: obj({ content_type: oneOf(CT), custom_vectorizer_name: str }, { custom_vectorizer_name_for_sampling: orNull(str), starting_custom_vectorizer_name: orNull(str), ...files }),
  fine_tune_translator: obj(
    { translator_name: str },
    { input_content_type: orNull(oneOf(CT)), input_custom_vectorizer_name: orNull(str), output_content_type: orNull(oneOf(CT)), output_custom_vectorizer_name: orNull(str), ...files },
  ),
  sample_data: obj(
    { source_content_type: oneOf(['Video', 'Sound', 'Text']), content_type: oneOf(['Image', 'Video', 'Sound', 'Text']), time_intervals_or_highlights: oneOf(['time_intervals', 'highlights']) },
    { time_interval: orNull(num), nr_samples_per_file: orNull(int), ...vectorizer, ...files },
  ),
  trim_by_highlights: obj({ source_content_type: oneOf(['Video', 'Sound']), nr_trims_per_file: int, max_trim_size: num }, { min_trim_size: orNull(num), ...vectorizer, ...files }),
  data_balance: obj(
    { clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: list(ids) },
    { ids_sorted_from_inliers_to_outliers: orNull(ids), ids_sorted_by_essential_examples: orNull(ids), ids_sorted_by_forbidden_examples: orNull(ids) },
  ),
  // The doc types file_urls here as (list of str), without "or None".
  pca_vector_dim_reduction: obj({ nr_of_dimensions: int }, { archive: orNull(str), archive_content_ids_subset: orNull(ids), file_urls: list(str), download_from_batch_cloud_folder: bool }),
  extract_similarity_dataset: obj(
    { source_content_type: oneOf(['Sound', 'Video', 'Text']), content_type: oneOf(['Sound', 'Video', 'Text', 'Image']), max_nr_of_pairs: { type: 'integer', minimum: 1 } },
    { ...vectorizer, ...files },
  ),
  send_feedback: obj({ feedback: text(1000) }),
  calibrate_similarity: obj({ archive: str }, { ...vectorizer, ...files }),
  calibrate_relevance: obj({ archive: str }, { archive_content_ids_subset: orNull(ids) }),
  index: obj(
    { archive: str },
    { check_for_redundancy_against_archived: bool, archive_content_ids_subset: orNull(ids), check_for_redundancy_within_batch: bool, check_for_relevance: bool, ...vectorizer, ...files },
  ),
  inliers_outliers: obj({ archive: str }, { archive_content_ids_subset: orNull(ids), id_to_preference_weight: orNull(intKeys(int)) }),
  search: obj(
    { archive: str },
    {
      input_content_type: orNull(oneOf(CT)),
      ...vectorizer,
      data_type_translator_name: orNull(str),
      archive_content_ids_subset: orNull(ids),
      indexed_ids_references: orNull(ids),
      name_or_id_to_preference_weight: orNull(dict(int)),
      speed_up_with_hash_matching: bool,
      nr_results: orNull({ type: 'integer', exclusiveMinimum: 0 }),
      get_mean_distance: bool,
      ...files,
      common_assets_archive_name: orNull(str),
    },
  ),
  cluster_by_number_of_clusters: obj({ archive: str }, { archive_content_ids_subset: orNull(ids), nr_of_clusters: orNull({ type: 'integer', minimum: 1 }), ...sorting }),
  cluster_by_calibrated_similarity: obj({ archive: str }, { archive_content_ids_subset: orNull(ids), ...sorting }),
};

const none: Schema = { type: 'null' };
export const RESULT_SCHEMAS: Record<string, Schema> = {
  create_archive: none,
  update_parameters: none,
  list_content: obj({
    archive_to_content_type_states_nr_of_contents: dict(obj({ description: str, content_type: oneOf(CT), calibrated_for_similarity: bool, calibrated_for_relevance: bool, nr_of_contents: { type: 'integer', minimum: 0 } })),
    nr_files_in_batch_folder: { type: 'integer', minimum: 0 },
  }),
  remove_content: none,
  get_archive_ids_and_urls: obj({ id_to_download_url: intKeys(str) }),
  get_vectors: obj({ id_to_vector_url: intKeys(str) }),
  add_urls_to_contents: none,
  clear_batch_folder: none,
  fine_tune_vectorizer: none,
  fine_tune_translator: none,
  sample_data: obj({ samples_file_names_with_download_urls: fileNamesWithUrls }),
  trim_by_highlights: obj({ trims_file_names_with_download_urls: fileNamesWithUrls }),
  data_balance: obj({ prioritized_over_represented_ids_to_remove: ids, prioritized_under_represented_ids_to_source: ids }),
  pca_vector_dim_reduction: obj({ identifier_to_pca_vector: dict(list(num)) }),
  extract_similarity_dataset: obj({ similarity_calibration_pairs_download_urls: list(str) }),
  send_feedback: none,
  calibrate_similarity: none,
  calibrate_relevance: none,
  index: obj({ name_to_indexed_content_id: dict(int), exact_duplicate_file_names: list(str), failed_vectorization_names: list(str), redundant_content_names: list(str), irrelevant_content_names: list(str) }),
  inliers_outliers: obj({ content_ids_sorted_by_inliers: ids, content_ids_sorted_by_outliers: ids, mean_distance: num }),
  search: obj({ sorted_indexed_ids_with_distances: list({ type: 'array', items: [int, num], minItems: 2, additionalItems: false }), mean_distance: orNull(num) }),
  cluster_by_number_of_clusters: clustered,
  cluster_by_calibrated_similarity: clustered,
};

export const BODY_SCHEMAS: Record<string, Schema> = {
  token: obj({ token: { type: 'string', minLength: 1 } }),
  status_endpoint: obj({ status_endpoint: { type: 'string', minLength: 1 } }),
  // results: (dict or None); each job type's results are checked by RESULT_SCHEMAS.
  status: obj({ status: str, results: { type: ['object', 'null'] }, error: orNull(str) }),
  error: obj({ error: str }),
};

const ajv = new Ajv({ allowUnionTypes: true, strict: true });
const compile = (schemas: Record<string, Schema>) => Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)])) as Record<string, ValidateFunction>;
const inputs = compile(INPUT_SCHEMAS);
const results = compile(RESULT_SCHEMAS);
const bodies = compile(BODY_SCHEMAS);

/** One ajv error as "<path> <rule>", naming the field ("/nr_of_clusters must be >= 1", "/bogus is not a documented field"). */
function describe(e: ErrorObject): string {
  const at = e.instancePath || '(top level)';
  if (e.keyword === 'required') return `${e.instancePath}/${String(e.params.missingProperty)} is required`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params.additionalProperty)} is not a documented field`;
  if (e.keyword === 'maxProperties' && e.params.limit === 0) return `${at} must be None (this job takes no inputs)`;
  return `${at} ${e.message ?? e.keyword}`;
}

function check(fn: ValidateFunction | undefined, value: unknown): string | null {
  if (!fn || fn(value)) return null;
  // An if/then/else adds its own "must match else schema" after the error that matters.
  return (fn.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(describe)
    .join('; ');
}

/** Why `value` is not valid inputs for `jobType` (null when valid, or when the job type is unknown). */
export const inputsError = (jobType: string, value: unknown) => check(inputs[jobType], value);
/** Why `value` is not a valid result of `jobType` (null when valid or unknown). */
export const resultsError = (jobType: string, value: unknown) => check(results[jobType], value);
/** Why `value` is not a valid `kind` body (null when valid). */
export const bodyError = (kind: keyof typeof BODY_SCHEMAS, value: unknown) => check(bodies[kind], value);
