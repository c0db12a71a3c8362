/**
 * curatekit/core — the pure algorithms behind the curation jobs, on
 * Float32Array vectors (`VectorSet`). No browser APIs: runs in Node, pages and
 * workers. Vectors are L2-normalised; distances are cosine distances (1 − cos).
 */
export * from './base/matrix.js';
export * from './search/knn.js';
export * from './search/exact.js';
export * from './ann/ivf.js';
export * from './dedupe/neardup.js';
export * from './dedupe/rule.js';
export * from './dedupe/cascade.js';
export * from './image/hash.js';
export * from './image/quality.js';
export * from './image/stats.js';
export * from './image/layout.js';
export * from './base/robust-z.js';
export * from './calibrate/similarity.js';
export * from './search/common-assets.js';
export * from './calibrate/answers.js';
export * from './cluster/kmeans.js';
export * from './cluster/auto-k.js';
export * from './cluster/by-similarity.js';
export * from './cluster/lists.js';
export * from '../jobs/adapters/clusters.js';
export * from './rank/outliers.js';
export * from '../jobs/adapters/outliers.js';
export * from './rank/relevance.js';
export * from './rank/relevance-pixel.js';
export * from './rank/balance.js';
export * from './linalg/pca.js';
export * from '../jobs/adapters/pca.js';
export * from './map/umap.js';
export * from './rank/content-scores.js';
export * from './base/half.js';
export type { RunOptions } from './base/ticker.js';
