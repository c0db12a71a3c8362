/**
 * Removing contents: one remove_content job (the engine moves them to the
 * archive's trash), then every element sharing the model refreshes and offers
 * to restore them (restoreBar).
 */
import { html, nothing } from 'lit';
import type { CuratorLike } from './curator-like.js';
import type { CurationModel } from './model.js';

export async function removeContents(curator: CuratorLike, archive: string, model: CurationModel, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await curator.run('remove_content', { archive, archive_content_ids_subset: ids });
  model.lastRemoved = { archive, ids: [...ids] };
  model.contentsChanged(ids);
}

/** Put the last removal back from the trash; resolves to the ids that came back. */
export async function restoreLastRemoved(curator: CuratorLike, model: CurationModel): Promise<number[]> {
  const last = model.lastRemoved;
  if (!last || typeof curator.restore !== 'function') return [];
  const out = await curator.restore(last.archive, last.ids);
  model.lastRemoved = null;
  model.contentsChanged();
  return out.restored;
}

/**
 * "Removed N · Restore" for the last removal made through any element sharing `model`
 * (shown in the element whose archive it was, when the client can restore).
 */
export function restoreBar(curator: CuratorLike | undefined | null, model: CurationModel, archive: string, onRestore: () => void) {
  const last = model.lastRemoved;
  if (!last || last.archive !== archive || typeof curator?.restore !== 'function') return nothing;
  const n = last.ids.length;
  return html`<p class="restore" part="restore" role="status">
    Moved ${n} item${n === 1 ? '' : 's'} to the trash.
    <button part="button restore-button" @click=${onRestore}>Restore ${n === 1 ? 'it' : `all ${n}`}</button>
  </p>`;
}
