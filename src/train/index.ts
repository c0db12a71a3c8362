/** train/: classifier heads fitted with tfjs on vectors (no storage, no archives). */
export { fitHead, predictHead, type FitOptions, type FitResult, type HeadData, type HeadWeights } from './head.js';
export { labelSet, outOfFoldProbabilities, trainClassifier, TRAIN_DEFAULTS, type Examples, type TrainedClassifier, type TrainSettings } from './classifier.js';
