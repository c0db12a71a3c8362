/**
 * The archive store: archives, contents and vector chunks in IndexedDB (idb).
 * Knows nothing about models; jobs/ joins it with embed/.
 */
import { openDB } from 'idb';
import { toHalf } from '../core/base/index.js';
import { NotFoundError, QuotaError, ValidationError } from '../contract/errors.js';
import type { Job } from '../contract/jobs.js';
import { DB_NAME, DB_VERSION, MIGRATIONS, type ArchiveRecord, type ContentRecord, type CurateDatabase } from './schema.js';
import type { FeedbackRecord } from './schema.js';
import { archiveChunkRange, compactVectors, loadVectors, removeVectorIds, type LoadedVectors } from './vectors.js';
import { archiveRange, metaOf, pick, readMeta, rewriteChunks, type ContentMeta } from './contents.js';

/** A content about to be committed; the store assigns its id. */
export type NewContent = Omit<ContentRecord, 'archive_id' | 'id'> & { file?: Blob };

/** One batch: contents and, per vectorizer, their vectors in the same order. */
export interface BatchToCommit {
  contents: NewContent[];
  vectors: { vectorizer: string; dim: number; data: Float32Array }[];
}

/** Run an IDB write, turning a full disk into QuotaError (the transaction has rolled back). */
async function guardQuota<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const name = (e as { name?: string })?.name;
    if (name === 'QuotaExceededError') throw new QuotaError(undefined, { cause: e });
    throw e;
  }
}

/** Every store that holds per-archive data, for transactions that must see all of it. */
const ARCHIVE_STORES = ['archives', 'content_chunks', 'thumbnails', 'files', 'hashes', 'vectors'] as const;

export class ArchiveStore {
  private constructor(readonly db: CurateDatabase) {}

  /** Open (and migrate) the database. */
  static async open(name = DB_NAME): Promise<ArchiveStore> {
    const db = await openDB<import('./schema.js').CurateDB>(name, DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](database, tx);
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
    for (const store of ['content_chunks', 'thumbnails', 'files', 'hashes'] as const) await tx.objectStore(store).delete(archiveRange(a.id));
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
  }

  /**
   * Commit a batch: contents and their vectors in ONE transaction, so after a
   * crash the archive holds all of the batch or none of it. Returns the ids.
   */
  async commitBatch(archiveId: number, batch: BatchToCommit): Promise<number[]> {
    const n = batch.contents.length;
    for (const v of batch.vectors) {
      if (v.data.length !== n * v.dim) throw new ValidationError(`vectors.${v.vectorizer}`, `length = contents × dim (${n} × ${v.dim})`);
    }
    return guardQuota(async () => {
      const tx = this.db.transaction(ARCHIVE_STORES, 'readwrite');
      const archives = tx.objectStore('archives');
      const archive = await archives.get(archiveId);
      if (!archive) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new NotFoundError('archive', archiveId);
      }
      const first = archive.next_content_id;
      const ids = batch.contents.map((_, i) => first + i);
      const nextChunk = { ...archive.next_chunk };
      const writes: Promise<unknown>[] = [];
      const items: ContentMeta[] = batch.contents.map(({ file, thumbnail, ...c }, i) => {
        if (thumbnail) writes.push(tx.objectStore('thumbnails').put({ archive_id: archiveId, id: ids[i], blob: thumbnail }));
        if (file && archive.parameters.store_files) writes.push(tx.objectStore('files').put({ archive_id: archiveId, id: ids[i], blob: file }));
        if (c.byte_hash) writes.push(tx.objectStore('hashes').put({ archive_id: archiveId, byte_hash: c.byte_hash, id: ids[i] }));
        return { ...c, archive_id: archiveId, id: ids[i] };
      });
      const contentChunk = archive.next_content_chunk;
      if (n) writes.push(tx.objectStore('content_chunks').put({ archive_id: archiveId, chunk: contentChunk, items }));
      for (const v of batch.vectors) {
        if (n === 0) continue;
        const chunk = nextChunk[v.vectorizer] ?? 0;
        nextChunk[v.vectorizer] = chunk + 1;
        writes.push(tx.objectStore('vectors').put({ archive_id: archiveId, vectorizer: v.vectorizer, chunk, dim: v.dim, ids: Int32Array.from(ids), data: toHalf(v.data) }));
      }
      writes.push(archives.put({ ...archive, next_content_id: first + n, next_chunk: nextChunk, next_content_chunk: contentChunk + (n ? 1 : 0), content_count: archive.content_count + n, updated_at: Date.now() }));
      await Promise.all(writes);
      await tx.done;
      return ids;
    });
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

  /** The stored original file of a content, if the archive keeps files. */
  async getFile(archiveId: number, id: number): Promise<Blob | undefined> {
    return (await this.db.get('files', [archiveId, id]))?.blob;
  }

  loadVectors(archiveId: number, vectorizer: string, subset?: Iterable<number>): Promise<LoadedVectors> {
    return loadVectors(this.db, archiveId, vectorizer, subset);
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
