/**
 * The last computed view of an archive, as the elements show it after a reload:
 * at once, with when it was computed and whether the archive changed since.
 */
import { html, nothing } from 'lit';
import type { StoredView, StoredViewName } from '../../contract/views.js';
import type { CuratorLike } from './curator-like.js';

/** What an element remembers about the view it shows. */
export interface ShownView {
  computed_at: number;
  stale: boolean;
}

/** The stored view, or null (also when the client cannot keep views, or the archive is gone). */
export async function loadStoredView<K extends StoredViewName>(curator: CuratorLike, archive: string, name: K): Promise<Extract<StoredView, { name: K }> | null> {
  if (typeof curator.storedView !== 'function') return null;
  try {
    return await curator.storedView(archive, name);
  } catch {
    return null;
  }
}

/** "Computed 12:04 — the archive changed since: [Refresh]" (nothing for a fresh computation in this session). */
export function storedNote(shown: ShownView | null, refresh: () => void, label: string) {
  if (!shown) return nothing;
  const when = new Date(shown.computed_at).toLocaleString();
  return shown.stale
    ? html`<p class="stale" part="stale" role="status">Computed ${when}; the archive changed since, so this may be out of date. <button part="button" @click=${refresh}>${label}</button></p>`
    : html`<p class="muted" part="stored" role="status">Computed ${when}.</p>`;
}
