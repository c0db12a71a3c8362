/** The records the redundancy cascade's stages pass between them (cascade.ts runs them). */
import type { DuplicateStage } from '../../contract/views.js';
import type { Hash64 } from '../image/index.js';

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

/** The cascade stages, cheapest first (the contract's duplicate evidence stages). */
export type CascadeStage = DuplicateStage;

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
