/**
 * curatekit — on-device curation of image collections.
 *
 * @example
 * import { createCurator } from 'curatekit';
 * const curator = await createCurator();
 */
export { createCurator, Curator, type CuratorOptions, type CuratorEventMap } from './client/curator.js';
export type { ContentView, VectorsView, EngineInit, EngineApi } from './contract/protocol.js';
export { createEngineApi, type WorkerDefaults } from './worker/engine-api.js';
export * from './contract/errors.js';
export * from './contract/jobs.js';
export type { VectorizerManifest, InputSpec, RuntimeSpec, RuntimeName } from './embed/manifest.js';
export type { BackendChoice, BackendName, GpuProbe } from './embed/backend.js';
export type { EmbedderInfo } from './embed/embedder.js';
export type { WasmPaths } from './embed/session.js';
export { clearModelCache, MODEL_CACHE } from './embed/model-files.js';
