/**
 * core/calibrate — fitting the duplicate rule and threshold from labelled pairs and from a user's same / not-same answers.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { calibrateFromAnswers, pairsNearThreshold, type AnswerFit, type SimilarityAnswer, type ThresholdPrior, type CandidatePair } from './answers.js';
export { calibrateSimilarity, MAX_CALIBRATION_PAIRS, MIN_CALIBRATION_PAIRS, type CalibrationOptions, type SimilarityCalibration } from './similarity.js';
