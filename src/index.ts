/**
 * curatekit — on-device curation of image collections.
 *
 * The root entry is the main-thread side: the client, the job contract and
 * its types, and the typed errors. Engine code (jobs, models, storage) runs
 * in the worker and is not imported here; a custom worker imports
 * `curatekit/engine`.
 *
 * @example
 * import { createCurator } from 'curatekit';
 * const curator = await createCurator();
 */
export { createCurator, Curator, type CuratorOptions, type CuratorEventMap, type CuratorRunOptions } from './client/curator.js';
export * from './contract/errors.js';
export * from './contract/jobs.js';
export { JOB_TYPES, JOB_WHERE, REMOTE_ONLY_JOB_TYPES, runsLocally, type JobWhere } from './contract/job-types.js';
export type * from './contract/views.js';
export type * from './contract/vectorizers.js';
export type * from './contract/training.js';
export { CONFIDENCE_CUTS, LABEL_LIMITS } from './contract/training.js';
export type { Training } from './client/training.js';
export type { BatchFolder, BatchFolderAddOptions } from './client/batch-folder.js';
export type { BatchFolderCall } from './contract/protocol.js';
export type { EngineApi, EngineInit } from './contract/protocol.js';
export { clearModelCache, MODEL_CACHE } from './embed/model-files.js';
