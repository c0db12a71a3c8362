/** The archive's trash as the page sees it: list, restore, empty (validated first). */
import { ValidationError } from '../contract/errors.js';
import type { RestoreOutcome, TrashedContent } from '../contract/views.js';
import type { ArchiveStore } from '../store/store.js';

function ids(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((id) => Number.isInteger(id))) throw new ValidationError(field, 'a non-empty list of content ids (integers)');
  return value as number[];
}

export async function listTrash(store: ArchiveStore, archive: string): Promise<TrashedContent[]> {
  const a = await store.getArchive(archive);
  return (await store.listTrash(a.id)).map((t) => ({ ...t.meta, thumbnail: t.thumbnail, removed_at: t.removed_at }));
}

export async function restore(store: ArchiveStore, archive: string, options: { ids?: unknown }): Promise<RestoreOutcome> {
  const list = ids(options?.ids, 'options.ids');
  const a = await store.getArchive(archive);
  return store.restoreContents(a.id, list);
}

export async function emptyTrash(store: ArchiveStore, archive: string, options: { ids?: unknown }): Promise<{ deleted: number }> {
  const list = options?.ids === undefined || options.ids === null ? undefined : ids(options.ids, 'options.ids');
  const a = await store.getArchive(archive);
  return { deleted: await store.emptyTrash(a.id, list) };
}
