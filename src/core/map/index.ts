/**
 * core/map — 2-D layouts for display (UMAP).
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { umap, type UmapOptions, type UmapResult } from './umap.js';
