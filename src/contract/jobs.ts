/**
 * The job contract. Names, inputs and results follow the Vector Curator Cloud
 * job API (shared/api-docs/vector-curator-cloud.txt) so the same call runs in
 * the local worker or remotely. Where the browser needs more than the cloud
 * API (data passed in the request instead of an FTP folder), the extra fields
 * are documented here and are optional.
 */
import type { ErrorJSON } from './errors.js';

export const CONTENT_TYPES = ['Image', 'Video', 'Sound', 'Text', 'Point_Cloud'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** An image given in the request: a File (its name is used) or a Blob with a name. */
export type ImageInput = File | { name: string; blob: Blob };
/** A vector given directly instead of a file (the cloud API's ".pt" one-dimensional tensors). */
export interface VectorInput {
  name: string;
  vector: Float32Array | number[];
}

export interface CreateArchiveInputs {
  /** 0 < length < 30, unique. */
  name: string;
  content_type: ContentType;
  /** 0 < length < 150, or null. */
  description?: string | null;
  use_default_similarity_calibration?: boolean;
  /** curatekit extension: keep the original files for viewing and export. @defaultValue true */
  store_files?: boolean;
  /** curatekit extension: the vectorizer id new content is embedded with (see listVectorizers). @defaultValue the engine's default vectorizer */
  default_vectorizer?: string;
}

export interface UpdateParametersInputs {
  archive: string;
  description?: string | null;
  /** int >= 1 or null. */
  nr_similar_allowed?: number | null;
}

export interface RemoveContentInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
  delete_archive?: boolean;
}

export interface ArchiveInputs {
  archive: string;
}

export interface GetVectorsInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
  /** Local extension: which vectorizer (defaults to the archive's default). */
  custom_vectorizer_name?: string | null;
}

export interface AddUrlsInputs {
  archive: string;
  indexed_content_id_to_url: Record<number, string>;
}

export interface IndexInputs {
  archive: string;
  check_for_redundancy_against_archived?: boolean;
  archive_content_ids_subset?: number[] | null;
  check_for_redundancy_within_batch?: boolean;
  check_for_relevance?: boolean;
  custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
  /** Local extension: images passed in the request. */
  files?: ImageInput[];
  /** Local extension: vectors passed in the request. */
  vectors?: VectorInput[];
}

export interface SearchInputs {
  input_content_type?: ContentType | null;
  custom_vectorizer_name?: string | null;
  data_type_translator_name?: string | null;
  archive: string;
  archive_content_ids_subset?: number[] | null;
  indexed_ids_references?: number[] | null;
  name_or_id_to_preference_weight?: Record<string, number> | null;
  speed_up_with_hash_matching?: boolean;
  /** int > 0 or null (null = all). */
  nr_results?: number | null;
  get_mean_distance?: boolean;
  file_urls?: string[] | null;
  common_assets_archive_name?: string | null;
  download_from_batch_cloud_folder?: boolean;
  files?: ImageInput[];
  vectors?: VectorInput[];
}

export interface CalibrateSimilarityInputs {
  archive: string;
  custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
  files?: ImageInput[];
  vectors?: VectorInput[];
}

export interface CalibrateRelevanceInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
}

export interface InliersOutliersInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
  id_to_preference_weight?: Record<number, number> | null;
}

export interface ClusterByNumberInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
  nr_of_clusters?: number | null;
  sort_content_ids_by_distance_to_cluster_center?: boolean;
  sort_clusters_by_descending_inner_diversity?: boolean;
}

export interface ClusterBySimilarityInputs {
  archive: string;
  archive_content_ids_subset?: number[] | null;
  sort_content_ids_by_distance_to_cluster_center?: boolean;
  sort_clusters_by_descending_inner_diversity?: boolean;
}

export interface DataBalanceInputs {
  clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: number[][];
  ids_sorted_from_inliers_to_outliers?: number[] | null;
  ids_sorted_by_essential_examples?: number[] | null;
  ids_sorted_by_forbidden_examples?: number[] | null;
}

export interface PcaInputs {
  archive?: string | null;
  archive_content_ids_subset?: number[] | null;
  file_urls?: string[];
  nr_of_dimensions: number;
  download_from_batch_cloud_folder?: boolean;
  files?: ImageInput[];
}

export interface SendFeedbackInputs {
  /** 0 < length < 1000. */
  feedback: string;
  /** Local extension: the archive `pairs` belong to (required with them). */
  archive?: string;
  /**
   * Local extension: duplicate answers on pairs of its contents, stored with the archive
   * ("not same" never comes back as a duplicate, "same" always does) and refitting its
   * duplicate threshold from every stored answer, as the duplicates element does.
   */
  pairs?: { a: number; b: number; same: boolean }[];
}

export interface ExtractSimilarityDatasetInputs {
  source_content_type: 'Sound' | 'Video' | 'Text';
  content_type: 'Sound' | 'Video' | 'Text' | 'Image';
  max_nr_of_pairs: number;
  custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
  /** Local extension: an archive to mine pairs from. */
  archive?: string | null;
}

