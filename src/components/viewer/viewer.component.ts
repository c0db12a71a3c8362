import { html, nothing } from 'lit';
import { ValidationError } from '../../contract/errors.js';
import type { ContentView } from '../../contract/views.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { removeContents } from '../shared/remove.js';
import { cssProps } from '../shared/css-props.js';
import { renderFacts } from './facts.js';
import { viewerStyles } from './viewer.styles.js';

/** Zoom steps of "+" / "−"; 0 = fit to the pane. */
const ZOOMS = [0, 0.25, 0.5, 1, 2, 4];

interface Shown {
  content: ContentView;
  url: string;
  /** The original is not stored: the thumbnail is shown instead. */
  thumbnailOnly: boolean;
}

/**
 * <curate-viewer>: look closer. `open(id, ids)` shows one item full size in a
 * modal dialog (←/→ step through `ids`, Delete moves it to the trash, Esc
 * closes); `compare(a, b)` shows two side by side at one display size
 * (zoom +, −, 0 = fit, 1 = the larger one at 1:1; scrolling one pane scrolls
 * the other, so both show the same part) and their
 * pixel size, bytes, format and quality figures, with what differs marked.
 *
 * @fires curate-remove - The shown item was moved to the trash (detail: ids).
 * @fires curate-error - Something failed.
 * @csspart dialog - The modal dialog.
 * @csspart toolbar - Title, position, zoom and actions.
 * @csspart pane - One image pane (two when comparing).
 * @csspart image - The full-size image.
 * @csspart facts - The figures of an item.
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
 */
export class CurateViewer extends CurateElement {
  static override styles = viewerStyles;
  static override properties = {
    ...CurateElement.properties,
    shown: { state: true },
    zoom: { state: true },
    position: { state: true },
    similarity: { state: true },
  };

  /** @internal one item, or two when comparing */
  declare shown: Shown[];
  /** @internal scale of the images, 0 = fit */
  declare zoom: number;
  /** @internal index in the list stepped through (single view) */
  declare position: number;
  /** @internal cosine similarity of the compared pair */
  declare similarity: number | null;
  #ids: number[] = [];
  #syncing = false;

  constructor() {
    super();
    this.shown = [];
    this.zoom = 0;
    this.position = 0;
    this.similarity = null;
  }

  /** Whether the dialog is open. */
  get isOpen(): boolean {
    return this.renderRoot?.querySelector('dialog')?.open ?? false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#release();
  }

