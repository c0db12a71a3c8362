/**
 * curatekit/components: importing this module registers every `<curate-*>`
 * element (side effect) and exports their classes and the shared model.
 *
 * @example
 * import 'curatekit/components';
 * const app = document.querySelector('curate-app');
 * app.curator = await createCurator();
 */
export { CurateDropzone } from './dropzone/dropzone.js';
export { CurateGallery } from './gallery/gallery.js';
export { CurateSearch } from './search/search.js';
export { CurateJobs } from './jobs/jobs.js';
export { CurateElement } from './shared/base.js';
export { CurationModel, type ClusterInfo, type ModelChange, type ModelStorage, type PersistedModel, type SelectMode } from './shared/model.js';
export type { CuratorLike, DuplicateGroup, DuplicateStage, ContentScores, MapLayout, CalibrationPair } from './shared/curator-like.js';
export type * from './shared/events.js';
export type { BatchReport } from './dropzone/dropzone.component.js';
