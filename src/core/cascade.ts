/**
 * The redundancy cascade of `index`: for each item of a batch, the cheapest
 * stage that proves it redundant — byte hash → decoded-pixel hash →
 * perceptual hash within a Hamming radius → embedding rule — and what it
 * matched, against the archive and/or earlier items of the same batch.
 *
 * Semantics: batch item i is redundant when it matches an archive item
 * (againstArchive) or any earlier batch item (withinBatch), redundant or not
 * — so of every group of copies exactly the first is kept. Stages run in
 * order and the first stage with a match decides; within a stage the closest
 * match wins (ties: archive before batch, then lower index).
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import { resolveRule, type DuplicateRule } from './dup-rule.js';
import { hashHalves, popcount32, type Hash64 } from './image-hash.js';
import type { VectorSet } from './matrix.js';
import { embeddingMatches } from './cascade-embed.js';
import type { RunOptions } from './tiles.js';
import { checkInt, checkVectorSet } from './vector-checks.js';

/** What the engine knows about one item; any field may be missing (that stage is skipped for it). */
export interface CascadeItem {
  /** Hash of the file bytes (e.g. SHA-256 hex). */
  byteHash?: string | null;
  /** {@link pixelHash} of the decoded pixels. */
  pixelHash?: string | null;
  /** 64-bit perceptual hash ({@link phash}). */
  phash?: Hash64 | null;
  /** Row of this item's embedding in `options.vectors`. */
  vector?: number | null;
}

export type CascadeStage = 'bytes' | 'pixels' | 'phash' | 'embedding';

/** Where a matched item lives: the archive or the batch, and its index there. */
export interface ItemRef {
  in: 'batch' | 'archive';
  index: number;
}

export interface CascadeMatch {
  /** Index of the redundant batch item. */
  index: number;
  stage: CascadeStage;
  matched: ItemRef;
  /** 1 for byte/pixel equality, 1 − hamming/64 for phash, the cosine similarity for embeddings. */
  similarity: number;
}

/** Perceptual-hash Hamming radius (of 64 bits) for a match: resize/recompression/mild noise stay ≤ 8 in our tests, distinct images ≥ 22. */
export const PHASH_RADIUS = 8;

export interface CascadeOptions extends RunOptions {
  /** Compare batch items with earlier batch items. @defaultValue true */
  withinBatch?: boolean;
  /** Compare batch items with the archive. @defaultValue true */
  againstArchive?: boolean;
  /** Hamming radius of the perceptual-hash stage (0 = exact phash only, -1 = stage off). @defaultValue {@link PHASH_RADIUS} */
  phashRadius?: number;
  /** Embedding rule (defaults: DEFAULT_DUPLICATE_RULE, or the archive's calibrated rule). */
  rule?: Partial<DuplicateRule>;
  /** Embeddings referenced by the items' `vector` rows (required when any item has one). */
  vectors?: VectorSet;
}

export interface CascadeResult {
  /** Redundant batch items in ascending index order. */
  redundant: CascadeMatch[];
  /** Indices of the batch items that are not redundant. */
  kept: number[];
}

/**
 * Run the cascade. Cost: hashes O(1) per item; phash O(batch × (archive + batch))
 * popcounts; embeddings one exact pass of batch × (archive + batch) dot products.
 *
 * @throws ValidationError for items with malformed fields (field `batch[i].<name>` / `archive[i].<name>`), bad options.
 * Asynchronous: the embedding stage is a time-sliced exact search that a signal can cancel mid-call.
 * @throws CancelledError when `options.signal` aborts.
 */
