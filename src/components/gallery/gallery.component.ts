import { html, nothing, type PropertyValues } from 'lit';
import '@lit-labs/virtualizer';
import { grid } from '@lit-labs/virtualizer/layouts/grid.js';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { ContentView } from '../../contract/views.js';
import { toCuratekitError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { flagCounts, flagLabel, flagReason } from '../shared/flags.js';
import type { LabelEdit, ModelChange } from '../shared/model.js';
import { removeContents } from '../shared/remove.js';
import { editLabels, loadLabels } from '../shared/labels.js';
import { thumbnailUrl, warmThumbnails } from '../shared/thumbs.js';
import { keyAction } from './keys.js';
import { filterItems, sortItems, sortOptions, type FilterKey, type SortKey } from './arrange.js';
import { galleryStyles } from './gallery.styles.js';

const GAP = 8;
/**
 * Scroll speed (px/ms) above which tiles coming into view show a placeholder instead of
 * their image until the scroll slows: decoding and painting a new image per tile is what
 * a fling cannot afford on a slow machine (photo apps do the same). 4 px/ms = 4000 px/s,
 * above a brisk wheel scroll (bench:gallery's steady 2500 px/s keeps its images).
 */
const FLING_PX_PER_MS = 4;
/** How long the scroll must stay below that speed before the images are filled in. */
const SETTLE_MS = 120;

/**
 * <curate-gallery>: a virtualized grid of an archive's thumbnails. Multi-select
 * with mouse (click, Ctrl/⌘-click, Shift-click) and keyboard (arrows, Shift+arrows,
 * Space, Ctrl+A, Home/End, Enter to open, Delete to remove), sort and filter by any
 * score, badges for quality flags, clusters and labels.
 *
 * @fires curate-select - The selection changed (detail: ids).
 * @fires curate-open - An item was opened with Enter or a double click (detail: id).
 * @fires curate-remove - Items were removed (detail: ids).
 * @fires curate-restore - Removed items were restored from the trash (detail: ids).
 * @csspart restore - The "moved to the trash · Restore" line.
 * @fires curate-label - Items were labelled (detail: ids, label, edit: set / add / remove).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart grid
 * @csspart tile
 * @csspart tile-selected
 * @csspart thumb
 * @csspart badge
 * @csspart flag
 * @csspart flag-chips - The row of quality-flag filter chips.
 * @csspart chip - One flag chip (its count inside).
 * @csspart button
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 * @cssprop --curate-gallery-height - Height of the scrolling grid.
 * @cssprop --curate-tile-size - Tile width.
 */
export class CurateGallery extends CurateElement {
  static override styles = galleryStyles;
  static override properties = {
    ...CurateElement.properties,
    sort: { type: String, reflect: true },
    filter: { type: String, reflect: true },
    tileSize: { type: Number, attribute: 'tile-size' },
    items: { state: true },
    active: { state: true },
  };

  /** Sort key ('added', 'name', 'cluster', '-score:uniqueness', 'quality:…'). @defaultValue 'added' */
  declare sort: SortKey;
  /** Filter ('all', 'selected', 'flagged', 'unlabelled', 'cluster:N', 'label:X'). @defaultValue 'all' */
  declare filter: FilterKey;
  /** Tile width in px. @defaultValue 112 */
  declare tileSize: number;
  /** @internal */
  declare items: ContentView[] | null;
  /** Index (in the shown order) of the keyboard cursor. */
  /** @internal */
  declare active: number;
  #anchor = 0;
  #loaded = '';
  // The shown array keeps its identity until what it depends on changes: the
  // virtualizer treats a new array as new items and re-lays out instead of re-rendering.
  #view: ContentView[] = [];
  #viewDirty = true;
  #layout: { size: number; spec: ReturnType<typeof grid> } | null = null;
  // Fling state: while fast, tiles whose image was never shown get a placeholder.
  #fast = false;
  #lastScroll = { top: 0, at: 0 };
  #settle: ReturnType<typeof setTimeout> | undefined;
  #shown = new WeakSet<Blob>();

  constructor() {
    super();
    this.sort = 'added';
    this.filter = 'all';
    this.tileSize = 112;
    this.items = null;
    this.active = 0;
  }

  /** Ids in the order shown (after filter and sort). */
  get shownIds(): number[] {
    return this.#view.map((c) => c.id);
  }

  protected override modelChanged(kind: ModelChange): void {
    if (kind === 'contents') this.#loaded = '';
    if (kind !== 'selection' && kind !== 'focus') this.#viewDirty = true;
    if (kind === 'selection' && this.filter === 'selected') this.#viewDirty = true;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Never show one archive's tiles under another's name while the new list loads.
    if (changed.has('archive') && changed.get('archive') !== undefined) this.items = null;
    if (changed.has('items') || changed.has('sort') || changed.has('filter')) this.#viewDirty = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const key = `${this.archive}#${this.model.revision}`;
    if (this.curator && this.archive && key !== this.#loaded) {
      this.#loaded = key;
      void this.#load(key);
    }
    if (changed.has('items') && this.active >= this.#view.length) this.active = Math.max(0, this.#view.length - 1);
  }

  /** One layout object per tile size: a new one each render would re-layout and lose the scroll position. */
  #gridLayout(): ReturnType<typeof grid> {
    if (this.#layout?.size !== this.tileSize) {
      const spec = grid({ itemSize: { width: `${this.tileSize}px`, height: `${this.tileSize + 24}px` }, gap: `${GAP}px`, justify: 'start' });
      this.#layout = { size: this.tileSize, spec };
    }
    return this.#layout.spec;
  }

  /** Load the list for `key` (archive + revision); an answer for a key that is no longer current is dropped. */
  async #load(key: string): Promise<void> {
    try {
      const items = await this.loadContents();
      // The user switched archive (or the contents changed) while this load ran: its list is another archive's.
      if (key !== this.#loaded) return;
      this.items = items;
      this.error = null;
      const archive = this.archive;
      warmThumbnails(archive, items, () => this.items === items && this.archive === archive);
      // The archive's labels are the truth (training learns from them); the model shows a copy.
      if (items.length) await loadLabels(this.curator!, archive, this.model);
    } catch (e) {
      // An archive that does not exist yet is simply empty (it is created by the first add).
      if (key !== this.#loaded) return;
      if (toCuratekitError(e).code === 'not_found') this.items = [];
      else this.fail(e);
    }
  }

  get #virtualizer(): LitVirtualizer | null {
    return this.renderRoot.querySelector('lit-virtualizer');
  }

  #columns(): number {
    const width = this.#virtualizer?.clientWidth ?? 0;
    return Math.max(1, Math.floor((width - 8 + GAP) / (this.tileSize + GAP)));
  }

  #publishSelection(): void {
    this.emit('curate-select', { ids: [...this.model.selected] });
  }

  #clickItem(e: MouseEvent, index: number): void {
    const id = this.#view[index].id;
    if (e.shiftKey) this.#selectRange(index, e.ctrlKey || e.metaKey);
    else if (e.ctrlKey || e.metaKey) {
      this.model.select([id], 'toggle');
      this.#anchor = index;
    } else {
      this.model.select([id], 'replace');
      this.#anchor = index;
    }
    this.active = index;
    this.#publishSelection();
  }

  #selectRange(to: number, add: boolean): void {
    const [a, b] = this.#anchor <= to ? [this.#anchor, to] : [to, this.#anchor];
    this.model.select(this.#view.slice(a, b + 1).map((c) => c.id), add ? 'add' : 'replace');
  }

  /** Move the cursor (and scroll to it); with Shift the selection follows. */
  #moveTo(index: number, extend: boolean): void {
    if (this.#view.length === 0) return;
    const i = Math.min(this.#view.length - 1, Math.max(0, index));
    this.active = i;
    if (extend) {
      this.#selectRange(i, false);
      this.#publishSelection();
    } else this.#anchor = i;
    this.#virtualizer?.element(i)?.scrollIntoView({ block: 'nearest' });
  }

  #open(index: number): void {
    const c = this.#view[index];
    if (!c) return;
    this.model.setFocus(c.id);
    this.emit('curate-open', { id: c.id, ids: this.#view.map((x) => x.id) });
  }

  #onScroll = (e: Event) => {
    const top = (e.currentTarget as HTMLElement).scrollTop, at = performance.now();
    const speed = Math.abs(top - this.#lastScroll.top) / Math.max(1, at - this.#lastScroll.at);
    this.#lastScroll = { top, at };
    if (speed > FLING_PX_PER_MS && !this.#fast) {
      this.#fast = true;
      this.requestUpdate();
    }
    if (this.#fast) {
      clearTimeout(this.#settle);
      this.#settle = setTimeout(() => {
        this.#fast = false;
        this.requestUpdate();
      }, SETTLE_MS);
    }
  };

  /** Whether tiles show a placeholder for images not yet shown (the list is being flung). */
  get flinging(): boolean {
    return this.#fast;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#settle);
    this.#fast = false;
  }

  #onKey = (e: KeyboardEvent) => {
    const rowsPerPage = Math.max(1, Math.floor((this.#virtualizer?.clientHeight ?? 400) / (this.tileSize + 24 + GAP)));
    const action = keyAction(e, { active: this.active, count: this.#view.length, columns: this.#columns(), rowsPerPage });
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'move') return this.#moveTo(action.to, action.extend);
    if (action.kind === 'open') return this.#open(this.active);
    if (action.kind === 'remove') return void this.removeSelected();
    if (action.kind === 'toggle') {
      const c = this.#view[this.active];
      if (c) this.model.select([c.id], action.add ? 'add' : 'toggle');
    } else this.model.select(action.kind === 'select-all' ? this.shownIds : [], 'replace');
    this.#publishSelection();
  };

  /** Remove the selected items from the archive (a remove_content job). */
  async removeSelected(): Promise<void> {
    const ids = [...this.model.selected];
    if (ids.length === 0) return;
    const curator = requireCurator(this.curator, 'curate-gallery');
    const archive = requireArchive(this.archive, 'curate-gallery');
    await this.attempt(async () => {
      await removeContents(curator, archive, this.model, ids);
      this.emit('curate-remove', { ids });
    });
  }

  /**
   * Label the selection with the text typed: 'set' replaces their labels (empty text: removes them),
   * 'add' adds it to each item's labels (multi-label), 'remove' takes it off.
   */
  async labelSelection(edit: LabelEdit, text: string): Promise<void> {
    const ids = [...this.model.selected];
    if (ids.length === 0) return;
    const label = text.trim() || null;
    if (label === null && edit !== 'set') {
      this.error = `Type the label to ${edit}.`;
      return;
    }
    await this.attempt(async () => {
      await editLabels(requireCurator(this.curator, 'curate-gallery'), requireArchive(this.archive, 'curate-gallery'), this.model, ids, edit, label);
      this.emit('curate-label', { ids, label, edit });
    });
  }

  #labelSelected = (e: Event, edit: LabelEdit = 'set') => {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#label');
    if (!input || this.model.selected.size === 0) return;
    const text = input.value;
    input.value = '';
    void this.labelSelection(edit, text);
  };

  /** One chip per quality flag with its count; pressing one shows only those items (again: all). */
  #renderFlagChips(all: ContentView[]) {
    const counts = flagCounts(all);
    if (counts.length === 0) return nothing;
    return html`<div class="chips" part="flag-chips" role="group" aria-label="Quality flags">
      ${counts.map(([f, n]) => {
        const on = this.filter === `flag:${f}`;
        return html`<button part="chip" aria-pressed=${on ? 'true' : 'false'} @click=${() => (this.filter = on ? 'all' : `flag:${f}`)}>${flagLabel(f)} <span class="count">${n}</span></button>`;
      })}
    </div>`;
  }

  #renderItem = (c: ContentView | undefined, index: number) => {
    // The virtualizer may ask for a stale index for one frame after the items shrink.
    if (!c) return nothing;
    const selected = this.model.selected.has(c.id);
    const q = c.quality;
    const flags = q?.flags ?? [];
    const cluster = this.model.clusterOf(c.id);
    const labels = this.model.labelsOf(c.id);
    // Mid-fling an image never shown stays a placeholder (filled in when the scroll settles).
    const wait = this.#fast && !!c.thumbnail && !this.#shown.has(c.thumbnail);
    const url = wait ? null : thumbnailUrl(this.archive, c.thumbnail);
    if (url) this.#shown.add(c.thumbnail!);
    const scoreKey = this.sort.replace(/^-/, '');
    const score = scoreKey.startsWith('score:') ? this.model.scores.get(scoreKey.slice(6))?.get(c.id) : undefined;
    return html`<div
      part="tile${selected ? ' tile-selected' : ''}"
      class="tile ${index === this.active ? 'active' : ''}"
      id="item-${c.id}"
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${c.name}
      data-id=${c.id}
      @click=${(e: MouseEvent) => this.#clickItem(e, index)}
      @dblclick=${() => this.#open(index)}
    >
      ${url ? html`<img class="thumb" part="thumb" src=${url} alt="" draggable="false" decoding="async" />` : html`<div class="thumb ${wait ? 'pending' : ''}"></div>`}
      <span class="name" title=${c.name}>${c.name}</span>
      ${score !== undefined ? html`<span class="score muted">${scoreKey.slice(6)} ${score.toFixed(2)}</span>` : nothing}
      <div class="badges">
        ${cluster >= 0 ? html`<span class="badge cluster" part="badge">${this.model.clusters?.names[cluster] ?? `#${cluster + 1}`}</span>` : nothing}
        ${labels.map((l) => html`<span class="badge" part="badge label">${l}</span>`)}
        ${flags.map((f) => html`<span class="badge flag" part="badge flag" title=${flagReason(f, q!)}>${flagLabel(f)}</span>`)}
      </div>
    </div>`;
  };

  override render() {
    const all = this.items ?? [];
    if (this.#viewDirty) {
      this.#view = sortItems(filterItems(all, this.model, this.filter), this.model, this.sort);
      this.#viewDirty = false;
    }
    const activeItem = this.#view[this.active];
    const clusters = this.model.clusters;
    const labels = this.model.labelCounts().sort((a, b) => a[0].localeCompare(b[0]));
    const nSel = this.model.selected.size;
    return html`
      <div class="toolbar" part="toolbar">
        <label>Sort <select aria-label="Sort by" .value=${this.sort} @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value)}>
          ${sortOptions(all, this.model).map((o) => html`<option value=${o.key} ?selected=${o.key === this.sort}>${o.label}</option>`)}
        </select></label>
        <label>Show <select aria-label="Filter" @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value)}>
          <option value="all" ?selected=${this.filter === 'all'}>All (${all.length})</option>
          <option value="selected" ?selected=${this.filter === 'selected'}>Selected</option>
          <option value="flagged" ?selected=${this.filter === 'flagged'}>Flagged</option>
          ${flagCounts(all).map(([f, n]) => html`<option value="flag:${f}" ?selected=${this.filter === `flag:${f}`}>${flagLabel(f)} (${n})</option>`)}
          <option value="unlabelled" ?selected=${this.filter === 'unlabelled'}>Unlabelled</option>
          ${clusters?.ids.map((ids, k) => html`<option value="cluster:${k}" ?selected=${this.filter === `cluster:${k}`}>${clusters.names[k]} (${ids.length})</option>`)}
          ${labels.map(([l, n]) => html`<option value="label:${l}" ?selected=${this.filter === `label:${l}`}>label: ${l} (${n})</option>`)}
        </select></label>
        <span class="muted" aria-live="polite">${nSel} selected</span>
        <form class="label-form" part="label-form" @submit=${this.#labelSelected}>
          <input id="label" type="text" list="known-labels" placeholder="Label selected" aria-label="Label for the selected items" title="Enter: set as the only label · Add / Remove: one label among several" ?disabled=${nSel === 0} />
          <datalist id="known-labels">${labels.map(([l]) => html`<option value=${l}></option>`)}</datalist>
          <button part="button" type="button" title="Add this label to the selected items, keeping their other labels" ?disabled=${nSel === 0} @click=${(e: Event) => this.#labelSelected(e, 'add')}>Add label</button>
          <button part="button" type="button" title="Take this label off the selected items" ?disabled=${nSel === 0} @click=${(e: Event) => this.#labelSelected(e, 'remove')}>Remove label</button>
        </form>
        <button part="button" class="danger" ?disabled=${nSel === 0} @click=${() => this.removeSelected()}>Remove selected</button>
      </div>
      ${this.#renderFlagChips(all)}
      ${this.renderRestore()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="grid" part="grid">
        ${this.items === null
          ? html`<div class="empty muted">Loading…</div>`
          : this.#view.length === 0
            ? html`<div class="empty muted">No images${this.filter !== 'all' ? ' match this filter' : ' yet'}.</div>`
            : html`<lit-virtualizer
                scroller
                role="listbox"
                tabindex="0"
                aria-label="Images"
                aria-multiselectable="true"
                aria-activedescendant=${activeItem ? `item-${activeItem.id}` : nothing}
                @keydown=${this.#onKey}
                @scroll=${this.#onScroll}
                .items=${this.#view}
                .renderItem=${(c: ContentView | undefined, i: number) => this.#renderItem(c, i)}
                .layout=${this.#gridLayout()}
              ></lit-virtualizer>`}
      </div>
    `;
  }
}
