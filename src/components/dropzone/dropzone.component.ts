import { html, nothing } from 'lit';
import { ValidationError } from '../../contract/errors.js';
import type { IndexResults } from '../../contract/jobs.js';
import { own } from '../../contract/dict.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { ensureArchive } from '../shared/archive.js';
import { filesFromDataTransfer, looksLikeImage, parseUrls, pickFolder } from '../shared/collect-files.js';
import { dropzoneStyles } from './dropzone.styles.js';

/** Summary of one finished batch, as shown under the zone. */
export interface BatchReport {
  added: number;
  /** `kind` 'near' (a near-duplicate) or 'irrelevant' can be added anyway when it came from a file. */
  skipped: { name: string; reason: string; kind?: 'exact' | 'near' | 'irrelevant' }[];
  failed: { name: string; reason: string }[];
  cancelled: boolean;
  /** Names added with "Add anyway" after this batch. */
  anyway?: string[];
}

/**
 * <curate-dropzone>: add images to an archive from a drop (files or folders),
 * a file or folder picker, or pasted URLs. Shows the batch's progress, what was
 * skipped (exact duplicates, redundant near-duplicates) and what failed, with reasons.
 *
 * @fires curate-indexed - A batch finished (detail: archive, index results).
 * @fires curate-error - Something failed (detail: error, source).
 * @csspart zone
 * @csspart button
 * @csspart urls
 * @csspart progress
 * @csspart report
 * @csspart report-list
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
export class CurateDropzone extends CurateElement {
  static override styles = dropzoneStyles;
  static override properties = {
    ...CurateElement.properties,
    redundancy: { type: Boolean },
    busy: { state: true },
    progress: { state: true },
    message: { state: true },
    report: { state: true },
    over: { state: true },
  };

  /**
   * Also skip near-duplicates (pixels / pHash / embedding) of the batch and the archive while indexing.
   * Off by default: near-duplicates are kept and reviewed in <curate-duplicates>. Exact copies are always skipped.
   * @defaultValue false
   */
  declare redundancy: boolean;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare progress: number;
  /** @internal */
  declare message: string;
  /** @internal */
  declare report: BatchReport | null;
  /** @internal */
  declare over: boolean;
  #abort: AbortController | null = null;
  /** Files of the last batch by result name, for "Add anyway". */
  #lastFiles = new Map<string, File>();

  constructor() {
    super();
    this.redundancy = false;
    this.busy = false;
    this.progress = 0;
    this.message = '';
    this.report = null;
    this.over = false;
  }

  /** Index these files (non-images are reported as skipped). Resolves with the batch report. */
  async addFiles(files: File[]): Promise<BatchReport | undefined> {
    if (!Array.isArray(files) || files.some((f) => !(f instanceof File))) throw new ValidationError('files', 'array of File');
    const images = files.filter(looksLikeImage);
    const skipped = files.filter((f) => !looksLikeImage(f)).map((f) => ({ name: f.name, reason: 'not an image file' }));
    // Results name a file by its folder path when it has one (as the engine does).
    this.#lastFiles = new Map(images.map((f) => [(f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, f]));
    return this.#index({ files: images }, skipped);
  }

  /**
   * Index files the last batch skipped as near-duplicates or not relevant, with those checks off
   * (exact copies are still refused). Resolves with the names added.
   */
  async addAnyway(names: string[]): Promise<string[]> {
    const curator = requireCurator(this.curator, 'curate-dropzone');
    const archive = requireArchive(this.archive, 'curate-dropzone');
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new ValidationError('names', 'array of file names from the last batch');
    const report = this.report;
    const files = names.map((n) => this.#lastFiles.get(n)).filter((f): f is File => f !== undefined);
    if (!report || this.busy || files.length === 0) return [];
    this.busy = true;
    const abort = (this.#abort = new AbortController());
    const untrack = this.model.track('index', abort);
    try {
      const result = await this.attempt(async () => (await curator.run('index', { archive, files }, { signal: abort.signal, onProgress: (p) => ((this.progress = p.progress), (this.message = p.message ?? '')) })).results!);
      if (!result) return [];
      const added = Object.keys(result.name_to_indexed_content_id);
      const addedSet = new Set(added);
      this.report = { ...report, added: report.added + added.length, skipped: report.skipped.filter((it) => !addedSet.has(it.name)), anyway: [...(report.anyway ?? []), ...added] };
      this.emit('curate-indexed', { archive, results: result });
      return added;
    } finally {
      untrack();
      this.busy = false;
      this.#abort = null;
      this.model.contentsChanged();
    }
  }

  /** Index images by URL (http/https). */
  async addUrls(urls: string[]): Promise<BatchReport | undefined> {
    if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string')) throw new ValidationError('urls', 'array of URL strings');
    const { urls: ok, invalid } = parseUrls(urls.join('\n'));
    return this.#index({ file_urls: ok }, invalid.map((name) => ({ name, reason: 'not an http(s) URL' })));
  }

  /** Stop the running batch; batches already committed by the engine stay. */
  cancel(): void {
    this.#abort?.abort();
  }

  async #index(source: { files?: File[]; file_urls?: string[] }, skipped: BatchReport['skipped']): Promise<BatchReport | undefined> {
    const curator = requireCurator(this.curator, 'curate-dropzone');
    const archive = requireArchive(this.archive, 'curate-dropzone');
    if (this.busy) throw new ValidationError('curate-dropzone', 'one batch at a time (wait or cancel)');
    const count = (source.files?.length ?? 0) + (source.file_urls?.length ?? 0);
    if (count === 0) {
      this.report = { added: 0, skipped, failed: [], cancelled: false };
      return this.report;
    }
    this.busy = true;
    this.progress = 0;
    this.message = `preparing ${count} item${count === 1 ? '' : 's'}`;
    this.report = null;
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    const untrack = this.model.track('index', this.#abort);
    try {
      const result = await this.attempt(async () => {
        await ensureArchive(curator, archive);
        const job = await curator.run(
          'index',
          { archive, ...source, check_for_redundancy_within_batch: this.redundancy, check_for_redundancy_against_archived: this.redundancy },
          { signal, onProgress: (p) => ((this.progress = p.progress), (this.message = p.message ?? '')) },
        );
        return job.results!;
      });
      if (result) {
        this.report = summarize(result, skipped);
        this.emit('curate-indexed', { archive, results: result });
      } else if (signal.aborted) {
        this.report = { added: 0, skipped, failed: [], cancelled: true };
      }
      return this.report ?? undefined;
    } finally {
      untrack();
      this.busy = false;
      this.#abort = null;
      // Even a cancelled or failed job may have committed whole batches.
      this.model.contentsChanged();
    }
  }

  #onDrop = async (e: DragEvent) => {
    e.preventDefault();
    this.over = false;
    if (!e.dataTransfer) return;
    const text = e.dataTransfer.getData('text/uri-list') || e.dataTransfer.getData('text/plain');
    const files = await filesFromDataTransfer(e.dataTransfer);
    if (files.length) await this.addFiles(files);
    else if (text) await this.addUrls(text.split(/\s+/));
  };

  #onPicked = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) await this.addFiles(files);
  };

  #pickFolder = async () => {
    try {
      const files = await pickFolder();
      if (files) await this.addFiles(files);
      else this.renderRoot.querySelector<HTMLInputElement>('#folder')?.click();
    } catch (e) {
      if ((e as DOMException)?.name !== 'AbortError') this.fail(e);
    }
  };

  #addPasted = async () => {
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea');
    if (!area || !area.value.trim()) return;
    const text = area.value;
    area.value = '';
    await this.addUrls(text.split(/\s+/));
  };

  override render() {
    return html`
      <div
        part="zone"
        class="zone ${this.over ? 'over' : ''}"
        role="region"
        aria-label="Add images"
        @dragover=${(e: DragEvent) => (e.preventDefault(), (this.over = true))}
        @dragleave=${() => (this.over = false)}
        @drop=${this.#onDrop}
      >
        <div>Drop images or a folder here</div>
        <div class="actions">
          <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#files')?.click()}>Choose images…</button>
          <button part="button" ?disabled=${this.busy} @click=${this.#pickFolder}>Choose a folder…</button>
        </div>
        <input id="files" type="file" accept="image/*" multiple @change=${this.#onPicked} />
        <input id="folder" type="file" webkitdirectory multiple @change=${this.#onPicked} />
        <textarea part="urls" aria-label="Image URLs, one per line" placeholder="…or paste image URLs, one per line"></textarea>
        <div class="actions"><button part="button" ?disabled=${this.busy} @click=${this.#addPasted}>Add URLs</button></div>
        ${this.busy ? this.#renderProgress() : nothing} ${this.report ? this.#renderReport(this.report) : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>
    `;
  }

  #renderProgress() {
    return html`<div class="progress" part="progress">
      <progress max="1" .value=${this.progress} aria-label="Indexing progress"></progress>
      <button part="button" class="danger" @click=${() => this.cancel()}>Cancel</button>
      <span class="muted" aria-live="polite">${Math.round(this.progress * 100)}% ${this.message}</span>
    </div>`;
  }

  #renderReport(r: BatchReport) {
    const canAdd = (it: BatchReport['skipped'][number]) => (it.kind === 'near' || it.kind === 'irrelevant') && this.#lastFiles.has(it.name);
    const addable = r.skipped.filter(canAdd).map((it) => it.name);
    const list = (title: string, items: BatchReport['skipped']) =>
      items.length
        ? html`<details part="report-list" ?open=${addable.length > 0 && title === 'Skipped'}><summary>${title} (${items.length})</summary><ul>${items.map(
            (it) => html`<li><span>${it.name}</span>: <span class="muted">${it.reason}</span>
              ${canAdd(it) ? html`<button part="button" ?disabled=${this.busy} aria-label=${`Add ${it.name} anyway`} @click=${() => this.addAnyway([it.name])}>Add anyway</button>` : nothing}</li>`,
          )}</ul>
          ${title === 'Skipped' && addable.length > 1 ? html`<button part="button" ?disabled=${this.busy} @click=${() => this.addAnyway(addable)}>Add all ${addable.length} anyway</button>` : nothing}</details>`
        : nothing;
    return html`<div class="report" part="report" role="status">
      ${r.cancelled ? html`<div>Cancelled. Batches finished before the cancel were kept.</div>` : html`<div class="ok">Added ${r.added} image${r.added === 1 ? '' : 's'}${r.anyway?.length ? ` (${r.anyway.length} anyway)` : ''}.</div>`}
      ${list('Skipped', r.skipped)} ${list('Failed', r.failed)}
    </div>`;
  }
}

function summarize(r: IndexResults, preSkipped: BatchReport['skipped']): BatchReport {
  const skipped = [...preSkipped];
  for (const name of r.exact_duplicate_file_names) skipped.push({ name, reason: 'exact duplicate (same bytes)', kind: 'exact' });
  for (const name of r.redundant_content_names ?? []) {
    const ev = r.redundancy_evidence && own(r.redundancy_evidence, name);
    const of = ev ? (typeof ev.matched === 'number' ? `item #${ev.matched} of the archive` : `“${ev.matched}” of this batch`) : '';
    skipped.push({ name, reason: ev ? `near-duplicate of ${of} (${ev.stage}, similarity ${ev.similarity.toFixed(3)})` : 'near-duplicate', kind: 'near' });
  }
  for (const name of r.irrelevant_content_names ?? []) skipped.push({ name, reason: 'not relevant to the archive', kind: 'irrelevant' });
  const failed = r.failed_vectorization_names.map((name) => ({ name, reason: (r.failure_reasons && own(r.failure_reasons, name)) ?? 'could not be read' }));
  return { added: Object.keys(r.name_to_indexed_content_id).length, skipped, failed, cancelled: false };
}
