/**
 * core/cluster — k-means (Lloyd, Hamerly), automatic k, clustering by a similarity threshold, and cluster lists sorted for the job API.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { autoKmeans, type KScore, type AutoKOptions, type AutoKResult, silhouette } from './auto-k.js';
export { clusterBySimilarity, DEFAULT_SAME_KIND_SIMILARITY, type SimilarityClusterOptions, type SimilarityClusterResult } from './by-similarity.js';
export { kmeans, type KmeansOptions, type KmeansResult } from './kmeans.js';
export { clusterLists, type ClusterListOptions, type ClusterLists } from './lists.js';
