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
  /** Luma 0..255 that the brightest 1 % of pixels reach (the "dark" flag judges it). Absent on items stored before it existed. */
  highlights?: number;
  /**
   * Tones of the content (the foreground when the background is a uniform colour): what the
   * "bright" flag judges. Absent on items stored before it existed.
   */
  exposure?: { mean: number; median: number; clipped: number; region: 'all' | 'foreground' };
  /** Variance of the Laplacian at the normalised size (high for fine texture; smooth photos score low without being soft). */
  sharpness: number;
  /**
   * Blur effect of the sharpest tiles, 0 (sharp) … 1 (soft): what the "blurry" flag judges;
   * null when no part of the image has structure to judge. Absent on items stored before it existed.
   */
  blur?: number | null;
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

/** Whether an archive's stores agree (curator.integrity): empty `problems` when sound. */
export interface ArchiveIntegrity {
  archive: string;
  contents: number;
  /** Contents in the trash. */
  trash: number;
  /** Per vectorizer with stored rows: how many, and how many contents have none. */
  vectors: Record<string, { rows: number; missing: number }>;
  /** Each disagreement in words ("3 thumbnails belong to no content"); none when sound. */
  problems: string[];
  ok: boolean;
}

/** A removed content in the archive's trash: everything it had, restorable under its id. */
export interface TrashedContent extends ContentView {
  removed_at: number;
}

/** What a restore did: ids back in the archive, and those refused with why (they stay in the trash). */
export interface RestoreOutcome {
  restored: number[];
  refused: { id: number; reason: string }[];
}

/** Vectors of an archive as one transferable buffer. */
export interface VectorsView {
  vectorizer: string;
  dim: number;
  ids: Int32Array;
  data: Float32Array;
}

/** One send_feedback entry. */
/** What the local batch folder holds (see Curator.batchFolder). */
export interface BatchFolderListing {
  /** 'opfs': files copied into the browser's private file system; 'linked': a folder the user picked, read in place. */
  source: 'opfs' | 'linked';
  /** The linked folder's name, or null. */
  linkedName: string | null;
  /** The linked folder must be picked (allowed) again before jobs can read it; `files` is then empty. */
  needsPermission: boolean;
  /** Paths inside the folder ("a.jpg", "set/b.jpg"), sorted. */
  files: { name: string; size: number; lastModified: number }[];
  bytes: number;
}

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

/**
 * A duplicate group of an archive: a keeper and members that are each directly
 * a duplicate of the keeper (no chaining: A~B and B~C never put A and C together
 * through B). An item is in at most one group.
 */
export interface DuplicateGroup {
  /** Keeper and members, ascending. */
  ids: number[];
  /** Suggested one to keep (core/dedupe/keeper.ts: content pixels, contains the others, clipping, compression, sharpness, age) or the one a person chose. */
  keep: number;
  /** Why `keep` is kept, in words ("1280×800 vs 640×400"; "chosen by you"). */
  keep_reason: string;
  /** The keeper–member pairs, each with its evidence. */
  pairs: DuplicatePair[];
  /** Accepted pairs from a member to an item outside the group: shown, never acted on. */
  related: DuplicatePair[];
}

/** Decisions a person made about duplicates, stored with the archive. */
export interface DuplicateDecisions {
  /** Pair answers, one per unordered pair (the latest wins). */
  pairs: (PairAnswer & { at: number })[];
  /** Contents chosen as keepers of their group. */
  keepers: number[];
}

/** Nearest-neighbour similarities and how many groups / removals each threshold gives (before running). */
export interface DuplicatePreview {
  /** Per content (archive order), the cosine similarity to its nearest other content (-1 when alone). */
  nearest: number[];
  /** For thresholds 0.50, 0.51 … 1.00: groups and items "keep the best" would remove. */
  thresholds: { threshold: number; groups: number; remove: number }[];
  /** The threshold in force (calibrated or default `high`). */
  current: number;
}

