import { html, nothing } from 'lit';
import { ValidationError } from '../../contract/errors.js';
import type { BatchFolderListing } from '../../contract/views.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator, type CuratorLike } from '../shared/curator-like.js';
import { ensureArchive } from '../shared/archive.js';
import { filesFromDataTransfer } from '../shared/collect-files.js';
import { batchFolderStyles } from './batch-folder.styles.js';

const size = (b: number) => (b < 1e6 ? `${(b / 1e3).toFixed(0)} kB` : `${(b / 1e6).toFixed(1)} MB`);
/** The list shows this many names; the count says how many more. */
const SHOWN = 200;

type Folder = NonNullable<CuratorLike['batchFolder']>;

function requireFolder(curator: CuratorLike | undefined | null): Folder {
  const f = requireCurator(curator, 'curate-batch-folder').batchFolder;
  if (!f || typeof f.list !== 'function') throw new ValidationError('curate-batch-folder.curator.batchFolder', 'a Curator with a batch folder (from createCurator())');
  return f;
}

/**
 * <curate-batch-folder>: the local batch folder, the browser's counterpart of
 * the cloud's FTP folder. Drop or pick files (or a folder) to copy them in,
 * or link a folder of yours (where the browser can pick folders) to have jobs
 * read it in place; see what it holds; index it into the archive; clear it
 * (asked to confirm; a linked folder is only unlinked, its files stay).
 *
 * @fires curate-batch-folder - The folder's contents changed (detail: listing).
 * @fires curate-indexed - The folder was indexed into the archive (detail: archive, index results).
 * @fires curate-error - Something failed.
 * @csspart zone - The drop target with the summary and buttons.
 * @csspart button
 * @csspart progress
 * @csspart notice - The outcome of the last action.
 * @csspart list - The files in the folder.
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
export class CurateBatchFolder extends CurateElement {
  static override styles = batchFolderStyles;
  static override properties = {
    ...CurateElement.properties,
    listing: { state: true },
    progress: { state: true },
    notice: { state: true },
    confirmClear: { state: true },
    over: { state: true },
  };

  /** @internal */
  declare listing: BatchFolderListing | null;
  /** @internal while files are copied or indexed: done of total, and what */
  declare progress: { done: number; total: number; what: string } | null;
  /** @internal */
  declare notice: string | null;
  /** @internal */
  declare confirmClear: boolean;
  /** @internal */
  declare over: boolean;
  #controller: AbortController | null = null;

  constructor() {
    super();
    this.listing = null;
    this.progress = null;
    this.notice = null;
    this.confirmClear = false;
    this.over = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.curator) void this.refresh();
  }

  protected override archiveReady(): void {
    void this.refresh();
  }

  /** Reload what the folder holds. */
  async refresh(): Promise<BatchFolderListing | undefined> {
    return this.attempt(async () => (this.listing = await requireFolder(this.curator).list()));
  }

  #changed(listing: BatchFolderListing, notice: string): void {
    this.listing = listing;
    this.notice = notice;
    this.emit('curate-batch-folder', { listing });
  }

  /** Copy files in (progress, Cancel: the files written before stay, each whole). */
  async addFiles(files: File[]): Promise<BatchFolderListing | undefined> {
    if (!Array.isArray(files) || files.some((f) => !(f instanceof File))) throw new ValidationError('files', 'array of File');
    const folder = requireFolder(this.curator);
    if (this.#controller || files.length === 0) return undefined;
    const controller = (this.#controller = new AbortController());
    this.notice = null;
    this.progress = { done: 0, total: files.length, what: 'copying' };
    const listing = await this.attempt(() => folder.add(files, { signal: controller.signal, onProgress: (done, total) => (this.progress = { done, total, what: 'copying' }) }));
    this.#controller = null;
    this.progress = null;
    if (listing) this.#changed(listing, `Added ${files.length} file${files.length === 1 ? '' : 's'}.`);
    else if (controller.signal.aborted) await this.refresh().then((l) => l && this.#changed(l, 'Cancelled: the files copied before stay.'));
    return listing;
  }

  /** Link a folder the user picks (call from a click); resolves undefined where the browser cannot pick folders. */
  async linkFolder(): Promise<BatchFolderListing | undefined> {
    const folder = requireFolder(this.curator);
    const picker = (globalThis as { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
    if (typeof picker !== 'function') return undefined;
    const listing = await this.attempt(async () => folder.link(await picker.call(globalThis)));
    if (listing) this.#changed(listing, `Linked “${listing.linkedName}”: jobs read its files where they are.`);
    return listing;
  }

  /** Empty the folder (copies deleted; a linked folder unlinked, its files left as they are). */
  async clear(): Promise<BatchFolderListing | undefined> {
    const folder = requireFolder(this.curator);
    const wasLinked = this.listing?.source === 'linked' ? this.listing.linkedName : null;
    this.confirmClear = false;
    const listing = await this.attempt(() => folder.clear());
    if (listing) this.#changed(listing, wasLinked ? `Unlinked “${wasLinked}”; its files are untouched.` : 'The batch folder is empty.');
    return listing;
  }

  /** Index the folder into the archive (index with download_from_batch_cloud_folder). */
  async indexIntoArchive(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-batch-folder');
    const archive = requireArchive(this.archive, 'curate-batch-folder');
    if (this.#controller) return;
    const controller = (this.#controller = new AbortController());
    const untrack = this.model.track('index', controller);
    this.notice = null;
    this.progress = { done: 0, total: 1, what: 'indexing' };
    const results = await this.attempt(async () => {
      await ensureArchive(curator, archive);
      const job = await curator.run('index', { archive, download_from_batch_cloud_folder: true }, { signal: controller.signal, onProgress: (p) => (this.progress = { done: p.progress, total: 1, what: p.message ?? 'indexing' }) });
      return job.results!;
    });
    untrack();
    this.#controller = null;
    this.progress = null;
    this.model.contentsChanged();
    if (results) {
      const added = Object.keys(results.name_to_indexed_content_id).length;
      const other = results.exact_duplicate_file_names.length + results.failed_vectorization_names.length + results.redundant_content_names.length + results.irrelevant_content_names.length;
      this.notice = `Indexed ${added} into “${archive}”${other ? `; ${other} not added (exact copies or failed, see the job list)` : ''}.`;
      this.emit('curate-indexed', { archive, results });
    } else if (controller.signal.aborted) this.notice = 'Cancelled: the batches indexed before stay.';
  }

  /** Stop copying or indexing. */
  cancel(): boolean {
    this.#controller?.abort();
    return this.#controller !== null;
  }

  #pick(dir: boolean) {
    const input = this.renderRoot.querySelector<HTMLInputElement>(dir ? 'input[name=folder]' : 'input[name=files]');
    input?.click();
  }

  #onPicked = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.addFiles(files);
  };

  #onDrop = async (e: DragEvent) => {
    e.preventDefault();
    this.over = false;
    if (e.dataTransfer) await this.addFiles(await filesFromDataTransfer(e.dataTransfer));
  };

  #summary() {
    const l = this.listing;
    if (!l) return html`<span class="muted">…</span>`;
    const what = l.files.length === 0 ? 'empty' : `${l.files.length} file${l.files.length === 1 ? '' : 's'}, ${size(l.bytes)}`;
    if (l.source === 'linked') {
      return l.needsPermission
        ? html`Linked folder “${l.linkedName}” — <strong>needs permission again</strong>: link it again.`
        : html`Linked folder “${l.linkedName}”: ${what} <span class="muted">(read in place)</span>`;
    }
    return html`Batch folder: ${what} <span class="muted">(copies kept in this browser until cleared)</span>`;
  }

  override render() {
    const l = this.listing;
    const busy = this.#controller !== null;
    const linked = l?.source === 'linked';
    const canLink = typeof (globalThis as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
    const p = this.progress;
    return html`
      <div part="zone" ?data-over=${this.over} @dragover=${(e: DragEvent) => (e.preventDefault(), (this.over = true))} @dragleave=${() => (this.over = false)} @drop=${this.#onDrop}>
        <span class="summary" role="status">${this.#summary()}</span>
        <button part="button" ?disabled=${busy || linked} @click=${() => this.#pick(false)}>Add files…</button>
        <button part="button" ?disabled=${busy || linked} @click=${() => this.#pick(true)}>Add a folder…</button>
        ${canLink ? html`<button part="button" ?disabled=${busy} @click=${() => this.linkFolder()}>Link a folder…</button>` : nothing}
        <input type="file" name="files" multiple @change=${this.#onPicked} />
        <input type="file" name="folder" webkitdirectory @change=${this.#onPicked} />
      </div>
      <div class="row">
        <button part="button" class="primary" ?disabled=${busy || !l?.files.length || !this.archive} @click=${() => this.indexIntoArchive()}>Index into “${this.archive || '…'}”</button>
        ${this.confirmClear
          ? html`<button part="button" class="danger" @click=${() => this.clear()}>${linked ? `Really unlink “${l!.linkedName}”?` : `Really delete the ${l?.files.length ?? 0} copies?`}</button><button part="button" @click=${() => (this.confirmClear = false)}>Keep</button>`
          : html`<button part="button" ?disabled=${busy || (!l?.files.length && !linked)} @click=${() => (this.confirmClear = true)}>${linked ? 'Unlink' : 'Clear'}</button>`}
        ${busy ? html`<button part="button" @click=${() => this.cancel()}>Cancel</button>` : nothing}
      </div>
      ${p ? html`<div part="progress" class="row"><progress max=${p.total} .value=${p.done} aria-label="Batch folder progress"></progress> <span class="muted">${p.what === 'copying' ? `copying ${p.done}/${p.total}` : p.what}</span></div>` : nothing}
      ${this.notice ? html`<p class="ok" role="status" part="notice">${this.notice}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${l?.files.length
        ? html`<ol part="list" aria-label="Files in the batch folder">
            ${l.files.slice(0, SHOWN).map((f) => html`<li><span>${f.name}</span><span class="muted">${size(f.size)}</span></li>`)}
            ${l.files.length > SHOWN ? html`<li class="muted">and ${l.files.length - SHOWN} more</li>` : nothing}
          </ol>`
        : nothing}
      <p class="muted">Jobs read this folder with <code>download_from_batch_cloud_folder: true</code>, as the cloud's jobs read its FTP folder.</p>
    `;
  }
}
