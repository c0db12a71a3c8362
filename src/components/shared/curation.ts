/** The curation calls elements make: the client's own method when it has one, else the fallback. */
import type { CuratorLike } from './curator-like.js';
import type { AnswerFitSummary, ArchiveScores } from '../../contract/views.js';
import type { CalibrationPair, DuplicateGroup, MapLayout } from '../../contract/views.js';
import { calibrateFallback, calibrationPairsFallback, duplicatesFallback, mapFallback, scoresFallback } from './fallbacks.js';

export function findDuplicates(c: CuratorLike, archive: string, options: { threshold?: number; signal?: AbortSignal } = {}): Promise<DuplicateGroup[]> {
  return c.duplicates ? c.duplicates(archive, options) : duplicatesFallback(c, archive, options.threshold);
}

export function computeScores(c: CuratorLike, archive: string, options: { k?: number; signal?: AbortSignal } = {}): Promise<ArchiveScores> {
  return c.scores ? c.scores(archive, options) : scoresFallback(c, archive, options.k);
}

export function computeMap(c: CuratorLike, archive: string, options: { method?: 'umap' | 'pca'; signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<MapLayout> {
  return c.map ? c.map(archive, options) : mapFallback(c, archive);
}

export function getCalibrationPairs(c: CuratorLike, archive: string, count: number, threshold?: number): Promise<CalibrationPair[]> {
  return c.calibrationPairs ? c.calibrationPairs(archive, { count }) : calibrationPairsFallback(c, archive, count, threshold);
}

export function calibrate(c: CuratorLike, archive: string, answers: { a: number; b: number; same: boolean }[], threshold?: number): Promise<AnswerFitSummary> {
  return c.calibrateFromAnswers ? c.calibrateFromAnswers(archive, answers) : calibrateFallback(c, archive, answers, threshold);
}
