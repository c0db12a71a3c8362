/**
 * The training contract: labels kept with an archive, classifiers trained on
 * the archive's vectors in the worker (tfjs), stored as versions, used to
 * classify, and label errors found by cross-validation. Spoken by the client,
 * the worker and the training code alike; no job of the cloud API covers it.
 */

/** Labels of contents, by content id (multi-label: a content may have several). */
export type LabelsById = Record<number, string[]>;

/** How many contents carry each label. */
export interface LabelCount {
  label: string;
  count: number;
}

/** The labels of an archive. */
export interface ArchiveLabels {
  /** Content id → its labels; contents without a label are absent. */
  labels: LabelsById;
  /** Per label, most frequent first. */
  counts: LabelCount[];
  /** Contents with at least one label / without any. */
  labelled: number;
  unlabelled: number;
}

/** Limits every labelled set is held to (the Vector Curator fine-tuning rules). */
export const LABEL_LIMITS = {
  /** At most this many distinct labels in one training. */
  maxLabels: 100,
  /** A label is 1..100 characters. */
  maxLabelLength: 100,
} as const;

/** The classifier heads a training can fit on top of the vectors. */
export type ClassifierKind = 'logistic' | 'mlp';

/** Options of a training run. Every field is optional. */
export interface TrainOptions {
  /**
   * The head: softmax (or sigmoid, multi-label) regression, or one hidden ReLU layer.
   * @defaultValue 'logistic' (on the benchmark sets it matched or beat the MLP; see BENCHMARKS.md)
   */
  kind?: ClassifierKind;
  /** Share of each label held out to report accuracy, 0.05..0.5 (stratified, like Vize's 80/20). @defaultValue 0.2 */
  testFraction?: number;
  /** Most epochs; training stops earlier when the held-back validation loss stops improving. @defaultValue 300 */
  maxEpochs?: number;
  /** Epochs without a better validation loss before stopping. @defaultValue 20 */
  patience?: number;
  /** Adam step size. @defaultValue 0.01 */
  learningRate?: number;
  /** L2 weight penalty. @defaultValue 0.01 (held-out accuracy on the emoji set: 69.7 % vs 62.1 % at 1e-4; `npm run bench:train -- --sweep`) */
  l2?: number;
  /** Hidden units of the `mlp` head. @defaultValue 256 */
  hidden?: number;
  /** Weight each label by the inverse of its frequency, so a rare label counts as much as a common one. @defaultValue true */
  balanceClasses?: boolean;
  /** Seed of the split and the initial weights: the same seed and data give the same version. @defaultValue 1 */
  seed?: number;
  /** Which vectors to train on. @defaultValue the archive's default vectorizer */
  vectorizer?: string;
  /** Cancels the run; nothing is stored. */
  signal?: AbortSignal;
  /** Called after every epoch. */
  onProgress?: (p: TrainProgress) => void;
}

/** Progress of a training run, once per epoch. */
export interface TrainProgress {
  /** 'train' while fitting; 'test' once while scoring the held-out split. */
  phase: 'train' | 'test';
  epoch: number;
  maxEpochs: number;
  loss: number;
  validationLoss: number;
  validationAccuracy: number;
  /** 0..1 of the most epochs (the run may end earlier). */
  progress: number;
}

/** Precision and recall of one label on the held-out split. */
export interface LabelMetrics {
  label: string;
  precision: number;
  recall: number;
  /** Held-out contents that carry the label. */
  support: number;
}

/** How reliable each confidence word was on the held-out split. */
export interface ConfidenceMetrics {
  word: ConfidenceWord;
  /** Held-out predictions with this word. */
  count: number;
  /** Share of them that were right (NaN-free: 0 when count is 0). */
  accuracy: number;
}

/** What a training run measured. */
export interface ClassifierMetrics {
  /** Share of held-out contents whose top label is right (multi-label: exact set match). */
  accuracy: number;
  perLabel: LabelMetrics[];
  /** Rows: true label, columns: predicted label, in the order of `labels` (single-label only; empty for multi-label). */
  confusion: number[][];
  confidence: ConfidenceMetrics[];
  trainSize: number;
  testSize: number;
  epochs: number;
  stoppedEarly: boolean;
  trainMs: number;
  /** tfjs backend that trained it ('wasm', 'webgpu', 'cpu'). */
  backend: string;
}

/** A stored classifier: one per training run, never changed afterwards. */
export interface ClassifierVersion {
  /** 1, 2, … per archive. */
  version: number;
  archive: string;
  created_at: number;
  kind: ClassifierKind;
  multiLabel: boolean;
  /** The labels it predicts, in output order. */
  labels: string[];
  vectorizer: string;
  dim: number;
  metrics: ClassifierMetrics;
  /** The data it learned from. */
  dataset: {
    /** Archive contents with labels (ids). */
    ids: number[];
    counts: LabelCount[];
    /** Examples given as feedback on files outside the archive. */
    feedbackExamples: number;
  };
  options: Required<Omit<TrainOptions, 'signal' | 'onProgress' | 'vectorizer'>>;
}

/** "high" / "medium" / "low", from the top probability: see CONFIDENCE_CUTS. */
export type ConfidenceWord = 'high' | 'medium' | 'low';

/** Top probability at or above `high` → "high"; at or above `medium` → "medium"; else "low". */
export const CONFIDENCE_CUTS = { high: 0.8, medium: 0.5 } as const;

/** What to classify: archive contents, files, or vectors of the classifier's vectorizer. */
export interface ClassifyOptions {
  /** Version to use. @defaultValue the latest */
  version?: number;
  ids?: number[];
  files?: (File | { name: string; blob: Blob })[];
  vectors?: { name: string; vector: Float32Array | number[] }[];
  /** Labels per prediction. @defaultValue 3 */
  topK?: number;
  signal?: AbortSignal;
}

