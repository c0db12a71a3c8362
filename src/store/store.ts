/**
 * The archive store: archives, contents and vector chunks in IndexedDB (idb).
 * Knows nothing about models; jobs/ joins it with embed/.
 */
import { openDB } from 'idb';
import { NotFoundError, QuotaError, ValidationError } from '../contract/errors.js';
import type { Job } from '../contract/jobs.js';
import { DB_NAME, DB_VERSION, MIGRATIONS, type ArchiveRecord, type ContentRecord, type CurateDatabase } from './schema.js';
import type { FeedbackRecord, ResultRecord, TrainedModelRecord } from './schema.js';
import { archiveChunkRange, compactVectors, loadVectors, removeVectorIds, type LoadedVectors } from './vectors.js';
import { archiveRange, metaOf, pick, readMeta, rewriteChunks, type ContentMeta } from './contents.js';
import { ARCHIVE_STORES, checkBatch, commitBatch, type BatchToCommit, type CommittedIds } from './commit.js';
import { withLock } from './lock.js';
import { emptyTrash, listTrash, moveToTrash, restoreFromTrash, type RestoreResult, type TrashEntry } from './trash.js';
import { checkIntegrity } from './integrity.js';
import type { ArchiveIntegrity } from '../contract/views.js';

export type { BatchToCommit, CommittedIds, NewContent } from './commit.js';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** navigator.storage.estimate(), or undefined where there is none (or it is blocked). */
function storageEstimate(): Promise<StorageEstimate | undefined> {
  return (globalThis.navigator?.storage?.estimate?.() ?? Promise.resolve(undefined)).catch(() => undefined);
}

/** A QuotaError that says what was being written, how big it was, and what the browser reports. */
export async function quotaError(cause: unknown, writing: string, bytes?: number): Promise<QuotaError> {
  const est = await storageEstimate();
  const usage = est?.usage, quota = est?.quota;
  const what = `${writing}${bytes ? ` (about ${mb(bytes)})` : ''}`;
  const seen = usage !== undefined && quota !== undefined ? ` The browser reports ${mb(usage)} used of ${mb(quota)} (its estimate; the disk may hold less).` : '';
  return new QuotaError(`storage is full: ${what} was not written, and nothing of it was kept.${seen} Free space and run it again.`, {
    cause,
    details: { writing, ...(bytes ? { bytes } : {}), ...(usage !== undefined ? { usage } : {}), ...(quota !== undefined ? { quota } : {}) },
  });
}

/**
 * A warning when the browser's storage estimate says `bytes` will not fit, else null. The
 * estimate can be far off (a 64 MB disk reported 1.07 GB), so this only warns: the commit
 * path stays what keeps an archive whole when the disk does fill.
 */
export async function spaceWarning(bytes: number, writing: string): Promise<string | null> {
  const est = await storageEstimate();
  if (est?.usage === undefined || est.quota === undefined) return null;
  const free = Math.max(0, est.quota - est.usage);
  if (bytes <= free) return null;
  return `${writing} needs about ${mb(bytes)}; the browser reports ${mb(free)} free (${mb(est.usage)} used of ${mb(est.quota)}). It may stop when storage is full: each batch is written whole or not at all, so nothing is half-written. Free space first, or index fewer files per job.`;
}

/** Run an IDB write, turning a full disk into QuotaError (the transaction has rolled back). */
async function guardQuota<T>(fn: () => Promise<T>, writing = 'a change to the archive', bytes?: number): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const name = (e as { name?: string })?.name;
    if (name === 'QuotaExceededError') throw await quotaError(e, writing, bytes);
    throw e;
  }
}

/** Bytes a batch writes, roughly: stored files, thumbnails, vectors and a little per record. */
function batchBytes(batch: BatchToCommit): number {
  let n = 0;
  for (const c of batch.contents) n += (c.file?.size ?? 0) + (c.thumbnail?.size ?? 0) + 512;
  for (const v of batch.vectors) n += v.data.byteLength;
  return n;
}


/** Vectors of a derived vectorizer, computed from its base's stored rows (see setDerived). */
export interface DerivedVectorizer {
  base: string;
  /** Row-major n × dim base rows → n × dim derived rows. */
  derive(rows: Float32Array, n: number): Float32Array;
}

/** The two kinds of trained models the store keeps. */
export type TrainedModelKind = 'custom_vectorizers' | 'translators';

export class ArchiveStore {
  private readonly derived = new Map<string, DerivedVectorizer>();

