/**
 * Whether an archive's stores agree with one another, read in one transaction:
 * every content once, its count kept, a vector row per content for the default
 * vectorizer, and no thumbnail, file, hash, vector row or label left over from a
 * content that is gone. The fault-injection soak (scripts/soak.ts) runs it after
 * every kill; users get it as `curator.integrity(archive)`.
 */
import type { ArchiveIntegrity } from '../contract/views.js';
import type { ArchiveRecord, CurateDatabase } from './schema.js';
import { archiveRange } from './contents.js';
import { archiveChunkRange } from './vectors.js';

type Key = [number, ...unknown[]];

export async function checkIntegrity(db: CurateDatabase, archive: ArchiveRecord): Promise<ArchiveIntegrity> {
  const id = archive.id;
  const tx = db.transaction(['content_chunks', 'vectors', 'thumbnails', 'files', 'hashes', 'trash', 'labels'], 'readonly');
  const range = archiveRange(id);
  const [chunks, vectorChunks, thumbKeys, fileKeys, hashKeys, trashKeys, labelKeys] = await Promise.all([
    tx.objectStore('content_chunks').getAll(range),
    tx.objectStore('vectors').getAll(archiveChunkRange(id)),
    tx.objectStore('thumbnails').getAllKeys(range),
    tx.objectStore('files').getAllKeys(range),
    tx.objectStore('hashes').getAllKeys(range),
    tx.objectStore('trash').getAllKeys(range),
    tx.objectStore('labels').getAllKeys(range),
  ]);
  await tx.done;
  const problems: string[] = [];
  const contents = new Map<number, string | null>();
  for (const c of chunks)
    for (const m of c.items) {
      if (contents.has(m.id)) problems.push(`content ${m.id} is stored twice`);
      contents.set(m.id, m.byte_hash ?? null);
    }
  if (archive.content_count !== contents.size) problems.push(`content_count says ${archive.content_count}, the archive holds ${contents.size}`);
  let maxId = -1;
  for (const c of contents.keys()) if (c > maxId) maxId = c;
  if (maxId >= archive.next_content_id) problems.push(`content ${maxId} is at or past next_content_id ${archive.next_content_id}`);
  const trashed = new Set(trashKeys.map((k) => (k as Key)[1] as number));
  for (const t of trashed) if (contents.has(t)) problems.push(`content ${t} is both in the archive and in the trash`);

  const vectors: ArchiveIntegrity['vectors'] = {};
  const rowsBy = new Map<string, Map<number, number>>();
  for (const c of vectorChunks) {
    const m = rowsBy.get(c.vectorizer) ?? new Map<number, number>();
    for (const v of c.ids) m.set(v, (m.get(v) ?? 0) + 1);
    rowsBy.set(c.vectorizer, m);
  }
  for (const [vectorizer, rows] of rowsBy) {
    let orphans = 0, twice = 0, total = 0;
    for (const [v, n] of rows) {
      total += n;
      if (!contents.has(v)) orphans++;
      if (n > 1) twice++;
    }
    const missing = [...contents.keys()].filter((c) => !rows.has(c)).length;
    vectors[vectorizer] = { rows: total, missing };
    if (orphans) problems.push(`${orphans} vector rows of "${vectorizer}" belong to no content`);
    if (twice) problems.push(`${twice} contents have more than one "${vectorizer}" row`);
  }
  const def = archive.parameters.default_vectorizer;
  const defMissing = contents.size - [...contents.keys()].filter((c) => rowsBy.get(def)?.has(c)).length;
  // A fine-tuned default keeps no rows of its own (they are derived from its base's on read).
  if (rowsBy.has(def) && defMissing) problems.push(`${defMissing} contents have no "${def}" vector`);

  const leftovers = (what: string, keys: IDBValidKey[], alsoTrash: boolean) => {
    const n = keys.filter((k) => {
      const c = (k as Key)[1] as number;
      return !contents.has(c) && !(alsoTrash && trashed.has(c));
    }).length;
    if (n) problems.push(`${n} ${what} belong to no content`);
  };
  leftovers('thumbnails', thumbKeys, false);
  leftovers('files', fileKeys, false);
  leftovers('labels', labelKeys, true);

  const hashOwners = new Map<string, number[]>();
  let strayHashes = 0;
  for (const k of hashKeys) {
    const [, hash, owner] = k as [number, string, number];
    if (!contents.has(owner) || contents.get(owner) !== hash) strayHashes++;
    hashOwners.set(hash, [...(hashOwners.get(hash) ?? []), owner]);
  }
  if (strayHashes) problems.push(`${strayHashes} hash rows belong to no content with that hash`);
  const repeated = [...hashOwners.values()].filter((o) => o.length > 1).length;
  if (repeated) problems.push(`${repeated} files are stored more than once (same byte hash)`);
  const unhashed = [...contents].filter(([c, h]) => h !== null && !hashOwners.get(h)?.includes(c)).length;
  if (unhashed) problems.push(`${unhashed} contents have no hash row`);

  return { archive: archive.name, contents: contents.size, trash: trashed.size, vectors, problems, ok: problems.length === 0 };
}
