/**
 * What a job handler gets: the store, its embedders, progress and cancellation.
 */
import type { Embedder } from '../embed/embedder.js';
import type { VectorizerManifest } from '../contract/vectorizers.js';
import type { ArchiveStore } from '../store/store.js';
import type { BatchFolder } from '../store/batch-folder.js';
import type { JobInputs, JobResults, JobType } from '../contract/jobs.js';
import type { TrainedModelRecord } from '../store/schema.js';

export interface JobContext {
  readonly store: ArchiveStore;
  /** The local batch folder (`download_from_batch_cloud_folder`). */
  readonly batchFolder: BatchFolder;
  readonly signal: AbortSignal;
  /** Report progress 0..1 with an optional stage message. */
  progress(fraction: number, message?: string): void;
  /** Tell the user something that does not stop the job: kept in the job's `warnings` and reported as its message at once. */
  warn(message: string): void;
  /** The loaded embedder for a vectorizer (default when omitted); loaded once per worker. */
  embedder(vectorizer?: string | null): Promise<Embedder>;
  /** The manifest of a known vectorizer (NotFoundError otherwise). */
  manifest(vectorizer?: string | null): VectorizerManifest;
  /** Id of the default vectorizer. */
  readonly defaultVectorizer: string;
  /** tfjs for training in this worker (loaded once). */
  tf(): Promise<typeof import('@tensorflow/tfjs')>;
  /** Make a stored fine-tuned vectorizer usable by name (see Engine.registerFineTuned). */
  registerFineTuned(record: TrainedModelRecord): void;
}

export type JobHandler<T extends JobType> = (ctx: JobContext, inputs: JobInputs<T>) => Promise<JobResults<T>>;

export type HandlerTable = { [T in JobType]?: JobHandler<T> };
