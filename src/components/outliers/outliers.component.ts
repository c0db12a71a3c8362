import { html, nothing } from 'lit';
import { cssProps } from '../shared/css-props.js';
import type { ContentView } from '../../contract/views.js';
import { CurateElement } from '../shared/base.js';
import { computeScores } from '../shared/curation.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import { type ArchiveScores } from '../../contract/views.js';
import type { ModelChange } from '../shared/model.js';
import { removeContents } from '../shared/remove.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { outliersStyles } from './outliers.styles.js';
import { checkInt } from '../../contract/validate.js';
import { loadStoredView, storedNote, type ShownView } from '../shared/stored.js';

type Mark = 'junk' | 'keep';

/**
 * <curate-outliers>: the items that are unusual for this archive, each with why
 * (its nearest neighbours, how far they are against the archive's typical
 * distance, the z that puts it above the cut), then the most typical ones; mark
 * each as junk or keep, then remove the junk. "Unusual" is a calibrated cut
 * (core/rank/unusual.ts): an archive without outliers shows none. The
 * scores (outlier, uniqueness, representativeness) also go to the shared model,
 * so the gallery can sort by them.
 *
 * @fires curate-remove - Junk was removed (detail: ids).
 * @fires curate-restore - Removed items were restored from the trash (detail: ids).
 * @csspart restore - The "moved to the trash · Restore" line.
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart list
 * @csspart item
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
export class CurateOutliers extends CurateElement {
  static override styles = outliersStyles;
  static override properties = {
    ...CurateElement.properties,
    count: { type: Number },
    ranked: { state: true },
    marks: { state: true },
    busy: { state: true },
    shown: { state: true },
  };

  /** Items shown in each list. @defaultValue 12 */
  declare count: number;
  /** @internal ids from most unusual to most typical (by `unusual`, then the ranked score). */
  declare ranked: number[] | null;
  /** @internal */
  declare marks: Map<number, Mark>;
  /** @internal */
  declare busy: boolean;
  #byId = new Map<number, ContentView>();
  #scores: ArchiveScores | null = null;
  /** @internal When the ranking shown was computed, if it came from the archive's stored view. */
  declare shown: ShownView | null;
  #row = new Map<number, number>();

  constructor() {
    super();
    this.count = 12;
    this.ranked = null;
    this.marks = new Map();
    this.busy = false;
    this.shown = null;
  }

  /** After a reload, show what was last computed for this archive at once (marked stale if it changed since). */
  protected override archiveReady(archive: string): void {
    void this.#showStored(archive);
  }

  async #showStored(archive: string): Promise<void> {
    const v = await loadStoredView(this.curator!, archive, 'scores');
    if (!v || this.archive !== archive || this.ranked !== null) return;
    const contents = await this.loadContents();
    if (this.archive !== archive || this.ranked !== null) return;
    this.#show(v.result, contents);
    this.shown = { computed_at: v.computed_at, stale: v.stale };
  }

  #show(s: ArchiveScores, contents: ContentView[]): void {
    this.#byId = new Map(contents.map((c) => [c.id, c]));
    this.model.setScores('outlier', s.ids, s.outlier);
    this.model.setScores('uniqueness', s.ids, s.uniqueness);
    this.model.setScores('representativeness', s.ids, s.representativeness);
    this.#scores = s;
    this.#row = new Map(s.ids.map((id, i) => [id, i]));
    this.ranked = s.ids
      .map((id, i) => i)
      .filter((i) => this.#byId.has(s.ids[i]))
      .sort((a, b) => s.unusual[b] - s.unusual[a] || s.outlier[b] - s.outlier[a] || s.ids[a] - s.ids[b])
      .map((i) => s.ids[i]);
  }

  protected override modelChanged(kind: ModelChange): void {
    if (kind === 'contents' && this.ranked && !this.busy) void this.rank();
    this.requestUpdate();
  }

  /** Compute the scores and rank the items. */
  async rank(): Promise<void> {
    const curator = requireCurator(this.curator, 'curate-outliers');
    const archive = requireArchive(this.archive, 'curate-outliers');
    checkInt(this.count, 'curate-outliers.count', 1);
    this.busy = true;
    await this.attempt(async () => {
      const [s, contents]: [ArchiveScores, ContentView[]] = await Promise.all([computeScores(curator, archive), this.loadContents()]);
      this.#show(s, contents);
      this.shown = null;
    });
    this.busy = false;
  }

  mark(id: number, mark: Mark | null): void {
    const m = new Map(this.marks);
    if (mark === null) m.delete(id);
    else m.set(id, mark);
    this.marks = m;
  }

  /** Remove the items marked as junk from the archive. */
  async removeJunk(): Promise<number[]> {
    const ids = [...this.marks].filter(([, m]) => m === 'junk').map(([id]) => id);
    if (ids.length === 0) return [];
    const curator = requireCurator(this.curator, 'curate-outliers');
    const archive = requireArchive(this.archive, 'curate-outliers');
    const ok = await this.attempt(async () => {
      await removeContents(curator, archive, this.model, ids);
      this.emit('curate-remove', { ids });
      return true;
    });
    if (ok) this.marks = new Map([...this.marks].filter(([, m]) => m !== 'junk'));
    return ok ? ids : [];
  }

  /** Why an item is (un)usual, in words a user can check against the pictures. */
  #why(i: number): string {
    const s = this.#scores!;
    const ratio = s.typicalDistance > 0 ? s.neighbourDistance[i] / s.typicalDistance : 1;
    return `nearest neighbours at ${s.neighbourDistance[i].toFixed(2)} on average, ${ratio.toFixed(1)}× the archive's typical ${s.typicalDistance.toFixed(2)} (z ${s.unusual[i].toFixed(1)}; unusual from ${s.unusualCut})`;
  }

  #renderList(title: string, ids: number[], empty: string) {
    const s = this.#scores!;
    return html`<section part="list" aria-label=${title}>
      <h3>${title}</h3>
      ${ids.length === 0 ? html`<p class="muted">${empty}</p>` : nothing}
      <ol>
        ${ids.map((id) => {
          const c = this.#byId.get(id);
          const i = this.#row.get(id)!;
          const m = this.marks.get(id);
          const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
          const z = s.unusual[i];
          return html`<li class=${m ?? ''} part="item" data-id=${id} data-unusual=${z >= s.unusualCut ? 'yes' : 'no'}>
            ${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}
            <div>
              <span class="name" title=${c?.name ?? ''}>${c?.name ?? `#${id}`}</span>
              <span class="muted why" part="why">${this.#why(i)}</span>
              <div class="bar" aria-hidden="true"><div ${cssProps({ width: `${Math.round(Math.min(1, z / (2 * s.unusualCut)) * 100)}%` })}></div></div>
              <div class="nearest" part="nearest" aria-label="Nearest neighbours">
                ${s.nearest[i].filter(([nid]) => this.#byId.has(nid)).map(([nid, d]) => {
                  const n = this.#byId.get(nid);
                  const nurl = n ? thumbnailUrl(this.archive, n.thumbnail) : null;
                  return html`<figure title=${`${n?.name ?? `#${nid}`}: distance ${d.toFixed(2)}`}>
                    ${nurl ? html`<img src=${nurl} alt=${n?.name ?? ''} />` : html`<div></div>`}<figcaption>${d.toFixed(2)}</figcaption>
                  </figure>`;
                })}
              </div>
            </div>
            <div class="actions" role="group" aria-label="Decision">
              <button aria-pressed=${m === 'junk'} @click=${() => this.mark(id, m === 'junk' ? null : 'junk')}>Junk</button>
              <button aria-pressed=${m === 'keep'} @click=${() => this.mark(id, m === 'keep' ? null : 'keep')}>Keep</button>
            </div>
          </li>`;
        })}
      </ol>
    </section>`;
  }

  override render() {
    const r = this.ranked;
    const nJunk = [...this.marks.values()].filter((m) => m === 'junk').length;
    const s = this.#scores;
    const unusual = r && s ? r.filter((id) => s.unusual[this.#row.get(id)!] >= s.unusualCut) : [];
    const typical = r ? r.slice(Math.max(unusual.length, r.length - this.count)).reverse() : [];
    return html`
      <div class="toolbar" part="toolbar">
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.rank()}>Rank outliers</button>
        <button part="button" class="danger" ?disabled=${nJunk === 0} @click=${() => this.removeJunk()}>Remove junk (${nJunk})</button>
        ${this.busy ? html`<span class="muted" role="status">scoring…</span>` : nothing}
      </div>
      ${this.renderRestore()}
      ${storedNote(this.shown, () => void this.rank(), 'Rank again')}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r
        ? html`<p class="muted" role="status" part="summary">${unusual.length
              ? `${unusual.length} of ${r.length} unusual for this archive`
              : `No item is unusual for this archive: none has neighbours ${s!.unusualCut} robust deviations farther than the typical ${s!.typicalDistance.toFixed(2)}.`}</p>
            <div class="columns">${this.#renderList(`Unusual (${unusual.length})`, unusual.slice(0, this.count), 'None above the cut.')}${this.#renderList('Most typical', typical, '')}</div>`
        : html`<p class="muted">Press "Rank outliers".</p>`}
    `;
  }
}
