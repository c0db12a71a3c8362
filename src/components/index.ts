/**
 * curatekit/components: importing this module registers every `<curate-*>`
 * element (side effect) and exports their classes and the shared model.
 *
 * @example
 * import { createCurator } from 'curatekit';
 * import 'curatekit/components';
 * document.querySelector('curate-app').curator = await createCurator();
 */
import { CurateDropzone } from './dropzone/dropzone.js';
import { CurateGallery } from './gallery/gallery.js';
import { CurateSearch } from './search/search.js';
import { CurateJobs } from './jobs/jobs.js';
import { CurateDuplicates } from './duplicates/duplicates.js';
import { CurateClusters } from './clusters/clusters.js';
import { CurateOutliers } from './outliers/outliers.js';
import { CurateMap } from './map/map.js';
import { CurateBalance } from './balance/balance.js';
import { CurateExport } from './export/export.js';
import { CurateTrain } from './train/train.js';
import { CurateLabelErrors } from './label-errors/label-errors.js';
import { CurateClassify } from './classify/classify.js';
import { CurateModels } from './models/models.js';
import { CurateBatchFolder } from './batch-folder/batch-folder.js';
import { CurateViewer } from './viewer/viewer.js';
import { CurateApp } from './app/app.js';

export { CurateDropzone, CurateGallery, CurateSearch, CurateJobs, CurateDuplicates, CurateClusters, CurateOutliers, CurateMap, CurateBalance, CurateExport, CurateTrain, CurateLabelErrors, CurateClassify, CurateModels, CurateBatchFolder, CurateViewer, CurateApp };

/** Tag name → class of every element. */
export const CURATE_ELEMENTS = {
  'curate-dropzone': CurateDropzone,
  'curate-gallery': CurateGallery,
  'curate-search': CurateSearch,
  'curate-jobs': CurateJobs,
  'curate-duplicates': CurateDuplicates,
  'curate-clusters': CurateClusters,
  'curate-outliers': CurateOutliers,
  'curate-map': CurateMap,
  'curate-balance': CurateBalance,
  'curate-export': CurateExport,
  'curate-train': CurateTrain,
  'curate-label-errors': CurateLabelErrors,
  'curate-classify': CurateClassify,
  'curate-models': CurateModels,
  'curate-batch-folder': CurateBatchFolder,
  'curate-viewer': CurateViewer,
  'curate-app': CurateApp,
} as const;

/**
 * Register every element (idempotent). Importing this module already does it;
 * call it explicitly when a bundler may drop side-effect-only imports.
 */
export function defineCurateElements(): void {
  for (const [tag, cls] of Object.entries(CURATE_ELEMENTS)) if (!customElements.get(tag)) customElements.define(tag, cls);
}

defineCurateElements();
export { CurateElement } from './shared/base.js';
export { CurationModel, type ClusterInfo, type ModelChange, type ModelStorage, type PersistedModel, type SelectMode } from './shared/model.js';
export type { CuratorLike, TrainingLike } from './shared/curator-like.js';
export type { ArchiveScores } from '../contract/views.js';
export type { DuplicateGroup, DuplicateStage, MapLayout, CalibrationPair } from '../contract/views.js';
export type * from './shared/events.js';
export type { BatchReport } from './dropzone/dropzone.component.js';
export type { KeepRule } from './duplicates/rules.js';
export type { ClusterMethod } from './clusters/clusters.component.js';
export type { ColorBy } from './map/colors.js';
export type { ExportScope } from './export/export.component.js';
export type { TabId } from './app/tabs.js';
