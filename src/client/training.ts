/**
 * Training on the client: labels, classifiers trained in the engine worker
 * (tfjs), stored versions, classification and label errors. Reached as
 * `curator.training`; every call runs in the worker.
 */
import { CancelledError } from '../contract/errors.js';
import type {
  ArchiveLabels,
  ClassifierFeedback,
  ClassifierVersion,
  Classification,
  ClassifyOptions,
  LabelErrorOptions,
  LabelErrors,
  LabelsById,
  TrainingMap,
  TrainingName,
  TrainOptions,
  TrainProgress,
  TrainedModelView,
} from '../contract/training.js';

/** @internal how Training reaches the worker */
export type TrainingCall = <K extends TrainingName>(name: K, options: TrainingMap[K]['options'], signal?: AbortSignal, onProgress?: (p: TrainProgress | number) => void) => Promise<TrainingMap[K]['result']>;

export class Training {
  /** @internal use curator.training */
  constructor(private readonly call: TrainingCall) {}

  /** The labels of an archive's contents, with counts per label. */
  labels(archive: string): Promise<ArchiveLabels> {
    return this.call('labels', { archive });
  }

  /**
   * Set (replace) the labels of contents by id; `[]` clears a content's labels. Several labels = multi-label.
   * @throws ValidationError naming `labels[<id>]` for an id not in the archive or a label outside 1..100 characters; nothing is written then
   */
  setLabels(archive: string, labels: LabelsById): Promise<ArchiveLabels> {
    return this.call('setLabels', { archive, labels });
  }

  /**
   * Set labels from an example_to_labels.json object (content name → label or labels).
   * @throws ValidationError naming `exampleToLabels["<name>"]` for a name not in the archive; nothing is written then
   */
  importLabels(archive: string, exampleToLabels: Record<string, string[] | string>): Promise<ArchiveLabels> {
    return this.call('importLabels', { archive, exampleToLabels });
  }

  /** The archive's labels as example_to_labels.json (content name → labels). */
  exportLabels(archive: string): Promise<Record<string, string[]>> {
    return this.call('exportLabels', { archive });
  }

  /**
   * Train a classifier on the archive's labelled vectors and store it as a new version.
   * Reports each epoch to `onProgress`. Cancelled or failed: nothing is stored.
   * @throws ValidationError for fewer than 2 labels, more than 100, or too few examples to hold out a test part
   */
  train(archive: string, options: TrainOptions = {}): Promise<ClassifierVersion> {
    const { signal, onProgress, ...rest } = options;
    return this.call('train', { archive, ...rest }, signal, onProgress ? (p) => typeof p === 'object' && onProgress(p) : undefined);
  }

  /** The stored classifier versions of an archive, newest first. */
  classifiers(archive: string): Promise<ClassifierVersion[]> {
    return this.call('classifiers', { archive });
  }

  /** Delete a version for good (the others stay). */
  deleteClassifier(archive: string, version: number): Promise<{ deleted: boolean }> {
    return this.call('deleteClassifier', { archive, version });
  }

  /** Classify archive contents (`ids`), dropped files or vectors with a version (the latest by default). */
  classify(archive: string, options: ClassifyOptions): Promise<Classification> {
    const { signal, ...rest } = options;
    return this.call('classify', { archive, ...rest }, signal);
  }

  /** Feedback on predictions (right, or wrong with the right labels); the next training learns from it. */
  feedback(archive: string, feedback: ClassifierFeedback[]): Promise<{ labelled: number; examples: number }> {
    return this.call('feedback', { archive, feedback });
  }

  /** Contents whose label a cross-validated classifier disagrees with, most likely wrong first. */
  labelErrors(archive: string, options: LabelErrorOptions = {}): Promise<LabelErrors> {
    const { signal, onProgress, ...rest } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return this.call('labelErrors', { archive, ...rest }, signal, onProgress ? (p) => typeof p === 'number' && onProgress(p) : undefined);
  }

  /**
   * Fine-tuned vectorizers and translators trained in this browser (by the fine_tune_vectorizer and
   * fine_tune_translator jobs run locally), newest first, with what their training measured.
   */
  models(): Promise<TrainedModelView[]> {
    return this.call('models', {});
  }

  /**
   * Delete a fine-tuned vectorizer or a translator trained here. A vectorizer that an archive has as
   * its default is refused (the error names the archives). Resolves `{ deleted: false }` for an unknown name.
   */
  deleteModel(kind: 'vectorizer' | 'translator', name: string): Promise<{ deleted: boolean }> {
    return this.call('deleteModel', { kind, name });
  }
}
