/**
 * curatekit/core — the algorithms behind the curation jobs, for apps that
 * want them without the worker: they work on L2-normalised Float32Array rows
 * (`VectorSet`), with cosine distances (1 − cos), and use no browser API, so
 * they run in Node, pages and workers alike. Every long call is async, takes
 * `{ signal, onProgress }` and yields every ~40 ms. Invalid input throws a
 * ValidationError naming the field and the rule.
 *
 * Index classes share one set of verbs: build (ExactIndex: the constructor),
 * `add`, `search`, `size`, `serialize` / `deserialize`.
 *
 * This list is the public surface (recorded in api/curatekit-core.api.md); the folders
 * below export more to each other, and that stays internal.
 */

// Vectors
export { vectorSet, fromRows, normalizeRows, select, type VectorSet, type RunOptions } from './base/index.js';

// Exact search
export { knnAll, searchExact, combineQueries, ExactIndex, assetBasis, searchWithoutAssets } from './search/index.js';
export type { KnnGraph, SearchResult, ExactSearchOptions, ExactIndexOptions, AssetBasis } from './search/index.js';

// Approximate search
export { IvfIndex, type IvfBuildOptions, type IvfSearchOptions, type IvfSnapshot } from './ann/index.js';

// Duplicates
export { nearDuplicates, similarPairs, isDuplicate, cascade, DEFAULT_DUPLICATE_RULE } from './dedupe/index.js';
export type { DuplicateRule, NearDuplicateResult, SimilarPairs, CascadeItem, CascadeMatch, CascadeOptions, CascadeResult, CascadeStage } from './dedupe/index.js';

// Calibration
export { calibrateSimilarity, calibrateFromAnswers, pairsNearThreshold } from './calibrate/index.js';
export type { CalibrationOptions, SimilarityCalibration, SimilarityAnswer, ThresholdPrior, AnswerFit, CandidatePair } from './calibrate/index.js';

// Pixels
export { phash, dhash, hamming64, hashToHex, hexToHash, pixelHash, pixelQuality, pixelStats, DEFAULT_QUALITY_THRESHOLDS, PIXEL_STAT_NAMES } from './image/index.js';
export type { Hash64, PixelQuality, QualityThresholds } from './image/index.js';

// Clusters
export { kmeans, autoKmeans, silhouette, clusterBySimilarity, clusterLists } from './cluster/index.js';
export type { KmeansOptions, KmeansResult, AutoKOptions, AutoKResult, KScore, SimilarityClusterOptions, SimilarityClusterResult, ClusterListOptions, ClusterLists } from './cluster/index.js';

// Scores: outliers, relevance, uniqueness, balance
export { findOutliers, calibrateRelevance, relevanceScores, contentScores, balanceClusters, unusualness, UNUSUAL_CUT } from './rank/index.js';
export type { OutlierOptions, OutlierResult, Unusualness, OutlierMethod, FeatureFusion, RelevanceModel, CalibrateRelevanceOptions, RelevanceScoreOptions, RelevanceResult, ContentScoreOptions, ContentScores, BalanceOptions, BalanceResult } from './rank/index.js';

// Projections
export { pca, fitPca, pcaTransform, type PcaModel, type PcaOptions } from './linalg/index.js';
export { umap, type UmapOptions, type UmapResult } from './map/index.js';
