/**
 * The trash: removing contents moves everything they had (metadata, thumbnail,
 * file, vector rows, hash) into one record per content, in the same transaction
 * as the removal; restoring puts it all back under the same id. Emptying the
 * trash (or deleting the archive) is what deletes for good.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { CurateDB, CurateDatabase, TrashRecord } from './schema.js';
import { archiveChunkRange } from './vectors.js';
import { archiveRange, metaOf, type ContentMeta } from './contents.js';
import type { DuplicateDecisions } from '../contract/views.js';
import { ARCHIVE_STORES } from './commit.js';
import { NotFoundError } from '../contract/errors.js';

type Tx = IDBPTransaction<CurateDB, StoreNames<CurateDB>[], 'readwrite'>;

/** A trashed content as listed (no vectors). */
export interface TrashEntry {
  id: number;
  meta: ContentMeta;
  thumbnail: Blob | null;
  removed_at: number;
}

/** Outcome of a restore: ids back in the archive, and those that could not come back, with why. */
export interface RestoreResult {
  restored: number[];
  refused: { id: number; reason: string }[];
}

/**
 * Write trash records for `removed`, inside the removal's transaction (before its deletes).
 * The duplicate answers naming a content and its keeper choice go with it, so a restore
 * brings back the decisions a person made, not only the file.
 */
export async function moveToTrash(tx: Tx, archiveId: number, removed: ContentMeta[], decisions?: DuplicateDecisions): Promise<void> {
  const gone = new Set(removed.map((m) => m.id));
  const rows = new Map<number, TrashRecord['vectors']>();
  for (const c of await tx.objectStore('vectors').getAll(archiveChunkRange(archiveId))) {
    c.ids.forEach((id, r) => {
      if (!gone.has(id)) return;
      const list = rows.get(id) ?? [];
      list.push({ vectorizer: c.vectorizer, dim: c.dim, data: c.data.slice(r * c.dim, (r + 1) * c.dim) });
      rows.set(id, list);
    });
  }
  const now = Date.now();
  for (const meta of removed) {
    const thumbnail = (await tx.objectStore('thumbnails').get([archiveId, meta.id]))?.blob ?? null;
    const file = (await tx.objectStore('files').get([archiveId, meta.id]))?.blob ?? null;
    const kept = decisions && { pairs: decisions.pairs.filter((p) => p.a === meta.id || p.b === meta.id), keeper: decisions.keepers.includes(meta.id) };
    await tx.objectStore('trash').put({ archive_id: archiveId, id: meta.id, meta, thumbnail, file, vectors: rows.get(meta.id) ?? [], removed_at: now, ...(kept ? { decisions: kept } : {}) });
  }
}

/** What the trash of an archive holds, most recently removed first. */
export async function listTrash(db: CurateDatabase, archiveId: number): Promise<TrashEntry[]> {
  const all = await db.getAll('trash', archiveRange(archiveId));
  return all.map(({ id, meta, thumbnail, removed_at }) => ({ id, meta, thumbnail, removed_at })).sort((a, b) => b.removed_at - a.removed_at || a.id - b.id);
}

/**
 * Put trashed contents back under their ids, in one transaction. Ids not in the
 * trash → NotFoundError, nothing restored. A content whose exact file was added
 * again since is refused (the archive holds each file once) and stays in the trash.
 */