/**
 * Fine-tune a vectorizer from labelled files (example_to_labels.json placed with them). Locally:
 * a low-rank refinement of the starting vectorizer trained in the worker, kept in IndexedDB and
 * usable by name in every job; archives of the starting vectorizer read it from their stored
 * vectors (no image is decoded again).
 */
export interface FineTuneVectorizerInputs {
  content_type: ContentType;
  custom_vectorizer_name_for_sampling?: string | null;
  /** The vectorizer to refine. @defaultValue the default vectorizer */
  starting_custom_vectorizer_name?: string | null;
  /** The name the fine-tuned vectorizer gets. */
  custom_vectorizer_name: string;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
  /** Local extension: the labelled files and example_to_labels.json in the request. */
  files?: (File | { name: string; blob: Blob })[];
  /** Local extension: train on an archive's labels and stored vectors instead of files. */
  archive?: string | null;
}

/**
 * Fine-tune a translator from name pairs (training_mappings.json, optional validation_mappings.json;
 * without one, 15 % of the pairs are held out). Locally: a linear map between the two vectorizers'
 * spaces (or the identity, whichever recalls the validation pairs better), used by search through
 * data_type_translator_name.
 */
export interface FineTuneTranslatorInputs {
  translator_name: string;
  input_content_type?: ContentType | null;
  /** Vectorizer of the query side. @defaultValue the default vectorizer */
  input_custom_vectorizer_name?: string | null;
  output_content_type?: ContentType | null;
  /** Vectorizer of the archive side. @defaultValue the default vectorizer */
  output_custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
  /** Local extension: the files the mappings name, and the mapping files, in the request. */
  files?: (File | { name: string; blob: Blob })[];
  /** Local extension: input names are content names of this archive (its stored vectors are used). */
  input_archive?: string | null;
  /** Local extension: output names are content names of this archive. */
  output_archive?: string | null;
  /** Local extension: training_mappings.json given inline. */
  training_mappings?: [string, string][] | null;
  /** Local extension: validation_mappings.json given inline. */
  validation_mappings?: [string, string][] | null;
}

/** Cloud only: sample frames / clips / passages from video, sound or text files. */
export interface SampleDataInputs {
  source_content_type: 'Video' | 'Sound' | 'Text';
  content_type: 'Image' | 'Video' | 'Sound' | 'Text';
  time_intervals_or_highlights: 'time_intervals' | 'highlights';
  /** Seconds between samples (time_intervals). */
  time_interval?: number | null;
  nr_samples_per_file?: number | null;
  custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
}

/** Cloud only: cut the highlights out of video or sound files. */
export interface TrimByHighlightsInputs {
  source_content_type: 'Video' | 'Sound';
  nr_trims_per_file: number;
  /** Seconds. */
  max_trim_size: number;
  /** Seconds, not above max_trim_size. */
  min_trim_size?: number | null;
  custom_vectorizer_name?: string | null;
  file_urls?: string[] | null;
  download_from_batch_cloud_folder?: boolean;
}

export interface ArchiveSummary {
  description: string | null;
  content_type: ContentType;
  calibrated_for_similarity: boolean;
  calibrated_for_relevance: boolean;
  nr_of_contents: number;
}

export interface ListContentResults {
  archive_to_content_type_states_nr_of_contents: Record<string, ArchiveSummary>;
  nr_files_in_batch_folder: number;
}

export interface IndexResults {
  name_to_indexed_content_id: Record<string, number>;
  exact_duplicate_file_names: string[];
  failed_vectorization_names: string[];
  redundant_content_names: string[];
  irrelevant_content_names: string[];
  /** Local extension: why each failed name failed. */
  failure_reasons?: Record<string, string>;
  /** Local extension: for each redundant name, the stage that caught it and what it matched. */
  redundancy_evidence?: Record<string, { stage: 'bytes' | 'pixels' | 'phash' | 'embedding'; matched: string | number; similarity: number }>;
}

export interface SearchResults {
  sorted_indexed_ids_with_distances: [number, number][];
  mean_distance: number | null;
}

export interface ClusterResults {
  clustered_content_ids: number[][];
  average_distance_between_cluster_elements_and_cluster_center: number | null;
  /** Local extension: mean distance to the centre per cluster, in the order of clustered_content_ids. */
  inner_diversity?: number[];
  /**
   * Local extension: when k was chosen automatically, for each k tried, the
   * silhouette and the score k was chosen by (silhouette minus that of
   * structure-free references, see core autoKmeans).
   */
  auto_k?: { chosen_k: number; silhouette_by_k: [number, number][]; score_by_k: [number, number][] } | null;
}

export interface InliersOutliersResults {
  content_ids_sorted_by_inliers: number[];
  content_ids_sorted_by_outliers: number[];
  mean_distance: number;
}

export interface DataBalanceResults {
  prioritized_over_represented_ids_to_remove: number[];
  prioritized_under_represented_ids_to_source: number[];
}

