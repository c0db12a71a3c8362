/**
 * Where a Curator runs a job: the rules behind `run(type, inputs, { where })`.
 * Pure, so the choice is unit-tested without a worker or a server.
 */
import { ValidationError } from '../contract/errors.js';
import { JOB_TYPES, JOB_WHERE, REMOTE_ONLY_JOB_TYPES, runsLocally, type JobWhere } from '../contract/job-types.js';
import type { JobType } from '../contract/jobs.js';

/** What the local engine holds that a job may name (translators fitted here). */
export interface LocalModels {
  translators: ReadonlySet<string>;
  /** Files in the local batch folder (0 when unknown). @defaultValue 0 */
  batchFiles?: number;
}

/**
 * The first input that sends a job to the remote runner under `auto`: the batch folder while
 * the local one is empty (the cloud's FTP folder is meant then), a non-image archive, a translator not fitted here, or fine-tuning (heavy training goes to the
 * cloud when one is configured; with local data — files or an archive — it stays here).
 */
function cloudOnlyInput(jobType: JobType, inputs: unknown, local: LocalModels): string | null {
  const localBatch = (local.batchFiles ?? 0) > 0;
  if (jobType === 'clear_batch_folder' && !localBatch) return 'job_type';
  if (typeof inputs !== 'object' || inputs === null) return null;
  const i = inputs as Record<string, unknown>;
  if (i.download_from_batch_cloud_folder === true && !localBatch) return 'inputs.download_from_batch_cloud_folder';
  // Archives of other content types need the cloud's vectorizers.
  if (jobType === 'create_archive' && typeof i.content_type === 'string' && i.content_type !== 'Image') return 'inputs.content_type';
  if (i.data_type_translator_name != null && !(typeof i.data_type_translator_name === 'string' && local.translators.has(i.data_type_translator_name))) return 'inputs.data_type_translator_name';
  if ((jobType === 'fine_tune_vectorizer' || jobType === 'fine_tune_translator') && i.archive == null && i.input_archive == null && i.output_archive == null) return 'job_type';
  return null;
}

/** Inputs only the local engine can take (data in the request): such a job never goes to the remote runner on its own. */
function localOnlyInput(inputs: unknown): string | null {
  if (typeof inputs !== 'object' || inputs === null) return null;
  for (const key of ['files', 'vectors', 'training_mappings', 'validation_mappings'] as const) {
    const v = (inputs as Record<string, unknown>)[key];
    if (Array.isArray(v) ? v.length > 0 : v != null) return `inputs.${key}`;
  }
  return null;
}

/**
 * Decide where `jobType` runs. Throws ValidationError when it cannot run where
 * asked: `where` is not a known word, `'remote'` without a remote runner, or a
 * cloud-only job type (or input) with no remote runner to send it to.
 */
export function chooseWhere(jobType: JobType, inputs: unknown, where: unknown, hasRemote: boolean, local: LocalModels = { translators: new Set() }): 'local' | 'remote' {
  if (!(JOB_WHERE as readonly unknown[]).includes(where)) throw new ValidationError('options.where', `one of ${JOB_WHERE.map((w) => `'${w}'`).join(', ')}`);
  const w = where as JobWhere;
  // Unknown job types go to the local engine, which refuses them by name.
  const known = (JOB_TYPES as readonly string[]).includes(jobType);
  if (w === 'remote') {
    if (!hasRemote) throw new ValidationError('options.where', "'remote' with a remote runner (createCurator({ remote }))", `options.where: 'remote' needs a remote runner; pass createCurator({ remote: new VectorCuratorClient({...}) })`);
    return 'remote';
  }
  if (w === 'local' || !known) return 'local';
  if (!runsLocally(jobType)) {
    if (hasRemote) return 'remote';
    throw new ValidationError('job_type', 'a job type the local engine runs, or a remote runner', `${jobType} runs in Vector Curator Cloud only (${REMOTE_ONLY_JOB_TYPES[jobType]}); pass createCurator({ remote: new VectorCuratorClient({...}) }) to run it there`);
  }
  const cloudInput = cloudOnlyInput(jobType, inputs, local);
  if (cloudInput && hasRemote && !localOnlyInput(inputs)) return 'remote';
  return 'local';
}
