/**
 * Which job types exist, which of them the local engine runs, and the words
 * a client uses to say where a job should run. Kept apart from the shapes in
 * jobs.ts: this is the routing table, read by the engine (to refuse a
 * cloud-only job by name) and by the client (to send it elsewhere).
 */
import type { JobType } from './jobs.js';

/** Every job type of the Vector Curator Cloud API, in the document's order. */
export const JOB_TYPES = [
  'create_archive',
  'update_parameters',
  'list_content',
  'remove_content',
  'get_archive_ids_and_urls',
  'get_vectors',
  'add_urls_to_contents',
  'clear_batch_folder',
  'fine_tune_vectorizer',
  'fine_tune_translator',
  'sample_data',
  'trim_by_highlights',
  'data_balance',
  'pca_vector_dim_reduction',
  'extract_similarity_dataset',
  'send_feedback',
  'calibrate_similarity',
  'calibrate_relevance',
  'index',
  'inliers_outliers',
  'search',
  'cluster_by_number_of_clusters',
  'cluster_by_calibrated_similarity',
] as const satisfies readonly JobType[];

// Compile-time check that the list names every job type of the contract.
type Unlisted = Exclude<JobType, (typeof JOB_TYPES)[number]>;
const complete: [Unlisted] extends [never] ? true : Unlisted = true;
void complete;

/**
 * Job types the local engine does not run, with why. Everything else in
 * {@link JOB_TYPES} runs locally.
 */
export const REMOTE_ONLY_JOB_TYPES: Readonly<Partial<Record<JobType, string>>> = {
  sample_data: 'sampling video, sound and text needs their decoders and vectorizers, which run in the cloud only',
  trim_by_highlights: 'trimming video and sound needs their decoders and vectorizers, which run in the cloud only',
};

/** Whether the local engine runs `jobType`. */
export function runsLocally(jobType: JobType): boolean {
  return !Object.hasOwn(REMOTE_ONLY_JOB_TYPES, jobType);
}

/**
 * Where a Curator runs a job: `'local'` (the engine worker), `'remote'` (the
 * `remote` runner given to createCurator), or `'auto'`: locally when the engine
 * runs the job type with these inputs, remotely otherwise (a cloud-only job
 * type, or inputs only the cloud can serve, such as the FTP batch folder while the
 * local batch folder is empty).
 */
export type JobWhere = 'local' | 'remote' | 'auto';
export const JOB_WHERE: readonly JobWhere[] = ['local', 'remote', 'auto'];
