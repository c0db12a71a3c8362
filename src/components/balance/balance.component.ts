import { html, nothing } from 'lit';
import { cssProps } from '../shared/css-props.js';
import type { ContentView } from '../../contract/views.js';
import type { DataBalanceResults } from '../../contract/jobs.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import type { ModelChange } from '../shared/model.js';
import { removeContents } from '../shared/remove.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { balanceStyles } from './balance.styles.js';

/**
 * <curate-balance>: how the archive is spread over clusters and labels, and the
 * data_balance result turned into two actions: "remove these" (over-represented
 * items, most redundant first) and "find more like these" (under-represented).
 *
 * @fires curate-select - Items were selected (detail: ids).
 * @fires curate-find-more - "Find more like these" (detail: ids).
 * @fires curate-remove - Over-represented items were removed (detail: ids).
 * @fires curate-restore - Removed items were restored from the trash (detail: ids).
 * @csspart restore - The "moved to the trash · Restore" line.
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart bars
 * @csspart remove
 * @csspart source
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
export class CurateBalance extends CurateElement {
  static override styles = balanceStyles;
  static override properties = {
    ...CurateElement.properties,
    count: { type: Number },
    result: { state: true },
    busy: { state: true },
  };

  /** Items shown per list. @defaultValue 12 */
  declare count: number;
  /** @internal */
  declare result: DataBalanceResults | null;
  /** @internal */
  declare busy: boolean;
  #byId = new Map<number, ContentView>();

  constructor() {
    super();
    this.count = 12;
    this.result = null;
    this.busy = false;
  }

  protected override modelChanged(kind: ModelChange): void {
    if (kind === 'clusters' || kind === 'contents') this.result = null;
    this.requestUpdate();
  }

  /** Cluster automatically (when the model has no clusters yet), then run data_balance. */
  async analyze(): Promise<DataBalanceResults | undefined> {
    const curator = requireCurator(this.curator, 'curate-balance');
    const archive = requireArchive(this.archive, 'curate-balance');
    this.busy = true;
    try {
      return await this.attempt(async () => {
        if (!this.model.clusters) {
          const job = await curator.run('cluster_by_number_of_clusters', { archive, nr_of_clusters: null, sort_content_ids_by_distance_to_cluster_center: true, sort_clusters_by_descending_inner_diversity: true });
          const ids = job.results!.clustered_content_ids.filter((c) => c.length);
          this.model.setClusters({ ids, names: ids.map((_, i) => `Cluster ${i + 1}`), explanation: `Clustered automatically for the balance: ${ids.length} clusters.` });
        }
        const outlier = this.model.scores.get('outlier');
        const inliersFirst = outlier ? [...outlier].sort((a, b) => a[1] - b[1]).map(([id]) => id) : null;
        const job = await curator.run('data_balance', {
          clustered_content_ids_sorted_by_decreasing_diversity_with_contents_sorted_by_distance_to_centroid: this.model.clusters!.ids,
          ids_sorted_from_inliers_to_outliers: inliersFirst,
        });
        this.#byId = new Map((await this.loadContents()).map((c) => [c.id, c]));
        this.result = job.results!;
        return this.result;
      });
    } finally {
      this.busy = false;
    }
  }

  async #remove(ids: number[]): Promise<void> {
    await this.attempt(async () => {
      await removeContents(requireCurator(this.curator, 'curate-balance'), requireArchive(this.archive, 'curate-balance'), this.model, ids);
      this.emit('curate-remove', { ids });
    });
  }

  #findMore(ids: number[]): void {
    this.model.select(ids, 'replace');
    this.emit('curate-select', { ids });
    this.emit('curate-find-more', { ids });
  }

  #tiles(ids: number[]) {
    return html`<div class="tiles">${ids.map((id) => {
      const c = this.#byId.get(id);
      const url = c ? thumbnailUrl(this.archive, c.thumbnail) : null;
      return html`<div class="tile" data-id=${id}>${url ? html`<img class="thumb" src=${url} alt="" />` : html`<div class="thumb"></div>`}<span class="name" title=${c?.name ?? ''}>${c?.name ?? `#${id}`}</span></div>`;
    })}</div>`;
  }

  /** "Remove these 12 (the first 12 of 40 over-represented)": the count always matches the list under it. */
  #heading(action: string, shown: number, total: number, kind: string) {
    return html`<h3>${action} ${shown}${shown < total ? html` <span class="muted">(the first ${shown} of ${total} ${kind})</span>` : nothing}</h3>`;
  }

  #bars(rows: [string, number][], over: Set<string>) {
    const max = Math.max(1, ...rows.map((r) => r[1]));
    return html`<div class="bars" part="bars">
      ${rows.map(([name, n]) => html`<span>${name}</span><div class="bar" role="meter" aria-label=${name} aria-valuenow=${n} aria-valuemin="0" aria-valuemax=${max}><div class=${over.has(name) ? 'over' : ''} ${cssProps({ width: `${(100 * n) / max}%` })}></div></div><span class="muted">${n}</span>`)}
    </div>`;
  }

  override render() {
    const c = this.model.clusters;
    const removeIds = this.result?.prioritized_over_represented_ids_to_remove ?? [];
    const overClusters = new Set(c ? c.names.filter((_, k) => c.ids[k].some((id) => removeIds.includes(id))) : []);
    const labelCounts = new Map<string, number>();
    for (const l of this.model.labels.values()) labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
    const toRemove = removeIds.slice(0, this.count);
    const toSource = (this.result?.prioritized_under_represented_ids_to_source ?? []).slice(0, this.count);
    return html`
      <div class="toolbar" part="toolbar">
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.analyze()}>${c ? 'Analyse balance' : 'Cluster and analyse balance'}</button>
        ${this.busy ? html`<span class="muted" role="status">analysing…</span>` : nothing}
      </div>
      ${this.renderRestore()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${c ? html`<h3>Per cluster</h3>${this.#bars(c.names.map((n, k) => [n, c.ids[k].length]), overClusters)}` : html`<p class="muted">No clusters yet.</p>`}
      ${labelCounts.size ? html`<h3>Per label</h3>${this.#bars([...labelCounts].sort((a, b) => b[1] - a[1]), new Set())}` : nothing}
      ${this.result
        ? html`<div class="columns">
            <section part="remove" aria-label="Over-represented">
              ${this.#heading('Remove these', toRemove.length, removeIds.length, 'over-represented')}
              ${this.#tiles(toRemove)}
              <button ?disabled=${toRemove.length === 0} @click=${() => (this.model.select(toRemove, 'replace'), this.emit('curate-select', { ids: toRemove }))}>Select these</button>
              <button class="danger" ?disabled=${toRemove.length === 0} @click=${() => this.#remove(toRemove)}>Remove these ${toRemove.length}</button>
            </section>
            <section part="source" aria-label="Under-represented">
              ${this.#heading('Find more like these', toSource.length, this.result.prioritized_under_represented_ids_to_source.length, 'under-represented')}
              ${this.#tiles(toSource)}
              <button class="primary" ?disabled=${toSource.length === 0} @click=${() => this.#findMore(toSource)}>Find more like these</button>
            </section>
          </div>`
        : nothing}
    `;
  }
}
