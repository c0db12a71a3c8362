import { html, nothing, type PropertyValues } from 'lit';
import { ValidationError } from '../../contract/errors.js';
import type { ContentView } from '../../contract/views.js';
import type { SearchInputs } from '../../contract/jobs.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import type { ModelChange } from '../shared/model.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { searchStyles } from './search.styles.js';
import { checkIds, checkInt } from '../../contract/validate.js';

type Example = { kind: 'id'; id: number; weight: number } | { kind: 'file'; file: File; url: string; weight: number };

/** Weight given by "less like this": half a positive example, so one negative never cancels the query. */
const LESS = -0.5;

/**
 * <curate-search>: query by example. Examples are archive items (opened in the
 * gallery, or the selection) or images dropped/picked here; results can be
 * refined with "more like this" (+1) and "less like this" (−0.5) weights.
 *
 * @fires curate-results - New results (detail: [id, distance] pairs).
 * @fires curate-error - Something failed.
 * @csspart query
 * @csspart example
 * @csspart toolbar
 * @csspart button
 * @csspart results
 * @csspart result
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
export class CurateSearch extends CurateElement {
  static override styles = searchStyles;
  static override properties = {
    ...CurateElement.properties,
    nrResults: { type: Number, attribute: 'nr-results' },
    followFocus: { type: Boolean, attribute: 'follow-focus' },
    examples: { state: true },
    results: { state: true },
    meanDistance: { state: true },
    busy: { state: true },
  };

  /** How many neighbours to show. @defaultValue 12 */
  declare nrResults: number;
  /** Search for the item opened in the gallery (shared model focus). @defaultValue true */
  declare followFocus: boolean;
  /** @internal */
  declare examples: Example[];
  /** @internal */
  declare results: [number, number][] | null;
  /** @internal */
  declare meanDistance: number | null;
  /** @internal */
  declare busy: boolean;
  #contents = new Map<number, ContentView>();
  #over = false;

  constructor() {
    super();
    this.nrResults = 12;
    this.followFocus = true;
    this.examples = [];
    this.results = null;
    this.meanDistance = null;
    this.busy = false;
  }

  protected override modelChanged(kind: ModelChange): void {
    if (kind === 'focus' && this.followFocus && this.model.focus !== null) void this.searchByIds([this.model.focus]);
    else if (kind === 'contents' && this.results) {
      // Removed items must not linger in the results.
      this.#contents.clear();
      this.results = null;
      this.examples = this.examples.filter((e) => e.kind === 'file');
    }
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('nrResults')) checkInt(this.nrResults, 'curate-search.nrResults', 1);
  }

  /** Search with archive items as examples (weights start at +1). */
  async searchByIds(ids: number[]): Promise<void> {
    if (checkIds(ids, 'ids').length === 0) throw new ValidationError('ids', 'non-empty list of content ids');
    this.examples = ids.map((id) => ({ kind: 'id', id, weight: 1 }));
    await this.search();
  }

  /** Search with images that are not in the archive. */
  async searchByFiles(files: File[]): Promise<void> {
    if (!Array.isArray(files) || files.length === 0 || files.some((f) => !(f instanceof File))) throw new ValidationError('files', 'non-empty array of File');
    for (const e of this.examples) if (e.kind === 'file') URL.revokeObjectURL(e.url);
    this.examples = files.map((file) => ({ kind: 'file', file, url: URL.createObjectURL(file), weight: 1 }));
    await this.search();
  }

  /** Add an item as a weighted example (+1 more like this, negative less like this) and search again. */
  async prefer(id: number, weight: number): Promise<void> {
    if (!Number.isFinite(weight) || weight === 0) throw new ValidationError('weight', 'finite non-zero number');
    const existing = this.examples.find((e) => e.kind === 'id' && e.id === id);
    this.examples = existing ? this.examples.map((e) => (e === existing ? { ...e, weight } : e)) : [...this.examples, { kind: 'id', id, weight }];
    await this.search();
  }

  /** Run the search for the current examples. */
  async search(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-search');
    const archive = requireArchive(this.archive, 'curate-search');
    if (this.examples.length === 0) return;
    const inputs: SearchInputs = { archive, nr_results: this.nrResults, get_mean_distance: true, name_or_id_to_preference_weight: {} };
    const ids = this.examples.filter((e) => e.kind === 'id').map((e) => (e as { id: number }).id);
    const files = this.examples.filter((e) => e.kind === 'file').map((e) => (e as { file: File }).file);
    if (ids.length) inputs.indexed_ids_references = ids;
    if (files.length) inputs.files = files;
    for (const e of this.examples) inputs.name_or_id_to_preference_weight![e.kind === 'id' ? String(e.id) : e.file.name] = e.weight;
    this.busy = true;
    try {
      await this.attempt(async () => {
        const job = await curator.run('search', inputs);
        const results = job.results!.sorted_indexed_ids_with_distances;
        const want = [...results.map((r) => r[0]), ...ids].filter((id) => !this.#contents.has(id));
        if (want.length) for (const c of await curator.contents(archive, want)) this.#contents.set(c.id, c);
        this.results = results;
        this.meanDistance = job.results!.mean_distance;
        this.emit('curate-results', { results });
      });
    } finally {
      this.busy = false;
    }
  }

  #onDrop = (e: DragEvent) => {
    e.preventDefault();
    this.#over = false;
    const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (files.length) void this.searchByFiles(files).catch((err) => this.fail(err));
    else this.requestUpdate();
  };

  #onPicked = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) void this.searchByFiles(files).catch((err) => this.fail(err));
  };

  #tile(id: number, extra: unknown) {
    const c = this.#contents.get(id);
    const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
    return html`${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}<span class="name" title=${c?.name ?? ''}>${c?.name ?? `#${id}`}</span>${extra}`;
  }

  #renderExample(e: Example) {
    const remove = () => {
      this.examples = this.examples.filter((x) => x !== e);
      if (this.examples.length) void this.search();
      else this.results = null;
    };
    const weight = html`<span class="weight ${e.weight < 0 ? 'neg' : ''}">${e.weight > 0 ? '+' : ''}${e.weight}</span>`;
    const body = e.kind === 'id' ? this.#tile(e.id, weight) : html`<img class="thumb" src=${e.url} alt="" /><span class="name">${e.file.name}</span>${weight}`;
    return html`<div class="example" part="example">${body}<button aria-label="Remove example" @click=${remove}>✕</button></div>`;
  }

  override render() {
    const selected = [...this.model.selected];
    return html`
      <div
        class="query ${this.#over ? 'over' : ''}"
        part="query"
        role="group"
        aria-label="Query examples"
        @dragover=${(e: DragEvent) => (e.preventDefault(), (this.#over = true), this.requestUpdate())}
        @dragleave=${() => ((this.#over = false), this.requestUpdate())}
        @drop=${this.#onDrop}
      >
        ${this.examples.length ? this.examples.map((e) => this.#renderExample(e)) : html`<span class="muted">Drop an image here, choose one, or open an item in the gallery.</span>`}
      </div>
      <div class="toolbar" part="toolbar">
        <button part="button" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>Choose an image…</button>
        <button part="button" ?disabled=${selected.length === 0} @click=${() => this.searchByIds(selected).catch((e) => this.fail(e))}>Search with the selection (${selected.length})</button>
        <label>Results <input type="number" min="1" max="500" .value=${String(this.nrResults)} @change=${(e: Event) => ((this.nrResults = Math.max(1, Number((e.target as HTMLInputElement).value) | 0)), void this.search())} /></label>
        ${this.busy ? html`<span class="muted" role="status">searching…</span>` : nothing}
        ${this.meanDistance !== null ? html`<span class="muted">mean distance ${this.meanDistance.toFixed(3)}</span>` : nothing}
        <input type="file" accept="image/*" @change=${this.#onPicked} />
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.results
        ? html`<div class="tiles" part="results" role="list" aria-label="Nearest neighbours">
            ${this.results.map(
              ([id, d]) => html`<div
                class="tile ${this.model.selected.has(id) ? 'selected' : ''}"
                part="result"
                role="listitem"
                data-id=${id}
                @click=${(e: MouseEvent) => this.model.select([id], e.ctrlKey || e.metaKey ? 'toggle' : 'replace')}
              >
                ${this.#tile(id, html`<span class="distance muted">distance ${d.toFixed(3)}</span>`)}
                <div class="prefs">
                  <button title="More like this" aria-label="More like this" @click=${(e: Event) => (e.stopPropagation(), void this.prefer(id, 1))}>+ more</button>
                  <button title="Less like this" aria-label="Less like this" @click=${(e: Event) => (e.stopPropagation(), void this.prefer(id, LESS))}>− less</button>
                </div>
              </div>`,
            )}
          </div>`
        : nothing}
    `;
  }
}
