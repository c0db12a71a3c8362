import { html, nothing } from 'lit';
import type { ArchiveLabels, ClassifierKind, ClassifierVersion, TrainProgress } from '../../contract/training.js';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireTraining } from '../shared/curator-like.js';
import { loadLabels } from '../shared/labels.js';
import type { ModelChange } from '../shared/model.js';
import { renderMetrics } from './metrics.js';
import { trainStyles } from './train.styles.js';

const KINDS: readonly ClassifierKind[] = ['logistic', 'mlp'];

/**
 * <curate-train>: the archive's labels with counts, a classifier trained on
 * them in the worker (progress per epoch, cancel), and every stored version
 * with what it measured on its held-out 20 %: accuracy, per-label precision
 * and recall, how often each confidence word was right, the confusion matrix.
 * Labels come from the gallery (select → label) or an example_to_labels.json;
 * the same file can be downloaded for the cloud trainers.
 *
 * @fires curate-trained - A version was trained and stored (detail: version).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart labels - The label counts.
 * @csspart progress - Epoch, loss and validation accuracy while training.
 * @csspart versions - The list of stored versions.
 * @csspart metrics - The chosen version's measurements.
 * @csspart per-label
 * @csspart confusion
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
export class CurateTrain extends CurateElement {
  static override styles = trainStyles;
  static override properties = {
    ...CurateElement.properties,
    kind: { type: String },
    labelSet: { state: true },
    versions: { state: true },
    chosen: { state: true },
    progress: { state: true },
    confirmDelete: { state: true },
  };

  /** The head to train: 'logistic' (softmax regression) or 'mlp' (one hidden layer). @defaultValue 'logistic' */
  declare kind: ClassifierKind;
  /** @internal */
  declare labelSet: ArchiveLabels | null;
  /** @internal stored versions, newest first */
  declare versions: ClassifierVersion[];
  /** @internal the version whose metrics are shown */
  declare chosen: number | null;
  /** @internal */
  declare progress: TrainProgress | null;
  /** @internal */
  declare confirmDelete: number | null;
  #controller: AbortController | null = null;

  constructor() {
    super();
    this.kind = 'logistic';
    this.labelSet = null;
    this.versions = [];
    this.chosen = null;
    this.progress = null;
    this.confirmDelete = null;
  }

  protected override archiveReady(): void {
    void this.refresh();
  }

  protected override modelChanged(kind: ModelChange): void {
    // Labels set in the gallery or by feedback: recount (the model holds a copy, the archive the truth).
    if ((kind === 'labels' || kind === 'contents') && !this.#controller) void this.#recount();
    this.requestUpdate();
  }

  async #recount(): Promise<void> {
    const training = this.curator?.training;
    if (!training || !this.archive) return;
    try {
      this.labelSet = await training.labels(this.archive);
    } catch {
      // An archive that does not exist yet has no labels; the next refresh says so.
    }
  }

  /** Reload labels and versions from the archive. */
  async refresh(): Promise<void> {
    requireTraining(this.curator, 'curate-train');
    const archive = requireArchive(this.archive, 'curate-train');
    await this.attempt(async () => {
      const [labels, versions] = await Promise.all([loadLabels(this.curator!, archive, this.model), this.curator!.training!.classifiers(archive)]);
      if (this.archive !== archive) return;
      this.labelSet = labels;
      this.versions = versions;
      if (this.chosen === null || !versions.some((v) => v.version === this.chosen)) this.chosen = versions[0]?.version ?? null;
    });
  }

  /** Train a new version on the archive's labels; resolves to it (undefined when cancelled or refused). */
  async train(): Promise<ClassifierVersion | undefined> {
    const training = requireTraining(this.curator, 'curate-train');
    const archive = requireArchive(this.archive, 'curate-train');
    if (!KINDS.includes(this.kind)) throw new ValidationError('curate-train.kind', KINDS.join(' | '));
    if (this.#controller) return undefined;
    const controller = (this.#controller = new AbortController());
    const untrack = this.model.track('train', controller);
    this.progress = null;
    this.requestUpdate();
    const v = await this.attempt(() => training.train(archive, { kind: this.kind, signal: controller.signal, onProgress: (p) => (this.progress = p) }));
    untrack();
    this.#controller = null;
    this.progress = null;
    if (v) {
      this.versions = [v, ...this.versions.filter((x) => x.version !== v.version)];
      this.chosen = v.version;
      this.emit('curate-trained', { version: v });
    }
    return v;
  }

  /** Stop the running training; nothing is stored. */
  cancel(): boolean {
    this.#controller?.abort();
    return this.#controller !== null;
  }

  /** Delete a version for good (asked to confirm in the UI first). */
  async deleteVersion(version: number): Promise<void> {
    const training = requireTraining(this.curator, 'curate-train');
    const archive = requireArchive(this.archive, 'curate-train');
    await this.attempt(async () => {
      await training.deleteClassifier(archive, version);
      this.versions = this.versions.filter((v) => v.version !== version);
      if (this.chosen === version) this.chosen = this.versions[0]?.version ?? null;
    });
    this.confirmDelete = null;
  }

  /** Set labels from an example_to_labels.json file (content name → label or labels). */
  async importFile(file: Blob): Promise<void> {
    const training = requireTraining(this.curator, 'curate-train');
    const archive = requireArchive(this.archive, 'curate-train');
    await this.attempt(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new ValidationError('example_to_labels.json', 'a JSON object: content name → label or list of labels');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('example_to_labels.json', 'a JSON object: content name → label or list of labels');
      this.labelSet = await training.importLabels(archive, parsed as Record<string, string[]>);
      await loadLabels(this.curator!, archive, this.model);
    });
  }

  /** Download the labels as example_to_labels.json (the Vector Curator fine-tuning format). */
  async exportFile(): Promise<void> {
    const training = requireTraining(this.curator, 'curate-train');
    const archive = requireArchive(this.archive, 'curate-train');
    await this.attempt(async () => {
      const json = JSON.stringify(await training.exportLabels(archive), null, 2);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      a.download = `${archive}-example_to_labels.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
  }

  #onImport = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.importFile(file).finally(() => (input.value = ''));
  };

  #renderLabels() {
    const s = this.labelSet;
    if (!s) return html`<p class="muted">No labels yet.</p>`;
    const enough = s.counts.filter((c) => c.count > 0).length >= 2;
    return html`<div part="labels">
      <p class="muted" role="status">${s.labelled} labelled, ${s.unlabelled} unlabelled, ${s.counts.length} label${s.counts.length === 1 ? '' : 's'}</p>
      <ul class="counts" aria-label="Items per label">
        ${s.counts.map((c) => html`<li><span class="label">${c.label}</span><span class="n">${c.count}</span></li>`)}
      </ul>
      ${enough ? nothing : html`<p class="muted hint">Training needs at least 2 labels with examples: label items in the gallery (select, then type a label) or import an example_to_labels.json.</p>`}
    </div>`;
  }

  #renderProgress() {
    const p = this.progress;
    if (!this.#controller) return nothing;
    return html`<div part="progress" class="progress">
      <progress max="1" .value=${p?.progress ?? 0} aria-label="Training progress"></progress>
      <span class="muted" role="status">${p ? `epoch ${p.epoch} of at most ${p.maxEpochs} · loss ${p.loss.toFixed(3)} · validation accuracy ${(p.validationAccuracy * 100).toFixed(1)} %` : 'preparing…'}</span>
    </div>`;
  }

  #renderVersions() {
    if (this.versions.length === 0) return html`<p class="muted">No version trained yet.</p>`;
    return html`<ol class="versions" part="versions" aria-label="Versions">
      ${this.versions.map((v) => html`<li class=${v.version === this.chosen ? 'chosen' : ''} data-version=${v.version}>
        <button part="button" class="pick" aria-pressed=${v.version === this.chosen} @click=${() => (this.chosen = v.version)}>v${v.version}</button>
        <span class="what">${v.kind} · ${v.labels.length} labels · ${new Date(v.created_at).toLocaleString()}<br /><span class="muted">${(v.metrics.accuracy * 100).toFixed(1)} % right on ${v.metrics.testSize} held out · trained on ${v.metrics.trainSize}</span></span>
        ${this.confirmDelete === v.version
          ? html`<span class="confirm"><button part="button" class="danger" @click=${() => this.deleteVersion(v.version)}>Really delete v${v.version}?</button><button part="button" @click=${() => (this.confirmDelete = null)}>Keep</button></span>`
          : html`<button part="button" aria-label=${`Delete v${v.version}`} @click=${() => (this.confirmDelete = v.version)}>Delete</button>`}
      </li>`)}
    </ol>`;
  }

  override render() {
    const busy = this.#controller !== null;
    const chosen = this.versions.find((v) => v.version === this.chosen);
    return html`
      <div class="toolbar" part="toolbar">
        <label>Head <select aria-label="Classifier head" .value=${this.kind} ?disabled=${busy} @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as ClassifierKind)}>
          <option value="logistic" ?selected=${this.kind === 'logistic'}>logistic</option>
          <option value="mlp" ?selected=${this.kind === 'mlp'}>MLP (1 hidden layer)</option>
        </select></label>
        <button part="button" class="primary" ?disabled=${busy} @click=${() => this.train()}>Train</button>
        ${busy ? html`<button part="button" @click=${() => this.cancel()}>Cancel</button>` : nothing}
        <button part="button" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#import')?.click()}>Import labels…</button>
        <input id="import" type="file" hidden accept=".json,application/json" aria-label="Import example_to_labels.json" @change=${this.#onImport} />
        <button part="button" ?disabled=${!this.labelSet?.labelled} @click=${() => this.exportFile()}>Export labels</button>
      </div>
      ${this.#renderProgress()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="columns">
        <section aria-label="Labels"><h3>Labels</h3>${this.#renderLabels()}</section>
        <section aria-label="Versions"><h3>Versions</h3>${this.#renderVersions()}</section>
      </div>
      ${chosen ? renderMetrics(chosen) : nothing}
    `;
  }
}
