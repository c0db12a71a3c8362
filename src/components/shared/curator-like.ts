/**
 * What the elements need from a client. `Curator` satisfies it; tests and
 * customers may pass anything with the same shape (e.g. a proxy to a remote engine).
 * The curation methods are optional so an element can say plainly which one is missing.
 */
import type { AnswerFitSummary, ArchiveScores, CalibrationPair, ContentView, DuplicateDecisions, DuplicateGroup, DuplicatePreview, MapLayout, PairAnswer, RestoreOutcome, StoredView, StoredViewName, TrashedContent, VectorsView } from '../../contract/views.js';
import type { CompletedJob, Job, JobInputs, JobRunOptions, JobType } from '../../contract/jobs.js';
import { ValidationError } from '../../contract/errors.js';
import type { Training } from '../../client/training.js';
import type { BatchFolder } from '../../client/batch-folder.js';

/** The training calls the elements use (curator.training). */
export type TrainingLike = Pick<Training, 'labels' | 'setLabels' | 'importLabels' | 'exportLabels' | 'train' | 'classifiers' | 'deleteClassifier' | 'classify' | 'feedback' | 'labelErrors' | 'models' | 'deleteModel'>;

export interface CuratorLike extends EventTarget {
  run<T extends JobType>(job_type: T, inputs: JobInputs<T>, options?: JobRunOptions): Promise<CompletedJob<T>>;
  contents(archive: string, ids?: number[] | null): Promise<ContentView[]>;
  vectors(archive: string, ids?: number[] | null, vectorizer?: string | null): Promise<VectorsView>;
  file(archive: string, id: number): Promise<Blob | null>;
  listJobs(limit?: number): Promise<Job[]>;
  duplicates?(archive: string, options?: { threshold?: number; signal?: AbortSignal }): Promise<DuplicateGroup[]>;
  scores?(archive: string, options?: { k?: number; signal?: AbortSignal }): Promise<ArchiveScores>;
  map?(archive: string, options?: { method?: 'umap' | 'pca'; signal?: AbortSignal; onProgress?: (f: number) => void }): Promise<MapLayout>;
  calibrationPairs?(archive: string, options?: { count?: number }): Promise<CalibrationPair[]>;
  calibrateFromAnswers?(archive: string, answers: PairAnswer[]): Promise<AnswerFitSummary>;
  answerPairs?(archive: string, answers: PairAnswer[]): Promise<DuplicateDecisions>;
  setKeeper?(archive: string, keep: number, group: number[]): Promise<DuplicateDecisions>;
  forgetAnswers?(archive: string, pairs: { a: number; b: number }[]): Promise<DuplicateDecisions>;
  forgetKeeper?(archive: string, keep: number): Promise<DuplicateDecisions>;
  trash?(archive: string): Promise<TrashedContent[]>;
  storedView?<K extends StoredViewName>(archive: string, name: K): Promise<Extract<StoredView, { name: K }> | null>;
  restore?(archive: string, ids: number[]): Promise<RestoreOutcome>;
  duplicateDecisions?(archive: string): Promise<DuplicateDecisions>;
  duplicatePreview?(archive: string, options?: { signal?: AbortSignal }): Promise<DuplicatePreview>;
  /** Labels, classifiers and label errors; the training elements need it, the gallery keeps its labels there when present. */
  training?: TrainingLike;
  /** The local batch folder (<curate-batch-folder> needs it). */
  batchFolder?: Pick<BatchFolder, 'list' | 'add' | 'link' | 'clear'>;
  /** Cancel a running job by the id of its `curate-job-start` event (false when not running). */
  cancel?(jobId: string): boolean;
}

/** The element's client, or a ValidationError naming the property. */
export function requireCurator(curator: CuratorLike | undefined | null, element: string): CuratorLike {
  if (!curator || typeof curator.run !== 'function' || typeof curator.contents !== 'function') {
    throw new ValidationError(`${element}.curator`, 'a Curator (from createCurator())');
  }
  return curator;
}

/** The element's archive name, or a ValidationError naming the attribute. */
export function requireArchive(archive: string | undefined | null, element: string): string {
  if (typeof archive !== 'string' || archive.length === 0 || archive.length >= 30) {
    throw new ValidationError(`${element}.archive`, 'archive name, 0 < length < 30');
  }
  return archive;
}

/** The client's training calls, or a ValidationError naming the property. */
export function requireTraining(curator: CuratorLike | undefined | null, element: string): TrainingLike {
  const t = requireCurator(curator, element).training;
  if (!t || typeof t.train !== 'function' || typeof t.labels !== 'function') throw new ValidationError(`${element}.curator.training`, 'a Curator with training (from createCurator())');
  return t;
}
