/**
 * IndexedDB schema (one database per origin) and its migrations.
 *
 * Vectors are kept in chunks (one record holds many vectors of one archive and
 * vectorizer), so loading an archive's vectors is a handful of reads, not one
 * per vector.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ContentView, DuplicateDecisions, FeedbackView } from '../contract/views.js';
import type { ContentType, Job } from '../contract/jobs.js';

export const DB_NAME = 'curatekit';

/** Calibrations learned for an archive (shape owned by core/, opaque here). */
export interface ArchiveCalibrations {
  similarity?: Record<string, unknown> & { threshold: number; vectorizer: string };
  relevance?: Record<string, unknown> & { vectorizer: string };
}

export interface ArchiveRecord {
  id: number;
  name: string;
  content_type: ContentType;
  description: string | null;
  parameters: {
    nr_similar_allowed: number | null;
    use_default_similarity_calibration: boolean;
    /** Keep original files (for export and download URLs). @defaultValue true */
    store_files: boolean;
    /** Vectorizer used when a job names none. */
    default_vectorizer: string;
  };
  calibrations: ArchiveCalibrations;
  /** Duplicate answers and keeper choices (absent until the first; no migration needed). */
  decisions?: DuplicateDecisions;
  /** Next content id to hand out (ids are never reused, even after removal). */
  next_content_id: number;
  /** Next vector chunk number per vectorizer. */
  next_chunk: Record<string, number>;
  /** Next content chunk number. */
  next_content_chunk: number;
  /** Number of contents (kept in step with the content chunks, in the same transactions). */
  content_count: number;
  created_at: number;
  updated_at: number;
}

/** A stored content: what the page sees, keyed by its archive. */
export interface ContentRecord extends ContentView {
  archive_id: number;
}

/**
 * Contents of one committed batch in one record: a batch of 2000 costs one
 * IndexedDB write instead of 2000 (per-record writes were the bottleneck at
 * ~11k records/s). Thumbnails live in their own store, read only when shown.
 */
export interface ContentChunkRecord {
  archive_id: number;
  chunk: number;
  items: Omit<ContentRecord, 'thumbnail'>[];
}

/** Byte-hash lookup for exact duplicates: one row per content with a file hash. */
export interface HashRecord {
  archive_id: number;
  byte_hash: string;
  id: number;
}

export interface ThumbnailRecord {
  archive_id: number;
  id: number;
  blob: Blob;
}

export interface VectorChunkRecord {
  archive_id: number;
  vectorizer: string;
  chunk: number;
  dim: number;
  /** Content ids, one per row of `data`. */
  ids: Int32Array;
  /** Row-major ids.length × dim, float16 bits (see core/base/half.ts): half the I/O of float32. */
  data: Uint16Array;
}

/** The original file of a content, kept so the curated set can be exported. */
export interface FileRecord {
  archive_id: number;
  id: number;
  blob: Blob;
}

export type FeedbackRecord = FeedbackView;

/** The last computed result of an archive view (duplicates, scores, map), kept so it shows at once after a reload. */
export interface ResultRecord {
  archive_id: number;
  name: string;
  /** The options it was computed with. */
  options: unknown;
  /** The archive's state it was computed on (see jobs/results.ts): another value means stale. */
  version: string;
  computed_at: number;
  result: unknown;
}

/** A removed content kept for restore: everything it had, under its old id. */
export interface TrashRecord {
  archive_id: number;
  id: number;
  meta: Omit<ContentRecord, 'thumbnail'>;
  thumbnail: Blob | null;
  file: Blob | null;
  /** Its vector row per vectorizer (float16 bits, as stored). */
  vectors: { vectorizer: string; dim: number; data: Uint16Array }[];
  removed_at: number;
  /** Duplicate answers naming it and whether it was a chosen keeper, put back on restore (absent in records of older versions). */
  decisions?: { pairs: DuplicateDecisions['pairs']; keeper: boolean };
}

/** The labels of one content (multi-label). */
export interface LabelRecord {
  archive_id: number;
  id: number;
  labels: string[];
}

/**
 * A stored classifier version: its view (metrics, labels) and its weights (shape owned by train/, opaque here).
 * A deleted version stays as a tombstone (`deleted`, no view or weights) so its number is never given out again.
 */
export interface ClassifierRecord {
  archive_id: number;
  version: number;
  view: unknown;
  weights: unknown;
  deleted?: true;
}

/** A labelled example given as feedback on a file outside the archive: its vector, not the file. */
export interface LabelExampleRecord {
  key?: number;
  archive_id: number;
  vectorizer: string;
  vector: Float32Array;
  labels: string[];
  created_at: number;
}

/**
 * A model trained here and kept across sessions (a fine-tuned vectorizer or a translator): its
 * name, what it reads and writes, and its weights (shape owned by train/ and core/, opaque here).
 */
