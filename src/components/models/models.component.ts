import { html, nothing } from 'lit';
import type { TrainedModelView } from '../../contract/training.js';
import type { JobProgress } from '../../contract/jobs.js';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator, requireTraining } from '../shared/curator-like.js';
import { modelsStyles } from './models.styles.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * <curate-models>: the vectorizers fine-tuned and the translators fitted in this
 * browser, each with what it measured when it was made (held-back accuracy
 * against its base, recall@1 against the identity map); fine-tune a new
 * vectorizer from the archive's labels (the fine_tune_vectorizer job, run
 * locally, with progress and cancel); delete one (asked to confirm; a
 * vectorizer an archive embeds with is refused, naming the archive).
 *
 * @fires curate-fine-tuned - A vectorizer was fine-tuned and stored (detail: name).
 * @fires curate-error - Something failed.
 * @csspart form - The fine-tune form.
 * @csspart button
 * @csspart progress
 * @csspart notice - The outcome of the last fine-tune (ready, cancelled).
 * @csspart list - The kept models.
 * @csspart model - One model.
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
export class CurateModels extends CurateElement {
  static override styles = modelsStyles;
  static override properties = {
    ...CurateElement.properties,
    models: { state: true },
    progress: { state: true },
    confirmDelete: { state: true },
    notice: { state: true },
  };

  /** @internal newest first */
  declare models: TrainedModelView[];
  /** @internal while a fine-tune runs */
  declare progress: JobProgress | null;
  /** @internal `${kind}:${name}` asked to confirm */
  declare confirmDelete: string | null;
  /** @internal the outcome of the last fine-tune */
  declare notice: string | null;
  #controller: AbortController | null = null;

  constructor() {
    super();
    this.models = [];
    this.progress = null;
    this.confirmDelete = null;
    this.notice = null;
  }

  protected override archiveReady(): void {
    void this.refresh();
  }

  /** Reload the list of kept models. */
  async refresh(): Promise<void> {
    const training = requireTraining(this.curator, 'curate-models');
    await this.attempt(async () => {
      this.models = (await training.models()).sort((a, b) => b.created_at - a.created_at);
    });
  }

  /**
   * Fine-tune a vectorizer named `name` from the archive's labels and stored
   * vectors (no image is decoded again); resolves to its name, or undefined
   * when cancelled or refused (the reason is shown).
   */
  async fineTune(name: string): Promise<string | undefined> {
    const curator = requireCurator(this.curator, 'curate-models');
    const archive = requireArchive(this.archive, 'curate-models');
    if (this.#controller) return undefined;
    const controller = (this.#controller = new AbortController());
    const untrack = this.model.track('fine_tune_vectorizer', controller);
    this.progress = null;
    this.notice = null;
    this.requestUpdate();
    const done = await this.attempt(async () => {
      if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('custom_vectorizer_name', 'non-empty string');
      await curator.run('fine_tune_vectorizer', { content_type: 'Image', custom_vectorizer_name: name.trim(), archive }, { signal: controller.signal, onProgress: (p) => (this.progress = p) });
      return name.trim();
    });
    untrack();
    this.#controller = null;
    this.progress = null;
    if (controller.signal.aborted) this.notice = 'Cancelled: nothing was kept.';
    if (done) {
      this.notice = `${done} is ready.`;
      const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=name]');
      if (input) input.value = '';
      await this.refresh();
      this.emit('curate-fine-tuned', { name: done });
    }
    return done;
  }

  /** Stop the running fine-tune; nothing is stored. */
  cancel(): boolean {
    this.#controller?.abort();
    return this.#controller !== null;
  }

  /** Delete a model for good (the UI asks to confirm first). */
  async deleteModel(kind: TrainedModelView['kind'], name: string): Promise<void> {
    const training = requireTraining(this.curator, 'curate-models');
    await this.attempt(async () => {
      await training.deleteModel(kind, name);
      this.models = this.models.filter((m) => !(m.kind === kind && m.name === name));
    });
    this.confirmDelete = null;
  }

  #submit = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector<HTMLInputElement>('input[name=name]');
    void this.fineTune(input?.value ?? '');
  };

  #report(m: TrainedModelView) {
    if (m.kind === 'vectorizer') {
      const r = m.report;
      return html`refines ${m.input} · ${r.labels.length} labels${r.multiLabel ? ' (multi-label)' : ''} · ${r.examples} examples · ${r.epochs} epochs<br />
        <span class="muted">held back (${r.validation.size}): nearest-label accuracy ${pct(r.validation.baseAccuracy)} in the base space → ${pct(r.validation.accuracy)} fine-tuned</span>`;
    }
    const r = m.report;
    return html`${m.input} → ${m.output} · ${r.kind === 'identity' ? 'identity (the spaces already agree best)' : 'ridge regression'} · ${r.pairs} pairs<br />
      <span class="muted">recall@1 on ${r.validationPairs} ${r.validationSource === 'held_out' ? 'held-out' : 'validation'} pairs: ${pct(r.recallAt1)}${r.identityRecallAt1 === null ? '' : ` (identity ${pct(r.identityRecallAt1)})`}</span>`;
  }

  #renderList() {
    if (this.models.length === 0) return html`<p class="muted">No fine-tuned vectorizer or translator yet.</p>`;
    return html`<ol part="list" aria-label="Fine-tuned models">
      ${this.models.map((m) => {
        const key = `${m.kind}:${m.name}`;
        return html`<li part="model" data-kind=${m.kind} data-name=${m.name}>
          <span><span class="kind muted">${m.kind}</span> <span class="name">${m.name}</span><span class="report">${this.#report(m)}</span></span>
          ${this.confirmDelete === key
            ? html`<span class="confirm"><button part="button" class="danger" @click=${() => this.deleteModel(m.kind, m.name)}>Really delete ${m.name}?</button><button part="button" @click=${() => (this.confirmDelete = null)}>Keep</button></span>`
            : html`<button part="button" aria-label=${`Delete ${m.name}`} @click=${() => (this.confirmDelete = key)}>Delete</button>`}
        </li>`;
      })}
    </ol>`;
  }

  override render() {
    const busy = this.#controller !== null;
    const p = this.progress;
    return html`
      <form part="form" @submit=${this.#submit} aria-label="Fine-tune a vectorizer">
        <label for="name">Fine-tune a vectorizer from this archive's labels, named</label>
        <input id="name" name="name" type="text" required maxlength="100" placeholder="e.g. my-products" ?disabled=${busy} />
        <button part="button" class="primary" type="submit" ?disabled=${busy}>Fine-tune</button>
        ${busy ? html`<button part="button" type="button" @click=${() => this.cancel()}>Cancel</button>` : nothing}
      </form>
      ${busy ? html`<div part="progress"><progress max="1" .value=${p?.progress ?? 0} aria-label="Fine-tuning progress"></progress> <span class="muted" role="status">${p?.message ?? 'preparing…'}</span></div>` : nothing}
      <p class="muted">It learns from the labelled items' stored vectors (no image is decoded again) and can then be named as an archive's <code>default_vectorizer</code>, or in index and search, like any vectorizer.</p>
      ${this.notice ? html`<p class="ok" role="status" part="notice">${this.notice}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.#renderList()}
    `;
  }
}