  #release(): void {
    for (const s of this.shown) URL.revokeObjectURL(s.url);
  }

  async #load(ids: number[]): Promise<Shown[]> {
    const curator = requireCurator(this.curator, 'curate-viewer');
    const archive = requireArchive(this.archive, 'curate-viewer');
    const contents = await curator.contents(archive, ids);
    return Promise.all(
      ids.map(async (id) => {
        const content = contents.find((c) => c.id === id);
        if (!content) throw new ValidationError('id', 'a content of the archive', `id: ${id} is not in "${archive}" (removed?)`);
        const file = await curator.file(archive, id);
        const blob = file ?? content.thumbnail;
        return { content, url: blob ? URL.createObjectURL(blob) : '', thumbnailOnly: !file };
      }),
    );
  }

  async #show(ids: number[]): Promise<boolean> {
    const shown = await this.attempt(() => this.#load(ids));
    if (!shown) return false;
    this.#release();
    this.shown = shown;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    return true;
  }

  /**
   * Show `id` full size; ←/→ step through `ids` (default: just this one).
   * @throws ValidationError when `id` is not in `ids`
   */
  async open(id: number, ids: number[] = [id]): Promise<boolean> {
    if (!Array.isArray(ids) || !ids.includes(id)) throw new ValidationError('ids', 'a list of content ids that includes id');
    this.#ids = [...ids];
    this.position = ids.indexOf(id);
    this.similarity = null;
    return this.#show([id]);
  }

  /** Show two items side by side, with one zoom and their figures. */
  async compare(a: number, b: number): Promise<boolean> {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a === b) throw new ValidationError('compare', 'two different content ids');
    this.#ids = [];
    this.similarity = null;
    const ok = await this.#show([a, b]);
    if (ok) void this.#similarity(a, b);
    return ok;
  }

  async #similarity(a: number, b: number): Promise<void> {
    const v = await this.attempt(() => requireCurator(this.curator, 'curate-viewer').vectors(requireArchive(this.archive, 'curate-viewer'), [a, b]));
    if (!v || v.ids.length !== 2) return;
    let ab = 0, aa = 0, bb = 0;
    for (let d = 0; d < v.dim; d++) {
      const x = v.data[d], y = v.data[v.dim + d];
      ab += x * y; aa += x * x; bb += y * y;
    }
    this.similarity = ab / Math.sqrt(aa * bb || 1);
  }

  /** Step to the next (+1) or previous (−1) item of the list. */
  async step(by: 1 | -1): Promise<void> {
    if (this.shown.length !== 1 || this.#ids.length < 2) return;
    this.position = (this.position + by + this.#ids.length) % this.#ids.length;
    await this.#show([this.#ids[this.position]]);
  }

  /** Move the shown item to the trash (restorable) and show the next one, or close. */
  async trashShown(): Promise<void> {
    if (this.shown.length !== 1) return;
    const curator = requireCurator(this.curator, 'curate-viewer');
    const id = this.shown[0].content.id;
    const done = await this.attempt(async () => {
      await removeContents(curator, requireArchive(this.archive, 'curate-viewer'), this.model, [id]);
      return true;
    });
    if (!done) return;
    this.emit('curate-remove', { ids: [id] });
    this.#ids = this.#ids.filter((x) => x !== id);
    if (this.#ids.length === 0) return this.close();
    this.position = Math.min(this.position, this.#ids.length - 1);
    await this.#show([this.#ids[this.position]]);
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  #setZoom(z: number): void {
    this.zoom = z;
  }

  #zoomBy(dir: 1 | -1): void {
    const i = ZOOMS.indexOf(this.zoom);
    this.#setZoom(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? 0 : i) + dir))]);
  }

  #onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
    const keys: Record<string, () => unknown> = {
      ArrowRight: () => this.step(1),
      ArrowLeft: () => this.step(-1),
      Delete: () => this.trashShown(),
      '+': () => this.#zoomBy(1),
      '=': () => this.#zoomBy(1),
      '-': () => this.#zoomBy(-1),
      '0': () => this.#setZoom(0),
      '1': () => this.#setZoom(1),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    void act();
  };

  /** Scrolling one pane scrolls the other to the same place (same share of its extent). */
  #onScroll = (e: Event) => {
    if (this.#syncing || this.shown.length !== 2) return;
    const from = e.target as HTMLElement;
    const to = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~=pane]')].find((p) => p !== from);
    if (!to) return;
    const fx = from.scrollLeft / Math.max(1, from.scrollWidth - from.clientWidth);
    const fy = from.scrollTop / Math.max(1, from.scrollHeight - from.clientHeight);
    this.#syncing = true;
    to.scrollLeft = fx * (to.scrollWidth - to.clientWidth);
    to.scrollTop = fy * (to.scrollHeight - to.clientHeight);
    requestAnimationFrame(() => (this.#syncing = false));
  };

  #pane(s: Shown, other?: Shown) {
    const c = s.content;
    // Compared items are shown at one display size (the larger one's pixels × zoom), so the same
    // part of the picture sits at the same place in both panes — a smaller copy is enlarged to match.
    const basis = Math.max(c.width, other?.content.width ?? 0) * this.zoom;
    // Through the CSSOM (cssProps): allowed under a strict CSP, unlike a style attribute.
    const style: Record<string, string> = this.zoom === 0 || !c.width ? {} : { width: `${Math.round(basis)}px`, height: `${Math.round((basis * c.height) / c.width)}px`, 'max-width': 'none', 'max-height': 'none' };
    return html`<figure class="item">
      <div part="pane" class="pane ${this.zoom === 0 ? 'fit' : ''}" @scroll=${this.#onScroll} tabindex="0" aria-label=${`Image ${c.name}`}>
        ${s.url ? html`<img part="image" src=${s.url} alt=${c.name} ${cssProps(style)} />` : html`<p class="muted">No image stored.</p>`}
      </div>
      <figcaption><strong>${c.name}</strong>${s.thumbnailOnly ? html` <span class="muted">(original not stored: thumbnail)</span>` : nothing}</figcaption>
      ${renderFacts(c, other?.content)}
    </figure>`;
  }

  override render() {
    const [a, b] = this.shown;
    const single = this.shown.length === 1;
    const zoomText = this.zoom === 0 ? 'fit' : `${Math.round(this.zoom * 100)} %`;
    return html`<dialog part="dialog" aria-label=${single ? `Viewer: ${a?.content.name ?? ''}` : 'Compare two items'} @keydown=${this.#onKey}>
      <div part="toolbar" class="toolbar">
        <span class="title">${single ? html`${a.content.name} <span class="muted">${this.#ids.length > 1 ? `${this.position + 1} of ${this.#ids.length}` : ''}</span>` : b ? html`Compare <span class="muted">${this.similarity === null ? '' : `similarity ${this.similarity.toFixed(3)}`}</span>` : nothing}</span>
        ${single && this.#ids.length > 1 ? html`<button part="button" aria-label="Previous" @click=${() => this.step(-1)}>←</button><button part="button" aria-label="Next" @click=${() => this.step(1)}>→</button>` : nothing}
        <button part="button" aria-label="Zoom out" @click=${() => this.#zoomBy(-1)}>−</button>
        <span class="muted" role="status" aria-label="Zoom">${zoomText}</span>
        <button part="button" aria-label="Zoom in" @click=${() => this.#zoomBy(1)}>+</button>
        <button part="button" @click=${() => this.#setZoom(this.zoom === 0 ? 1 : 0)}>${this.zoom === 0 ? '1:1' : 'Fit'}</button>
        ${single ? html`<button part="button" class="danger" @click=${() => this.trashShown()}>Move to trash</button>` : nothing}
        <button part="button" class="close" aria-label="Close" @click=${() => this.close()}>✕</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="items ${single ? 'one' : 'two'}">${a ? this.#pane(a, b) : nothing}${b ? this.#pane(b, a) : nothing}</div>
      <p class="muted keys">${single ? '← → step · Delete moves to the trash · ' : 'Scrolling one side scrolls both · '}+ − zoom · 0 fit · 1 actual size · Esc closes</p>
    </dialog>`;
  }
}
