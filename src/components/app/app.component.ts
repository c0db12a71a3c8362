import { html, nothing, type PropertyValues } from 'lit';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { requireCurator } from '../shared/curator-like.js';
import type { ModelChange, ModelStorage } from '../shared/model.js';
import { dropThumbnails } from '../shared/thumbs.js';
import type { CurateSearch } from '../search/search.component.js';
import { appStyles } from './app.styles.js';
import { isTab, TABS, type TabId } from './tabs.js';
import '../dropzone/dropzone.js';
import '../gallery/gallery.js';
import '../search/search.js';
import '../jobs/jobs.js';
import '../duplicates/duplicates.js';
import '../clusters/clusters.js';
import '../outliers/outliers.js';
import '../map/map.js';
import '../balance/balance.js';
import '../export/export.js';
import '../train/train.js';
import '../label-errors/label-errors.js';
import '../models/models.js';
import '../batch-folder/batch-folder.js';
import '../viewer/viewer.js';
import '../classify/classify.js';

const ARCHIVE_KEY = 'curatekit:app:archive';

function storage(): ModelStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * <curate-app>: every element composed around one shared model: add images,
 * gallery, duplicates, clusters, outliers, map, balance, train (with label
 * errors), classify and export in tabs,
 * with search and the job list beside them. Picks, creates and deletes
 * archives and remembers the last one across reloads.
 *
 * @fires curate-error - Something failed.
 * @csspart header
 * @csspart button
 * @csspart add
 * @csspart batch-folder - The batch folder section inside the add section.
 * @csspart panel
 * @csspart aside
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 * @slot title - The heading.
 * @slot actions - Extra controls in the header.
 */
export class CurateApp extends CurateElement {
  static override styles = appStyles;
  static override properties = {
    ...CurateElement.properties,
    tab: { type: String, reflect: true },
    archives: { state: true },
    confirmDelete: { state: true },
  };

  /** The open tab. @defaultValue 'gallery' */
  declare tab: TabId;
  /** Archive names on this origin. */
  /** @internal */
  declare archives: string[];
  /** @internal */
  declare confirmDelete: boolean;

  constructor() {
    super();
    this.tab = 'gallery';
    this.archives = [];
    this.confirmDelete = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('tab') && !isTab(this.tab)) throw new ValidationError('curate-app.tab', TABS.map((t) => t.id).join(' | '));
    if (changed.has('archive') && this.archive) storage()?.setItem(ARCHIVE_KEY, this.archive);
    if (changed.has('curator') && this.curator && !this.archive) this.archive = storage()?.getItem(ARCHIVE_KEY) || 'my-images';
    super.willUpdate(changed);
    if (changed.has('curator') && this.curator) void this.refreshArchives();
    if (changed.has('tab') && changed.get('tab') !== undefined) void this.updateComplete.then(() => this.#refreshTab());
  }

