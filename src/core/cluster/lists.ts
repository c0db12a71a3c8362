/**
 * Turn cluster labels into the job result shape (`clustered_content_ids`,
 * `average_distance_between_cluster_elements_and_cluster_center`) with the two
 * documented sort options.
 *
 * Definitions (shared by cluster_by_number_of_clusters and
 * cluster_by_calibrated_similarity):
 * - cluster centre: the mean of the members' vectors;
 * - distance to the centre: cosine distance 1 − cos(x, centre) by default
 *   (embeddings are compared by cosine everywhere else), or Euclidean;
 * - inner diversity: mean distance of the members to their centre (0 for a
 *   single member);
 * - average distance: mean over all clustered rows of their distance to
 *   their own centre (null when there is no row).
 */
import { ValidationError } from '../../contract/errors.js';
import type { VectorSet } from '../base/index.js';
import { checkVectorSet } from '../base/index.js';

/** Options of {@link clusterLists}. */
export interface ClusterListOptions {
  /** Members ordered by ascending distance to their centre; otherwise by ascending row. @defaultValue false */
  sortByDistanceToCenter?: boolean;
  /** Clusters ordered by descending inner diversity; otherwise by descending size (ties: smallest first row). @defaultValue false */
  sortByDescendingInnerDiversity?: boolean;
  /** Content id of each row (row i → ids[i]); rows are reported as their index when absent. */
  ids?: ArrayLike<number>;
  /** Distance to the centre. @defaultValue 'cosine' */
  metric?: 'cosine' | 'euclidean';
}

/** Clusters in the job result shape, plus the per-cluster facts a UI can show. */
export interface ClusterLists {
  /** `clustered_content_ids`: one list of ids per non-empty cluster. */
  clusters: number[][];
  /** Per returned cluster: mean distance of its members to its centre. */
  innerDiversity: number[];
  /** Per returned cluster, aligned with `clusters`: each member's distance to the centre. */
  distances: number[][];
  /** `average_distance_between_cluster_elements_and_cluster_center`. */
  averageDistance: number | null;
}

/**
 * Group rows by `labels` (label −1 = not clustered, left out) and order them.
 * @throws ValidationError when labels/ids do not match the rows
 */
export function clusterLists(vs: VectorSet, labels: Int32Array, options: ClusterListOptions = {}): ClusterLists {
  checkVectorSet(vs, 'vectors');
  const { n, dim, data } = vs;
  if (!(labels instanceof Int32Array) || labels.length !== n) throw new ValidationError('labels', 'Int32Array with one label per row');
  const ids = options.ids;
  if (ids !== undefined && ids.length !== n) throw new ValidationError('options.ids', 'one id per row');
  const metric = options.metric ?? 'cosine';
  if (metric !== 'cosine' && metric !== 'euclidean') throw new ValidationError('options.metric', "'cosine' or 'euclidean'");

  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l < 0) continue;
    let m = members.get(l);
    if (!m) members.set(l, (m = []));
    m.push(i);
  }
  const groups: { rows: number[]; dist: number[]; diversity: number }[] = [];
  let total = 0, count = 0;
  const centre = new Float64Array(dim);
  for (const rows of members.values()) {
    centre.fill(0);
    for (const i of rows) for (let d = 0; d < dim; d++) centre[d] += data[i * dim + d];
    let cn = 0;
    for (let d = 0; d < dim; d++) {
      centre[d] /= rows.length;
      cn += centre[d] * centre[d];
    }
    const dist = rows.map((i) => distanceToCentre(data, i * dim, centre, Math.sqrt(cn), dim, metric));
    let s = 0;
    for (const x of dist) s += x;
    total += s;
    count += rows.length;
    groups.push({ rows, dist, diversity: rows.length > 1 ? s / rows.length : 0 });
  }
  for (const g of groups) {
    if (!options.sortByDistanceToCenter) continue;
    const order = g.rows.map((_, j) => j).sort((a, b) => g.dist[a] - g.dist[b] || g.rows[a] - g.rows[b]);
    g.rows = order.map((j) => g.rows[j]);
    g.dist = order.map((j) => g.dist[j]);
  }
  if (options.sortByDescendingInnerDiversity) {
    groups.sort((a, b) => b.diversity - a.diversity || b.rows.length - a.rows.length || minRow(a.rows) - minRow(b.rows));
  } else {
    groups.sort((a, b) => b.rows.length - a.rows.length || minRow(a.rows) - minRow(b.rows));
  }
  return {
    clusters: groups.map((g) => g.rows.map((i) => (ids ? ids[i] : i))),
    innerDiversity: groups.map((g) => g.diversity),
    distances: groups.map((g) => g.dist),
    averageDistance: count > 0 ? total / count : null,
  };
}

function minRow(rows: number[]): number {
  let m = Infinity;
  for (const r of rows) if (r < m) m = r;
  return m;
}

function distanceToCentre(data: Float32Array, o: number, c: Float64Array, cNorm: number, dim: number, metric: 'cosine' | 'euclidean'): number {
  if (metric === 'euclidean') {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const t = data[o + d] - c[d];
      s += t * t;
    }
    return Math.sqrt(s);
  }
  let dot = 0, xn = 0;
  for (let d = 0; d < dim; d++) {
    dot += data[o + d] * c[d];
    xn += data[o + d] * data[o + d];
  }
  // A zero vector or a zero centre (members cancel out) has no direction: call it maximally far (1).
  if (xn === 0 || cNorm === 0) return 1;
  const cos = dot / (Math.sqrt(xn) * cNorm);
  return Math.max(0, 1 - cos);
}