export async function restoreFromTrash(db: CurateDatabase, archiveId: number, ids: number[]): Promise<RestoreResult> {
  const tx = db.transaction(ARCHIVE_STORES, 'readwrite');
  const fail = async (e: Error) => {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw e;
  };
  const archive = await tx.objectStore('archives').get(archiveId);
  if (!archive) return fail(new NotFoundError('archive', archiveId));
  const records: TrashRecord[] = [];
  for (const id of new Set(ids)) {
    const r = await tx.objectStore('trash').get([archiveId, id]);
    if (!r) return fail(new NotFoundError('trashed content id', id));
    records.push(r);
  }
  const byHash = tx.objectStore('hashes').index('archive_hash');
  const back: TrashRecord[] = [];
  const refused: RestoreResult['refused'] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const h = r.meta.byte_hash;
    if (h && (seen.has(h) || (await byHash.count([archiveId, h])))) {
      refused.push({ id: r.id, reason: 'an exact copy of its file is in the archive now' });
      continue;
    }
    if (h) seen.add(h);
    back.push(r);
  }
  const nextChunk = { ...archive.next_chunk };
  if (back.length) {
    await tx.objectStore('content_chunks').put({ archive_id: archiveId, chunk: archive.next_content_chunk, items: back.map((r) => r.meta) });
    const byVectorizer = new Map<string, { dim: number; ids: number[]; rows: Uint16Array[] }>();
    for (const r of back) {
      for (const v of r.vectors) {
        const g = byVectorizer.get(v.vectorizer) ?? { dim: v.dim, ids: [], rows: [] };
        g.ids.push(r.id);
        g.rows.push(v.data);
        byVectorizer.set(v.vectorizer, g);
      }
      if (r.thumbnail) await tx.objectStore('thumbnails').put({ archive_id: archiveId, id: r.id, blob: r.thumbnail });
      if (r.file) await tx.objectStore('files').put({ archive_id: archiveId, id: r.id, blob: r.file });
      if (r.meta.byte_hash) await tx.objectStore('hashes').add({ archive_id: archiveId, byte_hash: r.meta.byte_hash, id: r.id });
      await tx.objectStore('trash').delete([archiveId, r.id]);
    }
    for (const [vectorizer, g] of byVectorizer) {
      const chunk = nextChunk[vectorizer] ?? 0;
      nextChunk[vectorizer] = chunk + 1;
      const data = new Uint16Array(g.ids.length * g.dim);
      g.rows.forEach((row, i) => data.set(row, i * g.dim));
      await tx.objectStore('vectors').put({ archive_id: archiveId, vectorizer, chunk, dim: g.dim, ids: Int32Array.from(g.ids), data });
    }
  }
  // Which items are in the archive now is read only when a restored content carried answers.
  const carried = back.some((r) => r.decisions?.pairs.length);
  const present = carried ? new Set(metaOf(await tx.objectStore('content_chunks').getAll(archiveRange(archiveId))).map((m) => m.id)) : new Set<number>();
  await tx.objectStore('archives').put({
    ...archive,
    decisions: restoredDecisions(archive.decisions, back, present),
    next_chunk: nextChunk,
    next_content_chunk: archive.next_content_chunk + (back.length ? 1 : 0),
    content_count: archive.content_count + back.length,
    updated_at: Date.now(),
  });
  await tx.done;
  return { restored: back.map((r) => r.id), refused };
}

/** The archive's decisions plus those the restored contents took with them, where both items of a pair are back. */
function restoredDecisions(d: DuplicateDecisions | undefined, back: TrashRecord[], present: ReadonlySet<number>): DuplicateDecisions | undefined {
  const carried = back.flatMap((r) => r.decisions?.pairs ?? []);
  const keepers = back.filter((r) => r.decisions?.keeper).map((r) => r.id);
  if (!carried.length && !keepers.length) return d;
  const key = (p: { a: number; b: number }) => (p.a < p.b ? `${p.a}:${p.b}` : `${p.b}:${p.a}`);
  const pairs = new Map((d?.pairs ?? []).map((p) => [key(p), p]));
  // A pair answered again since the removal keeps the newer answer.
  for (const p of carried) if (present.has(p.a) && present.has(p.b) && !pairs.has(key(p))) pairs.set(key(p), p);
  return { pairs: [...pairs.values()], keepers: [...new Set([...(d?.keepers ?? []), ...keepers])] };
}

/** Delete trashed contents for good (all of the archive's when `ids` is omitted). Returns how many. */
export async function emptyTrash(db: CurateDatabase, archiveId: number, ids?: number[]): Promise<number> {
  // Labels of a content live until it is gone for good (so a restore brings them back).
  const tx = db.transaction(['trash', 'labels'], 'readwrite');
  const trash = tx.objectStore('trash');
  const gone = ids === undefined ? ((await trash.getAllKeys(archiveRange(archiveId))) as [number, number][]).map((k) => k[1]) : [...new Set(ids)];
  let n = 0;
  for (const id of gone) {
    if (await trash.count([archiveId, id])) {
      await trash.delete([archiveId, id]);
      await tx.objectStore('labels').delete([archiveId, id]);
      n++;
    }
  }
  await tx.done;
  return n;
}
