/**
 * curatekit/components: importing this module registers every `<curate-*>`
 * element (side effect) and exports their classes and the shared model.
 *
 * @example
 * import { createCurator } from 'curatekit';
 * import 'curatekit/components';
 * document.querySelector('curate-app').curator = await createCurator();
 */
export { CurateDropzone } from './dropzone/dropzone.js';
export { CurateGallery } from './gallery/gallery.js';
export { CurateSearch } from './search/search.js';
export { CurateJobs } from './jobs/jobs.js';
export { CurateDuplicates } from './duplicates/duplicates.js';
export { CurateClusters } from './clusters/clusters.js';
export { CurateOutliers } from './outliers/outliers.js';
export { CurateMap } from './map/map.js';
export { CurateBalance } from './balance/balance.js';
export { CurateExport } from './export/export.js';
export { CurateApp } from './app/app.js';
export { CurateElement } from './shared/base.js';
export { CurationModel, type ClusterInfo, type ModelChange, type ModelStorage, type PersistedModel, type SelectMode } from './shared/model.js';
export type { CuratorLike, DuplicateGroup, DuplicateStage, ContentScores, MapLayout, CalibrationPair } from './shared/curator-like.js';
export type * from './shared/events.js';
export type { BatchReport } from './dropzone/dropzone.component.js';
export type { KeepRule } from './duplicates/rules.js';
export type { ClusterMethod } from './clusters/clusters.component.js';
export type { ColorBy } from './map/map.component.js';
export type { ExportScope } from './export/export.component.js';
export type { TabId } from './app/tabs.js';
