import { html, nothing } from 'lit';
import type { ClassifierFeedback, ClassifierVersion, Prediction } from '../../contract/training.js';
import { CONFIDENCE_CUTS } from '../../contract/training.js';
import type { ContentView } from '../../contract/views.js';
import { checkInt } from '../../contract/validate.js';
import { CurateElement } from '../shared/base.js';
import { filesFromDataTransfer, looksLikeImage } from '../shared/collect-files.js';
import { cssProps } from '../shared/css-props.js';
import { requireArchive, requireTraining } from '../shared/curator-like.js';
import { loadLabels } from '../shared/labels.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { classifyStyles } from './classify.styles.js';

/** One classified thing as shown: a dropped file or an archive item. */
interface Row {
  key: string;
  name: string;
  url: string | null;
  file?: File;
  id?: number;
  prediction: Prediction;
  /** What the user said about it. */
  said?: { correct: true } | { correct: false; label: string };
}

/**
 * <curate-classify>: drop images (or a folder) and see what a trained version
 * says about each: the top labels with probabilities and a confidence word
 * (high ≥ 0.8, medium ≥ 0.5, else low). Or classify the archive's unlabelled
 * items. Each answer takes feedback: "Right", or "Wrong" with the right
 * label; an archive item gets that label, a file is kept as an example
 * (its vector, not the file), and the next training learns from both.
 *
 * @fires curate-feedback - Feedback was stored (detail: labelled, examples).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart drop - The drop area.
 * @csspart list
 * @csspart item
 * @csspart confidence - The high / medium / low word.
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
export class CurateClassify extends CurateElement {
  static override styles = classifyStyles;
  static override properties = {
    ...CurateElement.properties,
    topK: { type: Number, attribute: 'top-k' },
    version: { type: Number },
    versions: { state: true },
    rows: { state: true },
    busy: { state: true },
    over: { state: true },
  };

  /** Labels shown per item. @defaultValue 3 */
  declare topK: number;
  /** Version to classify with; unset uses the latest. @defaultValue undefined */
  declare version: number | undefined;
  /** @internal newest first */
  declare versions: ClassifierVersion[];
  /** @internal */
  declare rows: Row[];
  /** @internal */
  declare busy: boolean;
  /** @internal a drag is over the drop area */
  declare over: boolean;
  #controller: AbortController | null = null;
  #fileUrls: string[] = [];

  constructor() {
    super();
    this.topK = 3;
    this.version = undefined;
    this.versions = [];
    this.rows = [];
    this.busy = false;
    this.over = false;
  }

  protected override archiveReady(): void {
    void this.refreshVersions();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#revoke();
  }

  /** Reload the list of versions (after a training elsewhere, say). */
  async refreshVersions(): Promise<void> {
    const training = requireTraining(this.curator, 'curate-classify');
    const archive = requireArchive(this.archive, 'curate-classify');
    await this.attempt(async () => {
      const versions = await training.classifiers(archive);
      if (this.archive === archive) this.versions = versions;
    });
  }

  /** Classify files (non-images are skipped); resolves to the predictions shown. */
  async classifyFiles(files: File[]): Promise<Prediction[]> {
    const images = files.filter(looksLikeImage);
    if (images.length === 0) return [];
    return this.#classify({ files: images }, (p, i) => {
      const url = URL.createObjectURL(images[i]);
      this.#fileUrls.push(url);
      return { key: `file:${i}:${images[i].name}`, name: images[i].name, url, file: images[i], prediction: p };
    });
  }

  /** Classify the archive's items that have no label yet. */
  async classifyUnlabelled(): Promise<Prediction[]> {
    const training = requireTraining(this.curator, 'curate-classify');
    const archive = requireArchive(this.archive, 'curate-classify');
    const [contents, labels] = await Promise.all([this.loadContents(), training.labels(archive)]);
    const byId = new Map<number, ContentView>(contents.map((c) => [c.id, c]));
    const ids = contents.filter((c) => !labels.labels[c.id]?.length).map((c) => c.id);
    if (ids.length === 0) {
      this.error = 'Every item of this archive has a label.';
      return [];
    }
    return this.#classify({ ids }, (p) => {
      const c = byId.get(p.id!);
      return { key: `id:${p.id}`, name: c?.name ?? `#${p.id}`, url: c ? thumbnailUrl(archive, c.thumbnail) : null, id: p.id, prediction: p };
    });
  }

  async #classify(what: { files: File[] } | { ids: number[] }, toRow: (p: Prediction, i: number) => Row): Promise<Prediction[]> {
    const training = requireTraining(this.curator, 'curate-classify');
    const archive = requireArchive(this.archive, 'curate-classify');
    checkInt(this.topK, 'curate-classify.topK', 1, 100);
    this.#controller?.abort();
    const controller = (this.#controller = new AbortController());
    this.busy = true;
    const out = await this.attempt(async () => {
      const r = await training.classify(archive, { ...what, version: this.version, topK: this.topK, signal: controller.signal });
      this.#revoke();
      this.rows = r.predictions.map(toRow);
      return r.predictions;
    });
    if (this.#controller === controller) {
      this.#controller = null;
      this.busy = false;
    }
    if (this.versions.length === 0) void this.refreshVersions();
    return out ?? [];
  }

  /** Stop a running classification. */
  cancel(): boolean {
    const c = this.#controller;
    c?.abort();
    return c !== null;
  }

  /** Tell the archive whether a prediction was right; wrong needs the right label. */
  async feedback(row: Row, correct: boolean, label?: string): Promise<void> {
    const training = requireTraining(this.curator, 'curate-classify');
    const archive = requireArchive(this.archive, 'curate-classify');
    const item: ClassifierFeedback = { predicted: row.prediction.predicted, correct, ...(correct ? {} : { labels: label ? [label] : [] }) };
    if (row.id !== undefined) item.id = row.id;
    else item.file = row.file;
    await this.attempt(async () => {
      const r = await training.feedback(archive, [item]);
      row.said = correct ? { correct: true } : { correct: false, label: label! };
      this.rows = [...this.rows];
      if (row.id !== undefined) await loadLabels(this.curator!, archive, this.model);
      this.emit('curate-feedback', r);
    });
  }

  #revoke(): void {
    for (const u of this.#fileUrls) URL.revokeObjectURL(u);
    this.#fileUrls = [];
  }

  #onDrop = async (e: DragEvent) => {
    e.preventDefault();
    this.over = false;
    if (!e.dataTransfer) return;
    const files = await filesFromDataTransfer(e.dataTransfer);
    await this.classifyFiles(files);
  };

  #onPicked = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.classifyFiles(files);
  };

  #labels(): string[] {
    const v = this.versions.find((x) => x.version === this.version) ?? this.versions[0];
    return v?.labels ?? [];
  }

  #renderRow(row: Row) {
    const p = row.prediction;
    const labels = this.#labels();
    const said = row.said;
    return html`<li part="item" data-name=${row.name}>
      ${row.url && !p.error ? html`<img class="thumb" src=${row.url} alt="" />` : html`<div class="thumb"></div>`}
      <div class="body">
        <span class="name" title=${row.name}>${row.name}</span>
        ${p.error
          ? html`<span class="error">${p.error}</span>`
          : html`<span part="confidence" class="confidence ${p.confidence}">${p.confidence}</span>
              <ul class="probs" aria-label=${`Labels for ${row.name}`}>
                ${p.labels.map((l) => html`<li><span class="label">${l.label}</span><span class="bar" aria-hidden="true"><span ${cssProps({ width: `${Math.round(l.probability * 100)}%` })}></span></span><span class="p">${(l.probability * 100).toFixed(0)} %</span></li>`)}
              </ul>`}
      </div>
      ${p.error
        ? nothing
        : said
          ? html`<span class="muted said" role="status">${said.correct ? 'right — noted' : `wrong, is ${said.label} — noted`}; the next training learns from it</span>`
          : html`<form class="feedback" aria-label=${`Feedback on ${row.name}`} @submit=${(e: Event) => {
              e.preventDefault();
              const sel = (e.target as HTMLFormElement).querySelector('select')!;
              if (sel.value) void this.feedback(row, false, sel.value);
            }}>
              <button part="button" type="button" @click=${() => this.feedback(row, true)}>Right</button>
              <select aria-label=${`Right label for ${row.name}`}><option value="">wrong — it is…</option>${labels.filter((l) => !p.predicted.includes(l)).map((l) => html`<option value=${l}>${l}</option>`)}</select>
              <button part="button">Save</button>
            </form>`}
    </li>`;
  }

  override render() {
    const latest = this.versions[0];
    const none = this.versions.length === 0;
    return html`
      <div class="toolbar" part="toolbar">
        <label>Version <select aria-label="Classifier version" ?disabled=${none} @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          this.version = v ? Number(v) : undefined;
        }}>
          <option value="" ?selected=${this.version === undefined}>latest${latest ? ` (v${latest.version})` : ''}</option>
          ${this.versions.map((v) => html`<option value=${v.version} ?selected=${this.version === v.version}>v${v.version} · ${v.kind} · ${(v.metrics.accuracy * 100).toFixed(1)} %</option>`)}
        </select></label>
        <button part="button" ?disabled=${this.busy || none} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#files')?.click()}>Choose images…</button>
        <button part="button" ?disabled=${this.busy || none} @click=${() => this.classifyUnlabelled()}>Classify unlabelled items</button>
        ${this.busy ? html`<button part="button" @click=${() => this.cancel()}>Cancel</button><span class="muted" role="status">classifying…</span>` : nothing}
        <input id="files" type="file" hidden accept="image/*" multiple @change=${this.#onPicked} />
      </div>
      <div part="drop" class="drop ${this.over ? 'over' : ''}" @dragover=${(e: DragEvent) => (e.preventDefault(), (this.over = true))} @dragleave=${() => (this.over = false)} @drop=${this.#onDrop}>
        ${none ? 'Train a version first (Train tab); then drop images here to classify them.' : 'Drop images or a folder here to classify them.'}
        <span class="muted">Confidence: high at ≥ ${CONFIDENCE_CUTS.high * 100} % for the top label, medium at ≥ ${CONFIDENCE_CUTS.medium * 100} %, else low.</span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.rows.length ? html`<ol part="list" class="rows">${this.rows.map((r) => this.#renderRow(r))}</ol>` : nothing}
    `;
  }
}
