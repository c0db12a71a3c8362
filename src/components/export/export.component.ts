import { html, nothing } from 'lit';
import { buildExportZip, type ExportLayout, type ExportManifest } from '../../export/zip.js';
import { collectExport } from '../../export/collect.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { handOff, type HandoffSummary, type TrainerServiceName } from './handoff.js';
import { exportStyles } from './export.styles.js';

export type ExportScope = 'all' | 'selection';

/**
 * <curate-export>: export the kept set (the whole archive, or the selection) as
 * a zip of the original files + manifest.json + vectors (.npy, .safetensors),
 * and hand it off to a cloud trainer (API Torch, Vize, Ximilar). Labels come
 * from the shared model (labels first, else cluster names).
 *
 * @fires curate-export - An export finished (detail: kind, count).
 * @fires curate-error - Something failed.
 * @csspart zip
 * @csspart button
 * @csspart result
 * @csspart handoff
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
export class CurateExport extends CurateElement {
  static override styles = exportStyles;
  static override properties = {
    ...CurateElement.properties,
    scope: { type: String },
    layout: { type: String },
    busy: { state: true },
    progress: { state: true },
    done: { state: true },
    handoff: { state: true },
  };

  /** What to export. @defaultValue 'all' */
  declare scope: ExportScope;
  /** Files as files/<name> + example_to_labels.json ('flat') or a folder per label ('by-label'). @defaultValue 'flat' */
  declare layout: ExportLayout;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare progress: string;
  /** @internal */
  declare done: { manifest: ExportManifest; bytes: number } | null;
  /** @internal */
  declare handoff: HandoffSummary | null;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.scope = 'all';
    this.layout = 'flat';
    this.busy = false;
    this.progress = '';
    this.done = null;
    this.handoff = null;
  }

  #ids(): number[] | null {
    return this.scope === 'selection' ? [...this.model.selected] : null;
  }

  async #collect(signal: AbortSignal) {
    const curator = requireCurator(this.curator, 'curate-export');
    const archive = requireArchive(this.archive, 'curate-export');
    const clusters = new Map<number, string>();
    this.model.clusters?.ids.forEach((ids, k) => ids.forEach((id) => clusters.set(id, this.model.clusters!.names[k])));
    // The archive's labels are the truth and may be several per content (the model holds the first
    // only); a label the page set on the model alone still goes with its content.
    const labels = new Map<number, string | readonly string[]>(this.model.labels);
    if (curator.training) for (const [id, l] of Object.entries((await curator.training.labels(archive)).labels)) labels.set(Number(id), l);
    return collectExport(curator, archive, this.#ids(), {
      labels,
      clusters,
      signal,
      onProgress: (d, t) => (this.progress = `reading files ${d}/${t}`),
    });
  }

  /** Build the zip; resolves with it (and offers it as a download when `download` is true). */
  async exportZip(download = true): Promise<Blob | undefined> {
    const archive = requireArchive(this.archive, 'curate-export');
    requireCurator(this.curator, 'curate-export');
    this.busy = true;
    this.#abort = new AbortController();
    try {
      return await this.attempt(async () => {
        const { items, vectors } = await this.#collect(this.#abort!.signal);
        this.progress = 'zipping';
        const { zip, manifest } = await buildExportZip(items, { archive, vectors, layout: this.layout });
        this.done = { manifest, bytes: zip.size };
        this.emit('curate-export', { kind: 'zip', count: items.length });
        if (download) {
          const a = document.createElement('a');
          a.href = URL.createObjectURL(zip);
          a.download = `${archive.replace(/[^\w.-]+/g, '_')}-curated.zip`;
          a.click();
          setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
        }
        return zip;
      });
    } finally {
      this.busy = false;
      this.progress = '';
      this.#abort = null;
    }
  }

  /** Send the kept set to a trainer. */
  async sendToTrainer(service: TrainerServiceName, apiKey: string, target: string, baseUrl?: string): Promise<HandoffSummary | undefined> {
    requireArchive(this.archive, 'curate-export');
    requireCurator(this.curator, 'curate-export');
    this.busy = true;
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    try {
      return await this.attempt(async () => {
        const { items } = await this.#collect(signal);
        this.handoff = await handOff(items, { service, apiKey, target, baseUrl }, { signal, onProgress: (d, t, phase) => (this.progress = `${phase} ${d}/${t}`) });
        this.emit('curate-export', { kind: 'trainer', count: items.length });
        return this.handoff;
      });
    } finally {
      this.busy = false;
      this.progress = '';
      this.#abort = null;
    }
  }

  #submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const baseUrl = String(f.get('baseUrl') ?? '').trim();
    void this.sendToTrainer(String(f.get('service')) as TrainerServiceName, String(f.get('apiKey') ?? ''), String(f.get('target') ?? ''), baseUrl || undefined);
  };

  override render() {
    const n = this.scope === 'selection' ? this.model.selected.size : null;
    return html`
      <section part="zip" aria-label="Export">
        <h3>Export the kept set</h3>
        <div class="toolbar">
          <label>Items <select aria-label="Scope" @change=${(e: Event) => (this.scope = (e.target as HTMLSelectElement).value as ExportScope)}>
            <option value="all" ?selected=${this.scope === 'all'}>all kept images</option>
            <option value="selection" ?selected=${this.scope === 'selection'}>the selection (${this.model.selected.size})</option>
          </select></label>
          <label>Layout <select aria-label="Layout" @change=${(e: Event) => (this.layout = (e.target as HTMLSelectElement).value as ExportLayout)}>
            <option value="flat" ?selected=${this.layout === 'flat'}>files + example_to_labels.json</option>
            <option value="by-label" ?selected=${this.layout === 'by-label'}>a folder per label</option>
          </select></label>
          <button part="button" class="primary" ?disabled=${this.busy || n === 0} @click=${() => this.exportZip()}>Download zip</button>
          ${this.busy ? html`<button part="button" @click=${() => this.#abort?.abort()}>Cancel</button><span class="muted" role="status">${this.progress}</span>` : nothing}
        </div>
        <p class="muted">${this.layout === 'flat'
          ? 'files/ with the originals and example_to_labels.json (a Vector Curator fine-tuning dataset: host the folder, pass its URLs as file_urls)'
          : 'files/<label>/ with the originals (the folder-per-class layout of Keras, PyTorch ImageFolder and Teachable Machine; a multi-label image is in each of its folders)'}, manifest.json (names, labels, clusters), vectors.npy + ids.npy and vectors.safetensors.</p>
        ${this.done ? html`<p class="ok" role="status" part="result">Exported ${this.done.manifest.items.length} images (${(this.done.bytes / 1e6).toFixed(1)} MB).</p>` : nothing}
      </section>
      <section part="handoff" aria-label="Send to a trainer">
        <h3>Send to a cloud trainer</h3>
        <form @submit=${this.#submit}>
          <label for="service">Service</label>
          <select id="service" name="service"><option value="apitorch">API Torch</option><option value="vize">Vize</option><option value="ximilar">Ximilar</option></select>
          <label for="apiKey">API key</label>
          <input id="apiKey" name="apiKey" type="password" autocomplete="off" required />
          <label for="target">Training set / task id</label>
          <input id="target" name="target" type="text" placeholder="empty: create a task (Vize, Ximilar)" />
          <label for="baseUrl">Service URL</label>
          <input id="baseUrl" name="baseUrl" type="url" placeholder="default" />
          <div class="full"><button class="primary" type="submit" ?disabled=${this.busy}>Send</button></div>
        </form>
        ${this.handoff ? html`<p class="ok" role="status">Sent ${this.handoff.uploaded} (${this.handoff.skipped} already there); training: ${this.handoff.training}.${this.handoff.firstLabelOnly ? ` ${this.handoff.firstLabelOnly} images have several labels: this service takes one per image, so they went under their first.` : ''}</p>` : nothing}
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}
