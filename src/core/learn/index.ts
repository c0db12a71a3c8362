/** learn/: the model-free parts of training — splits, metrics, label errors. */
export { stratifiedFolds, stratifiedSplit } from './split.js';
export { argmaxRow, confidenceWord, multiLabelMetrics, singleLabelMetrics, type SingleLabelMetrics } from './metrics.js';
export { findLabelErrors, type LabelErrorFinding } from './label-errors.js';
