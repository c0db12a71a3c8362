/**
 * curatekit/core — the pure algorithms behind the curation jobs, on
 * Float32Array vectors (`VectorSet`). No browser APIs: runs in Node, pages and
 * workers. Vectors are L2-normalised; distances are cosine distances (1 − cos).
 */
export * from './matrix.js';
export * from './knn.js';
export * from './search.js';
export * from './ann-ivf.js';
export * from './neardup.js';
export * from './dup-rule.js';
export * from './cascade.js';
export * from './image-hash.js';
export * from './pixel-quality.js';
export * from './pixel-stats.js';
export * from './pixel-layout.js';
export * from './robust-z.js';
export * from './similarity-calibration.js';
export * from './common-assets.js';
export * from './boundary-answers.js';
export * from './kmeans.js';
export * from './kmeans-auto.js';
export * from './cluster-similarity.js';
export * from './cluster-result.js';
export * from './cluster-jobs.js';
export * from './outliers.js';
export * from './outliers-job.js';
export * from './relevance.js';
export * from './relevance-pixel.js';
export * from './balance.js';
export * from './pca.js';
export * from './pca-job.js';
export * from './umap.js';
export * from './scores.js';
export * from './half.js';
export type { RunOptions } from './cluster-runtime.js';