  /** Versions may have been trained through the API (or another tab) since the panel was last shown. */
  #refreshTab(): void {
    if (!this.curator?.training || !this.archive) return;
    if (this.tab === 'train') {
      void this.renderRoot.querySelector('curate-train')?.refresh().catch(() => undefined);
      void this.renderRoot.querySelector('curate-models')?.refresh().catch(() => undefined);
    }
    if (this.tab === 'classify') void this.renderRoot.querySelector('curate-classify')?.refreshVersions().catch(() => undefined);
  }

  /** Contents changed anywhere (even by a cancelled or failed batch, which may have created the archive): the list may have too. */
  protected override modelChanged(kind: ModelChange): void {
    super.modelChanged(kind);
    if (kind === 'contents' && this.curator) void this.refreshArchives();
  }

  /** Reload the archive list. */
  async refreshArchives(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-app');
    await this.attempt(async () => {
      const list = await curator.run('list_content', null);
      this.archives = Object.keys(list.results?.archive_to_content_type_states_nr_of_contents ?? {}).sort();
    });
  }

  /** Switch to (or start) an archive. It is created when the first images are added. */
  openArchive(name: string): void {
    if (typeof name !== 'string' || name.trim() === '' || name.trim().length >= 30) throw new ValidationError('name', 'archive name, 0 < length < 30');
    this.archive = name.trim();
    this.confirmDelete = false;
  }

  /** Delete the open archive and everything in it. */
  async deleteArchive(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-app');
    const name = this.archive;
    await this.attempt(async () => {
      await curator.run('remove_content', { archive: name, delete_archive: true });
      dropThumbnails(name);
      this.model.setClusters(null);
      this.model.contentsChanged();
      this.confirmDelete = false;
      await this.refreshArchives();
    });
  }

  #onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === this.tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.tab = TABS[(next + TABS.length) % TABS.length].id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  };

  #onNewArchive = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input')!;
    try {
      this.openArchive(input.value);
      input.value = '';
    } catch (err) {
      this.fail(err);
    }
  };

  // Opening an item anywhere (Enter or a double click in the gallery) shows it full size; Compare on a duplicate, both.
  #onOpen = (e: CustomEvent<{ id: number; ids?: number[] }>) => {
    const ids = e.detail.ids?.includes(e.detail.id) ? e.detail.ids : [e.detail.id];
    void this.renderRoot.querySelector('curate-viewer')?.open(e.detail.id, ids);
  };

  #onCompare = (e: CustomEvent<{ a: number; b: number }>) => {
    void this.renderRoot.querySelector('curate-viewer')?.compare(e.detail.a, e.detail.b);
  };

  #panel(id: TabId, content: unknown) {
    return html`<div id="panel-${id}" role="tabpanel" aria-labelledby="tab-${id}" ?hidden=${this.tab !== id} part="panel">${content}</div>`;
  }

  override render() {
    const c = this.curator, a = this.archive, m = this.model, t = this.theme;
    const names = this.archives.includes(a) || !a ? this.archives : [...this.archives, a].sort();
    return html`
      <header part="header">
        <h1><slot name="title">curatekit</slot></h1>
        <label class="archive">Archive
          <select aria-label="Archive" @change=${(e: Event) => this.openArchive((e.target as HTMLSelectElement).value)}>
            ${names.map((n) => html`<option value=${n} ?selected=${n === a}>${n}</option>`)}
          </select>
        </label>
        <form class="archive" @submit=${this.#onNewArchive}><input type="text" aria-label="New archive name" placeholder="new archive" maxlength="29" /><button part="button">Open</button></form>
        ${this.confirmDelete
          ? html`<button part="button" class="danger" @click=${() => this.deleteArchive()}>Really delete “${a}”?</button><button part="button" @click=${() => (this.confirmDelete = false)}>Keep it</button>`
          : html`<button part="button" class="danger" ?disabled=${!this.archives.includes(a)} @click=${() => (this.confirmDelete = true)}>Delete archive</button>`}
        <slot name="actions"></slot>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="layout" @curate-open=${this.#onOpen} @curate-compare=${this.#onCompare}>
        <main>
          <details class="add" open part="add">
            <summary>Add images</summary>
            <curate-dropzone .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-dropzone>
            <details class="batch" part="batch-folder">
              <summary>Batch folder</summary>
              <curate-batch-folder .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-batch-folder>
            </details>
          </details>
          <div role="tablist" aria-label="Views" @keydown=${this.#onTabKey}>
            ${TABS.map((tab) => html`<button role="tab" id="tab-${tab.id}" aria-controls="panel-${tab.id}" aria-selected=${this.tab === tab.id ? 'true' : 'false'} tabindex=${this.tab === tab.id ? 0 : -1} @click=${() => (this.tab = tab.id)}>${tab.label}</button>`)}
          </div>
          ${this.#panel('gallery', html`<curate-gallery .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-gallery>`)}
          ${this.#panel('duplicates', html`<curate-duplicates .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-duplicates>`)}
          ${this.#panel('clusters', html`<curate-clusters .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-clusters>`)}
          ${this.#panel('outliers', html`<curate-outliers .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-outliers>`)}
          ${this.#panel('map', html`<curate-map .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-map>`)}
          ${this.#panel('balance', html`<curate-balance .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing} @curate-find-more=${(e: CustomEvent<{ ids: number[] }>) => void this.renderRoot.querySelector<CurateSearch>('curate-search')?.searchByIds(e.detail.ids)}></curate-balance>`)}
          ${this.#panel('train', html`<curate-train .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing} @curate-trained=${() => void this.renderRoot.querySelector('curate-classify')?.refreshVersions()}></curate-train>
            <h2 class="sub">Label errors</h2><curate-label-errors .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-label-errors>
            <h2 class="sub">Fine-tuned vectorizers and translators</h2><curate-models .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-models>`)}
          ${this.#panel('classify', html`<curate-classify .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-classify>`)}
          ${this.#panel('export', html`<curate-export .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-export>`)}
        </main>
        <aside part="aside">
          <section aria-label="Search"><h2>Similar images</h2><curate-search .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-search></section>
          <curate-jobs .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-jobs>
        </aside>
      </div>
      <curate-viewer .curator=${c} .archive=${a} .model=${m} theme=${t ?? nothing}></curate-viewer>
    `;
  }
}
