import { html, nothing, type PropertyValues } from 'lit';
import type { ContentView } from '../../contract/views.js';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { calibrate, findDuplicates, getCalibrationPairs } from '../shared/curation.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { type AnswerFitSummary, type CalibrationPair, type DuplicateGroup, type DuplicatePreview } from '../../contract/views.js';
import { renderThresholdPreview } from './threshold-preview.js';
import { pairRows, type PairRow } from './pairs.js';
import type { ModelChange } from '../shared/model.js';
import { removeContents } from '../shared/remove.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { bestByRule, evidenceFor, type KeepRule } from './rules.js';
import { duplicatesStyles } from './duplicates.styles.js';
import { applyDecision, undoDecision, type StoredDecision } from './undo.js';
import { loadStoredView, storedNote, type ShownView } from '../shared/stored.js';

type Decision = 'keep' | 'remove';

/**
 * <curate-duplicates>: duplicate groups with their evidence (bytes, pixels,
 * pHash or embedding, and the similarity), keep/remove per item, "keep the best
 * of each group" by a rule, and calibration: pairs near the threshold are shown,
 * the user answers same / not same, the threshold is refit and the change in
 * the number of groups is shown. On a group, "Not a duplicate" (a member is not
 * the keeper's duplicate) and "Make keeper" are stored with the archive, so they
 * hold after a reload and for every later search; "Undo" takes the last back.
 *
 * @fires curate-remove - Items marked "remove" were removed (detail: ids).
 * @fires curate-restore - Removed items were restored from the trash (detail: ids).
 * @csspart restore - The "moved to the trash · Restore" line.
 * @fires curate-decision - A decision was stored or undone (detail: { decision, undone }).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart group
 * @csspart member
 * @csspart evidence
 * @csspart reason - Why the keeper is kept.
 * @csspart calibration
 * @csspart pair
 * @csspart refit
 * @fires curate-compare - Compare was asked for on a member (detail: a = the keeper, b = the member); <curate-app> opens <curate-viewer>.
 * @csspart preview - The similarity distribution with the threshold, and what it would do.
 * @csspart undo - The undo button, naming the last decision.
 * @csspart pair-list - The pair list (view="pairs"): every accepted pair, most similar first.
 * @csspart pair-row - One pair in it.
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 * @cssprop --curate-tile-size - Member tile width.
 */
export class CurateDuplicates extends CurateElement {
  static override styles = duplicatesStyles;
  static override properties = {
    ...CurateElement.properties,
    threshold: { type: Number },
    rule: { type: String },
    view: { type: String, reflect: true },
    groups: { state: true },
    decisions: { state: true },
    busy: { state: true },
    pairs: { state: true },
    answers: { state: true },
    refit: { state: true },
    stored: { state: true },
    shown: { state: true },
    preview: { state: true },
  };

  /** Embedding similarity threshold; unset uses the archive's calibration or the engine default. @defaultValue undefined */
  declare threshold: number | undefined;
  /** Rule of "keep the best of each group". @defaultValue 'suggested' */
  declare rule: KeepRule;
  /** 'groups': each keeper with its members; 'pairs': every accepted pair in one list, most similar first. @defaultValue 'groups' */
  declare view: 'groups' | 'pairs';
  /** @internal */
  declare groups: DuplicateGroup[] | null;
  /** @internal */
  declare decisions: Map<number, Decision>;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare pairs: CalibrationPair[] | null;
  /** @internal */
  declare answers: Map<string, boolean>;
  /** @internal */
  declare refit: AnswerFitSummary | null;
  /** @internal Decisions stored in this session, newest last (what Undo takes back). */
  declare stored: StoredDecision[];
  /** @internal When the groups shown were computed, if they came from the archive's stored view. */
  declare shown: ShownView | null;
  /** @internal Nearest-neighbour similarities and what each threshold would do (null until loaded, or without the API). */
  declare preview: DuplicatePreview | null;
  #byId = new Map<number, ContentView>();

  constructor() {
    super();
    this.threshold = undefined;
    this.rule = 'suggested';
    this.view = 'groups';
    this.groups = null;
    this.decisions = new Map();
    this.busy = false;
    this.pairs = null;
    this.answers = new Map();
    this.refit = null;
    this.stored = [];
    this.shown = null;
    this.preview = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A bad attribute is said in the component (never a blank view): it shows the groups meanwhile.
    if (changed.has('view') && this.view !== 'groups' && this.view !== 'pairs') {
      this.error = `view: 'groups' | 'pairs' (got ${JSON.stringify(this.view)})`;
      this.view = 'groups';
    }
  }

