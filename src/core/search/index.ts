/**
 * core/search — exact nearest neighbours: kNN graphs, single and batched queries (ExactIndex), symmetric neighbour/pair passes, search with common assets projected out.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { assetBasis, type AssetBasis, searchWithoutAssets } from './common-assets.js';
export { searchExact, type SearchResult, combineQueries } from './exact.js';
export { knnQuery, knnSelf } from './knn-metric.js';
export { checkKnn, knnAll, type KnnGraph } from './knn.js';
export { neighborsAndPairs, type SimilarPairs } from './neighbors.js';
export { ExactIndex, type ExactIndexOptions } from './exact-index.js';
export { type ExactSearchOptions } from './collect.js';
