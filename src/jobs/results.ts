/**
 * Archive views kept after they are computed (duplicates, scores, map), so a
 * reload shows them at once. Each is stored with the archive state it was
 * computed on; when the archive has changed since, it comes back marked stale
 * (the page shows it with a refresh, never as if it were current).
 */
import { ValidationError } from '../contract/errors.js';
import type { StoredView, StoredViewName } from '../contract/views.js';
import type { ArchiveStore } from '../store/store.js';
import type { ArchiveRecord } from '../store/schema.js';

export const STORED_VIEWS: readonly StoredViewName[] = ['duplicates', 'scores', 'map'];

/**
 * What a view depends on, as a string: the contents (ids only grow, count and chunks change on
 * every add, remove and restore), the vectorizer, and for duplicates the threshold and the
 * user's answers and keepers.
 */
export function viewVersion(a: ArchiveRecord, name: StoredViewName): string {
  const base = `${a.content_count}/${a.next_content_id}/${a.next_content_chunk}/${a.parameters.default_vectorizer}`;
  if (name !== 'duplicates') return base;
  const d = a.decisions;
  const answers = (d?.pairs ?? []).map((p) => `${p.a}:${p.b}:${p.same ? 1 : 0}`).join(',');
  return `${base}/${a.calibrations.similarity?.threshold ?? ''}/${answers}/${(d?.keepers ?? []).join(',')}`;
}

export async function saveView(store: ArchiveStore, archive: string, name: StoredViewName, options: unknown, result: unknown): Promise<void> {
  const a = await store.getArchive(archive);
  await store.saveResult({ archive_id: a.id, name, options, version: viewVersion(a, name), computed_at: Date.now(), result });
}

export async function storedView(store: ArchiveStore, archive: string, options: { name?: unknown }): Promise<StoredView | null> {
  const name = options?.name;
  if (typeof name !== 'string' || !(STORED_VIEWS as readonly string[]).includes(name)) throw new ValidationError('options.name', `one of ${STORED_VIEWS.join(', ')}`);
  const a = await store.getArchive(archive);
  const r = await store.getResult(a.id, name);
  if (!r) return null;
  return { name: name as StoredViewName, options: r.options, computed_at: r.computed_at, stale: r.version !== viewVersion(a, name as StoredViewName), result: r.result } as StoredView;
}
