/**
 * Vector chunks: many vectors of one archive and vectorizer per record.
 * Reads are one key-range getAll; removals rewrite only the chunks they touch.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { fromHalf } from '../core/base/index.js';
import type { CurateDB, CurateDatabase, VectorChunkRecord } from './schema.js';

/** Vectors of an archive for one vectorizer: ids[i] owns row i of data. */
export interface LoadedVectors {
  vectorizer: string;
  dim: number;
  ids: Int32Array;
  data: Float32Array;
}

type VectorTx = IDBPTransaction<CurateDB, StoreNames<CurateDB>[], 'readwrite'>;

/** Key range over every chunk of one archive and vectorizer. */
export function chunkRange(archiveId: number, vectorizer: string): IDBKeyRange {
  return IDBKeyRange.bound([archiveId, vectorizer, -Infinity], [archiveId, vectorizer, Infinity]);
}

/** Key range over every chunk of one archive, all vectorizers. */
export function archiveChunkRange(archiveId: number): IDBKeyRange {
  return IDBKeyRange.bound([archiveId, '', -Infinity], [archiveId, '\uffff', Infinity]);
}

/** Rows of chunks (optionally only `keep` ids), still float16 bits. */
function concatRaw(chunks: VectorChunkRecord[], keep?: Set<number>): { dim: number; ids: Int32Array; data: Uint16Array } {
  const dim = chunks[0]?.dim ?? 0;
  let n = 0;
  for (const c of chunks) {
    if (!keep) n += c.ids.length;
    else for (const id of c.ids) if (keep.has(id)) n++;
  }
  const ids = new Int32Array(n);
  const data = new Uint16Array(n * dim);
  let r = 0;
  for (const c of chunks) {
    if (!keep) {
      ids.set(c.ids, r);
      data.set(c.data, r * dim);
      r += c.ids.length;
      continue;
    }
    for (let i = 0; i < c.ids.length; i++) {
      if (!keep.has(c.ids[i])) continue;
      ids[r] = c.ids[i];
      data.set(c.data.subarray(i * dim, (i + 1) * dim), r * dim);
      r++;
    }
  }
  return { dim, ids, data };
}

/** Concatenate chunks (optionally keeping only `keep` ids) into one float32 buffer. */
export function concatChunks(chunks: VectorChunkRecord[], vectorizer: string, keep?: Set<number>): LoadedVectors {
  if (!keep) {
    // Decode chunk by chunk straight into the output (no float16 concat copy).
    const dim = chunks[0]?.dim ?? 0;
    const n = chunks.reduce((s, c) => s + c.ids.length, 0);
    const ids = new Int32Array(n);
    const data = new Float32Array(n * dim);
    let r = 0;
    for (const c of chunks) {
      ids.set(c.ids, r);
      fromHalf(c.data, data, r * dim);
      r += c.ids.length;
    }
    return { vectorizer, dim, ids, data };
  }
  const raw = concatRaw(chunks, keep);
  return { vectorizer, dim: raw.dim, ids: raw.ids, data: fromHalf(raw.data) };
}

/** Read all vectors of an archive for a vectorizer (optionally a subset of ids), in id order of insertion. */
export async function loadVectors(db: CurateDatabase, archiveId: number, vectorizer: string, subset?: Iterable<number>): Promise<LoadedVectors> {
  const chunks = await db.getAll('vectors', chunkRange(archiveId, vectorizer));
  return concatChunks(chunks, vectorizer, subset ? new Set(subset) : undefined);
}

/** Names of the vectorizers an archive has vectors for. */
export async function listVectorizers(db: CurateDatabase, archiveId: number): Promise<string[]> {
  const keys = await db.getAllKeys('vectors', archiveChunkRange(archiveId));
  return [...new Set(keys.map((k) => k[1]))];
}

/** Drop `ids` from every chunk of an archive, inside the caller's transaction. */
export async function removeVectorIds(tx: VectorTx, archiveId: number, ids: Set<number>): Promise<void> {
  const store = tx.objectStore('vectors');
  let cursor = await store.openCursor(archiveChunkRange(archiveId));
  while (cursor) {
    const c = cursor.value;
    if (c.ids.some((id) => ids.has(id))) {
      const kept = concatRaw([c], new Set([...c.ids].filter((id) => !ids.has(id))));
      if (kept.ids.length === 0) await cursor.delete();
      else await cursor.update({ ...c, ids: kept.ids, data: kept.data });
    }
    cursor = await cursor.continue();
  }
}

/**
 * Merge an archive's chunks of one vectorizer into chunks of about `target`
 * vectors, so that many small batches do not turn into many small reads.
 * One transaction: a crash leaves either the old chunks or the new ones.
 */
export async function compactVectors(db: CurateDatabase, archiveId: number, vectorizer: string, target = 8192): Promise<number> {
  const tx = db.transaction(['vectors', 'archives'], 'readwrite');
  const vectors = tx.objectStore('vectors');
  const chunks = await vectors.getAll(chunkRange(archiveId, vectorizer));
  const small = chunks.filter((c) => c.ids.length < target / 2);
  if (small.length < 2) {
    await tx.done;
    return chunks.length;
  }
  const merged = concatRaw(small);
  for (const c of small) await vectors.delete([archiveId, vectorizer, c.chunk]);
  const archive = await tx.objectStore('archives').get(archiveId);
  if (!archive) throw new Error(`archive ${archiveId} vanished during compaction`);
  let next = archive.next_chunk[vectorizer] ?? 0;
  for (let s = 0; s < merged.ids.length; s += target) {
    const e = Math.min(merged.ids.length, s + target);
    await vectors.put({
      archive_id: archiveId,
      vectorizer,
      chunk: next++,
      dim: merged.dim,
      ids: merged.ids.slice(s, e),
      data: merged.data.slice(s * merged.dim, e * merged.dim),
    });
  }
  archive.next_chunk = { ...archive.next_chunk, [vectorizer]: next };
  await tx.objectStore('archives').put(archive);
  await tx.done;
  return chunks.length - small.length + Math.ceil(merged.ids.length / target);
}
