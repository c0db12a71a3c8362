/**
 * Committing a batch: contents, thumbnails, files, byte hashes and vectors in
 * ONE transaction. The exact-duplicate check runs inside that transaction, so
 * two writers (jobs, tabs) racing on the same file store it once: IndexedDB
 * runs read-write transactions over the same stores one after the other, and
 * the unique `hashes.archive_hash` index refuses what a check could miss.
 */
import { toHalf } from '../core/base/index.js';
import { NotFoundError, ValidationError } from '../contract/errors.js';
import type { ContentMeta } from './contents.js';
import type { ContentRecord, CurateDatabase } from './schema.js';

/** A content about to be committed; the store assigns its id. */
export type NewContent = Omit<ContentRecord, 'archive_id' | 'id'> & { file?: Blob };

/** One batch: contents and, per vectorizer, their vectors in the same order. */
export interface BatchToCommit {
  contents: NewContent[];
  vectors: { vectorizer: string; dim: number; data: Float32Array }[];
}

/**
 * Per content of the batch, in order: its new id, or `null` when its byte
 * hash was already in the archive (or earlier in the batch) — an exact
 * duplicate, of which nothing was written.
 */
export type CommittedIds = (number | null)[];

/** Every store that holds per-archive data, for transactions that must see all of it. */
export const ARCHIVE_STORES = ['archives', 'content_chunks', 'thumbnails', 'files', 'hashes', 'vectors', 'trash', 'results', 'labels', 'classifiers', 'label_examples'] as const;

export function checkBatch(batch: BatchToCommit): void {
  const n = batch.contents.length;
  for (const v of batch.vectors) {
    if (v.data.length !== n * v.dim) throw new ValidationError(`vectors.${v.vectorizer}`, `length = contents × dim (${n} × ${v.dim})`);
  }
}

/** Rows of `data` (row length `dim`) at `rows`, in order. */
function takeRows(data: Float32Array, dim: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => out.set(data.subarray(r * dim, (r + 1) * dim), k * dim));
  return out;
}

export async function commitBatch(db: CurateDatabase, archiveId: number, batch: BatchToCommit): Promise<CommittedIds> {
  checkBatch(batch);
  const tx = db.transaction(ARCHIVE_STORES, 'readwrite');
  const archives = tx.objectStore('archives');
  const archive = await archives.get(archiveId);
  if (!archive) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new NotFoundError('archive', archiveId);
  }
  // Check-and-insert in this transaction: no other writer runs between the two.
  const byHash = tx.objectStore('hashes').index('archive_hash');
  const seen = new Set<string>();
  const keep: number[] = [];
  for (const [k, c] of batch.contents.entries()) {
    if (c.byte_hash) {
      if (seen.has(c.byte_hash) || (await byHash.count([archiveId, c.byte_hash]))) continue;
      seen.add(c.byte_hash);
    }
    keep.push(k);
  }
  const n = keep.length;
  const first = archive.next_content_id;
  const out: CommittedIds = batch.contents.map(() => null);
  keep.forEach((k, r) => (out[k] = first + r));
  const ids = keep.map((k) => out[k]!);
  const nextChunk = { ...archive.next_chunk };
  const writes: Promise<unknown>[] = [];
  const items: ContentMeta[] = keep.map((k, r) => {
    const { file, thumbnail, ...c } = batch.contents[k];
    const id = ids[r];
    if (thumbnail) writes.push(tx.objectStore('thumbnails').put({ archive_id: archiveId, id, blob: thumbnail }));
    if (file && archive.parameters.store_files) writes.push(tx.objectStore('files').put({ archive_id: archiveId, id, blob: file }));
    // add, not put: the unique index makes a missed duplicate abort the whole batch.
    if (c.byte_hash) writes.push(tx.objectStore('hashes').add({ archive_id: archiveId, byte_hash: c.byte_hash, id }));
    return { ...c, archive_id: archiveId, id };
  });
  const contentChunk = archive.next_content_chunk;
  if (n) {
    writes.push(tx.objectStore('content_chunks').put({ archive_id: archiveId, chunk: contentChunk, items }));
    for (const v of batch.vectors) {
      const chunk = nextChunk[v.vectorizer] ?? 0;
      nextChunk[v.vectorizer] = chunk + 1;
      const data = n === batch.contents.length ? v.data : takeRows(v.data, v.dim, keep);
      writes.push(tx.objectStore('vectors').put({ archive_id: archiveId, vectorizer: v.vectorizer, chunk, dim: v.dim, ids: Int32Array.from(ids), data: toHalf(data) }));
    }
  }
  writes.push(archives.put({ ...archive, next_content_id: first + n, next_chunk: nextChunk, next_content_chunk: contentChunk + (n ? 1 : 0), content_count: archive.content_count + n, updated_at: Date.now() }));
  await Promise.all(writes);
  await tx.done;
  return out;
}
