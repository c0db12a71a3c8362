/** learn/: the model-free parts of training — splits, metrics, label errors, translators. */
export { stratifiedFolds, stratifiedSplit } from './split.js';
export { argmaxRow, confidenceWord, multiLabelMetrics, singleLabelMetrics, type SingleLabelMetrics } from './metrics.js';
export { blendProbabilities, findLabelErrors, neighbourLabelProbabilities, NEIGHBOUR_WEIGHT, type LabelErrorFinding } from './label-errors.js';
export { fitTranslator, recallAt1, translate, type LinearTranslator, type TranslatorFit, type TranslatorFitOptions, type TranslatorPairs } from './translator.js';
