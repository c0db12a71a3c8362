/**
 * Labels of an archive's contents: set, import / export (example_to_labels.json,
 * content name → labels), counts. Only contents in the archive carry labels
 * in views; a trashed content keeps its labels for a restore.
 */
import { ValidationError } from '../contract/errors.js';
import { LABEL_LIMITS, type ArchiveLabels, type LabelsById } from '../contract/training.js';
import { checkObject, checkString } from '../contract/validate.js';
import { dict } from '../contract/dict.js';
import type { ArchiveStore } from '../store/store.js';
import { getLabels, putLabels } from '../store/labels.js';

/** A checked label list: strings of 1..100 characters, repeats dropped, in the order given. */
export function checkLabelList(value: unknown, field: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw new ValidationError(field, 'a list of labels (strings)');
  const out: string[] = [];
  list.forEach((l, i) => {
    const s = checkString(l, `${field}[${i}]`, 0, LABEL_LIMITS.maxLabelLength + 1);
    if (!out.includes(s)) out.push(s);
  });
  return out;
}

/** The labels of the archive's current contents, with counts. */
export async function archiveLabels(store: ArchiveStore, archive: string): Promise<ArchiveLabels> {
  const a = await store.getArchive(archive);
  const ids = await store.getContentIds(a.id);
  const stored = await getLabels(store.db, a.id);
  const labels: LabelsById = dict<string[]>() as unknown as LabelsById;
  const counts = new Map<string, number>();
  for (const id of ids) {
    const ls = stored.get(id);
    if (!ls?.length) continue;
    labels[id] = ls;
    for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const labelled = Object.keys(labels).length;
  return {
    labels,
    counts: [...counts].map(([label, count]) => ({ label, count })).sort((x, y) => y.count - x.count || (x.label < y.label ? -1 : 1)),
    labelled,
    unlabelled: ids.length - labelled,
  };
}

/** The archive's labelled contents as (id, labels), for training. */
export async function labelledContents(store: ArchiveStore, archiveId: number): Promise<Map<number, string[]>> {
  const ids = new Set(await store.getContentIds(archiveId));
  const out = new Map<number, string[]>();
  for (const [id, ls] of await getLabels(store.db, archiveId)) if (ids.has(id) && ls.length) out.set(id, ls);
  return out;
}

/**
 * Set the labels of contents (replacing theirs); an empty list clears them.
 * @throws ValidationError naming `labels[<id>]` for an id not in the archive or a bad label; nothing is written then
 */
export async function setLabels(store: ArchiveStore, archive: string, labels: unknown): Promise<ArchiveLabels> {
  const a = await store.getArchive(archive);
  const given = checkObject(labels, 'labels');
  const ids = new Set(await store.getContentIds(a.id));
  const put = new Map<number, string[]>();
  for (const key of Object.keys(given)) {
    const id = Number(key);
    if (!Number.isInteger(id) || !ids.has(id)) throw new ValidationError(`labels[${key}]`, 'a content id of the archive');
    put.set(id, checkLabelList(given[key], `labels[${key}]`));
  }
  await putLabels(store.db, a.id, put);
  return archiveLabels(store, archive);
}

/** Content name → id (names are unique within an archive's contents). */
/** Content name → id (the last of repeated names). */
export async function idsByName(store: ArchiveStore, archiveId: number): Promise<Map<string, number>> {
  const contents = await store.getContents(archiveId, null, { thumbnails: false });
  return new Map(contents.map((c) => [c.name, c.id]));
}

/**
 * Set labels from example_to_labels.json (content name → label or labels).
 * @throws ValidationError naming `exampleToLabels["<name>"]` for a name not in the archive; nothing is written then
 */
export async function importLabels(store: ArchiveStore, archive: string, exampleToLabels: unknown): Promise<ArchiveLabels> {
  const a = await store.getArchive(archive);
  const given = checkObject(exampleToLabels, 'exampleToLabels');
  const byName = await idsByName(store, a.id);
  const put = new Map<number, string[]>();
  for (const name of Object.keys(given)) {
    const field = `exampleToLabels[${JSON.stringify(name)}]`;
    const id = byName.get(name);
    if (id === undefined) throw new ValidationError(field, 'the name of a content in the archive');
    put.set(id, checkLabelList(given[name], field));
  }
  await putLabels(store.db, a.id, put);
  return archiveLabels(store, archive);
}

/** example_to_labels.json of the archive: content name → labels (labelled contents only). */
export async function exportLabels(store: ArchiveStore, archive: string): Promise<Record<string, string[]>> {
  const a = await store.getArchive(archive);
  const labelled = await labelledContents(store, a.id);
  const contents = await store.getContents(a.id, [...labelled.keys()], { thumbnails: false });
  const out = dict<string[]>();
  for (const c of contents) out[c.name] = labelled.get(c.id)!;
  return out;
}
