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

type Mark = 'junk' | 'keep';

/**
 * <curate-outliers>: items ranked from most unusual to most typical, with their
 * outlier score (0..1); mark each as junk or keep, then remove the junk. The
 * scores (outlier, uniqueness, representativeness) also go to the shared model,
 * so the gallery can sort by them.
 *
 * @fires curate-remove - Junk was removed (detail: ids).
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
  };

  /** Items shown in each list. @defaultValue 12 */
  declare count: number;
  /** [id, outlier score] from most unusual to most typical. */
  /** @internal */
  declare ranked: [number, number][] | null;
  /** @internal */
  declare marks: Map<number, Mark>;
  /** @internal */
  declare busy: boolean;
  #byId = new Map<number, ContentView>();

  constructor() {
    super();
    this.count = 12;
    this.ranked = null;
    this.marks = new Map();
    this.busy = false;
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
      this.#byId = new Map(contents.map((c) => [c.id, c]));
      this.model.setScores('outlier', s.ids, s.outlier);
      this.model.setScores('uniqueness', s.ids, s.uniqueness);
      this.model.setScores('representativeness', s.ids, s.representativeness);
      this.ranked = s.ids.map((id, i) => [id, s.outlier[i]] as [number, number]).filter(([id]) => this.#byId.has(id)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
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

  #renderList(title: string, rows: [number, number][]) {
    return html`<section part="list" aria-label=${title}>
      <h3>${title}</h3>
      <ol>
        ${rows.map(([id, score]) => {
          const c = this.#byId.get(id);
          const m = this.marks.get(id);
          const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
          return html`<li class=${m ?? ''} part="item" data-id=${id}>
            ${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}
            <div>
              <span class="name" title=${c?.name ?? ''}>${c?.name ?? `#${id}`}</span>
              <span class="muted">outlier score ${score.toFixed(2)}</span>
              <div class="bar" aria-hidden="true"><div ${cssProps({ width: `${Math.round(score * 100)}%` })}></div></div>
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
    const n = Math.min(this.count, Math.ceil((r?.length ?? 0) / 2));
    return html`
      <div class="toolbar" part="toolbar">
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.rank()}>Rank outliers</button>
        <button part="button" class="danger" ?disabled=${nJunk === 0} @click=${() => this.removeJunk()}>Remove junk (${nJunk})</button>
        ${this.busy ? html`<span class="muted" role="status">scoring…</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r
        ? html`<div class="columns">${this.#renderList('Most unusual', r.slice(0, n))}${this.#renderList('Most typical', r.slice(-n).reverse())}</div>`
        : html`<p class="muted">Press "Rank outliers".</p>`}
    `;
  }
}
