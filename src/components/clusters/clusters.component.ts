import { html, nothing } from 'lit';
import type { ContentView } from '../../contract/views.js';
import type { ClusterResults } from '../../contract/jobs.js';
import { ValidationError } from '../../contract/errors.js';
import { CurateElement } from '../shared/base.js';
import { requireArchive, requireCurator } from '../shared/curator-like.js';
import type { ClusterInfo, ModelChange } from '../shared/model.js';
import { thumbnailUrl } from '../shared/thumbs.js';
import { writeLabel } from '../shared/labels.js';
import { clusterDiversity } from './stats.js';
import { clustersStyles } from './clusters.styles.js';
import { checkInt } from '../../contract/validate.js';

export type ClusterMethod = 'number' | 'similarity';

/** Why auto-k chose its k, from the job's local extension (the next best k by score). */
function autoWhy(auto: ClusterResults['auto_k']): string {
  if (!auto?.score_by_k?.length) return '';
  const next = [...auto.score_by_k].filter(([k]) => k !== auto.chosen_k).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k]) => k);
  return ` (the fewest clusters that stand out nearly as well as the best against structure-free data${next.length ? `; next best: ${next.join(', ')}` : ''})`;
}

/**
 * <curate-clusters>: run clustering (a given number of clusters, automatic when
 * left empty, or by calibrated similarity) and show each cluster with its size,
 * diversity and representative images. Clusters can be renamed, merged, selected
 * and used as labels. The result lives in the shared model (gallery badges, map colours).
 *
 * @fires curate-clusters - Clustering finished (detail: clusters).
 * @fires curate-select - A cluster was selected (detail: ids).
 * @fires curate-label - A cluster name was used as label (detail: ids, label).
 * @fires curate-error - Something failed.
 * @csspart toolbar
 * @csspart button
 * @csspart explanation
 * @csspart clusters
 * @csspart cluster
 * @cssprop --curate-bg - Background colour.
 * @cssprop --curate-surface - Panels and tiles.
 * @cssprop --curate-fg - Text colour.
 * @cssprop --curate-muted - Secondary text.
 * @cssprop --curate-border - Borders.
 * @cssprop --curate-accent - Accent (selection, primary buttons).
 * @cssprop --curate-danger - Destructive actions and errors.
 * @cssprop --curate-radius - Corner radius.
 * @cssprop --curate-font - Font family.
 * @cssprop --curate-cluster-size - Minimum width of a cluster card.
 */
export class CurateClusters extends CurateElement {
  static override styles = clustersStyles;
  static override properties = {
    ...CurateElement.properties,
    k: { type: Number },
    method: { type: String },
    busy: { state: true },
    progress: { state: true },
    diversity: { state: true },
    marked: { state: true },
  };