  /** After a reload, show what was last computed for this archive at once (marked stale if it changed since). */
  protected override archiveReady(archive: string): void {
    this.preview = null;
    void this.#showStored(archive);
    void this.loadPreview();
  }

  /** Load the threshold preview (the similarity distribution and, per threshold, groups and removals). */
  async loadPreview(): Promise<DuplicatePreview | undefined> {
    // A background refresh: without a client or an archive (yet) there is nothing to preview.
    const curator = this.curator, archive = this.archive;
    if (!curator || !archive || typeof curator.duplicatePreview !== 'function') return undefined;
    const p = await this.attempt(() => curator.duplicatePreview!(archive));
    if (p && this.archive === archive) this.preview = p;
    return p;
  }

  async #showStored(archive: string): Promise<void> {
    const v = await loadStoredView(this.curator!, archive, 'duplicates');
    if (!v || this.archive !== archive || this.groups !== null) return;
    const contents = await this.loadContents();
    if (this.archive !== archive || this.groups !== null) return;
    this.#byId = new Map(contents.map((c) => [c.id, c]));
    // A stored group may name items removed since: show only what is still there.
    this.groups = v.result.map((g) => ({ ...g, ids: g.ids.filter((id) => this.#byId.has(id)) })).filter((g) => g.ids.length > 1 && this.#byId.has(g.keep));
    if (v.options.threshold !== undefined) this.threshold = v.options.threshold;
    this.shown = { computed_at: v.computed_at, stale: v.stale };
  }

  protected override modelChanged(kind: ModelChange): void {
    // Another element removed items: groups may have changed.
    if (kind === 'contents' && this.groups && !this.busy) void this.find();
    if (kind === 'contents' && this.archive) void this.loadPreview();
    this.requestUpdate();
  }

  /** Find the duplicate groups (the default decision keeps everything). */
  async find(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-duplicates');
    const archive = requireArchive(this.archive, 'curate-duplicates');
    if (this.threshold !== undefined && !(this.threshold > 0 && this.threshold <= 1)) throw new ValidationError('curate-duplicates.threshold', '0 < number <= 1');
    this.busy = true;
    await this.attempt(async () => {
      const [groups, contents] = await Promise.all([findDuplicates(curator, archive, { threshold: this.threshold }), this.loadContents()]);
      this.#byId = new Map(contents.map((c) => [c.id, c]));
      this.groups = groups;
      this.shown = null;
      this.decisions = new Map();
    });
    this.busy = false;
  }

  /** Mark the best item of each group (by rule) to keep and the others to remove. */
  keepBest(rule: KeepRule = 'suggested'): void {
    if (!['suggested', 'largest', 'sharpest'].includes(rule)) throw new ValidationError('rule', "'suggested' | 'largest' | 'sharpest'");
    const next = new Map<number, Decision>();
    for (const g of this.groups ?? []) {
      const best = bestByRule(g, rule, this.#byId);
      for (const id of g.ids) next.set(id, id === best ? 'keep' : 'remove');
    }
    this.decisions = next;
  }

  decide(id: number, decision: Decision): void {
    this.decisions = new Map(this.decisions).set(id, decision);
  }

  /** Remove every item marked "remove" from the archive. */
  async applyRemovals(): Promise<number[]> {
    const ids = [...this.decisions].filter(([, d]) => d === 'remove').map(([id]) => id);
    if (ids.length === 0) return [];
    const curator = requireCurator(this.curator, 'curate-duplicates');
    const archive = requireArchive(this.archive, 'curate-duplicates');
    this.busy = true;
    const ok = await this.attempt(async () => {
      await removeContents(curator, archive, this.model, ids);
      this.emit('curate-remove', { ids });
      return true;
    });
    this.busy = false;
    if (ok) await this.find();
    return ok ? ids : [];
  }

  #name(id: number): string {
    return this.#byId.get(id)?.name ?? `#${id}`;
  }

  /** Store that `id` is not a duplicate of its group's keeper; it leaves the group for good. */
  notDuplicate(group: DuplicateGroup, id: number): Promise<void> {
    return this.#store({ kind: 'not-same', a: group.keep, b: id, label: `${this.#name(id)} is not a duplicate of ${this.#name(group.keep)}` });
  }

  /** Store that the two items of `row` (a pair of the list) are not duplicates. */
  notSamePair(row: PairRow): Promise<void> {
    const g = row.group === null ? null : this.groups?.[row.group];
    if (g) return this.notDuplicate(g, row.a === g.keep ? row.b : row.a);
    return this.#store({ kind: 'not-same', a: row.a, b: row.b, label: `${this.#name(row.b)} is not a duplicate of ${this.#name(row.a)}` });
  }

  /** Store `id` as the keeper of its group. */
  makeKeeper(group: DuplicateGroup, id: number): Promise<void> {
    return this.#store({ kind: 'keeper', keep: id, group: [...group.ids], label: `keep ${this.#name(id)} in its group` });
  }

  /** Take back the last stored decision. */
  async undo(): Promise<void> {
    const last = this.stored.at(-1);
    if (last) await this.#write(last, true);
  }

  #store(d: StoredDecision): Promise<void> {
    return this.#write(d, false);
  }

  /** Store (or take back) one decision with the archive, then show the groups it gives. */
  async #write(d: StoredDecision, undone: boolean): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-duplicates');
    const archive = requireArchive(this.archive, 'curate-duplicates');
    this.busy = true;
    const ok = await this.attempt(async () => {
      await (undone ? undoDecision : applyDecision)(curator, archive, d);
      return true;
    });
    this.busy = false;
    if (!ok) return;
    this.stored = undone ? this.stored.slice(0, -1) : [...this.stored, d];
    this.emit('curate-decision', { decision: d, undone });
    await this.find();
  }

  /** Start calibration: fetch the pairs to ask about. */
  async startCalibration(count = 8): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-duplicates');
    const archive = requireArchive(this.archive, 'curate-duplicates');
    await this.attempt(async () => {
      const [pairs, contents] = await Promise.all([getCalibrationPairs(curator, archive, count, this.threshold), this.loadContents()]);
      this.#byId = new Map(contents.map((c) => [c.id, c]));
      this.pairs = pairs;
      this.answers = new Map();
      this.refit = null;
    });
  }

