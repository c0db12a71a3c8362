/** train/: classifier heads and fine-tuned projections fitted with tfjs on vectors (no storage, no archives). */
export { fitHead, predictHead, type FitOptions, type FitResult, type HeadData, type HeadWeights } from './head.js';
export { labelSet, outOfFoldProbabilities, trainClassifier, TRAIN_DEFAULTS, type Examples, type TrainedClassifier, type TrainSettings } from './classifier.js';
export { fitProjection, projectRows, PROJECTION_DEFAULTS, type FittedProjection, type ProjectionSettings, type ProjectionWeights } from './projection.js';
