/**
 * Labels, classifier versions and feedback examples of an archive. A version
 * is written in one transaction when its training has finished, and never
 * changed: a cancelled or interrupted training leaves nothing behind.
 */
import type { CurateDatabase, ClassifierRecord, LabelExampleRecord } from './schema.js';
import { archiveRange } from './contents.js';

/** Labels by content id (contents without labels are absent). */
export async function getLabels(db: CurateDatabase, archiveId: number): Promise<Map<number, string[]>> {
  const rows = await db.getAll('labels', archiveRange(archiveId));
  return new Map(rows.map((r) => [r.id, r.labels]));
}

/** Replace the labels of these contents, all in one transaction; an empty list removes a content's labels. */
export async function putLabels(db: CurateDatabase, archiveId: number, labels: Map<number, string[]>): Promise<void> {
  const tx = db.transaction('labels', 'readwrite');
  for (const [id, ls] of labels) {
    if (ls.length) await tx.store.put({ archive_id: archiveId, id, labels: ls });
    else await tx.store.delete([archiveId, id]);
  }
  await tx.done;
}

/** The versions that were not deleted. */
export async function listClassifiers(db: CurateDatabase, archiveId: number): Promise<ClassifierRecord[]> {
  return (await db.getAll('classifiers', archiveRange(archiveId))).filter((r) => !r.deleted);
}

export async function getClassifier(db: CurateDatabase, archiveId: number, version: number): Promise<ClassifierRecord | undefined> {
  const r = await db.get('classifiers', [archiveId, version]);
  return r && !r.deleted ? r : undefined;
}

/**
 * Store a finished version under the next number (read and written in one transaction).
 * Numbers are never reused: a deleted version's tombstone still counts, so "v2" always means one model.
 */
export async function addClassifier(db: CurateDatabase, archiveId: number, make: (version: number) => Omit<ClassifierRecord, 'archive_id' | 'version'>): Promise<ClassifierRecord> {
  const tx = db.transaction('classifiers', 'readwrite');
  const keys = (await tx.store.getAllKeys(archiveRange(archiveId))) as [number, number][];
  const version = keys.reduce((m, k) => Math.max(m, k[1]), 0) + 1;
  const record = { archive_id: archiveId, version, ...make(version) };
  await tx.store.put(record);
  await tx.done;
  return record;
}

/** Delete a version's model for good, keeping a tombstone of its number. */
export async function deleteClassifier(db: CurateDatabase, archiveId: number, version: number): Promise<boolean> {
  const tx = db.transaction('classifiers', 'readwrite');
  const r = await tx.store.get([archiveId, version]);
  const had = r !== undefined && !r.deleted;
  if (had) await tx.store.put({ archive_id: archiveId, version, view: null, weights: null, deleted: true });
  await tx.done;
  return had;
}

export async function addExamples(db: CurateDatabase, examples: LabelExampleRecord[]): Promise<void> {
  const tx = db.transaction('label_examples', 'readwrite');
  for (const e of examples) await tx.store.add(e);
  await tx.done;
}

export async function getExamples(db: CurateDatabase, archiveId: number): Promise<LabelExampleRecord[]> {
  return db.getAllFromIndex('label_examples', 'archive_id', archiveId);
}
