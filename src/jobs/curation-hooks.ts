/**
 * Where index meets curation: pixel facts from the decode (hashes, quality)
 * and the redundancy / relevance checks of an incoming batch.
 */
import type { ArchiveRecord, QualityScores } from '../store/schema.js';
import type { JobContext } from './context.js';
import type { IndexResults } from './types.js';

export interface BatchItemFacts {
  name: string;
  byteHash: string | null;
  pixelHash: string | null;
  phash: string | null;
  quality?: QualityScores | null;
}

export interface RedundancyChecks {
  withinBatch: boolean;
  againstArchived: boolean;
  relevance: boolean;
}

/** Hashes and quality scores of a decoded image's analysis copy. */
export function pixelFacts(_analysis: { data: Uint8ClampedArray; width: number; height: number }): Omit<BatchItemFacts, 'name' | 'byteHash'> {
  return { pixelHash: null, phash: null, quality: null };
}

/**
 * Run the requested checks on a batch; returns, per item, whether to keep it.
 * Redundant / irrelevant names are written into `results`.
 */
export async function checkRedundancy(
  _ctx: JobContext,
  _archive: ArchiveRecord,
  _vectorizer: string,
  facts: BatchItemFacts[],
  _vectors: Float32Array,
  _dim: number,
  _checks: RedundancyChecks,
  _subset: number[] | null,
  _results: IndexResults,
): Promise<boolean[]> {
  return facts.map(() => true);
}