export interface TrainedModelRecord {
  name: string;
  /** Vectorizer the model reads (a fine-tuned vectorizer: its base; a translator: its input side). */
  input: string;
  /** A translator: the vectorizer of the space it maps to. A fine-tuned vectorizer: its own name. */
  output: string;
  weights: unknown;
  /** What its training reported (shown to the user). */
  report: unknown;
  created_at: number;
}

export interface CurateDB extends DBSchema {
  archives: { key: number; value: ArchiveRecord; indexes: { name: string } };
  content_chunks: { key: [number, number]; value: ContentChunkRecord };
  thumbnails: { key: [number, number]; value: ThumbnailRecord };
  hashes: { key: [number, string, number]; value: HashRecord; indexes: { archive_hash: [number, string] } };
  vectors: { key: [number, string, number]; value: VectorChunkRecord };
  files: { key: [number, number]; value: FileRecord };
  jobs: { key: string; value: Job; indexes: { created_at: number } };
  feedback: { key: number; value: FeedbackRecord };
  trash: { key: [number, number]; value: TrashRecord };
  results: { key: [number, string]; value: ResultRecord };
  labels: { key: [number, number]; value: LabelRecord };
  classifiers: { key: [number, number]; value: ClassifierRecord };
  label_examples: { key: number; value: LabelExampleRecord; indexes: { archive_id: number } };
  custom_vectorizers: { key: string; value: TrainedModelRecord };
  translators: { key: string; value: TrainedModelRecord };
}

export type CurateDatabase = IDBPDatabase<CurateDB>;
export type UpgradeTx = IDBPTransaction<CurateDB, StoreNames<CurateDB>[], 'versionchange'>;

/**
 * Migrations, applied in order from the stored version up to DB_VERSION.
 * Index i migrates from version i to i + 1. Never edit a released step; add one.
 */
export const MIGRATIONS: ((db: CurateDatabase, tx: UpgradeTx) => void | Promise<void>)[] = [
  (db) => {
    const archives = db.createObjectStore('archives', { keyPath: 'id', autoIncrement: true });
    archives.createIndex('name', 'name', { unique: true });
    db.createObjectStore('content_chunks', { keyPath: ['archive_id', 'chunk'] });
    db.createObjectStore('thumbnails', { keyPath: ['archive_id', 'id'] });
    db.createObjectStore('hashes', { keyPath: ['archive_id', 'byte_hash', 'id'] });
    db.createObjectStore('vectors', { keyPath: ['archive_id', 'vectorizer', 'chunk'] });
    db.createObjectStore('files', { keyPath: ['archive_id', 'id'] });
    const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
    jobs.createIndex('created_at', 'created_at');
    db.createObjectStore('feedback', { keyPath: 'id', autoIncrement: true });
  },
  migrateUniqueByteHash,
  // v2 → v3: removed contents go to a trash store (restorable); nothing existing changes.
  (db) => {
    db.createObjectStore('trash', { keyPath: ['archive_id', 'id'] });
  },
  // v3 → v4: the last result of each archive view (shown at once after a reload, marked stale when the archive changed).
  (db) => {
    db.createObjectStore('results', { keyPath: ['archive_id', 'name'] });
  },
  // v4 → v5: labels per content, trained classifier versions, feedback examples from outside the archive.
  (db) => {
    db.createObjectStore('labels', { keyPath: ['archive_id', 'id'] });
    db.createObjectStore('classifiers', { keyPath: ['archive_id', 'version'] });
    db.createObjectStore('label_examples', { keyPath: 'key', autoIncrement: true }).createIndex('archive_id', 'archive_id');
  },
  // v5 → v6: fine-tuned vectorizers and translators trained in the page (not per archive: any archive may use them).
  (db) => {
    db.createObjectStore('custom_vectorizers', { keyPath: 'name' });
    db.createObjectStore('translators', { keyPath: 'name' });
  },
];

/** The schema version: one per migration step. */
export const DB_VERSION = MIGRATIONS.length;

/**
 * v1 → v2: (archive, byte hash) unique in the store itself (index
 * `hashes.archive_hash`), so no writer can store the same file twice. Racing
 * jobs before v2 could; of such repeats the lowest id keeps its hash row (the
 * contents themselves stay: a migration removes nothing a user sees).
 */
export async function migrateUniqueByteHash(_db: CurateDatabase, tx: UpgradeTx): Promise<void> {
  const hashes = tx.objectStore('hashes');
  let last = '';
  // Keys sort by [archive_id, byte_hash, id]: a repeat follows its first row.
  for (let c = await hashes.openCursor(); c; c = await c.continue()) {
    const key = `${c.value.archive_id}/${c.value.byte_hash}`;
    if (key === last) await c.delete();
    last = key;
  }
  hashes.createIndex('archive_hash', ['archive_id', 'byte_hash'], { unique: true });
}
