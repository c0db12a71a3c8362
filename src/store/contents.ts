/**
 * Content metadata in chunks (one record per committed batch), with
 * thumbnails, original files and byte hashes in their own stores.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { NotFoundError } from '../contract/errors.js';
import type { ContentChunkRecord, ContentRecord, CurateDB, CurateDatabase } from './schema.js';

export type ContentMeta = Omit<ContentRecord, 'thumbnail'>;

/** Key range over the records of one archive in stores keyed [archive_id, …]. */
export function archiveRange(archiveId: number): IDBKeyRange {
  return IDBKeyRange.bound([archiveId], [archiveId, []]);
}

/** The contents held by chunks, in id order. */
export function metaOf(chunks: ContentChunkRecord[]): ContentMeta[] {
  return chunks.flatMap((c) => c.items).sort((a, b) => a.id - b.id);
}

/** Every content of an archive, in id order (one read). */
export async function readMeta(db: CurateDatabase, archiveId: number): Promise<ContentMeta[]> {
  return metaOf(await db.getAll('content_chunks', archiveRange(archiveId)));
}

/** Pick `ids` from metadata (NotFoundError for the first unknown id), in the order asked. */
export function pick(meta: ContentMeta[], ids: number[]): ContentMeta[] {
  const byId = new Map(meta.map((m) => [m.id, m]));
  return ids.map((id) => {
    const m = byId.get(id);
    if (!m) throw new NotFoundError('content id', id);
    return m;
  });
}

/**
 * Rewrite the chunks that hold any of `ids` with `edit` applied to each item
 * (return null to drop it). Inside the caller's read-write transaction.
 */
export async function rewriteChunks(tx: IDBPTransaction<CurateDB, StoreNames<CurateDB>[], 'readwrite'>, archiveId: number, ids: Set<number>, edit: (m: ContentMeta) => ContentMeta | null): Promise<void> {
  const store = tx.objectStore('content_chunks');
  let cursor = await store.openCursor(archiveRange(archiveId));
  while (cursor) {
    const c = cursor.value;
    if (c.items.some((m) => ids.has(m.id))) {
      const items = c.items.map((m) => (ids.has(m.id) ? edit(m) : m)).filter((m): m is ContentMeta => m !== null);
      if (items.length) await cursor.update({ ...c, items });
      else await cursor.delete();
    }
    cursor = await cursor.continue();
  }
}