export async function cascade(batch: CascadeItem[], archive: CascadeItem[] = [], options: CascadeOptions = {}): Promise<CascadeResult> {
  const withinBatch = options.withinBatch ?? true;
  const againstArchive = options.againstArchive ?? true;
  const radius = options.phashRadius ?? PHASH_RADIUS;
  checkInt(radius, 'phashRadius', -1, 64);
  const rule = resolveRule(options.rule);
  if (!Array.isArray(batch)) throw new ValidationError('batch', 'array of items');
  if (!Array.isArray(archive)) throw new ValidationError('archive', 'array of items');
  const hasVectors = [...batch, ...archive].some((it) => it?.vector !== null && it?.vector !== undefined);
  if (hasVectors) {
    if (!options.vectors) throw new ValidationError('vectors', 'VectorSet when items have vector rows');
    checkVectorSet(options.vectors, 'vectors');
  }
  const nRows = options.vectors?.n ?? 0;
  const aHalves = archive.map((it, i) => checkItem(it, `archive[${i}]`, nRows));
  const bHalves = batch.map((it, i) => checkItem(it, `batch[${i}]`, nRows));

  const found = new Map<number, CascadeMatch>();
  const bytes = new Map<string, ItemRef>();
  const pixels = new Map<string, ItemRef>();
  if (againstArchive) {
    archive.forEach((it, i) => {
      if (it.byteHash && !bytes.has(it.byteHash)) bytes.set(it.byteHash, { in: 'archive', index: i });
      if (it.pixelHash && !pixels.has(it.pixelHash)) pixels.set(it.pixelHash, { in: 'archive', index: i });
    });
  }
  for (let i = 0; i < batch.length; i++) {
    const it = batch[i];
    const byBytes = it.byteHash ? bytes.get(it.byteHash) : undefined;
    const byPixels = !byBytes && it.pixelHash ? pixels.get(it.pixelHash) : undefined;
    if (byBytes) found.set(i, { index: i, stage: 'bytes', matched: byBytes, similarity: 1 });
    else if (byPixels) found.set(i, { index: i, stage: 'pixels', matched: byPixels, similarity: 1 });
    if (withinBatch) {
      if (it.byteHash && !bytes.has(it.byteHash)) bytes.set(it.byteHash, { in: 'batch', index: i });
      if (it.pixelHash && !pixels.has(it.pixelHash)) pixels.set(it.pixelHash, { in: 'batch', index: i });
    }
  }
  throwIfAborted(options.signal);

  if (radius >= 0) {
    for (let i = 0; i < batch.length; i++) {
      if (found.has(i) || !bHalves[i]) continue;
      if ((i & 63) === 0) throwIfAborted(options.signal);
      const [lo, hi] = bHalves[i]!;
      let best = radius + 1;
      let ref: ItemRef | null = null;
      if (againstArchive) {
        for (let j = 0; j < archive.length; j++) {
          const h = aHalves[j];
          if (!h) continue;
          const d = popcount32(lo ^ h[0]) + popcount32(hi ^ h[1]);
          if (d < best) [best, ref] = [d, { in: 'archive', index: j }];
        }
      }
      if (withinBatch) {
        for (let j = 0; j < i; j++) {
          const h = bHalves[j];
          if (!h) continue;
          const d = popcount32(lo ^ h[0]) + popcount32(hi ^ h[1]);
          if (d < best) [best, ref] = [d, { in: 'batch', index: j }];
        }
      }
      if (ref) found.set(i, { index: i, stage: 'phash', matched: ref, similarity: 1 - best / 64 });
    }
  }
  options.onProgress?.(0.05);

  if (hasVectors && (withinBatch || againstArchive)) {
    const pending = batch.map((it, i) => (!found.has(i) && it.vector !== null && it.vector !== undefined ? i : -1)).filter((i) => i >= 0);
    if (pending.length > 0) {
      const matches = await embeddingMatches(batch, archive, pending, options.vectors!, rule, { withinBatch, againstArchive, signal: options.signal, onProgress: options.onProgress && ((f) => options.onProgress!(0.05 + 0.95 * f)) });
      for (const [i, m] of matches) found.set(i, { index: i, stage: 'embedding', matched: m.ref, similarity: m.sim });
    }
  }
  options.onProgress?.(1);
  const redundant = [...found.values()].sort((a, b) => a.index - b.index);
  const kept: number[] = [];
  for (let i = 0; i < batch.length; i++) if (!found.has(i)) kept.push(i);
  return { redundant, kept };
}

/** Validate one item; returns its phash halves (or null). */
function checkItem(it: CascadeItem, field: string, nRows: number): [number, number] | null {
  if (!it || typeof it !== 'object') throw new ValidationError(field, 'object');
  if (it.byteHash != null && typeof it.byteHash !== 'string') throw new ValidationError(`${field}.byteHash`, 'string or null');
  if (it.pixelHash != null && typeof it.pixelHash !== 'string') throw new ValidationError(`${field}.pixelHash`, 'string or null');
  if (it.vector != null && (!Number.isInteger(it.vector) || it.vector < 0 || it.vector >= nRows)) {
    throw new ValidationError(`${field}.vector`, `row index in [0, ${nRows})`);
  }
  return it.phash != null ? hashHalves(it.phash, `${field}.phash`) : null;
}