/** One classified item. */
export interface Prediction {
  /** The content id (ids) or the name (files, vectors). */
  id?: number;
  name?: string;
  /** Most probable first. */
  labels: { label: string; probability: number }[];
  confidence: ConfidenceWord;
  /** Multi-label: every label at or above 0.5. Single-label: the top one. */
  predicted: string[];
  /** Why it could not be classified (a file that does not decode); labels is empty then. */
  error?: string;
}

/** The result of a classification. */
export interface Classification {
  version: number;
  predictions: Prediction[];
}

/**
 * Feedback on a prediction: right or wrong (with the right label). On an archive
 * content it sets the content's labels; on a file or vector it is kept as a
 * training example. The next training run uses both.
 */
export interface ClassifierFeedback {
  /** An archive content … */
  id?: number;
  /** … or a file / vector classified from outside the archive (its vector is kept, not the file). */
  file?: File | { name: string; blob: Blob };
  vector?: Float32Array | number[];
  /** The labels the prediction gave. */
  predicted: string[];
  correct: boolean;
  /** The right labels, required when `correct` is false. */
  labels?: string[];
}

/** Options of a label-error search. */
export interface LabelErrorOptions {
  /** Cross-validation folds, 2..10. @defaultValue 5 */
  folds?: number;
  seed?: number;
  vectorizer?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** A content whose label the evidence disagrees with: another label is more probable than its own. */
export interface LabelIssue {
  id: number;
  given: string;
  suggested: string;
  /**
   * Probability of the given label / of the suggested one: 0.7 × the cross-validated
   * classifier's out-of-fold probability + 0.3 × the share of its 10 nearest labelled
   * neighbours carrying that label.
   */
  givenProbability: number;
  suggestedProbability: number;
}

/** Result of a label-error search (cross-validation and neighbours; core/learn/label-errors.ts). */
export interface LabelErrors {
  /** Most likely wrong first: the lowest probability of its own label first. */
  issues: LabelIssue[];
  /** Per label, the average probability its own contents get (how sure the evidence is of that label). */
  thresholds: Record<string, number>;
  /** Out-of-fold accuracy over all labelled contents. */
  crossValidatedAccuracy: number;
  checked: number;
}

/** What fine-tuning a vectorizer measured (fine_tune_vectorizer run locally). */
export interface FineTuneReport {
  labels: string[];
  multiLabel: boolean;
  /** Labelled examples it trained on (validation part included). */
  examples: number;
  epochs: number;
  /** Held-back examples (15 % of each label): nearest-label-mean accuracy in the base space and in the fine-tuned one. */
  validation: { size: number; baseAccuracy: number; accuracy: number };
  trainMs: number;
  backend: string;
}

/** What fitting a translator measured (fine_tune_translator run locally). */
export interface TranslatorReport {
  /** The map kept: the identity (the spaces already agree best) or ridge regression. */
  kind: 'identity' | 'ridge';
  pairs: number;
  validationPairs: number;
  /** Where the validation pairs came from: validation_mappings.json, or 15 % of the training pairs held out. */
  validationSource: 'validation_mappings' | 'held_out';
  /** Recall@1 of mapped validation inputs among the validation outputs, for the map kept. */
  recallAt1: number;
  /** The same for the identity map (null when the two spaces differ in dimension). */
  identityRecallAt1: number | null;
  /** Every candidate tried, name → recall@1. */
  candidates: Record<string, number>;
}

/** A model trained in this browser and kept: a fine-tuned vectorizer or a translator. */
export type TrainedModelView =
  | { kind: 'vectorizer'; name: string; /** The base vectorizer it refines. */ input: string; output: string; created_at: number; report: FineTuneReport }
  | { kind: 'translator'; name: string; /** Vectorizer of the query side. */ input: string; /** Vectorizer of the archive side. */ output: string; created_at: number; report: TranslatorReport };

/** The training calls by name, as they cross the worker boundary: options in, result out. */
export interface TrainingMap {
  labels: { options: { archive: string }; result: ArchiveLabels };
  /** Set (replace) the labels of contents; an empty list clears a content's labels. */
  setLabels: { options: { archive: string; labels: LabelsById }; result: ArchiveLabels };
  /** Set labels by content name (example_to_labels.json); names not in the archive are refused. */
  importLabels: { options: { archive: string; exampleToLabels: Record<string, string[] | string> }; result: ArchiveLabels };
  /** example_to_labels.json of the archive: content name → labels. */
  exportLabels: { options: { archive: string }; result: Record<string, string[]> };
  train: { options: { archive: string } & Omit<TrainOptions, 'signal' | 'onProgress'>; result: ClassifierVersion };
  classifiers: { options: { archive: string }; result: ClassifierVersion[] };
  deleteClassifier: { options: { archive: string; version: number }; result: { deleted: boolean } };
  classify: { options: { archive: string } & Omit<ClassifyOptions, 'signal'>; result: Classification };
  feedback: { options: { archive: string; feedback: ClassifierFeedback[] }; result: { labelled: number; examples: number } };
  labelErrors: { options: { archive: string } & Omit<LabelErrorOptions, 'signal' | 'onProgress'>; result: LabelErrors };
  /** Fine-tuned vectorizers and translators trained in this browser (fine_tune_vectorizer / fine_tune_translator run locally). */
  models: { options: Record<string, never>; result: TrainedModelView[] };
  /** Delete a fine-tuned vectorizer (refused while an archive has it as its default) or a translator. */
  deleteModel: { options: { kind: 'vectorizer' | 'translator'; name: string }; result: { deleted: boolean } };
}
export type TrainingName = keyof TrainingMap;
