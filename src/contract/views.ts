/**
 * What the page sees of an archive: contents, vectors, feedback, and the
 * archive views beyond the job API (duplicate groups, scores, a map, the
 * calibration loop). The store keeps these (plus its own keys); the engine
 * computes the views; the client and the components read them.
 */

/** The quality flags, each raised by one documented threshold (core/image). */
export type QualityFlag = 'dark' | 'bright' | 'blurry' | 'lowInformation' | 'grayscale' | 'tiny' | 'oddAspect';

/** Pixel quality measured on the same decode as the embedding. */
export interface QualityScores {
  /** Mean luma 0..255 (alpha flattened on white). */
  brightness: number;
  /** Variance of the Laplacian at the normalised size. */
  sharpness: number;
  /** Luma histogram entropy in bits (0..8). */
  entropy: number;
  /** Mean max−min channel spread 0..255. */
  colorSpread: number;
  /** Shorter side in pixels. */
  minSide: number;
  /** Longer side / shorter side (≥ 1). */
  aspect: number;
  /** The flags that are raised. */
  flags: QualityFlag[];
  /** Pixel statistics (core/image PIXEL_STAT_NAMES), used as extra outlier features. */
  stats?: number[];
}

/** Where a content came from. */
export interface ContentSource {
  kind: 'file' | 'url' | 'vector';
  /** The download URL (given for URL sources or added by add_urls_to_contents). */
  url?: string;
  /** MIME type reported by the file or the server. */
  type?: string;
}

/** A content as the page sees it (no vectors; thumbnail as a Blob). */
export interface ContentView {
  id: number;
  name: string;
  source: ContentSource;
  /** SHA-256 of the file bytes, hex; null for vectors given directly. */
  byte_hash: string | null;
  /** Hash of the decoded pixels, hex. */
  pixel_hash: string | null;
  /** 64-bit perceptual hash, hex. */
  phash: string | null;
  size: number;
  width: number;
  height: number;
  thumbnail: Blob | null;
  quality: QualityScores | null;
  added_at: number;
}

/** Vectors of an archive as one transferable buffer. */
export interface VectorsView {
  vectorizer: string;
  dim: number;
  ids: Int32Array;
  data: Float32Array;
}

/** One send_feedback entry. */
export interface FeedbackView {
  id?: number;
  feedback: string;
  created_at: number;
}

/** Evidence stage of a duplicate pair, cheapest first. */
export type DuplicateStage = 'bytes' | 'pixels' | 'phash' | 'embedding';

/** Two contents the duplicate rule links, with the stage that linked them. */
export interface DuplicatePair {
  a: number;
  b: number;
  stage: DuplicateStage;
  similarity: number;
}

/** A duplicate group of an archive. */
export interface DuplicateGroup {
  ids: number[];
  /** Suggested one to keep: largest, then sharpest, then oldest. */
  keep: number;
  pairs: DuplicatePair[];
}

/** Per-content scores, each 0..1, in the order of `ids`. */
export interface ArchiveScores {
  ids: number[];
  /** High = unlike the rest. */
  uniqueness: number[];
  /** High = centre of a dense group. */
  representativeness: number[];
  outlier: number[];
}

/** A 2-D layout of an archive for display. */
export interface MapLayout {
  ids: number[];
  x: Float32Array;
  y: Float32Array;
  /** The method that produced it (UMAP falls back to PCA below 16 items). */
  method?: 'umap' | 'pca';
}

/** A pair near the duplicate threshold, offered to the user to answer. */
export interface CalibrationPair {
  a: number;
  b: number;
  similarity: number;
}

/** A user's answer on one pair. */
export interface PairAnswer {
  a: number;
  b: number;
  same: boolean;
}

/** What refitting from answers changed. */
export interface AnswerFitSummary {
  threshold: number;
  groupsBefore: number;
  groupsAfter: number;
}

/** Archive views beyond the job API, by name: options in, result out. */
export interface InsightMap {
  duplicates: { options: { threshold?: number }; result: DuplicateGroup[] };
  scores: { options: { k?: number }; result: ArchiveScores };
  map: { options: { method?: 'umap' | 'pca' }; result: MapLayout };
  calibrationPairs: { options: { count?: number }; result: CalibrationPair[] };
  calibrateFromAnswers: { options: { answers: PairAnswer[] }; result: AnswerFitSummary };
}
export type InsightName = keyof InsightMap;