  answer(pair: CalibrationPair, same: boolean): void {
    this.answers = new Map(this.answers).set(`${pair.a}:${pair.b}`, same);
  }

  /** Refit the threshold from the answers and find the groups again with it. */
  async applyCalibration(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-duplicates');
    const archive = requireArchive(this.archive, 'curate-duplicates');
    const answers = (this.pairs ?? []).filter((p) => this.answers.has(`${p.a}:${p.b}`)).map((p) => ({ a: p.a, b: p.b, same: this.answers.get(`${p.a}:${p.b}`)! }));
    if (answers.length === 0) throw new ValidationError('answers', 'at least one pair answered');
    await this.attempt(async () => {
      this.refit = await calibrate(curator, archive, answers, this.threshold);
      this.threshold = this.refit.threshold;
      this.pairs = null;
      await this.find();
    });
  }

  #thumb(id: number) {
    const c = this.#byId.get(id);
    const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
    return html`${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}<span class="name" title=${c?.name ?? ''}>${c?.name ?? `#${id}`}</span>`;
  }

  #renderGroup(g: DuplicateGroup, index: number) {
    return html`<section class="group" part="group" aria-label="Duplicate group ${index + 1}">
      <header><strong>Group ${index + 1}</strong><span class="muted">${g.ids.length} items${g.related.length ? ` · ${g.related.length} related pair${g.related.length > 1 ? 's' : ''} outside (never marked)` : ''}</span></header>
      <div class="members">
        ${g.ids.map((id) => {
          const d = this.decisions.get(id) ?? 'keep';
          const ev = evidenceFor(g, id);
          return html`<div class="member ${d}" part="member" data-id=${id}>
            ${this.#thumb(id)}
            ${ev ? html`<span class="evidence muted" part="evidence">${ev.stage} · ${ev.similarity.toFixed(3)}</span>` : nothing}
            ${id === g.keep ? html`<span class="evidence" part="reason" title=${g.keep_reason}>keep: ${g.keep_reason || 'suggested'}</span>` : nothing}
            <div class="choice" role="group" aria-label="Decision">
              <button class="keep" aria-pressed=${d === 'keep'} @click=${() => this.decide(id, 'keep')}>Keep</button>
              <button class="rm" aria-pressed=${d === 'remove'} @click=${() => this.decide(id, 'remove')}>Remove</button>
            </div>
            ${id === g.keep
              ? nothing
              : html`<div class="choice" role="group" aria-label="Correct the group">
                  <button class="fix" ?disabled=${this.busy} title="Remember that this is not a duplicate of the keeper" @click=${() => this.notDuplicate(g, id)}>Not a duplicate</button>
                  <button class="fix" ?disabled=${this.busy} title="Keep this one instead" @click=${() => this.makeKeeper(g, id)}>Make keeper</button>
                  <button class="fix" title="Side by side with the keeper, full size" @click=${() => this.emit('curate-compare', { a: g.keep, b: id })}>Compare</button>
                </div>`}
          </div>`;
        })}
      </div>
    </section>`;
  }

  #renderPairs(rows: PairRow[]) {
    return html`<ol class="pair-list" part="pair-list" aria-label="Pairs, most similar first">
      ${rows.map((r) => html`<li class="pair" part="pair-row" data-a=${r.a} data-b=${r.b}>
        <div class="member">${this.#thumb(r.a)}</div><div class="member">${this.#thumb(r.b)}</div>
        <span class="facts"><strong>${r.similarity.toFixed(3)}</strong> <span class="muted">${r.stage} · ${r.group === null ? 'related (links two groups, never marked)' : `group ${r.group + 1}`}</span></span>
        <button class="fix" title="Side by side, full size" @click=${() => this.emit('curate-compare', { a: r.a, b: r.b })}>Compare</button>
        <button class="fix" ?disabled=${this.busy} title="Remember that these two are not duplicates" @click=${() => this.notSamePair(r)}>Not same</button>
      </li>`)}
    </ol>`;
  }

  #renderCalibration() {
    const pairs = this.pairs!;
    return html`<section class="calibration" part="calibration" aria-label="Calibration">
      <h3>Same image or not?</h3>
      ${pairs.length === 0 ? html`<p class="muted">No pairs to ask about.</p>` : nothing}
      ${pairs.map((p) => {
        const a = this.answers.get(`${p.a}:${p.b}`);
        return html`<div class="pair" part="pair">
          <div class="member">${this.#thumb(p.a)}</div><div class="member">${this.#thumb(p.b)}</div>
          <span class="muted">similarity ${p.similarity.toFixed(3)}</span>
          <button aria-pressed=${a === true} @click=${() => this.answer(p, true)}>Same</button>
          <button aria-pressed=${a === false} @click=${() => this.answer(p, false)}>Not same</button>
        </div>`;
      })}
      <button class="primary" ?disabled=${this.answers.size === 0} @click=${() => this.applyCalibration()}>Refit threshold (${this.answers.size} answered)</button>
      <button @click=${() => (this.pairs = null)}>Close</button>
    </section>`;
  }

  override render() {
    const rows = this.groups?.length ? pairRows(this.groups) : [];
    const nRemove = [...this.decisions.values()].filter((d) => d === 'remove').length;
    return html`
      <div class="toolbar" part="toolbar">
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.find()}>Find duplicates</button>
        <label>Similarity ≥ <input type="number" min="0.5" max="1" step="0.01" .value=${this.threshold === undefined ? '' : String(this.threshold)} placeholder="auto"
          @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; this.threshold = v === '' ? undefined : Number(v); }} /></label>
        <label>Keep the <select aria-label="Rule" @change=${(e: Event) => (this.rule = (e.target as HTMLSelectElement).value as KeepRule)}>
          <option value="suggested">suggested</option><option value="largest">largest</option><option value="sharpest">sharpest</option>
        </select></label>
        <button part="button" ?disabled=${!this.groups?.length} @click=${() => this.keepBest(this.rule)}>Keep the best of each group</button>
        <button part="button" class="danger" ?disabled=${nRemove === 0 || this.busy} @click=${() => this.applyRemovals()}>Remove marked (${nRemove})</button>
        <button part="button" ?disabled=${this.busy} @click=${() => this.startCalibration()}>Calibrate…</button>
        ${this.stored.length
          ? html`<button part="button undo" ?disabled=${this.busy} title=${`Undo: ${this.stored.at(-1)!.label}`} @click=${() => this.undo()}>Undo: ${this.stored.at(-1)!.label}</button>`
          : nothing}
        ${this.busy ? html`<span class="muted" role="status">working…</span>` : nothing}
      </div>
      ${this.renderRestore()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.preview && this.preview.nearest.length > 1 ? renderThresholdPreview(this.preview, this.threshold, (t) => (this.threshold = t)) : nothing}
      ${this.refit ? html`<p part="refit" role="status">${this.refit.summary}</p>` : nothing}
      ${storedNote(this.shown, () => void this.find(), 'Find again')}
      ${this.pairs ? this.#renderCalibration() : nothing}
      ${this.groups?.length
        ? html`<div class="views" role="group" aria-label="Show">
            <button aria-pressed=${this.view === 'groups'} @click=${() => (this.view = 'groups')}>Groups (${this.groups.length})</button>
            <button aria-pressed=${this.view === 'pairs'} @click=${() => (this.view = 'pairs')}>Pairs, most similar first (${rows.length})</button>
          </div>`
        : nothing}
      ${this.groups === null
        ? html`<p class="muted">Press "Find duplicates".</p>`
        : this.groups.length === 0
          ? html`<p class="muted">No duplicates found.</p>`
          : this.view === 'pairs' ? this.#renderPairs(rows) : this.groups.map((g, i) => this.#renderGroup(g, i))}
    `;
  }
}
