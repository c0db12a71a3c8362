/**
 * The redundancy cascade of `index`: for each item of a batch, the cheapest
 * stage that proves it redundant — byte hash → decoded-pixel hash →
 * perceptual hash within a Hamming radius → embedding rule — and what it
 * matched, against the archive and/or earlier items of the same batch.
 *
 * Semantics: batch item i is redundant when it matches `similarAllowed`
 * (default 1) distinct items among the archive (againstArchive) and the
 * earlier batch items (withinBatch), redundant or not — so with the default
 * of every group of copies exactly the first is kept. Stages run in order;
 * the evidence is the first stage's closest match (ties: archive before
 * batch, then lower index).
 */
import { ValidationError, throwIfAborted } from '../../contract/errors.js';
import { resolveRule, type DuplicateRule } from './rule.js';
import { equalHashMatches, phashMatches } from './cascade-hash.js';
import { hashHalves } from '../image/index.js';
import type { VectorSet } from '../base/index.js';
import { embeddingMatches } from './cascade-embed.js';
import type { RunOptions } from '../base/index.js';
import { checkInt, checkVectorSet } from '../base/index.js';

export type { CascadeItem, CascadeMatch, CascadeStage, ItemRef } from './cascade-types.js';
import type { CascadeItem, CascadeMatch } from './cascade-types.js';

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
  /**
   * How many similar items may exist (the archive's `nr_similar_allowed`):
   * a batch item is redundant when it matches at least this many distinct
   * items — archive items and earlier batch items, redundant or not — over
   * all stages. 1: any match makes it redundant.
   * @defaultValue 1
   */
  similarAllowed?: number;
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
  const allowed = options.similarAllowed ?? 1;
  checkInt(allowed, 'similarAllowed', 1, 1_000_000);
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

  // Every stage adds its matches; with one similar item allowed an item leaves the cascade at its
  // first match (the cheapest proof), otherwise all stages count towards the allowance.
  const matches = new Map<number, CascadeMatch[]>();
  const pending = () => batch.map((_, i) => i).filter((i) => allowed > 1 || !matches.has(i));
  const merge = (stage: Map<number, CascadeMatch[]>) => {
    for (const [i, ms] of stage) matches.set(i, [...(matches.get(i) ?? []), ...ms]);
  };
  const scope = () => ({ withinBatch, againstArchive, pending: pending(), limit: allowed, signal: options.signal });
  merge(equalHashMatches(batch, archive, 'byteHash', scope()));
  merge(equalHashMatches(batch, archive, 'pixelHash', scope()));
  throwIfAborted(options.signal);
  if (radius >= 0) merge(phashMatches({ batch: bHalves, archive: aHalves }, radius, scope()));
  options.onProgress?.(0.05);

  if (hasVectors && (withinBatch || againstArchive)) {
    const todo = pending().filter((i) => batch[i].vector !== null && batch[i].vector !== undefined);
    if (todo.length > 0) {
      const found = await embeddingMatches(batch, archive, todo, options.vectors!, rule, { withinBatch, againstArchive, limit: allowed, signal: options.signal, onProgress: options.onProgress && ((f) => options.onProgress!(0.05 + 0.95 * f)) });
      merge(new Map([...found].map(([i, ms]) => [i, ms.map((m): CascadeMatch => ({ index: i, stage: 'embedding', matched: m.ref, similarity: m.sim }))])));
    }
  }
  options.onProgress?.(1);
  const redundant: CascadeMatch[] = [];
  const kept: number[] = [];
  for (let i = 0; i < batch.length; i++) {
    const ms = matches.get(i) ?? [];
    const distinct = new Set(ms.map((m) => `${m.matched.in}:${m.matched.index}`)).size;
    // Evidence: the first stage's closest match.
    if (distinct >= allowed) redundant.push(ms[0]);
    else kept.push(i);
  }
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