  private constructor(readonly db: CurateDatabase) {}

  /** Open (and migrate) the database. */
  static async open(name = DB_NAME): Promise<ArchiveStore> {
    const db = await openDB<import('./schema.js').CurateDB>(name, DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, tx) {
        // Steps may read what they migrate (async): each waits for the one before,
        // inside the one versionchange transaction; a failing step aborts it all.
        void (async () => {
          for (let v = oldVersion; v < DB_VERSION; v++) await MIGRATIONS[v](database, tx);
        })().catch(() => tx.abort());
      },
      blocking() {
        // A newer version of the app wants to migrate: let it.
        db.close();
      },
    });
    return new ArchiveStore(db);
  }

  close(): void {
    this.db.close();
  }

  async createArchive(record: Omit<ArchiveRecord, 'id' | 'next_content_id' | 'next_chunk' | 'next_content_chunk' | 'content_count' | 'created_at' | 'updated_at'>): Promise<ArchiveRecord> {
    const now = Date.now();
    const full = { ...record, next_content_id: 1, next_chunk: {}, next_content_chunk: 0, content_count: 0, created_at: now, updated_at: now } as ArchiveRecord;
    const tx = this.db.transaction('archives', 'readwrite');
    if (await tx.store.index('name').getKey(record.name)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new ValidationError('inputs.name', 'unique in account', `an archive named "${record.name}" already exists`);
    }
    const id = await guardQuota(() => tx.store.add(full as ArchiveRecord));
    await tx.done;
    return { ...full, id };
  }

  /** The archive named `name`, or NotFoundError. */
  async getArchive(name: string): Promise<ArchiveRecord> {
    const a = await this.db.getFromIndex('archives', 'name', name);
    if (!a) throw new NotFoundError('archive', name);
    return a;
  }

  async listArchives(): Promise<(ArchiveRecord & { nr_of_contents: number })[]> {
    return (await this.db.getAll('archives')).map((a) => ({ ...a, nr_of_contents: a.content_count }));
  }

  async updateArchive(name: string, patch: (a: ArchiveRecord) => ArchiveRecord): Promise<ArchiveRecord> {
    const tx = this.db.transaction('archives', 'readwrite');
    const a = await tx.store.index('name').get(name);
    if (!a) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new NotFoundError('archive', name);
    }
    const next = { ...patch(a), id: a.id, name: a.name, updated_at: Date.now() };
    await guardQuota(() => tx.store.put(next));
    await tx.done;
    return next;
  }

  /** Delete an archive with all its contents and vectors, in one transaction. */
  async deleteArchive(name: string): Promise<void> {
    const tx = this.db.transaction(ARCHIVE_STORES, 'readwrite');
    const a = await tx.objectStore('archives').index('name').get(name);
    if (!a) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new NotFoundError('archive', name);
    }
    for (const store of ['content_chunks', 'thumbnails', 'files', 'hashes', 'trash', 'results', 'labels', 'classifiers'] as const) await tx.objectStore(store).delete(archiveRange(a.id));
    for (const key of await tx.objectStore('label_examples').index('archive_id').getAllKeys(a.id)) await tx.objectStore('label_examples').delete(key);
    await tx.objectStore('vectors').delete(archiveChunkRange(a.id));
    await tx.objectStore('archives').delete(a.id);
    await tx.done;
  }

  /** Remove contents (and their vectors) by id, in one transaction. Unknown ids → NotFoundError, nothing removed. */
  async removeContents(archiveId: number, ids: number[]): Promise<void> {
    const tx = this.db.transaction(ARCHIVE_STORES, 'readwrite');
    let removed: ContentMeta[];
    try {
      removed = pick(metaOf(await tx.objectStore('content_chunks').getAll(archiveRange(archiveId))), ids);
    } catch (e) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw e;
    }
    const gone = new Set(ids);
    // A full disk aborts the whole transaction (QuotaError): nothing removed, nothing lost.
    await guardQuota(async () => {
      // Into the trash first, in this transaction: a removal is restorable or did not happen.
      await moveToTrash(tx, archiveId, removed, (await tx.objectStore('archives').get(archiveId))?.decisions);
      await rewriteChunks(tx, archiveId, gone, () => null);
      for (const m of removed) {
        await tx.objectStore('thumbnails').delete([archiveId, m.id]);
        await tx.objectStore('files').delete([archiveId, m.id]);
        if (m.byte_hash) await tx.objectStore('hashes').delete([archiveId, m.byte_hash, m.id]);
      }
      await removeVectorIds(tx, archiveId, gone);
      const archive = await tx.objectStore('archives').get(archiveId);
      if (archive) await tx.objectStore('archives').put({ ...archive, content_count: archive.content_count - removed.length, decisions: withoutIds(archive.decisions, gone), updated_at: Date.now() });
      await tx.done;
    });
  }

  /**
   * Commit a batch: contents and their vectors in ONE transaction, so after a
   * crash the archive holds all of the batch or none of it. Returns the ids,
   * `null` for an exact duplicate of a stored file (see {@link CommittedIds}).
   */
  commitBatch(archiveId: number, batch: BatchToCommit): Promise<CommittedIds> {
    checkBatch(batch);
    return guardQuota(() => commitBatch(this.db, archiveId, batch), `a batch of ${batch.contents.length} contents`, batchBytes(batch));
  }

  /**
   * Run `fn` holding this archive's writer lock (Web Locks, so across tabs
   * and workers): two ingest jobs never interleave their batches. Released
   * when `fn` settles or its worker dies; `onWait` is called when another
   * writer holds it.
   */
  withWriterLock<T>(archiveId: number, fn: () => Promise<T>, options: { signal?: AbortSignal; onWait?: () => void } = {}): Promise<T> {
    return withLock(`curatekit:${this.db.name}:archive-writer:${archiveId}`, fn, options);
  }

  /**
   * Contents of an archive (all, or the given ids in that order; unknown ids →
   * NotFoundError). Thumbnails are read only when `thumbnails` is true.
   */
  async getContents(archiveId: number, ids?: number[] | null, options: { thumbnails?: boolean } = {}): Promise<ContentRecord[]> {
    const meta = await readMeta(this.db, archiveId);
    const chosen = ids ? pick(meta, ids) : meta;
    if (options.thumbnails === false) return chosen.map((m) => ({ ...m, thumbnail: null }));
    const thumbs = new Map<number, Blob>();
    if (ids && ids.length < 64) {
      for (const id of ids) {
        const t = await this.db.get('thumbnails', [archiveId, id]);
        if (t) thumbs.set(id, t.blob);
      }
    } else for (const t of await this.db.getAll('thumbnails', archiveRange(archiveId))) thumbs.set(t.id, t.blob);
    return chosen.map((m) => ({ ...m, thumbnail: thumbs.get(m.id) ?? null }));
  }

  /** Content ids of an archive, ascending. */
  async getContentIds(archiveId: number): Promise<number[]> {
    return (await readMeta(this.db, archiveId)).map((m) => m.id);
  }

  /** Ids of the contents whose file bytes hash to `hash`. */
  async findByByteHash(archiveId: number, hash: string): Promise<number[]> {
    const rows = await this.db.getAll('hashes', IDBKeyRange.bound([archiveId, hash, -Infinity], [archiveId, hash, Infinity]));
    return rows.map((r) => r.id);
  }

  /** Set download URLs on contents, in one transaction (unknown ids → NotFoundError, nothing changed). */
  async setUrls(archiveId: number, idToUrl: Map<number, string>): Promise<void> {
    const tx = this.db.transaction(ARCHIVE_STORES, 'readwrite');
    try {
      pick(metaOf(await tx.objectStore('content_chunks').getAll(archiveRange(archiveId))), [...idToUrl.keys()]);
    } catch (e) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw e;
    }
    await guardQuota(async () => {
      await rewriteChunks(tx, archiveId, new Set(idToUrl.keys()), (m) => ({ ...m, source: { ...m.source, url: idToUrl.get(m.id) } }));
      await tx.done;
    });
  }

  /** The archive's trash (removed contents, restorable), most recently removed first. */
  listTrash(archiveId: number): Promise<TrashEntry[]> {
    return listTrash(this.db, archiveId);
  }

  /** Put trashed contents back under their ids (see trash.ts for what is refused). */
  restoreContents(archiveId: number, ids: number[]): Promise<RestoreResult> {
    return guardQuota(() => restoreFromTrash(this.db, archiveId, ids));
  }

  /** Delete trashed contents for good (all when `ids` is omitted). */
  emptyTrash(archiveId: number, ids?: number[]): Promise<number> {
    return emptyTrash(this.db, archiveId, ids);
  }

  /** Keep the last result of an archive view (replaces the previous one of that name). */
  async saveResult(record: ResultRecord): Promise<void> {
    await guardQuota(() => this.db.put('results', record));
  }

  /** The last stored result of an archive view, if any. */
  async getResult(archiveId: number, name: string): Promise<ResultRecord | undefined> {
    return this.db.get('results', [archiveId, name]);
  }

  /** The stored original file of a content, if the archive keeps files. */
  async getFile(archiveId: number, id: number): Promise<Blob | undefined> {
    return (await this.db.get('files', [archiveId, id]))?.blob;
  }

  /**
   * Vectors of one vectorizer. A derived (fine-tuned) vectorizer has no rows of its own: its
   * vectors are computed from the base's stored rows on every read, so they follow every
   * removal, restore and new content of the base without a second copy to keep in step.
   */
  async loadVectors(archiveId: number, vectorizer: string, subset?: Iterable<number>): Promise<LoadedVectors> {
    const d = this.derived.get(vectorizer);
    if (!d) return loadVectors(this.db, archiveId, vectorizer, subset);
    const base = await loadVectors(this.db, archiveId, d.base, subset);
    return { vectorizer, dim: base.dim, ids: base.ids, data: base.ids.length ? d.derive(base.data, base.ids.length) : base.data };
  }

  /**
   * The vectorizer whose space near-duplicate decisions use for `vectorizer`: a derived one's
   * base, else itself. A fine-tuned vectorizer is trained to pull each label's items together,
   * which blurs one photo and its copies into their category (bench:finetune, unseen categories:
   * best-threshold F1 0.694 in the base space, 0.608 fine-tuned), and the duplicate rule's
   * thresholds were calibrated on the base.
   */
  instanceVectorizer(vectorizer: string): string {
    return this.derived.get(vectorizer)?.base ?? vectorizer;
  }

  /** Whether the archive's stores agree with one another (see integrity.ts). */
  async integrity(name: string): Promise<ArchiveIntegrity> {
    return checkIntegrity(this.db, await this.getArchive(name));
  }

  /** Make `vectorizer` read as derived from stored rows of another (jobs/ registers fine-tuned vectorizers). */
  setDerived(vectorizer: string, derivation: DerivedVectorizer): void {
    this.derived.set(vectorizer, derivation);
  }

  /** Keep a trained model (replaces one of the same name). */
  async putModel(kind: TrainedModelKind, record: TrainedModelRecord): Promise<void> {
    await guardQuota(() => this.db.put(kind, record), `the ${kind === 'translators' ? 'translator' : 'vectorizer'} "${record.name}"`);
  }

  getModel(kind: TrainedModelKind, name: string): Promise<TrainedModelRecord | undefined> {
    return this.db.get(kind, name);
  }

  /** Delete a trained model; a derived vectorizer of that name stops reading as one. */
  async deleteModel(kind: TrainedModelKind, name: string): Promise<boolean> {
    const had = (await this.db.getKey(kind, name)) !== undefined;
    await this.db.delete(kind, name);
    if (kind === 'custom_vectorizers') this.derived.delete(name);
    return had;
  }

  listModels(kind: TrainedModelKind): Promise<TrainedModelRecord[]> {
    return this.db.getAll(kind);
  }

  compactVectors(archiveId: number, vectorizer: string, target?: number): Promise<number> {
    return compactVectors(this.db, archiveId, vectorizer, target);
  }

  async saveJob(job: Job): Promise<void> {
    await guardQuota(() => this.db.put('jobs', job));
  }

  async listJobs(limit = 200): Promise<Job[]> {
    const jobs = await this.db.getAllFromIndex('jobs', 'created_at');
    return jobs.slice(-limit).reverse();
  }

  async addFeedback(feedback: string): Promise<FeedbackRecord> {
    const rec: FeedbackRecord = { feedback, created_at: Date.now() };
    const id = await guardQuota(() => this.db.add('feedback', rec));
    return { ...rec, id };
  }

  listFeedback(): Promise<FeedbackRecord[]> {
    return this.db.getAll('feedback');
  }
}

/** Duplicate decisions minus those naming removed contents (kept in the removal's transaction). */
function withoutIds(d: ArchiveRecord['decisions'], gone: ReadonlySet<number>): ArchiveRecord['decisions'] {
  return d && { pairs: d.pairs.filter((p) => !gone.has(p.a) && !gone.has(p.b)), keepers: d.keepers.filter((k) => !gone.has(k)) };
}
