/**
 * Events the elements fire. All bubble, cross shadow roots (composed), and
 * are typed here so `el.addEventListener('curate-select', e => e.detail.ids)`
 * type-checks in the page.
 */
import type { CuratekitError } from '../../contract/errors.js';
import type { IndexResults, Job, JobProgress } from '../../contract/jobs.js';
import type { ClusterInfo, LabelEdit } from './model.js';
import type { ClassifierVersion } from '../../contract/training.js';
import type { BatchFolderListing } from '../../contract/views.js';

export interface CurateSelectDetail {
  /** Every selected id after the change. */
  ids: number[];
}
export interface CurateErrorDetail {
  error: CuratekitError;
  /** Tag name of the element that failed. */
  source: string;
}
export interface CurateOpenDetail {
  id: number;
  /** The list it was opened from, in its order (what a viewer steps through). */
  ids?: number[];
}
export interface CurateCompareDetail {
  a: number;
  b: number;
}
export interface CurateIndexedDetail {
  archive: string;
  results: IndexResults;
}
export interface CurateRemoveDetail {
  ids: number[];
}
export interface CurateLabelDetail {
  ids: number[];
  label: string | null;
  /** How the label was applied: replacing the items' labels, added among them, or taken off. @defaultValue 'set' */
  edit?: LabelEdit;
}
export interface CurateClustersDetail {
  clusters: ClusterInfo;
}
export interface CurateResultsDetail {
  /** [id, distance] pairs, nearest first. */
  results: [number, number][];
}
export interface CurateFindMoreDetail {
  /** Under-represented examples to search more of. */
  ids: number[];
}
/** A correction a user made on a duplicate group, stored with the archive. */
export type StoredDecision =
  | { kind: 'not-same'; a: number; b: number; label: string }
  | { kind: 'keeper'; keep: number; group: number[]; label: string };
export interface CurateDecisionDetail {
  decision: StoredDecision;
  /** True when the decision was taken back. */
  undone: boolean;
}
export interface CurateExportDetail {
  kind: 'zip' | 'trainer';
  count: number;
}

export interface CurateTrainedDetail {
  /** The stored version, with its held-out metrics. */
  version: ClassifierVersion;
}
export interface CurateFineTunedDetail {
  /** Name of the fine-tuned vectorizer, usable wherever a vectorizer is named. */
  name: string;
}
export interface CurateFeedbackDetail {
  /** Archive contents whose labels the feedback set. */
  labelled: number;
  /** Examples kept from files outside the archive. */
  examples: number;
}
export interface CurateBatchFolderDetail {
  /** What the batch folder holds after the change. */
  listing: BatchFolderListing;
}

declare global {
  interface HTMLElementEventMap {
    'curate-select': CustomEvent<CurateSelectDetail>;
    'curate-error': CustomEvent<CurateErrorDetail>;
    'curate-open': CustomEvent<CurateOpenDetail>;
    'curate-compare': CustomEvent<CurateCompareDetail>;
    'curate-indexed': CustomEvent<CurateIndexedDetail>;
    'curate-remove': CustomEvent<CurateRemoveDetail>;
    'curate-restore': CustomEvent<CurateRemoveDetail>;
    'curate-label': CustomEvent<CurateLabelDetail>;
    'curate-clusters': CustomEvent<CurateClustersDetail>;
    'curate-results': CustomEvent<CurateResultsDetail>;
    'curate-export': CustomEvent<CurateExportDetail>;
    'curate-decision': CustomEvent<CurateDecisionDetail>;
    'curate-find-more': CustomEvent<CurateFindMoreDetail>;
    'curate-trained': CustomEvent<CurateTrainedDetail>;
    'curate-fine-tuned': CustomEvent<CurateFineTunedDetail>;
    'curate-feedback': CustomEvent<CurateFeedbackDetail>;
    'curate-batch-folder': CustomEvent<CurateBatchFolderDetail>;
    'curate-job-start': CustomEvent<Job>;
    'curate-job-progress': CustomEvent<JobProgress>;
    'curate-job-end': CustomEvent<Job>;
  }
}
