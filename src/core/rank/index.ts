/**
 * core/rank — per-item scores: outliers, relevance to an archive, uniqueness/representativeness, and cluster balancing.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { balanceClusters, readIdList, readIdLists, type BalanceOptions, type BalanceResult } from './balance.js';
export { contentScores, type ContentScoreOptions, type ContentScores } from './content-scores.js';
export { unusualness, UNUSUAL_CUT, type Unusualness } from './unusual.js';
export { findOutliers, type OutlierOptions, type OutlierResult, type OutlierMethod, type FeatureFusion } from './outliers.js';
export { calibrateRelevance, type RelevanceModel, relevanceScores, type CalibrateRelevanceOptions, type RelevanceScoreOptions, type RelevanceResult } from './relevance.js';