  /** Number of clusters; unset (or 1) lets the engine choose. @defaultValue undefined */
  declare k: number | undefined;
  /** 'number' (k-means, auto-k) or 'similarity' (calibrated threshold). @defaultValue 'number' */
  declare method: ClusterMethod;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare progress: number;
  /** @internal */
  declare diversity: number[];
  /** Clusters ticked for merging. */
  /** @internal */
  declare marked: Set<number>;
  #byId = new Map<number, ContentView>();
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.k = undefined;
    this.method = 'number';
    this.busy = false;
    this.progress = 0;
    this.diversity = [];
    this.marked = new Set();
  }

  protected override modelChanged(kind: ModelChange): void {
    if ((kind === 'clusters' || kind === 'contents') && this.model.clusters) void this.attempt(() => this.#refreshStats());
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.model.clusters) void this.attempt(() => this.#refreshStats());
  }

  async #refreshStats(): Promise<void> {
    const clusters = this.model.clusters;
    if (!clusters || !this.curator || !this.archive) return;
    const [contents, v] = await Promise.all([this.loadContents(), this.curator.vectors(this.archive)]);
    this.#byId = new Map(contents.map((c) => [c.id, c]));
    this.diversity = clusterDiversity(v, clusters.ids);
  }

  /** Run the clustering job and publish the result to the model. */
  async run(): Promise<ClusterInfo | undefined> {
    const curator = requireCurator(this.curator, 'curate-clusters');
    const archive = requireArchive(this.archive, 'curate-clusters');
    if (this.k !== undefined) checkInt(this.k, 'curate-clusters.k', 1, Infinity, 'int >= 1, or unset for automatic');
    if (this.method !== 'number' && this.method !== 'similarity') throw new ValidationError('curate-clusters.method', "'number' | 'similarity'");
    this.busy = true;
    this.progress = 0;
    this.#abort = new AbortController();
    const untrack = this.model.track(this.method === 'number' ? 'cluster_by_number_of_clusters' : 'cluster_by_calibrated_similarity', this.#abort);
    const opts = { signal: this.#abort.signal, onProgress: (p: { progress: number }) => (this.progress = p.progress) };
    const sorted = { sort_content_ids_by_distance_to_cluster_center: true, sort_clusters_by_descending_inner_diversity: true };
    try {
      return await this.attempt(async () => {
        const job = this.method === 'number'
          ? await curator.run('cluster_by_number_of_clusters', { archive, nr_of_clusters: this.k ?? null, ...sorted }, opts)
          : await curator.run('cluster_by_calibrated_similarity', { archive, ...sorted }, opts);
        const r = job.results!;
        const ids = r.clustered_content_ids.filter((c) => c.length > 0);
        const spread = r.average_distance_between_cluster_elements_and_cluster_center;
        const how = this.method === 'similarity'
          ? `Grouped by the archive's calibrated similarity threshold: ${ids.length} clusters.`
          : this.k === undefined || this.k === 1
            ? `The number of clusters was chosen automatically: ${ids.length}${autoWhy(r.auto_k)}.`
            : `${ids.length} clusters, as asked.`;
        const info: ClusterInfo = {
          ids,
          names: ids.map((_, i) => `Cluster ${i + 1}`),
          explanation: `${how}${spread !== null ? ` Average distance to the cluster centre: ${spread.toFixed(3)}.` : ''} Sorted by decreasing diversity.`,
        };
        this.marked = new Set();
        this.model.setClusters(info);
        this.emit('curate-clusters', { clusters: info });
        return info;
      });
    } finally {
      untrack();
      this.busy = false;
      this.#abort = null;
    }
  }

  rename(index: number, name: string): void {
    const c = this.model.clusters;
    if (!c || !Number.isInteger(index) || index < 0 || index >= c.ids.length) throw new ValidationError('index', 'an existing cluster index');
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) throw new ValidationError('name', 'non-empty string of at most 100 characters');
    const names = [...c.names];
    names[index] = name.trim();
    this.model.setClusters({ ...c, names });
  }

  /** Merge clusters into the first of them (its name is kept). */
  merge(indices: number[]): void {
    const c = this.model.clusters;
    const list = [...new Set(indices)].sort((a, b) => a - b);
    if (!c || list.length < 2 || list.some((i) => !Number.isInteger(i) || i < 0 || i >= c.ids.length)) throw new ValidationError('indices', 'two or more existing cluster indices');
    const into = list[0];
    const ids = c.ids.map((m, i) => (i === into ? list.flatMap((j) => c.ids[j]) : m)).filter((_, i) => i === into || !list.includes(i));
    const names = c.names.filter((_, i) => i === into || !list.includes(i));
    this.marked = new Set();
    this.model.setClusters({ ...c, ids, names, explanation: `${c.explanation} Merged ${list.length} clusters by hand.` });
  }

  /**
   * Use the cluster's name as the label of all its members: stored in the
   * archive (so it survives a reload and training learns it), as the gallery does.
   */
  async labelWithName(index: number): Promise<void> {
    const c = this.model.clusters;
    if (!c || !c.ids[index]) throw new ValidationError('index', 'an existing cluster index');
    const ids = c.ids[index];
    const label = c.names[index];
    if (this.curator && this.archive) await writeLabel(this.curator, this.archive, this.model, ids, label);
    else this.model.setLabel(ids, label);
    this.emit('curate-label', { ids, label });
  }

  #toggleMark(i: number): void {
    const m = new Set(this.marked);
    if (m.has(i)) m.delete(i);
    else m.add(i);
    this.marked = m;
  }

  #renderCluster(ids: number[], i: number, c: ClusterInfo) {
    const selected = ids.length > 0 && ids.every((id) => this.model.selected.has(id));
    return html`<article class="cluster ${selected ? 'selected' : ''}" part="cluster" role="listitem" aria-label=${selected ? `${c.names[i]} (selected)` : c.names[i]} data-index=${i}>
      <header>
        <input type="checkbox" aria-label="Mark for merging" .checked=${this.marked.has(i)} @change=${() => this.#toggleMark(i)} />
        <input type="text" aria-label="Cluster name" .value=${c.names[i]} @change=${(e: Event) => this.rename(i, (e.target as HTMLInputElement).value)} />
      </header>
      <div class="reps">
        ${ids.slice(0, 8).map((id) => {
          const item = this.#byId.get(id);
          const url = item ? thumbnailUrl(this.archive, item.thumbnail) : null;
          return url ? html`<img class="thumb" src=${url} alt=${item?.name ?? ''} title=${item?.name ?? ''} />` : html`<div class="thumb"></div>`;
        })}
      </div>
      <div class="stats muted">${ids.length} images${this.diversity[i] !== undefined ? html` · diversity ${this.diversity[i].toFixed(3)}` : nothing}</div>
      <div class="row">
        <button @click=${() => (this.model.select(ids, 'replace'), this.emit('curate-select', { ids }))}>Select</button>
        <button @click=${() => void this.attempt(() => this.labelWithName(i))}>Label with name</button>
      </div>
    </article>`;
  }

  override render() {
    const c = this.model.clusters;
    return html`
      <div class="toolbar" part="toolbar">
        <label>Method <select aria-label="Method" @change=${(e: Event) => (this.method = (e.target as HTMLSelectElement).value as ClusterMethod)}>
          <option value="number" ?selected=${this.method === 'number'}>number of clusters</option>
          <option value="similarity" ?selected=${this.method === 'similarity'}>calibrated similarity</option>
        </select></label>
        <label>Clusters <input type="number" min="1" max="1000" placeholder="auto" aria-label="Number of clusters" ?disabled=${this.method !== 'number'}
          .value=${this.k === undefined ? '' : String(this.k)} @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; this.k = v === '' ? undefined : Number(v); }} /></label>
        <button part="button" class="primary" ?disabled=${this.busy} @click=${() => this.run()}>Run clustering</button>
        <button part="button" ?disabled=${this.marked.size < 2} @click=${() => this.merge([...this.marked])}>Merge marked (${this.marked.size})</button>
        ${this.busy ? html`<progress max="1" .value=${this.progress} aria-label="Clustering progress" class="inline"></progress>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${c ? html`<p class="muted" part="explanation">${c.explanation}</p>
          <div class="clusters" part="clusters" role="list" aria-label="Clusters">${c.ids.map((ids, i) => this.#renderCluster(ids, i, c))}</div>`
        : html`<p class="muted">No clusters yet: press "Run clustering".</p>`}
    `;
  }
}
