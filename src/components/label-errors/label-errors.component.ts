import { html, nothing } from 'lit';
import type { LabelErrors, LabelIssue } from '../../contract/training.js';
import type { ContentView } from '../../contract/views.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireTraining } from '../shared/curator-like.js';
import { loadLabels, writeLabel } from '../shared/labels.js';
import type { ModelChange } from '../shared/model.js';
import { removeContents } from '../shared/remove.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { labelErrorsStyles } from './label-errors.styles.js';

/** Below this cross-validated accuracy the element warns that the flags are unreliable. */
const WEAK_MODEL = 0.8;

/** What the user did with an issue; relabelled keeps the old label so it can be put back. */
type Decision = { kind: 'relabelled'; from: string; to: string } | { kind: 'kept' };

/**
 * <curate-label-errors>: labelled items whose label the evidence disagrees
 * with (a cross-validated classifier blended with the labels of the 10 nearest
 * neighbours: another label is more probable than the given one), the lowest
 * probability of the given label first, each with both probabilities as the
 * reason (and a warning when the cross-validated model is itself weak, below
 * 80 % right, since many flags are then its mistakes). Per item: relabel to the suggestion, keep the label, or remove the
 * item (to the trash, restorable). A relabel can be undone.
 *
 * @fires curate-label - An item was relabelled (detail: ids, label).
 * @fires curate-remove - Items were removed (detail: ids).
 * @fires curate-restore - Removed items were restored from the trash (detail: ids).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart summary
 * @csspart list
 * @csspart item
 * @csspart why - The two probabilities behind an issue.
 * @csspart restore - The "moved to the trash · Restore" line.
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
export class CurateLabelErrors extends CurateElement {
  static override styles = labelErrorsStyles;
  static override properties = {
    ...CurateElement.properties,
    found: { state: true },
    decisions: { state: true },
    fraction: { state: true },
    shownCount: { state: true },
    pageSize: { type: Number, attribute: 'page-size' },
  };

  /** Issues shown at first (more on "Show more"). @defaultValue 20 */
  declare pageSize: number;
  /** @internal */
  declare shownCount: number;

  /** @internal */
  declare found: LabelErrors | null;
  /** @internal */
  declare decisions: Map<number, Decision>;
  /** @internal progress of the search, or null when idle */
  declare fraction: number | null;
  #byId = new Map<number, ContentView>();
  #controller: AbortController | null = null;

  constructor() {
    super();
    this.found = null;
    this.decisions = new Map();
    this.fraction = null;
    this.pageSize = 20;
    this.shownCount = 20;
  }

  protected override modelChanged(kind: ModelChange): void {
    if (kind === 'contents' && this.found) void this.loadContents().then((list) => ((this.#byId = new Map(list.map((c) => [c.id, c]))), this.requestUpdate()));
    this.requestUpdate();
  }

  /** Cross-validate a classifier over the labelled items and list the disagreements. */
  async find(): Promise<LabelErrors | undefined> {
    const training = requireTraining(this.curator, 'curate-label-errors');
    const archive = requireArchive(this.archive, 'curate-label-errors');
    if (this.#controller) return undefined;
    const controller = (this.#controller = new AbortController());
    const untrack = this.model.track('label-errors', controller);
    this.fraction = 0;
    const out = await this.attempt(async () => {
      const [found, contents] = await Promise.all([training.labelErrors(archive, { signal: controller.signal, onProgress: (f) => (this.fraction = f) }), this.loadContents()]);
      this.#byId = new Map(contents.map((c) => [c.id, c]));
      this.found = found;
      this.decisions = new Map();
      this.shownCount = this.pageSize;
      return found;
    });
    untrack();
    this.#controller = null;
    this.fraction = null;
    return out;
  }

  /** Stop a running search. */
  cancel(): boolean {
    this.#controller?.abort();
    return this.#controller !== null;
  }

  /** Give the item the suggested label (undoable). */
  async relabel(issue: LabelIssue, to = issue.suggested): Promise<void> {
    const archive = requireArchive(this.archive, 'curate-label-errors');
    requireTraining(this.curator, 'curate-label-errors');
    await this.attempt(async () => {
      await writeLabel(this.curator!, archive, this.model, [issue.id], to);
      this.#decide(issue.id, { kind: 'relabelled', from: issue.given, to });
      this.emit('curate-label', { ids: [issue.id], label: to });
    });
  }

  /** The label was right: keep it and set the item aside. */
  keep(issue: LabelIssue): void {
    this.#decide(issue.id, { kind: 'kept' });
  }

  /** Take back a relabel or a keep. */
  async undo(issue: LabelIssue): Promise<void> {
    const d = this.decisions.get(issue.id);
    if (!d) return;
    if (d.kind === 'relabelled') {
      const ok = await this.attempt(async () => {
        await writeLabel(this.curator!, this.archive, this.model, [issue.id], d.from);
        this.emit('curate-label', { ids: [issue.id], label: d.from });
        return true;
      });
      if (!ok) return;
    }
    const m = new Map(this.decisions);
    m.delete(issue.id);
    this.decisions = m;
  }

  /** Move the item to the archive's trash (restorable from the bar that appears). */
  async removeItem(issue: LabelIssue): Promise<void> {
    const archive = requireArchive(this.archive, 'curate-label-errors');
    await this.attempt(async () => {
      await removeContents(this.curator!, archive, this.model, [issue.id]);
      this.emit('curate-remove', { ids: [issue.id] });
    });
  }

  override async restoreRemoved(): Promise<number[]> {
    const ids = await super.restoreRemoved();
    if (ids.length && this.curator) await loadLabels(this.curator, this.archive, this.model).catch(() => null);
    return ids;
  }

  #decide(id: number, d: Decision): void {
    const m = new Map(this.decisions);
    m.set(id, d);
    this.decisions = m;
  }

  #renderIssue(issue: LabelIssue) {
    const c = this.#byId.get(issue.id);
    if (!c) return nothing; // removed since
    const d = this.decisions.get(issue.id);
    const url = thumbnailUrl(this.archive, c.thumbnail);
    const pct = (p: number) => `${Math.round(p * 100)} %`;
    return html`<li part="item" data-id=${issue.id} class=${d?.kind ?? ''}>
      ${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}
      <div>
        <span class="name" title=${c.name}>${c.name}</span>
        <span part="why" class="why">labelled <strong>${issue.given}</strong> (${pct(issue.givenProbability)}); the model and its neighbours say <strong>${issue.suggested}</strong> (${pct(issue.suggestedProbability)})</span>
        ${d ? html`<span class="muted done" role="status">${d.kind === 'kept' ? 'kept as labelled' : `relabelled ${d.from} → ${d.to}`}</span>` : nothing}
      </div>
      <div class="actions" role="group" aria-label=${`Decision on ${c.name}`}>
        ${d
          ? html`<button part="button" @click=${() => this.undo(issue)}>Undo</button>`
          : html`<button part="button" class="primary" @click=${() => this.relabel(issue)}>Relabel as ${issue.suggested}</button>
              <button part="button" @click=${() => this.keep(issue)}>Keep</button>
              <button part="button" class="danger" @click=${() => this.removeItem(issue)}>Remove</button>`}
      </div>
    </li>`;
  }

  override render() {
    const f = this.found;
    const busy = this.fraction !== null;
    return html`
      <div class="toolbar" part="toolbar">
        <button part="button" class="primary" ?disabled=${busy} @click=${() => this.find()}>Find label errors</button>
        ${busy ? html`<button part="button" @click=${() => this.cancel()}>Cancel</button><progress max="1" .value=${this.fraction ?? 0} aria-label="Cross-validation progress"></progress>` : nothing}
      </div>
      ${this.renderRestore()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${f
        ? html`<p class="muted" part="summary" role="status">${f.issues.length} of ${f.checked} labels look wrong (cross-validated accuracy ${(f.crossValidatedAccuracy * 100).toFixed(1)} %). For each, the cross-validated classifier and the 10 most similar labelled items together make another label more probable than the given one.</p>
            ${f.crossValidatedAccuracy < WEAK_MODEL
              ? html`<p class="stale" part="weak" role="note">The cross-validated classifier is right on only ${(f.crossValidatedAccuracy * 100).toFixed(0)} % of the items, so many of these are its mistakes rather than wrong labels: check each before relabelling. More examples per label make the check sharper.</p>`
              : nothing}
            <ol part="list">${f.issues.slice(0, this.shownCount).map((i) => this.#renderIssue(i))}</ol>
            ${f.issues.length > this.shownCount ? html`<button part="button" @click=${() => (this.shownCount += this.pageSize)}>Show more (${f.issues.length - this.shownCount} left)</button>` : nothing}`
        : html`<p class="muted">Trains a classifier 5 times, each time on 4/5 of the labelled items, and lists the items whose label the held-out model disagrees with.</p>`}
    `;
  }
}
