/**
 * core/ann — approximate search: an IVF index with int8 codes and exact re-rank.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { IvfIndex, type IvfBuildOptions, type IvfSearchOptions } from './ivf.js';
export type { IvfSnapshot } from './ivf-snapshot.js';