/** Every job type, with its inputs and results. */
export interface JobMap {
  create_archive: { inputs: CreateArchiveInputs; results: null };
  update_parameters: { inputs: UpdateParametersInputs; results: null };
  list_content: { inputs: null | undefined; results: ListContentResults };
  remove_content: { inputs: RemoveContentInputs; results: null };
  get_archive_ids_and_urls: { inputs: ArchiveInputs; results: { id_to_download_url: Record<number, string> } };
  get_vectors: { inputs: GetVectorsInputs; results: { id_to_vector_url: Record<number, string> } };
  add_urls_to_contents: { inputs: AddUrlsInputs; results: null };
  clear_batch_folder: { inputs: null | undefined; results: null };
  index: { inputs: IndexInputs; results: IndexResults };
  search: { inputs: SearchInputs; results: SearchResults };
  calibrate_similarity: { inputs: CalibrateSimilarityInputs; results: null };
  calibrate_relevance: { inputs: CalibrateRelevanceInputs; results: null };
  inliers_outliers: { inputs: InliersOutliersInputs; results: InliersOutliersResults };
  cluster_by_number_of_clusters: { inputs: ClusterByNumberInputs; results: ClusterResults };
  cluster_by_calibrated_similarity: { inputs: ClusterBySimilarityInputs; results: ClusterResults };
  data_balance: { inputs: DataBalanceInputs; results: DataBalanceResults };
  pca_vector_dim_reduction: { inputs: PcaInputs; results: { identifier_to_pca_vector: Record<string, number[]> } };
  extract_similarity_dataset: { inputs: ExtractSimilarityDatasetInputs; results: { similarity_calibration_pairs_download_urls: string[] } };
  send_feedback: { inputs: SendFeedbackInputs; results: null };
  fine_tune_vectorizer: { inputs: FineTuneVectorizerInputs; results: null };
  fine_tune_translator: { inputs: FineTuneTranslatorInputs; results: null };
  /** Each entry: a sample's file name and its download URL. */
  sample_data: { inputs: SampleDataInputs; results: { samples_file_names_with_download_urls: string[][] } };
  /** Each entry: a trim's file name and its download URL. */
  trim_by_highlights: { inputs: TrimByHighlightsInputs; results: { trims_file_names_with_download_urls: string[][] } };
}

export type JobType = keyof JobMap;
export type JobInputs<T extends JobType> = JobMap[T]['inputs'];
export type JobResults<T extends JobType> = JobMap[T]['results'];

export type JobStatus = 'waiting' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A job's state. Timestamps are epoch milliseconds. */
export interface Job<T extends JobType = JobType> {
  id: string;
  job_type: T;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  /** Short human-readable stage ("decoding", "embedding 32/200"). */
  message: string | null;
  results: JobResults<T> | null;
  error: ErrorJSON | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** Where the job ran, as the Curator client chose (see {@link JobWhere}); absent on records made by a runner itself. */
  where?: 'local' | 'remote';
  /** The remote service's own id of the job (e.g. Vector Curator's status id), when it ran remotely under another id than `id`. */
  remote_id?: string;
  /** What the user should know that did not stop the job (e.g. storage the browser reports as short); absent when none. */
  warnings?: string[];
}

/**
 * A job that ran to the end, as `run()` resolves with it (a failed or cancelled
 * job rejects instead): `results` is typed non-null for job types that have results.
 */
export interface CompletedJob<T extends JobType = JobType> extends Job<T> {
  status: 'completed';
  results: JobResults<T>;
  error: null;
  finished_at: number;
}

/** Progress event delivered to callbacks while a job runs. */
export interface JobProgress {
  job_id: string;
  job_type: JobType;
  progress: number;
  message: string | null;
}

/** Options every job run accepts. */
export interface JobRunOptions {
  /** Cancels the job; the promise rejects with CancelledError and nothing half-done is kept. */
  signal?: AbortSignal;
  /** Called with progress (0..1) while the job runs. */
  onProgress?: (progress: JobProgress) => void;
  /**
   * Id for the new job, so that the caller can name it (events, cancel) before
   * it ends. Local runs only; a remote service assigns its own.
   * @defaultValue a generated id
   */
  id?: string;
}

/**
 * Something that runs jobs: the local engine and the Vector Curator Cloud
 * connector both implement it, so callers can switch between them.
 */
export interface JobRunner {
  /**
   * Run a job to the end. Resolves with the completed Job (results filled);
   * rejects with a typed error (ValidationError, NotFoundError, CancelledError, ...).
   */
  run<T extends JobType>(job_type: T, inputs: JobInputs<T>, options?: JobRunOptions): Promise<CompletedJob<T>>;
}

/** A fresh Job record in the `waiting` state. */
export function createJob<T extends JobType>(id: string, job_type: T, created_at = Date.now()): Job<T> {
  return { id, job_type, status: 'waiting', progress: 0, message: null, results: null, error: null, created_at, started_at: null, finished_at: null };
}