/** Per-content scores, each 0..1, in the order of `ids`. */
export interface ArchiveScores {
  ids: number[];
  /** High = unlike the rest. */
  uniqueness: number[];
  /** High = centre of a dense group. */
  representativeness: number[];
  /** Rank of the outlier score, 0..1 (for sorting; every archive has a 1). */
  outlier: number[];
  /**
   * How unusual each content is, comparable across archives: robust z of the log of
   * its mean cosine distance to its nearest neighbours (0 = typical or closer).
   */
  unusual: number[];
  /** `unusual` at and above which a content is reported unusual. */
  unusualCut: number;
  /** The archive's typical mean distance to the nearest neighbours (median). */
  typicalDistance: number;
  /** Each content's mean cosine distance to its nearest neighbours. */
  neighbourDistance: number[];
  /** Each content's 3 nearest others as [id, cosine distance]: why it is (un)usual. */
  nearest: [number, number][][];
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

/** A person's answer about a pair: stored in the archive; a "not same" pair is never a duplicate and a "same" pair always is. */
export interface PairAnswer {
  a: number;
  b: number;
  same: boolean;
}

/** What refitting from answers changed. */
export interface AnswerFitSummary {
  /** The threshold before and after the refit. */
  thresholdBefore: number;
  threshold: number;
  groupsBefore: number;
  groupsAfter: number;
  /** Stored answers the refit used (all answers so far, not only this round's). */
  answers: number;
  /** In words: "threshold 0.920 → 0.950, 3 groups → 2". */
  summary: string;
}

/** Archive views that are kept after they are computed. */
export type StoredViewName = 'duplicates' | 'scores' | 'map';

/** A view as last computed: shown at once after a reload; `stale` when the archive changed since. */
export type StoredView = {
  [K in StoredViewName]: { name: K; options: InsightMap[K]['options']; computed_at: number; stale: boolean; result: InsightMap[K]['result'] };
}[StoredViewName];

/** Archive views beyond the job API, by name: options in, result out. */
export interface InsightMap {
  duplicates: { options: { threshold?: number }; result: DuplicateGroup[] };
  scores: { options: { k?: number }; result: ArchiveScores };
  map: { options: { method?: 'umap' | 'pca' }; result: MapLayout };
  calibrationPairs: { options: { count?: number }; result: CalibrationPair[] };
  calibrateFromAnswers: { options: { answers: PairAnswer[] }; result: AnswerFitSummary };
  /** Store answers without refitting (a "same" / "not same" on a group member). */
  answerPairs: { options: { answers: PairAnswer[] }; result: DuplicateDecisions };
  /** Make `keep` the keeper of its group (`group`: the group's ids as shown). */
  setKeeper: { options: { keep: number; group: number[] }; result: DuplicateDecisions };
  /** Take back stored answers on these pairs (undo). */
  forgetAnswers: { options: { pairs: { a: number; b: number }[] }; result: DuplicateDecisions };
  /** Stop treating `keep` as a chosen keeper (undo of setKeeper). */
  forgetKeeper: { options: { keep: number }; result: DuplicateDecisions };
  /** Whether the archive's stores agree with one another. */
  integrity: { options: Record<string, never>; result: ArchiveIntegrity };
  /** The archive's trash, most recently removed first. */
  trash: { options: Record<string, never>; result: TrashedContent[] };
  /** Put trashed contents back under their ids. */
  restore: { options: { ids: number[] }; result: RestoreOutcome };
  /** Delete trashed contents for good (all when `ids` is omitted). */
  emptyTrash: { options: { ids?: number[] }; result: { deleted: number } };
  /** The last computed duplicates / scores / map of the archive, or null. */
  stored: { options: { name: StoredViewName }; result: StoredView | null };
  /** The stored decisions. */
  decisions: { options: Record<string, never>; result: DuplicateDecisions };
  duplicatePreview: { options: Record<string, never>; result: DuplicatePreview };
}
export type InsightName = keyof InsightMap;
